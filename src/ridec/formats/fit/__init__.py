"""FIT workout files (Garmin, Wahoo, Hammerhead), both directions.

`profile` holds the FIT profile's numbers and `encoder` the record layer with its CRC, both
shared by every direction; `writer` with `writer_steps`, `writer_repeats` and
`writer_messages` lowers a timeline to messages; `reader` with `reader_steps` reads them
back; `checker` checks integrity and meaning.
"""
