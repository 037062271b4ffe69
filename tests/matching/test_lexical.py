"""BM25 over the in-memory inverted index."""

import numpy as np
import pytest

from claims.matching.lexical import LexicalIndex

CORPUS = [
    "Unemployment fell to 4 percent in 2019",
    "The deficit grew under the governor",
    "Crime fell in Chicago last year",
    "Unemployment rose in Ohio",
]


def ranked(index, query):
    docs, scores, _ = index.scores(query)
    return [int(doc) for doc in docs[np.argsort(-scores, kind="stable")]]


def test_bm25_ranks_the_document_sharing_the_rare_terms_first():
    index = LexicalIndex()
    index.add(CORPUS)
    assert ranked(index, "Did unemployment fall to 4% in 2019?")[0] == 0
    assert ranked(index, "crime in Chicago")[0] == 2
    assert ranked(index, "deficit") == [1]


def test_documents_without_a_query_term_are_not_returned():
    index = LexicalIndex()
    index.add(CORPUS)
    assert set(ranked(index, "unemployment")) == {0, 3}
    assert ranked(index, "zebra") == []


def test_rare_terms_weigh_more_than_common_ones():
    index = LexicalIndex()
    index.add(CORPUS)
    assert index.idf(1) > index.idf(3) > 0


def test_shorter_document_wins_at_equal_term_frequency():
    index = LexicalIndex()
    index.add(["budget cuts", "budget cuts hurt schools teachers parents students towns"])
    assert ranked(index, "budget cuts") == [0, 1]


def test_adding_in_batches_scores_like_adding_at_once():
    whole, parts = LexicalIndex(), LexicalIndex()
    whole.add(CORPUS)
    parts.add(CORPUS[:1])
    parts.add(CORPUS[1:3])
    parts.add(CORPUS[3:])
    for query in ("unemployment fell", "crime deficit", "2019"):
        docs_a, scores_a, ceiling_a = whole.scores(query)
        docs_b, scores_b, ceiling_b = parts.scores(query)
        assert docs_a.tolist() == docs_b.tolist()
        assert scores_a == pytest.approx(scores_b)
        assert ceiling_a == pytest.approx(ceiling_b)


def test_the_ceiling_bounds_every_score_of_a_matching_document():
    index = LexicalIndex()
    index.add(CORPUS)
    docs, scores, ceiling = index.scores("unemployment fell to 4 percent in 2019")
    assert (
        scores.max() <= ceiling * 1.25
    )  # short documents may pass the average-length ceiling a little
    assert scores[docs.tolist().index(0)] == scores.max()
