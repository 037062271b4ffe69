"""gunicorn settings for bench/rss.py. With BENCH_LOAD_SPACY=1 the worker loads the spaCy
pipeline before serving, as every web worker did when importing claims.services imported
the extraction pipeline (the "before" baseline)."""

import os


def post_worker_init(worker):
    if os.environ.get("BENCH_LOAD_SPACY"):
        from claims.extraction.pipeline import load_pipeline

        load_pipeline()
