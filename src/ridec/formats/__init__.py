"""Every file format ridec writes and reads, one package per format.

Each package (`zwo`, `fit`, `ergmrc`, `json`) holds its writer, its reader, its checker and
the format's own constants; no package imports another. What every format shares is in
`base` (compile options, the loss report, the writer interface, the reader's result, the
registry entry type, XML safety, input limits); `registry` lists the formats;
`structure` and `normalize` are the steps every reader of a flat format shares.
"""
