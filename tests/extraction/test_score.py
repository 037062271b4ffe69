"""The check-worthiness score: named features, readable reasons, claim types."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import CLAIM_TYPES, DEFAULT_THRESHOLD, score_sentence
from claims.extraction.score import BIAS, WEIGHTS


def reasons_of(text: str) -> str:
    return "; ".join(score_sentence(text).reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Today, 47 million people are on food stamps.",
        "Unemployment fell to 3.5 percent in 2019, the lowest rate since 1969.",
        "The Senate passed the bill by a vote of 52 to 48 in March 2010.",
        "We have cut the deficit by $600 billion over four years.",
        "Chicago has more gun violence than any other city in the United States.",
        "Exports to China doubled between 2009 and 2015.",
    ],
)
def test_concrete_factual_sentences_score_at_or_above_the_threshold(text):
    assert score_sentence(text).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "I think our best days are ahead of us.",
        "What did we get for it?",
        "Thank you very much, and good evening.",
        "Let me go back a minute to the question.",
        "We're going to make this country great again.",
        "Maybe things will get better next year.",
        "I believe in the American people.",
        "That's what's at stake in this election.",
    ],
)
def test_opinions_questions_courtesies_pledges_and_hedges_score_below_the_threshold(text):
    assert score_sentence(text).score < DEFAULT_THRESHOLD


def test_every_fired_feature_has_a_weight_and_a_reason():
    candidate = score_sentence("In 2016, the company lost $2 billion, its biggest loss since 1990.")
    reasons = candidate.reasons
    assert "money: $2 billion" in reasons
    assert "year: 2016" in reasons
    assert "superlative: biggest" in reasons
    assert all(r.split(":")[0] in WEIGHTS for r in reasons)


def test_the_score_is_the_logistic_of_the_weighted_features():
    import math

    candidate = score_sentence("Is it?")
    names = [r.split(":")[0] for r in candidate.reasons]
    expected = 1 / (1 + math.exp(-(BIAS + sum(WEIGHTS[n] for n in names))))
    assert candidate.score == round(expected, 4)
    assert 0.0 <= candidate.score <= 1.0


def test_reasons_name_the_superlative_with_its_hyphenated_compound_and_the_year():
    reasons = reasons_of(
        "Kim is the highest-ranking North Korean official to visit the South since 1953."
    )
    assert "superlative: highest-ranking" in reasons
    assert "year: 1953" in reasons
    assert "named entity: Kim, North Korean" in reasons


def test_quantities_and_entities_are_reported_with_kinds_and_offsets():
    text = "In 2019, Acme Corp paid $5 million to 300 workers, 40 percent of its staff."
    candidate = score_sentence(text)
    kinds = {q["kind"] for q in candidate.quantities}
    assert {"year", "money", "percent", "number"} <= kinds
    for entity in candidate.entities:
        assert text[entity["start"] : entity["end"]] == entity["text"]


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("Unemployment is 4.1 percent.", "quantity"),
        ("Wages grew faster than prices last year.", "comparison"),
        ("The bridge collapsed because the steel had corroded.", "causal"),
        ("The Senate confirmed the nominee on Tuesday.", "event"),
        ("The new law bans smoking in restaurants.", "rule"),
        ("The economy will recover by the summer.", "prediction"),
        ("I was an altar boy.", "personal"),
        ("Hello there, everyone.", "other"),
    ],
)
def test_claim_types(text, claim_type):
    assert claim_type in CLAIM_TYPES
    assert score_sentence(text).claim_type == claim_type


def test_weights_stay_few_and_hand_set():
    assert len(WEIGHTS) <= 32  # few enough to read; the learned scorer fits their weights
    assert all(abs(w) <= 2.5 and round(w, 2) == w for w in WEIGHTS.values())


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said the talks had collapsed in 2019.",
        "The bill was signed in May 2010.",
        "Prime Minister May met the president on Tuesday.",
    ],
)
def test_a_surname_or_the_month_may_is_not_a_hedge(text):
    assert not any(r.startswith("hedge") for r in score_sentence(text).reasons)


def test_may_as_a_modal_verb_is_still_a_hedge():
    assert "hedge: may" in score_sentence("The deficit may rise next year.").reasons


@pytest.mark.parametrize(
    "text",
    [
        "Number one, he knows what I proposed.",
        "For the record, I never said that.",
        "For the record, I was against the war from the start.",
        "They brought passion and hunger to the campaign.",
        "We have the passion and the hunger to win this election.",
        "Each candidate will have two minutes to respond, and then a one-minute rebuttal.",
        "The audience has agreed to remain silent during the debate.",
        "Tonight's debate is sponsored by the Commission on Presidential Debates.",
        "We'll now move to the second segment, on the economy.",
        "You're lying, and everybody knows it.",
    ],
)
def test_list_markers_figures_of_speech_feelings_and_debate_procedure_are_not_claims(text):
    assert score_sentence(text).score < DEFAULT_THRESHOLD


def test_a_list_marker_is_not_a_number_and_for_the_record_is_not_a_record():
    listed = score_sentence("Number one, he knows it.").reasons
    assert not any(r.startswith("number") for r in listed)
    assert not any(
        r.startswith("record") for r in score_sentence("For the record, I voted.").reasons
    )
    assert "record: record" in score_sentence("He broke the record for vetoes.").reasons


@pytest.mark.parametrize(
    "text",
    [
        "Did you know that 40 percent of children live in poverty?",
        "Why did unemployment rise to 10 percent in 2009?",
        "Isn't it true that the deficit doubled to $1.4 trillion under your watch?",
    ],
)
def test_a_statistic_phrased_as_a_question_is_still_a_claim(text):
    candidate = score_sentence(text)
    assert candidate.score >= DEFAULT_THRESHOLD
    assert "question" not in candidate.reasons


def test_a_question_without_figures_is_still_a_question():
    assert "question" in score_sentence("What did you do in 2009?").reasons


def test_feelings_with_figures_are_not_discounted():
    text = "Hunger affects 40 million Americans, 12 million of them children."
    candidate = score_sentence(text)
    assert candidate.score >= DEFAULT_THRESHOLD
    assert not any(r.startswith("feeling") for r in candidate.reasons)
