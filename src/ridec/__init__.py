"""ridec: a compiler for structured cycling workouts.

The public API: `parse` a `.ride` text into a model, `load` a file of any supported format,
`lower` a workout to its timeline, and `compile_workout` it to a target's bytes.
"""

__version__ = "0.1.0"
