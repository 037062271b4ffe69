"""Cosine search over an append-only matrix of unit vectors.

Up to EXACT_LIMIT rows the vectors are float32 and each query is one BLAS matrix-vector
product. Past it they are kept as float16 (half the memory: a million 384-d vectors take
768 MB), a coarse pass ranks every row by a PCA projection to COARSE_DIM float32 dimensions
(a quarter of the memory traffic of the full product), and only the best COARSE_CANDIDATES
rows are scored exactly. bench/matching.py measures what the coarse pass loses.
"""

from __future__ import annotations

import numpy as np

EXACT_LIMIT = 200_000
CHUNK_ROWS = 65_536
COARSE_DIM = 96
COARSE_CANDIDATES = 2_000
_GROW = 1.5


class VectorIndex:
    def __init__(self, dim: int, *, exact_limit: int = EXACT_LIMIT) -> None:
        self.dim = dim
        self.exact_limit = exact_limit
        self._rows = np.zeros((0, dim), dtype=np.float32)
        self._size = 0
        self._basis: np.ndarray | None = None  # (dim, COARSE_DIM) once the index is large
        self._mean: np.ndarray | None = None
        self._coarse = np.zeros((0, COARSE_DIM), dtype=np.float32)

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        needed = self._size + len(vectors)
        if needed > len(self._rows):
            # Amortised growth: a batch of one does not copy the whole matrix each time.
            grown = np.zeros(
                (max(needed, int(len(self._rows) * _GROW)), self.dim), dtype=self._rows.dtype
            )
            grown[: self._size] = self._rows[: self._size]
            self._rows = grown
        self._rows[self._size : needed] = vectors
        self._size = needed
        if self._basis is not None:
            self._coarse = np.concatenate(
                [self._coarse[: self._size - len(vectors)], self._project(vectors)]
            )
        elif self._size > self.exact_limit:
            self._fit_projection()

    def _project(self, vectors: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray((vectors - self._mean) @ self._basis, dtype=np.float32)

    def _fit_projection(self) -> None:
        self._rows = self._rows.astype(np.float16)
        rng = np.random.default_rng(0)
        sample = self._rows[rng.choice(self._size, size=min(self._size, 50_000), replace=False)]
        sample = sample.astype(np.float32)
        self._mean = sample.mean(axis=0)
        _, _, vt = np.linalg.svd(sample - self._mean, full_matrices=False)
        self._basis = np.ascontiguousarray(vt[:COARSE_DIM].T)
        self._coarse = np.concatenate(
            [
                self._project(self._rows[start : start + CHUNK_ROWS].astype(np.float32))
                for start in range(0, self._size, CHUNK_ROWS)
            ]
        )

    def _exact(self, query: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        if rows is not None:
            return self._rows[rows].astype(np.float32, copy=False) @ query
        if self._rows.dtype == np.float32:
            return self._rows[: self._size] @ query
        out = np.empty(self._size, dtype=np.float32)
        for start in range(0, self._size, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, self._size)
            out[start:stop] = self._rows[start:stop].astype(np.float32, copy=False) @ query
        return out

    def top(self, query: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The `count` most similar rows (numbers, cosines), best first."""
        if not self._size or count <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.asarray(query, dtype=np.float32).ravel()
        if self._basis is None:
            rows, cosines = None, self._exact(query)
        else:
            # (v - mean) . q ranks rows as v . q does; the projection keeps most of it.
            coarse = self._coarse @ (query @ self._basis)
            wanted = min(max(COARSE_CANDIDATES, count), self._size)
            rows = np.argpartition(-coarse, wanted - 1)[:wanted]
            cosines = self._exact(query, rows)
        count = min(count, len(cosines))
        best = np.argpartition(-cosines, count - 1)[:count]
        best = best[np.argsort(-cosines[best], kind="stable")]
        found = best if rows is None else rows[best]
        return found.astype(np.int64), cosines[best]

    def cosines(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosines of the query with the given rows."""
        return self._exact(
            np.asarray(query, dtype=np.float32).ravel(), np.asarray(rows, dtype=np.int64)
        )
