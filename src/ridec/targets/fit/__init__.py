"""The FIT workout target: profile constants, encoder, lowering passes and the writer."""

from ridec.targets.fit.writer import FitWriter

__all__ = ["FitWriter"]
