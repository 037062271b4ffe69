"""Claim extraction: pure Python (no Django), text in, candidate claims out."""
