"""Sentence splitting with exact offsets, and the boilerplate filter."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.segment import is_boilerplate, split_lines, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_plain_sentences_split_at_terminal_punctuation():
    assert sentences("It rained. Then it stopped! Did it? Yes.") == [
        "It rained.",
        "Then it stopped!",
        "Did it?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Smith met Gen. Milley and Mr. Jones at the Pentagon.",
        "The U.S. Vice President arrived in Tokyo.",
        "The meeting began at 9 a.m. on Monday in Seoul.",
        "John F. Kennedy was elected in 1960.",
        "He moved to Washington, D.C. in 1990 and stayed.",
        "Prices rose 5 percent, e.g. for fuel and food.",
        "Sen. Warren and Rep. Ocasio-Cortez voted no.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_initialism_at_the_end_of_a_sentence_splits_before_a_sentence_opener():
    assert sentences("He moved to the U.S. He then ran for office.") == [
        "He moved to the U.S.",
        "He then ran for office.",
    ]


def test_a_suffix_can_end_a_sentence():
    assert sentences("He met Martin Luther King Jr. He never forgot it.") == [
        "He met Martin Luther King Jr.",
        "He never forgot it.",
    ]
    assert sentences("Martin Luther King Jr. spoke in 1963.") == [
        "Martin Luther King Jr. spoke in 1963."
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "“We will win.” The crowd cheered."
    assert sentences(text) == ["“We will win.”", "The crowd cheered."]


def test_quote_ending_in_a_question_mark_followed_by_attribution_is_one_sentence():
    text = "“Why now?” she asked. Nobody answered."
    assert sentences(text) == ["“Why now?” she asked.", "Nobody answered."]


def test_a_quote_running_over_two_sentences_is_split_inside_the_quote():
    text = "“We shared the view. We coordinated completely.” Talks ended."
    assert sentences(text) == [
        "“We shared the view.",
        "We coordinated completely.”",
        "Talks ended.",
    ]


def test_spaced_ellipsis_is_an_omission_not_an_ending():
    text = "“The rogue regime … North Korea,” he said."
    assert sentences(text) == [text]


def test_attached_ellipsis_before_a_sentence_opener_ends_a_sentence():
    assert sentences("I find that just absolutely... I mean, no.") == [
        "I find that just absolutely...",
        "I mean, no.",
    ]


def test_dashes_do_not_split():
    text = "The delegation — athletes and officials — went to Seoul -- at last."
    assert sentences(text) == [text]


def test_a_sentence_never_runs_across_a_paragraph_break():
    text = "The vote was on Monday\n\nThe count came later."
    assert sentences(text) == ["The vote was on Monday", "The count came later."]


def test_single_newline_after_a_finished_line_is_a_break_but_a_hard_wrap_is_not():
    text = "Turnout was 61 percent, the highest\nsince 1960. Officials were pleased.\nNext line."
    assert sentences(text) == [
        "Turnout was 61 percent, the highest\nsince 1960.",
        "Officials were pleased.",
        "Next line.",
    ]


def test_transcript_labels_become_sentence_labels_and_leave_the_text():
    text = "TRUMP: We lost 70,000 factories.\nCLINTON: That is not true. Look it up."
    found = [(text[s.start : s.end], s.label) for s in split_sentences(text)]
    assert found == [
        ("We lost 70,000 factories.", "TRUMP"),
        ("That is not true.", "CLINTON"),
        ("Look it up.", "CLINTON"),
    ]


def test_photo_and_related_prefixes_are_not_speaker_labels():
    assert [line.label for line in split_lines("Photo: Reuters\nRelated: Other story")] == [
        "",
        "",
    ]


def test_empty_and_blank_text_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("  \n\n \n") == []


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Doe",
        "By JANE DOE and John Roe, Staff Writers",
        "Staff Writer",
        "Photo: Kyodo",
        "(AP Photo/Evan Vucci)",
        "A protester in Seoul. Getty Images",
        "Read more: Pence in Tokyo",
        "Related: North Korea sends delegation",
        "Share this on Facebook",
        "Sign up for our daily newsletter.",
        "Click here to read the full report.",
        "Copyright 2018 The Japan Times.",
        "© 2024 Example Media. All rights reserved.",
        "By subscribing, you can help us get the story right.",
        "Subscribe now for unlimited access.",
        "In a time of both misinformation and too much information, quality journalism is "
        "more crucial than ever.",
    ],
)
def test_boilerplate_is_recognised(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "By taking advantage of talks, North Korea is buying time.",
        "Kim is reportedly the highest-ranking North Korean official to visit the South.",
        "The newspaper said unemployment fell to 3.5 percent in 2019.",
        "Pence said the two countries would share intelligence.",
    ],
)
def test_article_sentences_are_not_boilerplate(text):
    assert not is_boilerplate(text)


_ALPHABET = st.sampled_from(
    list("abcXYZ .!?…“”\"’'—-\n0123456789")
    + ["U.S.", "Dr.", "Mr. ", "a.m.", "...", " said ", "\n\n", "TRUMP: ", "e.g. "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_sentences_are_stripped_ordered_and_never_cross_a_blank_line(text):
    previous_end = 0
    for sentence in split_sentences(text):
        piece = text[sentence.start : sentence.end]
        assert piece and piece == piece.strip()
        assert sentence.start >= previous_end
        assert "\n\n" not in piece
        previous_end = sentence.end


@pytest.mark.parametrize(
    "sentence",
    [
        "Netflix added 9 million subscribers in the third quarter.",
        "The newsletter industry grew 40 percent in 2023, according to Substack.",
        "Subscription revenue rose to $2.1 billion.",
    ],
)
def test_news_about_subscribers_and_newsletters_is_not_boilerplate(sentence):
    assert not is_boilerplate(sentence)


@pytest.mark.parametrize(
    ("paragraph", "first"),
    [
        (
            "WASHINGTON (Reuters) - The economy added 275,000 jobs.",
            "The economy added 275,000 jobs.",
        ),
        ("LONDON — Prices rose 3 percent.", "Prices rose 3 percent."),
        ("NEW YORK, March 3 (AP) -- Shares fell.", "Shares fell."),
        ("NATO said on Monday it would meet.", "NATO said on Monday it would meet."),
    ],
)
def test_a_wire_dateline_is_not_part_of_the_first_sentence(paragraph, first):
    sentence = split_sentences(paragraph)[0]
    assert paragraph[sentence.start : sentence.end] == first
