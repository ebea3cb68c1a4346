"""Merge: syndicated copies folded into one item (duplicates.py); stories come next."""

from newsbite.merge.duplicates import COPY_THRESHOLD, DuplicateIndex, Fingerprint, fingerprint

__all__ = ["COPY_THRESHOLD", "DuplicateIndex", "Fingerprint", "fingerprint"]
