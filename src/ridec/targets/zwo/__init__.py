"""The ZWO (Zwift) target: `blocks` plans the elements, `writer` writes and checks the XML."""

from ridec.targets.zwo.writer import ZwoWriter

__all__ = ["ZwoWriter"]
