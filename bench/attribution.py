"""Attribution figures for development, with spaCy's output cached to iterate fast.

    PYTHONPATH=$PWD .venv/bin/python bench/attribution.py [DIR ...] [--limit N] [--show N]
        [--transcripts TSV] [--cache /tmp/i9-attr/cache]

News (PolNeAR layout, default ../shared/attribution/polnear/train): the figures of
``manage.py evaluate_attribution`` (same code), computed from cached parses. ``--show N``
prints N wrong or missed quotes to study. ``--transcripts`` measures transcript sentences
rendered from a CheckThat! 2020 task 5 TSV in both label layouts (see
``claims.extraction.transcript_eval``). The cache is keyed by the exact texts spaCy sees, so
a change of segmentation simply misses it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import DocBin  # noqa: E402

from claims.extraction.attribution_eval import evaluate_dirs  # noqa: E402
from claims.extraction.pipeline import extract, load_pipeline  # noqa: E402
from claims.extraction.transcript_eval import evaluate_transcripts  # noqa: E402

DEFAULT_DIR = Path("/work/shared/attribution/polnear/train")


class CachedPipeline:
    """spaCy's ``pipe`` with every batch of texts stored on disk under its hash."""

    def __init__(self, directory: Path, *, parser: bool = False) -> None:
        self.nlp = load_pipeline(parser=parser)
        self.directory = directory / ("parsed" if parser else "tagged")
        self.directory.mkdir(parents=True, exist_ok=True)

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()
        path = self.directory / f"{key}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(self.nlp.vocab))
        docs = list(self.nlp.pipe(texts, **kwargs))
        DocBin(docs=docs).to_disk(path)
        return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--cue", help="show only misses with this cue")
    parser.add_argument("--transcripts", type=Path)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/i9-attr/cache"))
    parser.add_argument("--parser", action="store_true", help="with spaCy's dependency parse")
    args = parser.parse_args()
    cached = CachedPipeline(args.cache, parser=args.parser)

    if args.transcripts:
        for line in evaluate_transcripts(
            args.transcripts,
            limit=args.limit,
            extract_fn=lambda t, **kw: extract(t, nlp=cached, **kw),
        ).lines():
            print(line)
        return

    misses = []

    def collect(article, outcomes):
        for quote, outcome in outcomes:
            if outcome != "right" and (not args.cue or quote.cue.lower() == args.cue):
                misses.append((article, quote, outcome))

    report = evaluate_dirs(
        args.dirs or [DEFAULT_DIR],
        extract_fn=lambda text: extract(text, nlp=cached),
        limit=args.limit,
        on_article=collect if args.show else None,
    )
    for line in report.lines():
        print(line)
    if args.show:
        by_cue = Counter()
        for _, quote, outcome in misses:
            by_cue[quote.cue.lower(), outcome] += 1
        print("misses by cue:", by_cue.most_common(40))
    random.Random(0).shuffle(misses)
    for article, quote, outcome in misses[: args.show]:
        found = [
            (c.speaker, c.speaker_resolved)
            for c in extract(article.text, nlp=cached)
            if c.start < quote.end and c.end > quote.start
        ]
        sentence_start = article.text.rfind("\n", 0, quote.start) + 1
        context = article.text[max(sentence_start, quote.start - 200) : quote.end + 80]
        print(f"\n[{outcome}] source={quote.source!r} got={found}\n  {context!r}")


if __name__ == "__main__":
    main()
