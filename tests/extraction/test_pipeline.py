"""extract() end to end: the seed article, other kinds of text, offsets and progress."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction.pipeline import (
    CLAIM_TYPES,
    DEFAULT_THRESHOLD,
    EXTRACTOR_VERSION,
    Candidate,
    extract,
    load_pipeline,
    score_sentences,
)

KIM = (
    "Kim is reportedly the highest-ranking North Korean official to visit the South since "
    "the Korean War ended with a truce in 1953."
)


def claims(text: str) -> list[Candidate]:
    return [c for c in extract(text) if c.score >= DEFAULT_THRESHOLD]


# --- The seed article ---


def test_seed_kim_sentence_is_a_top_three_claim_with_its_reasons(seed_candidates):
    kim = next(c for c in seed_candidates if c.text == KIM)
    assert kim.score >= DEFAULT_THRESHOLD
    top_three = sorted((c.score for c in seed_candidates), reverse=True)[:3]
    assert kim.score >= top_three[-1]
    assert "superlative: highest-ranking" in kim.reasons
    assert "year: 1953" in kim.reasons
    assert kim.speaker == "" and kim.speaker_resolved == ""


def test_seed_subscription_footer_is_not_a_claim(seed_candidates):
    for prefix in ("In a time of both misinformation", "By subscribing, you can help us"):
        assert not any(
            c.text.startswith(prefix) and c.score >= DEFAULT_THRESHOLD for c in seed_candidates
        )


def test_seed_quotes_resolve_to_full_names(by_start):
    assert by_start("“Security is the foundation of our prosperities").speaker_resolved == (
        "Mike Pence"
    )
    assert by_start("“We cannot be swayed by North Korea’s smile diplomacy").speaker_resolved == (
        "Yoshihide Suga"
    )
    assert by_start("“Our alliance between Japan and the United States").speaker_resolved == (
        "Shinzo Abe"
    )
    working = by_start("“Working together, the United States and Japan")
    assert (working.speaker, working.speaker_resolved) == ("he", "Mike Pence")


def test_seed_speakers_as_written_and_titles_stripped(by_start):
    assert by_start("“We cannot be swayed").speaker == "Suga"
    onodera = by_start("“I wish to enrich")
    assert onodera.speaker == "Defense Minister Itsunori Onodera"
    assert onodera.speaker_resolved == "Itsunori Onodera"
    assert by_start("His visit to Tokyo is not only").speaker_resolved == "Kazuhiro Maeshima"
    assert by_start("He added, however,").speaker_resolved == "Kazuhiro Maeshima"


def test_seed_quote_over_two_sentences_shares_its_speaker(by_start):
    first = by_start("“The United States is committed to provide Japan")
    second = by_start("Our nations are now working together")
    assert first.is_quote and second.is_quote
    assert first.speaker_resolved == second.speaker_resolved == "Mike Pence"


def test_seed_unattributed_sentences_have_no_speaker(by_start):
    for prefix in ("Pence last visited Japan", "The vice president’s trip coincides"):
        candidate = by_start(prefix)
        assert (candidate.speaker, candidate.speaker_resolved, candidate.is_quote) == (
            "",
            "",
            False,
        )


def test_seed_candidates_are_exact_ordered_and_typed(seed_text, seed_candidates):
    assert len(seed_candidates) > 30
    previous_end = 0
    for candidate in seed_candidates:
        assert seed_text[candidate.start : candidate.end] == candidate.text
        assert candidate.text == candidate.text.strip()
        assert candidate.start >= previous_end
        assert candidate.claim_type in CLAIM_TYPES
        assert 0.0 <= candidate.score <= 1.0 and round(candidate.score, 4) == candidate.score
        for entity in candidate.entities:
            assert seed_text[entity["start"] : entity["end"]] == entity["text"]
        previous_end = candidate.end


# --- Other kinds of text ---

TRANSCRIPT = """\
MODERATOR: Good evening and welcome to the debate.
SMITH: Thank you. It is a pleasure to be here.
SMITH: Since 2010 we have added 1.2 million jobs in this state, more than any other state.
JONES: That is simply not true. Under his plan, property taxes rose 14 percent.
MODERATOR: Senator Jones, what would you do about it?
JONES: I think we need to do better. I believe in this state."""


def test_transcript_labels_are_speakers_and_checkable_lines_score_high():
    candidates = extract(TRANSCRIPT)
    texts = {c.text: c for c in candidates}
    assert "MODERATOR" not in " ".join(texts)  # labels are not part of the sentences
    jobs = texts[
        "Since 2010 we have added 1.2 million jobs in this state, more than any other state."
    ]
    assert jobs.speaker == "SMITH" and jobs.speaker_resolved == "Smith"
    assert jobs.score >= DEFAULT_THRESHOLD
    taxes = texts["Under his plan, property taxes rose 14 percent."]
    assert taxes.speaker == "JONES" and taxes.score >= DEFAULT_THRESHOLD
    for low in (
        "Good evening and welcome to the debate.",
        "Thank you.",
        "Senator Jones, what would you do about it?",
        "I think we need to do better.",
        "I believe in this state.",
    ):
        assert texts[low].score < DEFAULT_THRESHOLD, low


PRESS_RELEASE = """\
FOR IMMEDIATE RELEASE

Acme Robotics Reports Record Third-Quarter Revenue

BOSTON, Oct. 14, 2025 — Acme Robotics Inc. today reported revenue of $412 million for the \
third quarter, up 23 percent from a year earlier and the highest in the company's history.

“Our teams delivered an outstanding quarter,” said Dr. Maria Lopez, chief executive officer \
of Acme Robotics. “We are excited about the year ahead.”

The company will host a conference call at 5 p.m. Eastern Time.

About Acme Robotics
Acme Robotics builds warehouse robots.

Sign up for investor alerts. Follow us on Twitter. © 2025 Acme Robotics Inc. All rights reserved."""


def test_press_release_figures_are_claims_and_furniture_is_dropped():
    candidates = extract(PRESS_RELEASE)
    revenue = next(c for c in candidates if "reported revenue of $412 million" in c.text)
    assert revenue.score >= DEFAULT_THRESHOLD
    assert revenue.claim_type in ("quantity", "comparison")
    # The dateline is not part of the claim; "Oct." and "Inc." do not split.
    assert revenue.text.startswith("Acme Robotics Inc. today reported revenue of $412 million")
    quote = next(c for c in candidates if c.text.startswith("“Our teams"))
    assert quote.is_quote and quote.speaker_resolved == "Maria Lopez"
    assert next(c for c in candidates if c.text.startswith("“We are excited")).score < (
        DEFAULT_THRESHOLD
    )
    texts = " ".join(c.text for c in candidates)
    for furniture in ("Sign up", "Follow us", "All rights reserved"):
        assert furniture not in texts


SPORTS = """\
By Sam Carter
Staff Writer

Lionel Messi scored twice as Inter Miami beat Orlando City 3-1 on Saturday, extending \
their unbeaten run to 11 matches, the longest in club history.

“It was a special night for us,” Messi said after the game.

Orlando coach Oscar Pareja said his team would bounce back.

The win moves Miami to first place in the Eastern Conference with 52 points.

(AP Photo/Lynne Sladky)"""


def test_sports_report_results_score_high_and_byline_and_credit_are_dropped():
    candidates = extract(SPORTS)
    texts = [c.text for c in candidates]
    assert not any(t.startswith(("By Sam", "Staff Writer", "(AP Photo")) for t in texts)
    result = next(c for c in candidates if c.text.startswith("Lionel Messi scored"))
    assert result.score >= DEFAULT_THRESHOLD
    assert "superlative: longest" in result.reasons
    standings = next(c for c in candidates if c.text.startswith("The win moves Miami"))
    assert standings.score >= DEFAULT_THRESHOLD
    messi = next(c for c in candidates if c.text.startswith("“It was a special night"))
    assert messi.score < DEFAULT_THRESHOLD
    assert messi.speaker_resolved == "Lionel Messi"
    pareja = next(c for c in candidates if c.text.startswith("Orlando coach"))
    assert pareja.speaker_resolved == "Oscar Pareja"


OPINION = """\
I have always believed that our city deserves better. Why do we keep electing the same \
people? Perhaps it is time for a change. We must demand more from our leaders, and I hope \
readers will join me.

Honestly, the new stadium is a terrible idea."""


def test_an_opinion_column_has_no_claims():
    assert claims(OPINION) == []


RECIPE = """\
Lemon Drizzle Cake

Preheat the oven to 180C. Grease a loaf tin and line it with baking paper.

Beat the butter and sugar until pale and fluffy, then add the eggs one at a time.

Enjoy with a cup of tea!"""


def test_a_recipe_has_no_claims():
    assert claims(RECIPE) == []


def test_empty_text_gives_no_candidates():
    assert extract("") == []
    assert extract("   \n\n  ") == []


def test_progress_is_reported_every_n_sentences_and_at_the_end(seed_text):
    calls: list[tuple[int, int]] = []
    candidates = extract(seed_text, on_progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls[:-1]] == list(range(25, total, 25))
    assert len(candidates) <= total


def test_candidates_are_json_serialisable(seed_candidates):
    data = seed_candidates[0].as_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "text",
        "start",
        "end",
        "score",
        "reasons",
        "claim_type",
        "is_quote",
        "speaker",
        "speaker_resolved",
        "entities",
        "quantities",
        "speaker_kind",
    }


def test_the_pipeline_is_loaded_once_and_version_is_set():
    assert load_pipeline() is load_pipeline()
    assert EXTRACTOR_VERSION


def test_score_sentences_keeps_order_and_strips_transcript_labels():
    texts = ["TRUMP: We lost 70,000 factories.", "  Thank you.  ", ""]
    first, second, third = score_sentences(texts)
    assert (first.text, first.speaker) == ("We lost 70,000 factories.", "TRUMP")
    assert texts[0][first.start : first.end] == first.text
    assert (second.text, second.start) == ("Thank you.", 2)
    assert third.text == "" and third.score < DEFAULT_THRESHOLD


_PIECES = st.sampled_from(
    [
        "The U.S. economy grew 3 percent in 2019. ",
        "“We will win,” he said. ",
        "Dr. Lee, a professor, disagreed… ",
        "Why? ",
        "\n\n",
        "\n",
        "By Jane Doe\n",
        "SMITH: Taxes rose. ",
        "It cost $5 million — a record. ",
        "“Unclosed quote runs on. ",
        "  ",
        "Mr. ",
        "...",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_every_candidate_text_is_the_document_slice(text):
    for candidate in extract(text):
        assert text[candidate.start : candidate.end] == candidate.text
        assert candidate.text and candidate.text == candidate.text.strip()


def test_a_paragraph_longer_than_the_line_limit_is_extracted_in_pieces(monkeypatch):
    from claims.extraction import segment

    assert segment.MAX_LINE_CHARS < 1_000_000  # spaCy's nlp.max_length
    monkeypatch.setattr(segment, "MAX_LINE_CHARS", 500)
    sentence = "Exports rose 12 percent in 2023, the fastest growth since 1998. "
    text = (sentence * 60).strip()  # one paragraph of about 3,800 characters
    lines = segment.split_lines(text)
    assert len(lines) > 6 and all(line.end - line.start <= 500 for line in lines)
    candidates = extract(text)
    assert len(candidates) == 60
    assert all(text[c.start : c.end] == c.text == sentence.strip() for c in candidates)
