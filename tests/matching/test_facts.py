"""Numbers, years and actors, and how two claims compare on them."""

from claims.matching.facts import compare, facts


def test_facts_reads_scaled_numbers_percentages_years_and_surnames():
    found = facts("Says Barack Obama added $2 million and 4 percent more jobs in 2019 than Romney.")
    assert 2e6 in found.numbers and 4.0 in found.numbers
    assert found.years == {2019}
    assert {"obama", "romney"} <= found.actors


def test_word_numbers_count_as_numbers():
    assert 4.0 in facts("unemployment fell to four percent").numbers


def test_compare_shares_and_differs():
    why = compare(
        facts("Unemployment fell to 4 percent in 2019"),
        facts("Unemployment fell to 6 percent in 2019"),
    )
    assert why["differs"] == ["number"]
    assert "year:2019" in why["shared"]
    assert why["numbers"] == {"query": ["4"], "match": ["6"]}


def test_a_claim_that_leaves_a_number_out_does_not_differ():
    why = compare(facts("Unemployment fell to 4 percent in 2019"), facts("Unemployment fell"))
    assert why["differs"] == []
