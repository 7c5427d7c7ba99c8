"""ZWO (Zwift) workouts, both directions.

`writer_blocks` plans the elements and `writer` writes the XML; `reader`, `reader_blocks`
and `reader_attributes` read Zwift's files back, located by `xmlsource`; `checker` holds
the schema check both directions use (`schemas/zwo.xsd`).
"""
