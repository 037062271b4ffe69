"""The packaged sentence encoder (numpy forward pass) and hybrid search with it."""

import numpy as np
import pytest

from claims.matching import EncoderUnavailable, Entry, MatchIndex, load_encoder

pytestmark = pytest.mark.encoder


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def test_near_duplicates_have_high_cosine_and_unrelated_low(encoder):
    vectors = encoder.encode(
        [
            "Unemployment fell to 4 percent in 2019.",
            "The jobless rate dropped to four per cent in 2019.",
            "Wind turbines cause cancer.",
        ]
    )
    assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6
    assert vectors[0] @ vectors[2] < 0.3


def test_the_forward_pass_matches_the_published_model():
    # sentence-transformers documents 0.7553 for this pair with all-MiniLM-L6-v2.
    vectors = load_encoder().encode(["A man is eating food.", "A man is eating a piece of bread."])
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.7553, abs=0.002)


def test_batching_does_not_change_vectors(encoder):
    texts = ["short", "a somewhat longer sentence about the national debt", "mid length text"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_load_encoder_is_cached_and_refuses_a_missing_directory(tmp_path):
    assert load_encoder() is load_encoder()
    with pytest.raises(EncoderUnavailable, match=str(tmp_path)):
        load_encoder(str(tmp_path))


def test_a_reworded_claim_is_found_first(encoder):
    index = MatchIndex(encoder)
    index.add(
        [
            Entry("external:1", "Wind turbines cause cancer."),
            Entry("external:2", "The jobless rate dropped to a record low last year."),
            Entry("external:3", "Crime in big cities is rising."),
            Entry("external:4", "The national debt doubled under the last administration."),
        ]
    )
    matches = index.search("Unemployment fell to its lowest level ever in 2019", limit=2)
    assert matches[0].key == "external:2"
    assert matches[0].semantic > 0.5


def test_a_stored_query_vector_gives_the_same_ranking(encoder):
    index = MatchIndex(encoder)
    index.add(
        [Entry("a", "Taxes went up for the middle class."), Entry("b", "Bees are dying out.")]
    )
    text = "The middle class pays more tax now"
    by_text = index.search(text)
    by_vector = index.search(text, vector=encoder.encode([text])[0])
    assert [(m.key, m.score) for m in by_text] == [(m.key, m.score) for m in by_vector]
