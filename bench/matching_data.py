"""Data, folds, metric and the vector cache for bench/matching.py.

Layout (the CheckThat! lab's, as in ../shared/matching/): tab separated, one header line, no
quoting. Queries `qid text`; qrels `qid vclaim_id`; vclaims `id vclaim [title ...]`.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.matching import Entry
from claims.matching.text import clean

_DEBATE_QID = re.compile(r"^(\d{8}_.+?)_\d+$")


@dataclass
class Dataset:
    name: str
    qids: list[str]
    queries: list[str]
    gold: list[set[int]]  # per query, rows of `entries`
    entries: list[Entry]
    groups: list[str]  # per query: the debate, or the query itself


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load(name: str, queries: Path, qrels: Path, vclaims: Path) -> Dataset:
    entries, row_of = [], {}
    for row in read_tsv(vclaims):
        row_of[row["id"]] = len(entries)
        entries.append(
            Entry(key=row["id"], text=row.get("vclaim") or "", title=row.get("title") or "")
        )
    gold_of: dict[str, set[int]] = {}
    for row in read_tsv(qrels):
        if row["vclaim_id"] in row_of:
            gold_of.setdefault(row["qid"], set()).add(row_of[row["vclaim_id"]])
    qids, texts, gold, groups = [], [], [], []
    for row in read_tsv(queries):
        if row["qid"] not in gold_of:
            continue
        qids.append(row["qid"])
        texts.append(row["text"] or "")
        gold.append(gold_of[row["qid"]])
        debate = _DEBATE_QID.match(row["qid"])
        groups.append(debate.group(1) if debate else row["qid"])
    return Dataset(name, qids, texts, gold, entries, groups)


def folds(groups: list[str], count: int, seed: int = 0) -> np.ndarray:
    """Fold number per query; a group (debate) is never split. Groups are dealt largest first."""
    sizes: dict[str, int] = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    rng = np.random.default_rng(seed)
    names = sorted(sizes, key=lambda name: (-sizes[name], rng.random()))
    load_of = [0] * count
    fold_of = {}
    for name in names:
        fold = min(range(count), key=lambda f: (load_of[f], rng.random()))
        fold_of[name] = fold
        load_of[fold] += sizes[name]
    return np.array([fold_of[group] for group in groups])


def average_precision_at(ranked: list[int] | np.ndarray, gold: set[int], depth: int = 5) -> float:
    """The lab's AP@k: precision at each relevant hit in the top k, over the gold count."""
    hits, total = 0, 0.0
    for position, row in enumerate(list(ranked)[:depth], start=1):
        if row in gold:
            hits += 1
            total += hits / position
    return total / len(gold) if gold else 0.0


class VectorCache:
    """Vectors of texts by sha256 of (model, text), kept in one .npz per model outside the repo."""

    def __init__(self, directory: Path, encoder) -> None:
        self.encoder = encoder
        self.path = Path(directory) / f"vectors-{encoder.name}.npz"
        self._index: dict[str, int] = {}
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        if self.path.exists():
            stored = np.load(self.path)
            self._vectors = stored["vectors"]
            self._index = {key: row for row, key in enumerate(stored["keys"].tolist())}

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.encoder.name}\0{text}".encode()).hexdigest()[:24]

    def encode(self, texts: list[str], *, on_progress=None) -> np.ndarray:
        keys = [self._key(text) for text in texts]
        missing = sorted(
            {
                key: text for key, text in zip(keys, texts, strict=True) if key not in self._index
            }.items()
        )
        for start in range(0, len(missing), 2048):
            batch = missing[start : start + 2048]
            vectors = self.encoder.encode([text for _, text in batch])
            for key, _ in batch:
                self._index[key] = len(self._index)
            self._vectors = np.concatenate([self._vectors, vectors])
            self._save()
            if on_progress:
                on_progress(min(start + 2048, len(missing)), len(missing))
        return self._vectors[[self._index[key] for key in keys]]

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self._index, key=self._index.get))
        temporary = self.path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=keys, vectors=self._vectors)
        temporary.replace(self.path)


def entry_vectors(cache: VectorCache, entries: list[Entry], title_weight: float) -> np.ndarray:
    """The same vectors as claims.matching.embed_entries, through the cache."""
    vectors = cache.encode([clean(entry.text) for entry in entries]).copy()
    titled = [row for row, entry in enumerate(entries) if entry.title.strip()]
    if titled and title_weight:
        vectors[titled] += title_weight * cache.encode(
            [clean(entries[row].title) for row in titled]
        )
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors
