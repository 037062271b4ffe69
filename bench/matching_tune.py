"""Grouped cross-validation of the matching parameters for bench/matching.py.

Scores are computed once per query against every vclaim as dense (queries x vclaims) arrays;
each configuration is then a cheap combination of them, and gives one AP@5 per query. Within a
fold the parameters are chosen in stages on the training folds (lexical, then semantic, then
the fusion weight and re-rank penalty given those two) and the held-out fold is scored once.
"""

from __future__ import annotations

import time

import numpy as np

from bench.matching_data import Dataset, VectorCache, average_precision_at, entry_vectors
from bench.matching_data import folds as folds_of_groups
from claims.matching import MatchIndex
from claims.matching.facts import compare, facts
from claims.matching.index import DIFFER_PENALTY, RERANK, SEMANTIC_WEIGHT, TITLE_WEIGHT
from claims.matching.lexical import LexicalIndex
from claims.matching.text import clean

K1S = (0.9, 1.2, 1.6)
BS = (0.5, 0.75, 0.9)
FIELDS = ("text+title", "text")
TITLE_WEIGHTS = (0.0, 0.3, 0.5, 1.0)
WEIGHTS = tuple(float(w) for w in np.round(np.arange(0.0, 1.01, 0.1), 2))
PENALTIES = (0.0, 0.05, 0.1, 0.2)
RRF_K = 60


class Tuner:
    def __init__(self, data: Dataset, cache: VectorCache | None, *, folds: int) -> None:
        self.data = data
        self.fold = folds_of = folds_of_groups(data.groups, folds)
        self.folds = sorted(set(folds_of.tolist()))
        started = time.perf_counter()
        self.lexical = self._lexical_matrices()
        self.semantic = {}
        if cache is not None:
            queries = cache.encode([clean(text) for text in data.queries])
            for weight in TITLE_WEIGHTS:
                self.semantic[weight] = queries @ entry_vectors(cache, data.entries, weight).T
        print(f"scores computed in {time.perf_counter() - started:.0f} s")
        self._query_facts = [facts(text) for text in data.queries]
        self._entry_facts: dict[int, object] = {}
        self._differs: dict[tuple[int, int], int] = {}
        self._ap: dict[tuple, np.ndarray] = {}

    def _lexical_matrices(self) -> dict[tuple, np.ndarray]:
        out = {}
        for field in FIELDS:
            index = LexicalIndex()
            index.add(
                [
                    f"{e.text} {e.title}" if field == "text+title" else e.text
                    for e in self.data.entries
                ]
            )
            for k1 in K1S:
                for b in BS:
                    index.k1, index.b = k1, b
                    matrix = np.zeros(
                        (len(self.data.queries), len(self.data.entries)), dtype=np.float32
                    )
                    for row, query in enumerate(self.data.queries):
                        docs, scores, ceiling = index.scores(query)
                        if ceiling > 0:
                            matrix[row, docs] = np.minimum(scores / ceiling, 1.0)
                    out[(field, k1, b)] = matrix
        return out

    def _differ_count(self, query: int, entry: int) -> int:
        key = (query, entry)
        if key not in self._differs:
            if entry not in self._entry_facts:
                self._entry_facts[entry] = facts(self.data.entries[entry].text)
            self._differs[key] = len(
                compare(self._query_facts[query], self._entry_facts[entry])["differs"]
            )
        return self._differs[key]

    def ranked(self, fused: np.ndarray, penalty: float, row: int) -> tuple[np.ndarray, np.ndarray]:
        """MatchIndex's order for one query: the best RERANK by fused score, then the penalty."""
        scores = fused[row]
        top = (
            np.argpartition(-scores, RERANK - 1)[:RERANK]
            if len(scores) > RERANK
            else np.arange(len(scores))
        )
        adjusted = scores[top].astype(np.float64)
        if penalty:
            adjusted = adjusted * np.array(
                [1.0 - penalty * self._differ_count(row, e) for e in top]
            )
        order = np.argsort(-adjusted, kind="stable")
        return top[order], adjusted[order]

    def ap(self, key: tuple, fused, penalty: float = 0.0) -> np.ndarray:
        if key not in self._ap:
            matrix = fused() if callable(fused) else fused
            self._ap[key] = np.array(
                [
                    average_precision_at(self.ranked(matrix, penalty, row)[0][:5], gold)
                    if matrix[row].max() > 0
                    else 0.0
                    for row, gold in enumerate(self.data.gold)
                ]
            )
        return self._ap[key]

    def _best(self, options: dict[tuple, callable], train: np.ndarray) -> tuple:
        return max(options, key=lambda key: (options[key]()[train].mean(), -options_rank(key)))

    def _hybrid(self, lexical_key, title_weight, weight, penalty):
        key = ("hybrid", lexical_key, title_weight, weight, penalty)
        return self.ap(
            key,
            lambda: (
                weight * np.maximum(self.semantic[title_weight], 0)
                + (1 - weight) * self.lexical[lexical_key]
            ),
            penalty,
        )

    def _rrf(self, lexical_key, title_weight):
        def fused():
            return 1.0 / (RRF_K + _ranks(self.lexical[lexical_key])) + 1.0 / (
                RRF_K + _ranks(self.semantic[title_weight])
            )

        return self.ap(("rrf", lexical_key, title_weight), fused)

    def cross_validate(self) -> dict[str, tuple[np.ndarray, list]]:
        """Per method: held-out AP per query and the configuration chosen in each fold."""
        results = {
            name: (np.zeros(len(self.data.queries)), [])
            for name in ("lexical", "semantic", "hybrid", "rrf")
        }
        lexical = {
            key: (lambda key=key: self.ap(("lexical", key), self.lexical[key]))
            for key in self.lexical
        }
        semantic = {
            w: (lambda w=w: self.ap(("semantic", w), self.semantic[w])) for w in self.semantic
        }
        for fold in self.folds:
            train, test = self.fold != fold, self.fold == fold
            lex = self._best(lexical, train)
            _record(results["lexical"], test, lexical[lex](), lex)
            if not self.semantic:
                continue
            sem = self._best(semantic, train)
            _record(results["semantic"], test, semantic[sem](), sem)
            grid = {
                (w, p): (lambda w=w, p=p, lex=lex, sem=sem: self._hybrid(lex, sem, w, p))
                for w in WEIGHTS
                for p in PENALTIES
            }
            chosen = self._best(grid, train)
            _record(results["hybrid"], test, grid[chosen](), (lex, sem, *chosen))
            _record(results["rrf"], test, self._rrf(lex, sem), (lex, sem))
        return results

    def report(self) -> None:
        results = self.cross_validate()
        self.results = results
        print(f"{'method':<10} {'held-out MAP@5':>15}  {'tuned on all':>12}  chosen per fold")
        for name, (held_out, chosen) in results.items():
            if not chosen:
                continue
            keys = [
                key
                for key in self._ap
                if key[0] == name or (name == "lexical" and key[0] == "lexical")
            ]
            in_sample = max(self._ap[key].mean() for key in keys) if keys else float("nan")
            print(f"{name:<10} {held_out.mean():>15.3f}  {in_sample:>12.3f}  {_distinct(chosen)}")
        if "hybrid" in results and results["hybrid"][1]:
            self._thresholds(results["hybrid"][1])

    def _thresholds(self, chosen: list) -> None:
        """Precision of the top match by its fused score, held out: what the thresholds mean."""
        tops, correct = [], []
        for fold, (lex, sem, weight, penalty) in zip(self.folds, chosen, strict=True):
            fused = weight * np.maximum(self.semantic[sem], 0) + (1 - weight) * self.lexical[lex]
            for row in np.flatnonzero(self.fold == fold):
                rows, scores = self.ranked(fused, penalty, row)
                tops.append(scores[0])
                correct.append(rows[0] in self.data.gold[row])
        tops, correct = np.array(tops), np.array(correct)
        cells = []
        for threshold in (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
            above = tops >= threshold
            if above.any():
                cells.append(f">={threshold}: {correct[above].mean():.2f} of {above.sum()}")
        print("top-1 precision by fused score (held out): " + "; ".join(cells))

    @staticmethod
    def report_joint(tuners: list[Tuner]) -> None:
        """The configuration best on average over the sets: MatchIndex's defaults (in-sample)."""
        if not tuners[0].semantic:
            return
        # In stages, as within a fold: lexical, then semantic, then fusion and penalty.
        lexical_key = max(
            tuners[0].lexical,
            key=lambda k: np.mean([t.ap(("lexical", k), t.lexical[k]).mean() for t in tuners]),
        )
        title_weight = max(
            TITLE_WEIGHTS,
            key=lambda w: np.mean([t.ap(("semantic", w), t.semantic[w]).mean() for t in tuners]),
        )
        best = None
        for weight in WEIGHTS:
            for penalty in PENALTIES:
                scores = [
                    t._hybrid(lexical_key, title_weight, weight, penalty).mean() for t in tuners
                ]
                if best is None or np.mean(scores) > best[0]:
                    best = (np.mean(scores), lexical_key, title_weight, weight, penalty, scores)
        mean, lexical_key, title_weight, weight, penalty, scores = best
        print(
            f"\njoint choice over the sets (in-sample): lexical {lexical_key}, "
            f"title weight {title_weight}, semantic weight {weight}, differ penalty {penalty}: "
            "MAP@5 " + ", ".join(f"{s:.3f}" for s in scores)
        )


def report_index(data: Dataset, cache: VectorCache | None) -> None:
    """MAP@5 of MatchIndex itself with its defaults: the code path, candidate pools included.

    In-sample (the defaults were chosen on these sets); it checks that the index ranks as the
    cross-validated arrays say, and how often each level's top match is right.
    """
    index = MatchIndex(cache.encoder if cache else None)
    index.add(data.entries, entry_vectors(cache, data.entries, TITLE_WEIGHT) if cache else None)
    if cache:
        query_vectors = cache.encode([clean(text) for text in data.queries])
    else:
        query_vectors = [None] * len(data.queries)
    row_of = {entry.key: row for row, entry in enumerate(data.entries)}
    aps, levels = [], {"probable": [0, 0], "related": [0, 0]}
    started = time.perf_counter()
    for text, vector, gold in zip(data.queries, query_vectors, data.gold, strict=True):
        matches = index.search(text, limit=5, vector=vector)
        aps.append(average_precision_at([row_of[m.key] for m in matches], gold))
        if matches and matches[0].level:
            levels[matches[0].level][0] += row_of[matches[0].key] in gold
            levels[matches[0].level][1] += 1
    elapsed = (time.perf_counter() - started) / max(len(aps), 1)
    shown = ", ".join(f"{name} {right}/{total}" for name, (right, total) in levels.items())
    print(
        f"{data.name}: MatchIndex defaults (semantic weight {SEMANTIC_WEIGHT}, "
        f"title weight {TITLE_WEIGHT}, penalty {DIFFER_PENALTY}) "
        f"MAP@5 {np.mean(aps):.3f} (in-sample); "
        f"top-1 right by level: {shown}; {elapsed * 1000:.1f} ms per search"
    )


def options_rank(key) -> float:
    """Tie-break towards simpler settings: lower weights and penalties."""
    return (
        float(sum(value for value in key if isinstance(value, (int, float))))
        if isinstance(key, tuple)
        else 0.0
    )


def _ranks(matrix: np.ndarray) -> np.ndarray:
    ranks = np.empty_like(matrix, dtype=np.float32)
    order = np.argsort(-matrix, axis=1, kind="stable")
    np.put_along_axis(
        ranks, order, np.arange(1, matrix.shape[1] + 1, dtype=np.float32)[None, :], axis=1
    )
    return ranks


def _record(result, test, aps, chosen) -> None:
    result[0][test] = aps[test]
    result[1].append(chosen)


def _distinct(chosen: list) -> str:
    counts: dict[str, int] = {}
    for item in chosen:
        counts[str(item)] = counts.get(str(item), 0) + 1
    return "; ".join(f"{key} x{count}" for key, count in counts.items())
