"""Which check-worthiness model to keep: grouped cross-validation on the ClaimBuster debates.

    .venv/bin/python bench/scorer_compare.py [--data ../shared/claimdata] [--only NAME ...]

Every row is scored out of fold on the same five folds of ct24_t1_en_train.tsv (whole debates,
approximated by blocks of sentence ids; see ``learned.read_examples``), with the F1 at the
best threshold, average precision, and for each fold the AP difference against the baseline
(logistic regression over word 1-2-grams and the rule features): a candidate is kept only if
it wins on every fold by more than the folds' spread. Dev and ct20 are never read here.

Rows: the rule scorer; logistic regressions over the rule features alone, word n-grams, word
1-3-grams, character 2-5-grams, words + characters, and words + the installed spaCy pipeline's
tok2vec vectors (mean-pooled: the TextCatReduce architecture on the frozen tok2vec); spaCy's
own ``textcat`` (bag-of-words architecture) trained per fold; and, when a sentence encoder is
importable (``claims.matching.encoder``), words + its sentence embeddings.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from claims.extraction.features import TfIdf, rule_vector  # noqa: E402
from claims.extraction.learned import read_examples  # noqa: E402
from claims.extraction.pipeline import DEFAULT_PIPELINE, load_pipeline  # noqa: E402
from claims.extraction.training import (  # noqa: E402
    CONFIG,
    Prepared,
    cross_validate,
    prepare,
    summary,
)
from claims.extraction.validation import average_precision, grouped_folds  # noqa: E402

LINEAR = {
    "LR rule features only": {"analyzers": {"word": [1, 1]}, "min_df": 10**9},
    "LR word 1-2-grams": {"rules": False},
    "LR word 1-2-grams + rule features (C=1)": {"C": 1.0},
    "LR word 1-2-grams + rule features (C=2)": {"C": 2.0},
    "LR word 1-3-grams + rule features": {"analyzers": {"word": [1, 3]}},
    "LR char 2-5-grams + rule features": {"analyzers": {"char": [2, 5]}, "max_terms": 150000},
    "LR word 1-2 + char 2-5 + rule features": {
        "analyzers": {"word": [1, 2], "char": [2, 5]},
        "max_terms": 200000,
    },
}
BASELINE = "LR word 1-2-grams + rule features (C=1)"


def prepared(examples) -> tuple[Prepared, np.ndarray]:
    """Rule features and the pipeline's mean-pooled tok2vec vector of every sentence."""
    pooled = []

    def pool(doc) -> None:
        tensor = doc.tensor
        pooled.append(tensor.mean(axis=0) if len(tensor) else np.zeros(tensor.shape[-1]))

    data = prepare(examples, pipeline=DEFAULT_PIPELINE, on_doc=pool)
    return data, np.vstack(pooled)


def with_dense(data: Prepared, folds: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """Out-of-fold margins of LR over word 1-2-grams + rule features + dense columns
    (standardised on the training part)."""
    config = {**CONFIG}
    documents = data.terms_for(config["analyzers"])
    out = np.empty(len(data.texts))
    for fold in range(int(folds.max()) + 1):
        train, held = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        tfidf = TfIdf.fit((documents[i] for i in train), min_df=config["min_df"])
        mean, std = dense[train].mean(axis=0), dense[train].std(axis=0) + 1e-6

        def matrix(rows, tfidf=tfidf, mean=mean, std=std):
            indptr, indices, values = tfidf.rows(documents[i] for i in rows)
            words = sparse.csr_matrix((values, indices, indptr), (len(rows), len(tfidf.vocabulary)))
            rules = np.array([rule_vector(data.features[i]) for i in rows]) * 0.5
            scaled = (dense[rows] - mean) / std * 0.1
            return sparse.hstack([words, rules, scaled], format="csr")

        model = LogisticRegression(C=CONFIG["C"], solver="liblinear", max_iter=1000)
        model.fit(matrix(train), data.labels[train])
        out[held] = model.decision_function(matrix(held))
    return out


def textcat_bow(data: Prepared, folds: np.ndarray, epochs: int = 3) -> np.ndarray:
    """Out-of-fold scores of spaCy's textcat (bag-of-words 1-2-grams) trained per fold."""
    import random

    import spacy
    from spacy.training import Example as SpacyExample

    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 262144,
        }
    }
    out = np.empty(len(data.texts))
    for fold in range(int(folds.max()) + 1):
        nlp = spacy.blank("en")
        textcat = nlp.add_pipe("textcat", config=config)
        textcat.add_label("CLAIM")
        textcat.add_label("OTHER")
        train = np.flatnonzero(folds != fold)
        examples = [
            SpacyExample.from_dict(
                nlp.make_doc(data.texts[i]),
                {"cats": {"CLAIM": float(data.labels[i]), "OTHER": 1.0 - data.labels[i]}},
            )
            for i in train
        ]
        optimizer = nlp.initialize(lambda examples=examples: examples[:200])
        rng = random.Random(fold)
        for _ in range(epochs):
            rng.shuffle(examples)
            for start in range(0, len(examples), 64):
                nlp.update(examples[start : start + 64], sgd=optimizer)
        held = np.flatnonzero(folds == fold)
        for i, doc in zip(held, nlp.pipe(data.texts[i] for i in held), strict=True):
            out[i] = doc.cats["CLAIM"]
    return out


def encoder_vectors(texts: list[str]) -> np.ndarray | None:
    try:
        from claims.matching.encoder import load_encoder
    except ImportError:
        return None
    return load_encoder().encode(texts)


def report(name: str, labels, scores, folds, baseline: np.ndarray | None, seconds: float):
    row = summary(name, labels, scores)
    fold_ap = np.array(
        [average_precision(labels[folds == f], scores[folds == f]) for f in range(folds.max() + 1)]
    )
    line = f"| {name} | {row['f1']:.4f} | {row['ap']:.4f} | {fold_ap.std():.3f} |"
    if baseline is not None:
        diff = fold_ap - baseline
        line += f" {diff.mean():+.4f} ({diff.min():+.3f}..{diff.max():+.3f}) |"
    else:
        line += " |"
    print(line + f" {seconds:.0f} |", flush=True)
    return fold_ap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "claimdata")
    parser.add_argument("--only", nargs="*", help="substrings of the row names to run")
    args = parser.parse_args()
    wanted = (lambda name: any(s in name for s in args.only)) if args.only else (lambda _: True)

    examples = read_examples(args.data / "ct24_t1_en_train.tsv")
    load_pipeline()
    started = time.perf_counter()
    data, pooled = prepared(examples)
    print(f"parsed {len(examples)} sentences in {time.perf_counter() - started:.0f} s")
    folds = grouped_folds(data.groups, 5)
    labels = data.labels
    print(
        "| model | F1 (CV) | AP (CV) | fold AP sd | AP vs baseline per fold: mean (min..max) | s |"
    )
    print("|---|---|---|---|---|---|")
    base = report("rules (hand-set weights)", labels, data.rule_scores, folds, None, 0)
    started = time.perf_counter()
    base = report(
        BASELINE,
        labels,
        cross_validate(data, folds, {**CONFIG, **LINEAR[BASELINE]}),
        folds,
        None,
        time.perf_counter() - started,
    )
    rows = {name: cfg for name, cfg in LINEAR.items() if name != BASELINE}
    for name, cfg in rows.items():
        if wanted(name):
            started = time.perf_counter()
            margins = cross_validate(data, folds, {**CONFIG, **cfg})
            report(name, labels, margins, folds, base, time.perf_counter() - started)
    name = "LR word 1-2 + rules + tok2vec mean (en_core_web_sm, frozen)"
    if wanted(name):
        started = time.perf_counter()
        margins = with_dense(data, folds, pooled)
        report(name, labels, margins, folds, base, time.perf_counter() - started)
    name = "spaCy textcat (bag of words 1-2-grams, 3 epochs)"
    if wanted(name):
        started = time.perf_counter()
        report(name, labels, textcat_bow(data, folds), folds, base, time.perf_counter() - started)
    name = "LR word 1-2 + rules + sentence encoder (MiniLM-L6, numpy)"
    if wanted(name):
        started = time.perf_counter()
        vectors = encoder_vectors(data.texts)
        if vectors is None:
            print(f"| {name} | not run: claims.matching.encoder is not importable |")
        else:
            margins = with_dense(data, folds, vectors)
            report(name, labels, margins, folds, base, time.perf_counter() - started)


if __name__ == "__main__":
    main()
