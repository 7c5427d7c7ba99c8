"""Charts of a workout's power profile: terminal (rich), SVG (hand-written) and PNG (matplotlib).

`profile` lays the steps out once; each renderer only scales and paints. Only `png` imports
matplotlib, so the others stay fast to load.
"""
