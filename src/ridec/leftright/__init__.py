"""`ridec balance`: a rider's left/right balance across rides, from their own FIT files.

(Named `leftright`, not `balance`: `ridec.balance` is the API's function, and a subpackage of
that name would replace it as an attribute of `ridec` once imported.)

`rides` reads each file through `review`'s activity reader (one FIT activity reader for
both), `ride` counts one ride's seconds into figures and breakdowns, `figures` is the figure
they are all made of (a share with its counted seconds and spread), `report` pools the rides
by setting and date, and `sentences` says it in plain words. Every output is made from that
one typed report, so the API, the CLI and the page agree: `document` (the JSON), `tables`
(the terminal), `charts` (the charts in data, drawn by `ridec.charts`) and `html` (the page).
"""
