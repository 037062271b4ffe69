"""Vector storage format and the vector index."""

import numpy as np

from claims.matching import vector_from_bytes, vector_to_bytes
from claims.matching.semantic import VectorIndex


def test_vector_bytes_round_trip_as_float32_little_endian():
    vector = np.random.default_rng(0).standard_normal(384).astype(np.float32)
    data = vector_to_bytes(vector)
    assert len(data) == 384 * 4
    assert data[:4] == np.float32(vector[0]).astype("<f4").tobytes()
    back = vector_from_bytes(data)
    assert back.dtype == np.float32
    assert np.array_equal(back, vector)


def unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_vector_index_returns_the_nearest_rows_best_first():
    rng = np.random.default_rng(1)
    rows = unit(rng.standard_normal((500, 32)).astype(np.float32))
    index = VectorIndex(32)
    index.add(rows[:200])
    index.add(rows[200:])
    found, cosines = index.top(rows[321], 3)
    assert found[0] == 321 and cosines[0] > 0.999
    assert list(cosines) == sorted(cosines, reverse=True)


def test_coarse_pass_finds_what_the_exact_product_finds():
    # Clustered vectors, like sentence embeddings: most variance in few directions.
    rng = np.random.default_rng(2)
    centres = rng.standard_normal((40, 384)).astype(np.float32)
    rows = unit(
        centres[rng.integers(0, 40, 20_000)]
        + 0.3 * rng.standard_normal((20_000, 384)).astype(np.float32)
    )
    exact, coarse = VectorIndex(384), VectorIndex(384, exact_limit=10_000)
    exact.add(rows)
    coarse.add(rows[:12_000])
    coarse.add(rows[12_000:])  # added after the projection was fitted
    queries = unit(
        rows[rng.integers(0, 20_000, 20)] + 0.1 * rng.standard_normal((20, 384)).astype(np.float32)
    )
    for query in queries:
        assert set(coarse.top(query, 5)[0]) == set(exact.top(query, 5)[0])
