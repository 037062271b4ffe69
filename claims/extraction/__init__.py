"""Claim extraction: pure Python (no Django), text in, candidate claims out.

Import what you need from its modules (``pipeline.extract`` loads spaCy; ``version``,
``normalize`` and ``segment`` do not), so a web process that only names the extractor's
version never pays for the NLP pipeline.
"""
