"""Claim extraction: pure Python (no Django), text in, candidate claims out."""

from .pipeline import EXTRACTOR_VERSION, Candidate, extract

__all__ = ["EXTRACTOR_VERSION", "Candidate", "extract"]
