"""Matching benchmark: MAP@5 by grouped cross-validation, and search speed at 20k and 1M entries.

    python bench/matching.py                      # both CheckThat! sets in ../shared/matching/
    python bench/matching.py --queries Q.tsv --qrels R.tsv --vclaims V.tsv --name mine
    python bench/matching.py --no-quality --sizes 20000 1000000   # speed only
    python bench/matching.py --index-only --no-speed   # MatchIndex with its defaults, no CV

Quality: every parameter (BM25 k1/b, title weight, fusion weight, re-rank penalty) is chosen on
the training folds and scored on the held-out fold; debates are grouped by debate (qid prefix),
tweets fold one by one. The figures printed as "held-out" are the results; "tuned on all" is
shown only to say how much tuning flatters. Vectors are cached under --cache (never the repo).
Speed: MatchIndex.search against a brute-force baseline (full float32 product, full sort)
measured in the same run, queries interleaved; entry vectors are random at these sizes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.matching_data import VectorCache, load, read_tsv  # noqa: E402
from bench.matching_tune import Tuner, report_index  # noqa: E402
from claims.matching import Entry, MatchIndex, load_encoder  # noqa: E402
from claims.matching.index import embed_entries  # noqa: E402

DATA = ROOT.parent / "shared" / "matching"
BUILTIN = {
    "debates": ("debates_train_queries.tsv", "debates_train_qrels.tsv", "politifact_vclaims.tsv"),
    "tweets": ("tweets_train_queries.tsv", "tweets_train_qrels.tsv", "snopes_vclaims.tsv"),
}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def quality(args, encoder) -> None:
    if args.queries:
        sets = {args.name: (args.queries, args.qrels, args.vclaims)}
    else:
        sets = {name: tuple(args.data / part for part in parts) for name, parts in BUILTIN.items()}
    cache = VectorCache(args.cache, encoder) if encoder else None
    tuners, datasets = [], []
    for name, (queries, qrels, vclaims) in sets.items():
        data = load(name, Path(queries), Path(qrels), Path(vclaims))
        datasets.append(data)
        print(
            f"\n== {name}: {len(data.queries)} queries, {len(data.entries)} vclaims, "
            f"{len(set(data.groups))} groups, {args.folds} folds"
        )
        if not args.index_only:
            tuner = Tuner(data, cache, folds=args.folds)
            tuner.report()
            tuners.append(tuner)
    if len(tuners) > 1:
        Tuner.report_joint(tuners)
    print()
    for data in datasets:
        report_index(data, cache)


def synthetic_entries(count: int, rng: np.random.Generator, data: Path) -> list[Entry]:
    """`count` entries whose words are distributed like real fact-checks.

    The vclaims of ../shared/matching/ are cycled (so every term keeps its real document
    frequency, which is what a query's postings cost); without them, Zipf-distributed words.
    """
    real = [
        (row.get("vclaim") or "", row.get("title") or "")
        for name in ("politifact_vclaims.tsv", "snopes_vclaims.tsv")
        if (data / name).exists()
        for row in read_tsv(data / name)
    ]
    if real:
        return [Entry(f"external:{n}", *real[n % len(real)]) for n in range(count)]
    vocabulary = np.array([f"w{n}" for n in range(50_000)])
    weights = 1.0 / np.arange(100, len(vocabulary) + 100)  # stop words (the top ranks) are dropped
    weights /= weights.sum()
    lengths = rng.integers(8, 31, size=count)
    words = rng.choice(vocabulary, size=int(lengths.sum()), p=weights)
    entries, at = [], 0
    for n, length in enumerate(lengths):
        entries.append(Entry(f"external:{n}", " ".join(words[at : at + length])))
        at += length
    return entries


def speed_queries(args, entries: list[Entry], rng: np.random.Generator) -> list[str]:
    """Real debate sentences and tweets when present (alternating), else entries' own texts."""
    texts = [
        row["text"]
        for name in ("debates_train_queries.tsv", "tweets_train_queries.tsv")
        if (args.data / name).exists()
        for row in read_tsv(args.data / name)
    ]
    if not texts:
        texts = [entry.text for entry in entries]
    return [texts[n] for n in rng.integers(0, len(texts), size=args.rounds)]


def random_unit(count: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((count, dim), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def speed(args, encoder) -> None:
    dim = encoder.dim if encoder else 384
    rng = np.random.default_rng(1)
    for size in args.sizes:
        started = time.perf_counter()
        index = MatchIndex(encoder)
        entries = synthetic_entries(size, rng, args.data)
        matrix = []
        for start in range(0, size, 100_000):
            part = entries[start : start + 100_000]
            vectors = random_unit(len(part), dim, rng) if encoder else None
            index.add(part, vectors)
            if encoder:
                matrix.append(vectors)
        matrix = np.concatenate(matrix) if encoder else None
        built = time.perf_counter() - started
        queries = speed_queries(args, entries, rng)
        query_vectors = random_unit(len(queries), dim, rng)
        ours, brute = [], []
        for text, vector in zip(queries, query_vectors, strict=True):
            started = time.perf_counter()
            index.search(text, limit=5, vector=vector if encoder else None)
            ours.append(time.perf_counter() - started)
            if matrix is not None:
                started = time.perf_counter()
                np.argsort(-(matrix @ vector))[:5]
                brute.append(time.perf_counter() - started)
        line = (
            f"{size:>9,} entries: search median {statistics.median(ours) * 1000:.1f} ms, "
            f"p90 {np.percentile(ours, 90) * 1000:.1f} ms"
        )
        if brute:
            line += (
                f"; brute-force cosine alone {statistics.median(brute) * 1000:.1f} ms "
                f"(ratio {statistics.median(ours) / statistics.median(brute):.2f})"
            )
        print(
            f"{line}; built in {built:.0f} s, RSS {rss_mb():.0f} MB, load {os.getloadavg()[0]:.1f}"
        )
        del index, matrix, entries
    if encoder:
        texts = [
            t
            for t in (
                "Unemployment fell to 4 percent in 2019, the lowest in fifty years.",
                "Says Barack Obama raised taxes on the middle class 20 times.",
            )
        ]
        timings = []
        for n in range(args.rounds):
            started = time.perf_counter()
            encoder.encode([texts[n % 2]])
            timings.append(time.perf_counter() - started)
        print(
            f"query encoding (search without a stored vector adds this): median "
            f"{statistics.median(timings) * 1000:.1f} ms"
        )
        print(f"encode batch of 256 entries: {_encode_rate(encoder):.0f} entries/s")


def _encode_rate(encoder) -> float:
    entries = [
        Entry(
            f"e{n}",
            f"Claim number {n} says the deficit grew by {n} billion dollars in {1990 + n % 30}.",
            title=f"Did the deficit grow by {n} billion?",
        )
        for n in range(256)
    ]
    started = time.perf_counter()
    embed_entries(encoder, entries)
    return len(entries) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--qrels", type=Path)
    parser.add_argument("--vclaims", type=Path)
    parser.add_argument("--name", default="custom")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-matching"
    )
    parser.add_argument("--encoder", help="a local model directory (default: the packaged one)")
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument(
        "--index-only", action="store_true", help="no cross-validation: MatchIndex's defaults only"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    if bool(args.queries) != bool(args.qrels) or bool(args.queries) != bool(args.vclaims):
        parser.error("--queries, --qrels and --vclaims go together")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (other work slows all figures)")
    print(
        f"BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
        f"RSS before the encoder {rss_mb():.0f} MB"
    )
    encoder = None if args.lexical_only else load_encoder(args.encoder)
    if encoder:
        encoder.encode(["warm up"])
        print(f"encoder {encoder.name} ({encoder.dim}-d) loaded: RSS {rss_mb():.0f} MB")
    if not args.no_quality:
        quality(args, encoder)
    if not args.no_speed:
        print("\n== speed")
        speed(args, encoder)


if __name__ == "__main__":
    main()
