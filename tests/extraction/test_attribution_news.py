"""Reported speech in news, coreference, organisations, single-speaker documents, Unicode."""

from __future__ import annotations

import pytest

from claims.extraction.normalize import view_for_extraction
from claims.extraction.pipeline import extract
from claims.extraction.reported import find_speaker


def by_text(text: str, **kwargs) -> dict:
    return {c.text: c for c in extract(text, **kwargs)}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "One red-state Democrat, Montana Sen. Jon Tester, said the bill fails.",
            "Montana Sen. Jon Tester",
        ),
        ("“It works,” said lead author Dr. Allan Garland.", "lead author Dr. Allan Garland"),
        ("Mr. Obama revised his plans in October, saying 5,500 troops would remain.", "Mr. Obama"),
        ("Critics warned the plan would cost $2 billion.", "Critics"),
        ("Facebook confirmed it removed 3 million posts.", "Facebook"),
        ("“We will appeal,” the company said.", "the company"),
        ("Police said two men were arrested.", "Police"),
        ("Clinton has repeatedly accused Trump of lying about the wall.", "Clinton"),
        ("“Brexit means Brexit,” May said.", "May"),
    ],
)
def test_reported_speech_patterns(sentence, speaker):
    assert find_speaker(sentence) == speaker


def test_he_resolves_to_the_nearest_man_not_the_last_named_person():
    text = (
        "Sen. Bernie Sanders spoke after Hillary Clinton left the stage.\n\n"
        "“The system is rigged,” he said."
    )
    assert by_text(text)["“The system is rigged,” he said."].speaker_resolved == "Bernie Sanders"


def test_she_skips_a_man_named_in_between():
    text = (
        "“We will win in November,” Ms. Nancy Pelosi said on Tuesday.\n\n"
        "Mr. John Boehner disagreed. “We will keep the House,” she said later."
    )
    found = by_text(text)
    assert found["“We will keep the House,” she said later."].speaker_resolved == "Nancy Pelosi"


def test_a_title_resolves_to_the_full_name_mentioned_earlier():
    text = (
        "Health Secretary Patricia Hewitt visited the hospital on Monday.\n\n"
        "“Waiting lists are falling,” Ms Hewitt said. "
        "“We hired 4,000 nurses,” the secretary said."
    )
    found = by_text(text)
    assert (
        found["“Waiting lists are falling,” Ms Hewitt said."].speaker_resolved == "Patricia Hewitt"
    )


def test_surname_may_is_a_speaker_not_a_verb():
    text = "Prime Minister Theresa May met EU leaders.\n\n“Brexit means Brexit,” May said."
    candidate = by_text(text)["“Brexit means Brexit,” May said."]
    assert (candidate.speaker_resolved, candidate.speaker_kind) == ("Theresa May", "person")


def test_the_company_and_it_resolve_to_the_organisation_named_in_the_article():
    text = (
        "Volkswagen sold 10 million cars in 2019.\n\n"
        "“Demand is strong,” the company said. It said sales in China rose 5 percent."
    )
    found = by_text(text)
    company = found["“Demand is strong,” the company said."]
    assert (company.speaker_resolved, company.speaker_kind) == ("Volkswagen", "organization")
    assert found["It said sales in China rose 5 percent."].speaker_resolved == "Volkswagen"


def test_it_without_an_organisation_stays_undecided():
    candidate = by_text("It said nothing about the plan.")["It said nothing about the plan."]
    assert (candidate.speaker, candidate.speaker_resolved) == ("It", "")


def test_a_pronoun_nobody_fits_stays_undecided_with_the_written_form():
    text = "“Rates will rise,” Janet Yellen said.\n\n“We will wait,” he said."
    candidate = by_text(text)["“We will wait,” he said."]
    assert (candidate.speaker, candidate.speaker_resolved) == ("he", "")


def test_a_quoted_paragraph_continues_the_previous_speaker():
    text = (
        "“Taxes went up 10 percent,” said Gov. Jane Roe.\n\n"
        "“Nobody voted for that. Nobody.”\n\nThe bill passed anyway."
    )
    found = [(c.text, c.speaker_resolved) for c in extract(text)]
    assert found == [
        ("“Taxes went up 10 percent,” said Gov. Jane Roe.", "Jane Roe"),
        ("“Nobody voted for that.", "Jane Roe"),
        ("Nobody.”", "Jane Roe"),
        ("The bill passed anyway.", ""),
    ]


@pytest.mark.parametrize("kind", ["speech", "statement", "opinion", "social_post"])
def test_a_single_speaker_document_gives_its_author_every_other_sentence(kind):
    text = "We cut taxes by 20 percent. “It is a scam,” Smith said."
    found = by_text(text, author="Maria Lopez", kind=kind)
    assert found["We cut taxes by 20 percent."].speaker_resolved == "Maria Lopez"
    assert found["“It is a scam,” Smith said."].speaker_resolved == "Smith"


def test_an_article_author_is_the_journalist_never_the_speaker():
    found = by_text("Taxes rose 20 percent in 2019.", author="Jo Reporter", kind="article")
    assert found["Taxes rose 20 percent in 2019."].speaker == ""


def test_odd_unicode_does_not_break_patterns_and_offsets_stay_exact():
    text = (
        "“Prices\u200b rose 5\u00a0percent,”\u00a0Krugman\u00a0said. ''We lost,'' Mr. Smith said."
    )
    candidates = extract(text)
    assert [c.speaker_resolved for c in candidates] == ["Krugman", "Smith"]
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.text


def test_the_extraction_view_maps_positions_back():
    view = view_for_extraction("a\u200bb\u00a0''c''")
    assert view.text == 'ab "c"'
    assert (view.start(3), view.end(5), view.end(6)) == (4, 7, 9)


def test_he_means_the_person_the_previous_sentence_is_about():
    text = (
        "“We will win,” said Mike Pence.\n\n"
        "Andrew Hale took his daughter to the memorial on Sunday.\n\n"
        "He said: “He was strong and courageous.”"
    )
    found = by_text(text)
    assert found["He said: “He was strong and courageous.”"].speaker_resolved == "Andrew Hale"


def test_the_senator_resolves_to_the_person_introduced_as_sen():
    text = (
        "Sen. Marco Rubio campaigned in Miami on Monday.\n\n"
        "“We will win Florida,” the Florida senator said."
    )
    found = by_text(text)
    assert found["“We will win Florida,” the Florida senator said."].speaker_resolved == (
        "Marco Rubio"
    )
