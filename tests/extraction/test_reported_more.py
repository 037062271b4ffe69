"""Reported speech found away from quote boundaries: long descriptions, possessives,
time adverbials between speaker and verb, dashes, relative clauses."""

from __future__ import annotations

import pytest

from claims.extraction.reported import find_speaker

CASES = [
    (
        "But a source familiar with the FDIC’s internal investigation said the network was hit.",
        "a source familiar with the FDIC’s internal investigation",
    ),
    (
        "Mrs. Clinton's advisers said the upside would outweigh any baggage.",
        "Mrs. Clinton's advisers",
    ),
    (
        "U.S. presidential candidate Hillary Clinton on Tuesday said the violence is genocide.",
        "U.S. presidential candidate Hillary Clinton",
    ),
    ("Inside the mosque - which looks like a church - Adel Nefzi said he is trying.", "Adel Nefzi"),
    ("There was a surge of new voters, which Democrats say could help Sanders.", "Democrats"),
    (
        "Trump met the Mexican president, who said that NAFTA has been good.",
        "the Mexican president",
    ),
]
# "according to" any source, up to a sentence end that is not an abbreviation's period.
ACCORDING = [
    ("G-III has 7,600 employees, according to company documents.", "company documents"),
    (
        "Debt grew, according to data from the U.S. Department of Education. It is high.",
        "data from the U.S. Department of Education",
    ),
    ("He crossed the border after, according to him, Mexico censured him.", "him"),
    ("The rise was large according to Mr. Smith.", "Mr. Smith"),
]
# A cue verb followed by "to" or "for" is still a cue: "has vowed to", "called for".
TO_FOR = [
    ("Trump has vowed to build a wall.", "Trump"),
    ("Sanders called for a new vote.", "Sanders"),
]
# Declining, refusing, planning; polls and studies that show or find.
MORE_VERBS = [
    ("Carson declined to comment on the report.", "Carson"),
    ("The poll found that 60 percent of voters disapprove.", "The poll"),
    ("Polls show Trump leading in Florida.", "Polls"),
]
# Roles after "said" with any words before them; "…, said X" without a quote.
# Groups qualified by a phrase: "Some delegates at the convention", "Proponents of the bill".
GROUPS = [
    (
        "Some delegates at the convention in Philadelphia said they agree.",
        "Some delegates at the convention in Philadelphia",
    ),
    ("Proponents of the new bill, however, say it is safe.", "Proponents of the new bill"),
    ("Most of the candidates said they support the boycott.", "Most of the candidates"),
]
# "X did something and says ...": the subject of the first verb.
COORDINATED = [
    ("Reid caucused in Nevada on Saturday and says he voted “uncommitted.”", "Reid"),
    (
        "The State Department deemed the pages personal and says it will not release them.",
        "The State Department",
    ),
]
ROLES = [
    (
        "“October was good for her,” said former Obama adviser David Axelrod.",
        "former Obama adviser David Axelrod",
    ),
    ("Cruz toured the state, said Mark Jones, a political scientist at Rice.", "Mark Jones"),
    (
        "Best-selling thriller writer Brad Thor told Beck he would run.",
        "Best-selling thriller writer Brad Thor",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "speaker"), CASES + ACCORDING + TO_FOR + MORE_VERBS + ROLES + GROUPS + COORDINATED
)
def test_speaker_before_a_cue_verb_inside_the_sentence(sentence, speaker):
    assert find_speaker(sentence) == speaker
