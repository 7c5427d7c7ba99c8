"""Output checkers: every file is checked by its format's own rules before it is written."""
