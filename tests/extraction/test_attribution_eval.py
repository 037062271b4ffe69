"""The PolNeAR-layout evaluation: reading brat files, counting right, wrong, undecided, none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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


def test_evaluate_attribution_command_prints_the_figures(capsys):
    call_command("evaluate_attribution", str(FIXTURE))
    out = capsys.readouterr().out
    assert "quotes: 3" in out and "accuracy: 1.000" in out and "parser: off" in out


def test_evaluate_attribution_command_measures_transcripts(tmp_path, capsys):
    tsv = tmp_path / "debate.tsv"
    tsv.write_text(
        "id\ttext\tlabel\tsource\tspeaker\n"
        "1\tGood evening.\t0\td1\tBOB SCHIEFFER\n"
        "2\tWe cut taxes.\t1\td1\tMR. ROMNEY\n"
        "3\t[ applause ]\t0\td1\tSYSTEM\n"
        "4\tThat is wrong.\t0\td1\tPRESIDENT OBAMA\n"
        "5\tMr. President?\t0\td1\tBOB SCHIEFFER\n",
        encoding="utf-8",
    )
    call_command("evaluate_attribution", "--transcripts", str(tsv))
    out = capsys.readouterr().out
    assert "inline: sentences 4 accuracy 1.000" in out
    assert "own-line: sentences 4 accuracy 1.000" in out


def test_evaluate_attribution_command_refuses_a_bad_directory(tmp_path):
    with pytest.raises(CommandError, match="text/ and attributions/"):
        call_command("evaluate_attribution", str(tmp_path))
