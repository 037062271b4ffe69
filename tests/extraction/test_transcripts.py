"""Transcript speaker labels in the layouts real transcripts use, stage directions, headings."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import extract
from claims.extraction.transcript_eval import judge_sentence, render


def resolved(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(c.text, c.speaker_resolved) for c in extract(text, **kwargs)]


INLINE = """Transcript: Senate hearing on energy prices, March 3.

SEN. WARREN: Thank you, Mr. Chairman. Gas prices rose 40 percent last year.
[00:12:31] Biden: That is not right. They rose 12 percent.
(APPLAUSE)
Biden: And wages went up.
Q: Senator, will you vote for the bill?
A: Yes. Senator Smith told me, "I will never vote for it." I disagree with him.
"""

OWN_LINE = """Chris Wallace:
Good evening from Cleveland. Tonight we talk about the economy.

Donald Trump:
We lost 70,000 factories. Nobody has ever seen anything like it.

[CROSSTALK]

Chris Wallace:
Let him finish.

Joe Biden:
That is simply not true.
"""

OWN_LINE_BARE = """WALLACE
Good evening. Tonight we talk about the economy.

TRUMP
We lost 70,000 factories.

(LAUGHTER)

Unemployment doubled under them.

WALLACE
Mr. Vice President?

BIDEN
He is lying.
"""


def test_inline_labels_with_titles_timestamps_and_roles():
    found = dict(resolved(INLINE))
    assert found["Gas prices rose 40 percent last year."] == "Warren"
    assert found["They rose 12 percent."] == "Biden"
    assert found["And wages went up."] == "Biden"
    assert found["Senator, will you vote for the bill?"] == ""
    assert "(APPLAUSE)" not in found  # stage directions are never claims
    assert "Transcript: Senate hearing on energy prices, March 3." in found


def test_a_speaker_quoting_someone_else_keeps_the_turn():
    found = dict(resolved(INLINE, author="Ann Lee", kind="transcript"))
    # "A:" is the interviewee: the document's author when it names one.
    assert found['Senator Smith told me, "I will never vote for it."'] == "Ann Lee"
    assert found["I disagree with him."] == "Ann Lee"


def test_labels_on_their_own_line_with_a_colon():
    found = dict(resolved(OWN_LINE))
    assert found["Good evening from Cleveland."] == "Chris Wallace"
    assert found["Nobody has ever seen anything like it."] == "Donald Trump"
    assert found["Let him finish."] == "Chris Wallace"
    assert found["That is simply not true."] == "Joe Biden"
    assert not any(text.startswith(("Chris Wallace", "[CROSSTALK]")) for text in found)


def test_bare_upper_case_labels_on_their_own_line_and_a_turn_across_a_stage_direction():
    found = dict(resolved(OWN_LINE_BARE))
    assert found["Tonight we talk about the economy."] == "Wallace"
    assert found["We lost 70,000 factories."] == "Trump"
    assert found["Unemployment doubled under them."] == "Trump"
    assert found["He is lying."] == "Biden"


@pytest.mark.parametrize(
    "text",
    [
        "ANALYSIS: Trump's tariffs hit farmers hardest.\n\nExports fell 20 percent in 2019.",
        "CHINA MANUFACTURING\n\nFactory activity in China shrank for a third month in May.",
        "Nova Scotia: Wildfires forced 16,000 people from their homes.\n\nCrews worked overnight.",
        "WASHINGTON (Reuters) - The Senate passed the bill 52-48 on Tuesday.",
        "UPDATE: The vote is delayed.\n\nEDITOR'S NOTE: This story was corrected.",
    ],
)
def test_headings_and_datelines_are_not_speakers(text):
    assert all(c.speaker == "" for c in extract(text))


@pytest.mark.parametrize("layout", ["inline", "own-line", "own-line-colon"])
def test_rendered_transcripts_get_their_speakers_in_every_layout(layout):
    rows = [
        ("BOB SCHIEFFER", "Good evening from Boca Raton."),
        ("BOB SCHIEFFER", "This is the last debate."),
        ("PRESIDENT OBAMA", "Thank you, Bob."),
        ("SYSTEM", "[ applause ]"),
        ("PRESIDENT OBAMA", "We ended the war in Iraq."),
        ("MR. ROMNEY", "The president is wrong."),
        ("BOB SCHIEFFER", "Governor, your answer?"),
        ("MR. ROMNEY", "We need a strong military."),
    ]
    rendered = render(rows, layout)
    candidates = extract(rendered.text)
    results = [judge_sentence(s, e, label, candidates) for s, e, label in rendered.sentences]
    assert all(results), list(zip(rendered.sentences, results, strict=True))


def test_a_lone_label_counts_only_in_a_document_known_to_be_a_transcript():
    text = "OBAMA: Mr. Speaker, members of Congress. We created 14 million jobs.\n\nThank you."
    as_transcript = dict(resolved(text, kind="transcript"))
    assert as_transcript["We created 14 million jobs."] == "Obama"
    assert as_transcript["Thank you."] == "Obama"
    assert all(speaker == "" for _, speaker in resolved(text, kind="article"))
