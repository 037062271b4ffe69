"""Learned check-worthiness scorer against the rule scorer, measured in the same run.

    .venv/bin/python bench/scorer.py [--data ../shared/claimdata] [--rounds 3] [--save model.json]

1. Trains through ``learned.train`` on ct24_t1_en_train.tsv (ClaimBuster crowd labels, grouped
   by blocks of debate sentence ids) and prints the training time (target < 180 s for about
   25,000 sentences) and the grouped cross-validation figures it reports.
2. Quality on sets that played no part in training or tuning, rules and model side by side:
   F1 at each scorer's own threshold and AP on ct24_t1_en_dev.tsv (expert labels); MAP over
   the 50 transcripts of ct20_t5_en_train.tsv (PolitiFact-checked sentences), scored by the
   ct24-trained model: a held-out set, never used to fit or choose anything.
3. Scoring speed: ``score_sentences`` over the dev sentences with and without the model,
   interleaved rounds, median seconds and the ratio (target <= 1.5).
4. Peak RSS of a worker-like process (Django set up, the tasks module imported, the spaCy
   pipeline and the model loaded from JSON, documents extracted with it; target < 450 MB),
   and whether scikit-learn was imported there (it should not be).

Data: CLEF CheckThat! lab (2024 task 1, 2020 task 5) and the ClaimBuster dataset (Arslan et
al., 2020), read in place from ../shared/claimdata, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.evaluate import (  # noqa: E402
    average_precision,
    is_positive,
    mean_average_precision,
    precision_recall_f1,
    read_tsv,
)
from claims.extraction.learned import LearnedScorer, read_examples, train  # noqa: E402
from claims.extraction.pipeline import (  # noqa: E402
    DEFAULT_THRESHOLD,
    parse_sentences,
    score_sentences,
)
from claims.extraction.score import score_span  # noqa: E402

WORKER = """
import json, os, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
import django
django.setup()
import claims.tasks  # noqa: F401  (what a worker imports)
from bench.corpus import documents
from claims.extraction.learned import LearnedScorer
from claims.extraction.pipeline import extract
scorer = LearnedScorer.from_params(json.load(open({params!r}))) if {params!r} else None
found = sum(len(extract(text, scorer=scorer)) for text in documents({docs}))
# VmHWM: this process image's peak (ru_maxrss would carry the parent's peak across exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"rss_mb": peak / 1024,
                   "sklearn": "sklearn" in sys.modules, "candidates": found}}))
"""


def figures(name: str, labels, scores, threshold: float) -> str:
    precision, recall, f1 = precision_recall_f1(labels, scores, threshold)
    ap = average_precision(labels, scores) or 0.0
    return (
        f"  {name:<8} threshold {threshold:.3f}  precision {precision:.4f}  recall {recall:.4f}"
        f"  f1 {f1:.4f}  ap {ap:.4f}"
    )


def both_scores(rows: list[dict], scorer: LearnedScorer) -> tuple[list[float], list[float]]:
    """Rule and model scores of the rows from one spaCy pass."""
    spans = [doc[:] for _, _, doc in parse_sentences(row["text"] for row in rows)]
    rules = [score_span(span).score for span in spans]
    learned = [s.score for s in scorer.score_spans(spans)]
    return rules, learned


def quality(data: Path, scorer: LearnedScorer) -> None:
    dev = read_tsv(data / "ct24_t1_en_dev.tsv")
    labels = [is_positive(row["label"]) for row in dev]
    rules, learned = both_scores(dev, scorer)
    print(f"ct24 dev ({len(dev)} sentences, {sum(labels)} check-worthy; held out):")
    print(figures("rules", labels, rules, DEFAULT_THRESHOLD))
    print(figures("model", labels, learned, scorer.decision_threshold))
    print(figures("model@x", labels, learned, scorer.threshold) + "  (extraction threshold)")

    ct20 = read_tsv(data / "ct20_t5_en_train.tsv")
    labels = [is_positive(row["label"]) for row in ct20]
    groups = [row["source"] for row in ct20]
    rules, learned = both_scores(ct20, scorer)
    print(f"ct20 transcripts ({len(ct20)} sentences; held out, ct24-trained model):")
    for name, scores in (("rules", rules), ("model", learned)):
        value, documents = mean_average_precision(groups, labels, scores)
        print(f"  {name:<8} map {value:.4f} over {documents} transcripts")


def speed(data: Path, scorer: LearnedScorer, rounds: int) -> None:
    texts = [row["text"] for row in read_tsv(data / "ct24_t1_en_dev.tsv")]
    score_sentences(texts[:50], scorer=scorer)  # warm up both paths
    times: dict[str, list[float]] = {"rules": [], "model": []}
    for _ in range(rounds):
        for name, arg in (("rules", None), ("model", scorer)):
            started = time.perf_counter()
            score_sentences(texts, scorer=arg)
            times[name].append(time.perf_counter() - started)
    rules, model = statistics.median(times["rules"]), statistics.median(times["model"])
    print(f"scoring {len(texts)} sentences, median of {rounds} interleaved rounds:")
    print(f"  rules {rules:.2f} s  model {model:.2f} s  ratio {model / rules:.2f} (target <= 1.5)")


def worker_rss(params_path: Path | None, docs: int) -> None:
    """Peak RSS of a fresh worker-like process scoring with the model (or the rules: None)."""
    code = WORKER.format(root=str(ROOT), params=str(params_path or ""), docs=docs)
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    print(
        f"  {'model' if params_path else 'rules'}: {result['rss_mb']:.0f} MB peak RSS, "
        f"{result['candidates']} candidates, scikit-learn imported: {result['sklearn']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "claimdata")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--docs", type=int, default=50, help="documents for the RSS check")
    parser.add_argument("--save", type=Path, help="write the trained params (JSON) here")
    args = parser.parse_args()

    examples = read_examples(args.data / "ct24_t1_en_train.tsv")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = train(examples)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    metrics = result.metrics
    print(
        f"training on {len(examples)} sentences ({result.counts['groups']} groups): "
        f"{seconds:.1f} s wall, {cpu:.1f} s CPU (target < 180 s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(
        f"grouped CV ({metrics['folds']} folds): f1 {metrics['f1']} ap {metrics['ap']} "
        f"decision threshold {metrics['decision_threshold']} extraction threshold "
        f"{metrics['threshold']} (recall {metrics['recall_at_threshold']}, "
        f"target {metrics['recall_target']})"
    )
    for row in metrics["comparison"]:
        print(f"  {row['model']:<60} f1 {row['f1']:.4f} ap {row['ap']:.4f}")
    print("calibration (mean predicted, fraction check-worthy, sentences):")
    for mean, fraction, count in metrics["calibration"]:
        print(f"  {mean:.3f}  {fraction:.3f}  {count}")

    params_path = args.save or Path(tempfile.mkdtemp(prefix="factcheck-scorer-")) / "model.json"
    params_path.write_text(json.dumps(result.params), encoding="utf-8")
    print(f"params: {params_path} ({params_path.stat().st_size / 1e6:.1f} MB of JSON)")
    scorer = LearnedScorer.from_params(json.loads(params_path.read_text(encoding="utf-8")))

    quality(args.data, scorer)
    speed(args.data, scorer, args.rounds)
    print(f"worker-like process extracting {args.docs} documents (target < 450 MB with a model):")
    worker_rss(None, args.docs)
    worker_rss(params_path, args.docs)


if __name__ == "__main__":
    main()
