"""The CLI's commands, one module each; every module exposes `register(app)`.

Modules here import only typer, the standard library and the format registry (a table that
loads no format) at the top, so `ridec --help` loads none of the compiler. The commands
compile, read and validate through the public API, `ridec.api`.
"""
