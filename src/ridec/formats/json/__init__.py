"""ridec's own JSON document: `writer` writes it, `checker` checks it.

There is no reader yet: JSON is written for tools, and `ridec import` does not take it.
"""
