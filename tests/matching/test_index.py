"""MatchIndex, lexical only (no model needed): ranking, levels, exclusion, bad input."""

import numpy as np
import pytest

from claims.matching import Entry, MatchIndex

ARCHIVE = [
    Entry(
        "external:1",
        "Unemployment fell to 4 percent in 2019.",
        title="Did unemployment fall to 4%?",
    ),
    Entry("external:2", "Unemployment fell to 6 percent in 2019."),
    Entry("external:3", "Barack Obama doubled the national debt."),
    Entry("claim:4", "Crime in Chicago dropped by 10 percent last year."),
    Entry("claim:5", "Wind turbines cause cancer, says the senator."),
]


@pytest.fixture
def index():
    built = MatchIndex()
    built.add(ARCHIVE)
    return built


def test_the_same_claim_comes_first_and_is_probable(index):
    matches = index.search("Unemployment fell to 4 percent in 2019", limit=3)
    assert matches[0].key == "external:1"
    assert matches[0].level == "probable"
    assert 0 < matches[0].score <= 1 and matches[0].lexical == matches[0].score


def test_a_changed_number_is_related_not_probable(index):
    matches = {
        match.key: match
        for match in index.search("Unemployment fell to 4 percent in 2019", probable=0.5)
    }
    changed = matches["external:2"]
    assert changed.level == "related"
    assert changed.why["differs"] == ["number"]
    assert changed.why["numbers"] == {"query": ["4"], "match": ["6"]}
    assert "year:2019" in changed.why["shared"]
    assert changed.score < matches["external:1"].score


def test_a_changed_actor_is_related_not_probable(index):
    index.add([Entry("external:6", "Donald Trump doubled the national debt.")])
    matches = {
        m.key: m
        for m in index.search("Under President Obama, the national debt doubled", probable=0.4)
    }
    assert matches["external:3"].level == "probable"
    assert matches["external:6"].level == "related"
    assert matches["external:6"].why["differs"] == ["actor"]


def test_exclude_leaves_the_key_out(index):
    keys = [m.key for m in index.search("Unemployment fell to 4 percent", exclude={"external:1"})]
    assert "external:1" not in keys and "external:2" in keys


def test_limit_and_unrelated_queries(index):
    assert len(index.search("unemployment percent", limit=1)) == 1
    assert index.search("zebras migrate across the Serengeti") == []
    assert index.search("unemployment", limit=0) == []
    assert MatchIndex().search("anything") == []


def test_an_entry_added_again_replaces_the_old_one(index):
    index.add([Entry("claim:5", "Solar panels drain the sun, says the senator.")])
    assert len(index) == len(ARCHIVE)
    assert index.search("wind turbines cancer") == []
    assert index.search("solar panels drain the sun")[0].key == "claim:5"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02",
        "'; DROP TABLE claims; --",
        "<script>alert('x')</script> unemployment",
        "@someone https://t.co/xyz #",
        "%s %d {0} \\N ../../etc/passwd",
        "🙂" * 500,
        "unemployment " * 50_000,
    ],
)
def test_hostile_and_very_long_queries_are_answered_cleanly(index, query):
    matches = index.search(query, limit=5)
    assert isinstance(matches, list) and len(matches) <= 5
    assert all(0.0 <= match.score <= 1.0 for match in matches)


def test_vectors_of_the_wrong_shape_are_refused():
    class Fixed:
        name, dim = "fixed", 4

        def encode(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    index = MatchIndex(Fixed())
    with pytest.raises(ValueError, match="shape"):
        index.add(ARCHIVE[:2], np.ones((2, 3), dtype=np.float32))
    index.add(ARCHIVE[:2])  # encoded by the index itself
    assert len(index) == 2
