"""ERG and MRC course files (TrainerRoad, GoldenCheetah), both directions.

`syntax` is the grammar every direction shares; `writer` writes ERG (watts) and MRC (% FTP)
and owns the texts it adds for what the format lacks, which `reader_notes` takes back;
`reader` with `reader_curve` and `reader_warnings` reads courses; `checker` checks them.
"""
