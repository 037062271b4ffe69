"""Speaker attribution: patterns, pronouns, surnames, titles, multi-sentence quotes."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_speaker
from claims.extraction.pipeline import extract


def speakers(text: str) -> list[tuple[str, str, str]]:
    return [(c.text, c.speaker, c.speaker_resolved) for c in extract(text)]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“We will win,” Abe said.", "Abe"),
        ("“We will win,” he added.", "he"),
        (
            "“We will win,” said Kazuhiro Maeshima, a professor at Sophia University.",
            "Kazuhiro Maeshima",
        ),
        ("“We will win,” the top government spokesman said.", "the top government spokesman"),
        ("Pence said: “We will win.”", "Pence"),
        ("Maeshima said it is hard to foresee a breakthrough.", "Maeshima"),
        ("In a joint statement, Abe also said Tokyo agreed.", "Abe"),
        ("Turnout fell, according to the electoral commission.", "the electoral commission"),
        ("Exports rose 5 percent, according to Statistics Canada.", "Statistics Canada"),
        ("Jane Roe, a professor at Yale, said the numbers were wrong.", "Jane Roe"),
        ("“It is over,” Smith, who chairs the panel, said.", "Smith"),
        (
            "Orlando coach Oscar Pareja said his team would bounce back.",
            "Orlando coach Oscar Pareja",
        ),
    ],
)
def test_attribution_patterns(sentence, speaker):
    assert find_speaker(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Exports rose 5 percent last year.",
        "“Maximum pressure” remains the policy.",
        "The law says employers must pay overtime.",
    ],
)
def test_unattributed_sentences_have_no_speaker(sentence):
    assert find_speaker(sentence) == ""


def test_pronoun_resolves_to_the_last_named_speaker():
    text = (
        "Vice President Mike Pence arrived in Tokyo.\n\n"
        "“Security comes first,” Pence said. “We stand together,” he said."
    )
    assert speakers(text)[1:] == [
        ("“Security comes first,” Pence said.", "Pence", "Mike Pence"),
        ("“We stand together,” he said.", "he", "Mike Pence"),
    ]


def test_title_resolves_to_the_person_mentioned_with_it():
    text = (
        "Vice President Mike Pence met Prime Minister Shinzo Abe on Wednesday.\n\n"
        "“We are united,” the vice president said.\n\n"
        "“So are we,” the prime minister said."
    )
    resolved = [s[2] for s in speakers(text)]
    assert resolved[1:] == ["Mike Pence", "Shinzo Abe"]


def test_an_unnamed_source_breaks_the_pronoun_chain():
    text = (
        "“Rates will rise,” Janet Yellen said.\n\n"
        "“Not so fast,” a senior official told reporters. “We will wait,” he said."
    )
    assert [s[2] for s in speakers(text)] == ["Janet Yellen", "", ""]


def test_a_quote_over_several_sentences_gives_all_of_them_its_speaker():
    text = (
        "Governor Gavin Newsom spoke on Monday.\n\n"
        "“We built 10,000 homes. We will build more. Nobody else did,” Newsom said."
    )
    found = speakers(text)[1:]
    assert [s[2] for s in found] == ["Gavin Newsom"] * 3
    assert all(c.is_quote for c in extract(text)[1:])


def test_an_unattributed_quote_paragraph_continues_the_previous_speaker():
    text = (
        "“We respect the talks,” Abe said.\n\n"
        "“Today, I shared the recognition with Pence. I coordinated our policy completely.”\n\n"
        "Officials declined to comment."
    )
    assert [s[2] for s in speakers(text)] == ["Abe", "Abe", "Abe", ""]


def test_titles_are_stripped_from_the_resolved_name():
    text = "“We are ready,” Defense Minister Itsunori Onodera said."
    (candidate,) = extract(text)
    assert candidate.speaker == "Defense Minister Itsunori Onodera"
    assert candidate.speaker_resolved == "Itsunori Onodera"


def test_a_surname_unknown_earlier_stays_as_written():
    (candidate,) = extract("“Prices will fall,” Krugman said.")
    assert candidate.speaker_resolved == "Krugman"


def test_a_short_quote_after_an_attributed_quote_keeps_its_speaker():
    text = (
        "Sen. Bob Jones criticized the administration. “Families are paying more for "
        "groceries than ever before,” Jones said in a statement. “It’s a disgrace.”"
    )
    by_text = {c.text: c for c in extract(text)}
    short = by_text["“It’s a disgrace.”"]
    assert short.is_quote
    assert short.speaker_resolved == "Bob Jones"


def test_scare_quotes_inside_a_sentence_are_not_speech():
    (candidate,) = extract("Analysts called it a “major shift” in policy.")
    assert not candidate.is_quote
    assert candidate.speaker_resolved == ""
