"""The shared reads (claims.selectors): what each list holds, in what order, and that a list
costs the same number of queries however many rows it shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import selectors, textspans
from claims.models import Claim, ExtractionJob
from claims.workflow import Status
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def pks(rows) -> list[int]:
    return [row.pk for row in rows]


def test_my_claims_are_the_open_ones_assigned_to_me_soonest_due_first(researcher, researcher2):
    now = timezone.now()
    later = ClaimFactory(researching=True, assignee=researcher, due_at=now + timedelta(days=5))
    sooner = ClaimFactory(selected=True, assignee=researcher, due_at=now + timedelta(days=1))
    undated = ClaimFactory(in_review=True, assignee=researcher, priority=3)
    ClaimFactory(published=True, assignee=researcher)
    ClaimFactory(dismissed=True, assignee=researcher)
    ClaimFactory(researching=True, assignee=researcher2)
    assert pks(selectors.my_claims(researcher)) == [sooner.pk, later.pk, undated.pk]


def test_the_triage_queue_is_new_claims_by_score_optionally_of_one_speaker():
    from claims.models import Speaker

    mayor = Speaker.objects.create(name="Jane Doe")
    low = ClaimFactory(score=0.2)
    high = ClaimFactory(score=0.9, speaker_ref=mayor)
    ClaimFactory(selected=True, score=1.0)
    assert pks(selectors.triage_queue()) == [high.pk, low.pk]
    assert pks(selectors.triage_queue(speaker=mayor)) == [high.pk]


def test_review_and_published_lists(editor):
    waiting = ClaimFactory(in_review=True, submitted_by=editor)
    older = ClaimFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = ClaimFactory(published=True)
    assert pks(selectors.waiting_for_review()) == [waiting.pk]
    assert pks(selectors.recently_published()) == [newer.pk, older.pk]


def test_status_counts_list_every_status_in_workflow_order_with_zeros():
    ClaimFactory.create_batch(2)
    ClaimFactory(published=True)
    counts = selectors.status_counts()
    assert [status for status, _ in counts] == list(Status)
    assert dict(counts) == {**{s: 0 for s in Status}, Status.NEW: 2, Status.PUBLISHED: 1}


def test_documents_list_filters_counts_claims_and_leaves_the_text_out(django_assert_num_queries):
    budget = DocumentFactory(title="Budget speech", publisher="Gazette", kind="speech")
    ClaimFactory.create_batch(2, document=budget)
    DocumentFactory(title="Weather", publisher="Herald")
    assert pks(selectors.documents_list(q="speech")) == [budget.pk]
    assert pks(selectors.documents_list(publisher="gazette")) == [budget.pk]
    assert pks(selectors.documents_list(kind="speech")) == [budget.pk]
    assert selectors.publishers() == ["Gazette", "Herald"]
    with django_assert_num_queries(1):
        rows = list(selectors.documents_list())
        assert sorted(row.claim_count for row in rows) == [0, 2]
        assert all("text" in row.get_deferred_fields() for row in rows)


def test_latest_job_is_the_newest():
    document = DocumentFactory()
    ExtractionJob.objects.create(document=document)
    newest = ExtractionJob.objects.create(document=document)
    assert selectors.latest_job(document) == newest
    assert selectors.latest_job(DocumentFactory()) is None
    assert selectors.latest_job_row(document.pk, ["id", "status"]) == {
        "id": newest.pk,
        "status": newest.status,
    }
    assert selectors.latest_job_row(DocumentFactory().pk, ["id"]) is None


def test_every_face_counts_a_documents_claims_the_same_way():
    one, empty = DocumentFactory(), DocumentFactory()
    ClaimFactory.create_batch(3, document=one)
    counted = {d.pk: d.claim_count for d in selectors.documents_with_claim_count()}
    assert counted == {one.pk: 3, empty.pk: 0}
    rows = selectors.documents_with_claim_count().values("id", "claim_count")
    assert {row["id"]: row["claim_count"] for row in rows} == counted


def test_pending_and_stale_jobs():
    done, failed = DocumentFactory(), DocumentFactory()
    ExtractionJob.objects.create(document=done, status="failed")
    ExtractionJob.objects.create(document=done, status="succeeded")
    retry = ExtractionJob.objects.create(document=failed, status="failed")
    assert selectors.pending_jobs() == [retry]
    old = ExtractionJob.objects.create(document=failed, enqueued_at=timezone.now() - timedelta(1))
    ExtractionJob.objects.create(document=failed, enqueued_at=timezone.now())
    assert list(selectors.stale_jobs(timezone.now() - timedelta(hours=1))) == [old]


def test_document_segments_cover_every_character_once_with_overlaps_clipped():
    text = "Alpha beta. Gamma delta. Epsilon."
    first = Claim(start=0, end=11, text="Alpha beta.")
    overlapping = Claim(start=6, end=24, text="beta. Gamma delta.")
    segments = textspans.document_segments(text, [overlapping, first])
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.claim) for s in segments] == [
        ("Alpha beta.", first),
        (" Gamma delta.", overlapping),
        (" Epsilon.", None),
    ]


@pytest.mark.parametrize(
    ("claim_text", "after"),
    [
        ("The claim is here.", " Four. Five."),  # the span ends its sentence
        ("The claim", " is here. Four. Five."),  # the rest of its sentence, then two
    ],
)
def test_claim_context_gives_two_whole_sentences_either_side(claim_text, after):
    text = "One. Two. Three. The claim is here. Four. Five. Six."
    start = text.index(claim_text)
    claim = ClaimFactory(
        document=DocumentFactory(text=text), start=start, end=start + len(claim_text)
    )
    assert textspans.claim_context(claim, sentences=2) == ("Two. Three. ", claim_text, after)


def test_team_members_are_researchers_editors_and_superusers(researcher, editor, superuser):
    UserFactory(username="outsider")
    UserFactory(username="gone", role="editor", is_active=False)
    names = list(selectors.team_members().values_list("username", flat=True))
    assert names == sorted([researcher.username, editor.username, superuser.username])


def test_only_published_claims_are_public():
    shown = ClaimFactory(published=True)
    hidden = ClaimFactory(approved=True)
    assert pks(selectors.published_fact_checks()) == [shown.pk]
    assert selectors.published_fact_check(shown.pk) == shown
    with pytest.raises(Claim.DoesNotExist):
        selectors.published_fact_check(hidden.pk)


def test_a_claim_list_costs_one_query_however_long(django_assert_num_queries):
    ClaimFactory.create_batch(5)
    with django_assert_num_queries(1):
        rows = list(selectors.triage_queue())
        assert {(row.document.title, row.rating) for row in rows}
