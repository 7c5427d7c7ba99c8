"""`ridec lsp`: the compiler's diagnostics, fixes, hovers and completions in the coach's editor.

`start` runs the process: it reads the first message (`frames`) and answers `initialize`
(`early`) while `server`, which wires pygls, loads; `framing` hands pygls every message. The
other modules are plain functions from an analysed document (`workspace`) to the protocol's
result types (lsprotocol), each testable on its own.
"""
