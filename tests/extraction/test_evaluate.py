"""Evaluation: precision/recall/F1, MAP over documents, TSV reading and writing, commands."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from claims.extraction.evaluate import (
    MissingColumnError,
    average_precision,
    evaluate_rows,
    evaluate_tsv,
    mean_average_precision,
    precision_recall_f1,
    read_tsv,
    write_scores,
)
from claims.extraction.pipeline import score_sentences

HEADER = "id\ttext\tlabel\tsplit\tsource\tspeaker\n"
ROWS = [
    ("a1", "Unemployment fell to 3.5 percent in 2019, the lowest rate since 1969.", "1", "d1"),
    ("a2", "Thank you, and good evening.", "0", "d1"),
    ("a3", "I think we can do better.", "0", "d1"),
    ("b1", "The Senate passed the bill 52 to 48 in March 2010.", "1", "d2"),
    ("b2", "What would you do about it?", "0", "d2"),
    ("c1", "Let me tell you a story.", "0", "d3"),  # no positive: left out of MAP
]


@pytest.fixture
def labelled_tsv(tmp_path):
    path = tmp_path / "labelled.tsv"
    lines = [HEADER] + [f"{i}\t{t}\t{label}\tdev\t{src}\t\n" for i, t, label, src in ROWS]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_precision_recall_f1_of_the_positive_class():
    labels = [True, True, True, False, False, False]
    scores = [0.9, 0.8, 0.2, 0.7, 0.1, 0.0]
    precision, recall, f1 = precision_recall_f1(labels, scores, 0.5)
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 / 3)


def test_threshold_is_inclusive_and_no_prediction_gives_zeros():
    assert precision_recall_f1([True], [0.5], 0.5) == (1.0, 1.0, 1.0)
    assert precision_recall_f1([True, False], [0.1, 0.2], 0.5) == (0.0, 0.0, 0.0)


def test_average_precision_of_one_ranking():
    # ranks of the positives: 1 and 3 -> (1/1 + 2/3) / 2
    assert average_precision([True, False, True], [0.9, 0.8, 0.7]) == pytest.approx(5 / 6)
    assert average_precision([False, True], [0.1, 0.9]) == 1.0
    assert average_precision([False, False], [0.1, 0.9]) is None


def test_map_averages_over_documents_with_a_positive():
    groups = ["d1", "d1", "d2", "d2", "d3"]
    labels = [True, False, False, True, False]
    scores = [0.9, 0.1, 0.8, 0.2, 0.5]
    value, documents = mean_average_precision(groups, labels, scores)
    assert documents == 2
    assert value == pytest.approx((1.0 + 0.5) / 2)


def test_read_tsv_names_a_missing_column(tmp_path):
    path = tmp_path / "no_id.tsv"
    path.write_text("text\tlabel\nHello.\t0\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="'id'"):
        read_tsv(path)


def test_read_tsv_keeps_quote_marks_literally(tmp_path):
    path = tmp_path / "quotes.tsv"
    path.write_text('id\ttext\nq1\tHe said "no" twice.\n', encoding="utf-8")
    assert read_tsv(path)[0]["text"] == 'He said "no" twice.'


def test_evaluate_tsv_scores_and_measures_a_labelled_file(labelled_tsv):
    evaluation = evaluate_tsv(labelled_tsv, threshold=0.5)
    assert (evaluation.rows, evaluation.positives, evaluation.documents) == (6, 2, 2)
    assert evaluation.precision == evaluation.recall == evaluation.f1 == 1.0
    assert evaluation.map == 1.0
    assert evaluation.lines()[-1] == "map: 1.0000"


def test_evaluate_rows_without_source_has_no_map():
    rows = [{"id": "1", "text": "Taxes rose 14 percent.", "label": "1"}]
    evaluation = evaluate_rows(rows, score_sentences(["Taxes rose 14 percent."]), threshold=0.5)
    assert evaluation.map is None
    assert not any(line.startswith("map") for line in evaluation.lines())


def test_write_scores_writes_one_clean_row_per_sentence():
    rows = [{"id": "x1", "text": "“Taxes rose 14 percent,” Smith said."}]
    out = io.StringIO()
    write_scores(rows, score_sentences([r["text"] for r in rows]), out, threshold=0.5)
    out.seek(0)
    (row,) = csv.DictReader(out, delimiter="\t", quoting=csv.QUOTE_NONE)
    assert list(row) == ["id", "score", "checkworthy", "claim_type", "speaker", "reasons"]
    assert row["id"] == "x1" and row["checkworthy"] == "1" and row["speaker"] == "Smith"
    assert "percent: 14 percent" in row["reasons"].split("; ")


# --- The management commands (they read which scorer model is active from the database) ---


@pytest.mark.django_db
def test_evaluate_scorer_command_prints_the_figures_last(labelled_tsv, capsys):
    call_command("evaluate_scorer", str(labelled_tsv), "--threshold", "0.5")
    lines = capsys.readouterr().out.strip().splitlines()
    figures = dict(line.split(": ", 1) for line in lines)
    assert figures["precision"] == "1.0000" and figures["f1"] == "1.0000"
    assert lines[-1] == "map: 1.0000"


@pytest.mark.django_db
def test_score_sentences_command_writes_a_tsv(labelled_tsv, tmp_path):
    output = tmp_path / "scores.tsv"
    call_command("score_sentences", str(labelled_tsv), "--output", str(output))
    rows = read_tsv(output, required=("id", "score", "checkworthy", "reasons"))
    assert [r["id"] for r in rows] == [r[0] for r in ROWS]
    assert rows[0]["checkworthy"] == "1" and rows[1]["checkworthy"] == "0"


@pytest.mark.django_db
def test_score_sentences_command_to_stdout(labelled_tsv, capsys):
    call_command("score_sentences", str(labelled_tsv))
    assert capsys.readouterr().out.startswith("id\tscore\tcheckworthy\tclaim_type\tspeaker\t")


@pytest.mark.django_db
def test_commands_name_the_missing_column(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("id\tsentence\n1\tHello.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'text'"):
        call_command("score_sentences", str(path))
    with pytest.raises(CommandError, match="'text', 'label'"):
        call_command("evaluate_scorer", str(path))
