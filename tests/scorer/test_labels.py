"""Labelled sentences: imported files (idempotent, malformed rows named) and decisions
derived from the claims' history (the latest decision wins)."""

import pytest
from django.core.management import CommandError, call_command

from claims import labels
from claims.models import LabelledSentence
from tests.scorer.conftest import label_rows, write_tsv

pytestmark = pytest.mark.django_db


def test_import_labels_is_idempotent_by_id(label_file, capsys):
    call_command("import_labels", label_file)
    assert LabelledSentence.objects.filter(origin="import").count() == len(label_rows())
    assert "24 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    call_command("import_labels", label_file)
    assert LabelledSentence.objects.count() == len(label_rows())
    assert "0 created, 0 updated, 24 unchanged" in capsys.readouterr().out


def test_import_updates_a_row_whose_label_changed(imported, tmp_path):
    row = label_rows()[0]
    path = write_tsv(tmp_path / "fix.tsv", ["id\ttext\tlabel", f"{row.external_id}\t{row.text}\t0"])
    call_command("import_labels", path)
    sentence = LabelledSentence.objects.get(external_id=row.external_id)
    assert sentence.label == 0
    assert LabelledSentence.objects.count() == len(label_rows())


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("s9\tA sentence.\tmaybe", "line 3: label 'maybe' is not 1/0"),
        ("\tA sentence.\t1", "line 3: the id is empty"),
        ("s9\t \t1", "line 3: the text is empty"),
        ("s9\tA sentence.", "line 3: fewer fields"),
        ("s9\tA sentence.\t1\textra", "line 3: more fields"),
        ("s1\tThe same id again.\t1", "line 3: id 's1' already appears on line 2"),
    ],
)
def test_a_malformed_row_rejects_the_file_naming_its_line(tmp_path, line, problem):
    path = write_tsv(tmp_path / "bad.tsv", ["id\ttext\tlabel", "s1\tFine sentence.\t1", line])
    with pytest.raises(CommandError, match=problem) as error:
        call_command("import_labels", path)
    assert "Nothing was imported" in str(error.value)
    assert not LabelledSentence.objects.exists()


def test_a_file_without_the_label_column_is_refused(tmp_path):
    path = write_tsv(tmp_path / "nolabel.tsv", ["id\ttext", "s1\tA sentence."])
    with pytest.raises(CommandError, match="line 1: missing column"):
        call_command("import_labels", path)


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_labels", str(tmp_path / "nowhere.tsv"))


def test_labels_from_events_latest_decision_wins():
    events = [(1, "selected"), (2, "dismissed"), (3, "dismissed"), (3, "new"), (3, "selected")]
    events += [(4, "dismissed"), (4, "new"), (5, "selected"), (5, "researching")]
    assert labels.labels_from_events(events) == {1: 1, 2: 0, 3: 1, 4: None, 5: 1}


def test_decisions_made_through_the_services_are_recorded(decisions):
    rows = {s.claim_id: s.label for s in LabelledSentence.objects.filter(origin="decision")}
    assert all(rows[c.pk] == 1 for c in decisions["positive"])
    assert all(rows[c.pk] == 0 for c in decisions["negative"])
    assert rows[decisions["changed"].pk] == 1  # dismissed, then selected: the later wins
    assert decisions["restored"].pk not in rows  # back in triage: undecided
    assert len(rows) == 21


def test_rebuilding_from_history_gives_the_same_labels(decisions):
    recorded = dict(
        LabelledSentence.objects.filter(origin="decision").values_list("claim_id", "label")
    )
    LabelledSentence.objects.filter(origin="decision").delete()
    stats = labels.labels_rebuild_from_history()
    assert stats["created"] == 21
    rebuilt = dict(
        LabelledSentence.objects.filter(origin="decision").values_list("claim_id", "label")
    )
    assert rebuilt == recorded
    assert labels.labels_rebuild_from_history() == {"created": 0, "updated": 0, "removed": 0}


def test_a_later_step_in_the_workflow_does_not_count_as_a_new_decision(decisions, editor):
    from claims.services import claims as claim_services

    claim = decisions["positive"][0]
    before = LabelledSentence.objects.get(claim=claim).updated_at
    claim_services.claim_assign(claim=claim, assignee=editor, actor=editor)
    claim_services.claim_transition(claim=claim, to="researching", actor=editor)
    assert LabelledSentence.objects.get(claim=claim).updated_at == before
