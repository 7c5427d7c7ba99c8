"""Readers: third-party workout files (ZWO, ERG/MRC, FIT) back into the workout model."""
