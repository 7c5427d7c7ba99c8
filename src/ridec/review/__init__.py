"""`ridec review`: a recorded ride lined up with the planned workout, step by step.

`activity` reads the ride (our own activity decoder, into arrays; `leftright`, the balance
across rides, reads rides through it too), `align` places each planned step on the ride's clock,
`report` computes the figures and `render` prints them.
"""
