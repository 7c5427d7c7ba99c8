"""intervals.icu workout text (its workout builder's syntax), both directions.

`syntax` is what every direction shares: lines, words, what each word means, how a step
line splits, and the texts the writer escapes; `reader` reads lines into sections and
repeats and `reader_steps` each step line; `writer` and `writer_blocks` write a timeline
back as sections; `checker` reports every error of a text, located.
"""
