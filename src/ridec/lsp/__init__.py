"""`ridec lsp`: the compiler's diagnostics, fixes, hovers and completions in the coach's editor.

Only `server` imports pygls; the other modules are plain functions from an analysed document
(`workspace`) to the protocol's result types (lsprotocol), each testable on its own.
"""
