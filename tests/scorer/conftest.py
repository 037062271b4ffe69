"""Fixtures for the learned scorer's data side: labelled files, decisions, trained models."""

from __future__ import annotations

import pytest

from claims import labels, scorers
from claims.labels import LabelRow
from claims.services import claims as claim_services
from claims.workflow import Status
from tests.api.conftest import api  # noqa: F401  (the API client per cast member)
from tests.factories import ClaimFactory, DocumentFactory

POSITIVE = [
    "Unemployment fell to 3.9 percent in 2019, the lowest rate since 1969.",
    "The city budget grew by $2 million last year.",
    "Crime rose 12 percent in the state between 2010 and 2020.",
    "We spent 40 billion dollars on the program in 2018.",
    "Exports increased by 7 percent compared with 2016.",
    "The deficit reached 1.2 trillion dollars in 2012.",
    "Wages grew 3 percent in 2017, the fastest since 2008.",
    "Taxes went up by 15 percent for 20 million families.",
    "The state cut 3,000 teaching jobs in 2011.",
    "Home prices rose 9 percent in 2021, the most since 2005.",
    "The company paid 1.5 billion dollars in fines in 2019.",
    "Enrollment dropped by 8 percent between 2015 and 2018.",
]
NEGATIVE = [
    "Thank you very much, it is great to be here tonight.",
    "I think we need to come together as a country.",
    "Good evening and welcome to everyone watching.",
    "Let me say how wonderful it is to see you all.",
    "Thank you, and God bless you all.",
    "I believe in hope and in our future together.",
    "It is great to be with you, thank you for coming.",
    "Well, I think that is a wonderful question, thank you.",
    "Thank you all so much for being here with us.",
    "I want to thank my family for their love and support.",
    "Good night, and thank you for watching.",
    "It is wonderful to see so many friends here tonight.",
]


def label_rows() -> list[LabelRow]:
    """Clearly separable sentences from four 'debates'."""
    rows = []
    for i, (text, label) in enumerate([(t, 1) for t in POSITIVE] + [(t, 0) for t in NEGATIVE]):
        rows.append(LabelRow(i + 2, f"s{i}", text, label, f"debate-{i % 4}", ""))
    return rows


def write_tsv(path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def label_file(tmp_path):
    lines = ["id\ttext\tlabel\tsource\tspeaker"]
    lines += [f"{r.external_id}\t{r.text}\t{r.label}\t{r.source}\t" for r in label_rows()]
    return write_tsv(tmp_path / "labels.tsv", lines)


@pytest.fixture
def imported(db):
    return labels.labels_import(rows=label_rows())


@pytest.fixture
def trained(imported, editor):
    """Two trained versions from the imported labels; none active."""
    first = scorers.scorer_train(actor=editor, from_imports=True, from_decisions=False)
    second = scorers.scorer_train(actor=editor, from_imports=True, from_decisions=False)
    return first, second


@pytest.fixture
def decisions(editor):
    """Claims in three documents, triaged through the services: check-worthy ones selected
    (some researched further), the others dismissed; one dismissed and then, on second
    thought, restored and selected (a change of mind); one dismissed and restored only."""
    documents = [DocumentFactory() for _ in range(3)]
    claims = {"positive": [], "negative": []}
    for i, text in enumerate(POSITIVE[:10]):
        claim = ClaimFactory(document=documents[i % 3], text=text)
        claim_services.claim_transition(claim=claim, to=Status.SELECTED, actor=editor)
        claims["positive"].append(claim)
    for i, text in enumerate(NEGATIVE[:10]):
        claim = ClaimFactory(document=documents[i % 3], text=text)
        claim_services.claim_transition(
            claim=claim, to=Status.DISMISSED, actor=editor, note="chatter"
        )
        claims["negative"].append(claim)
    changed = ClaimFactory(document=documents[0], text=POSITIVE[10])
    claim_services.claim_transition(claim=changed, to=Status.DISMISSED, actor=editor, note="no")
    claim_services.claim_transition(claim=changed, to=Status.NEW, actor=editor)
    claim_services.claim_transition(claim=changed, to=Status.SELECTED, actor=editor)
    claims["changed"] = changed
    restored = ClaimFactory(document=documents[1], text=POSITIVE[11])
    claim_services.claim_transition(claim=restored, to=Status.DISMISSED, actor=editor, note="no")
    claim_services.claim_transition(claim=restored, to=Status.NEW, actor=editor)
    claims["restored"] = restored
    claims["documents"] = documents
    return claims
