"""The PolNeAR-layout evaluation: reading brat files, counting right, wrong, undecided, none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from claims.extraction.attribution_eval import evaluate_dirs, load_articles, name_words
from claims.extraction.pipeline import extract

FIXTURE = Path(__file__).parent / "polnear_fixture"


@dataclass(frozen=True)
class Fake:
    start: int
    end: int
    speaker: str
    speaker_resolved: str


def test_one_annotator_per_article_and_only_attributions_with_a_source():
    (article,) = load_articles(FIXTURE)
    assert [q.source for q in article.quotes] == [
        "Sen. Maria Lopez",
        "she",
        "the Tax Policy Center",
    ]
    assert article.quotes[0].cue == "said"


def test_the_project_speakers_are_counted_against_the_sources():
    report = evaluate_dirs([FIXTURE], extract_fn=extract)
    assert report.articles == 1 and report.quotes == 3
    # Lopez (named), "she" (resolved to the nearest earlier named source), the centre.
    assert report.counts["right"] == 3
    lines = report.lines()
    assert "quotes: 3" in lines and "coverage: 1.000" in lines and "accuracy: 1.000" in lines
    assert "speech quotes: 2 (accuracy 1.000, coverage 1.000)" in lines


def test_wrong_undecided_and_none_are_told_apart():
    """Lopez's sentence given a wrong name, "she" left undecided, the centre's given nobody."""
    replaced = {
        "Sen. Maria Lopez said": ("Pence", "Mike Pence"),
        "“We kept our promise,”": ("he", ""),
        "The plan will add": ("", ""),
    }

    def fake(text):
        result = []
        for c in extract(text):
            speaker = next((v for k, v in replaced.items() if c.text.startswith(k)), ("", ""))
            result.append(Fake(c.start, c.end, *speaker))
        return result

    counts = evaluate_dirs([FIXTURE], extract_fn=fake).counts
    assert (counts["wrong"], counts["undecided"], counts["none"]) == (1, 1, 1)


def test_name_words_drop_titles_pronouns_and_possessives():
    assert name_words("Sen. Maria Lopez’s") == {"maria", "lopez"}
    assert name_words("he") == set()


def test_a_directory_without_the_layout_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="text/ and attributions/"):
        load_articles(tmp_path)
