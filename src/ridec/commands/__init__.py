"""The CLI's commands, one module each; every module exposes `register(app)`.

Modules here import only typer and the standard library at the top, so `ridec --help`
loads none of the compiler.
"""
