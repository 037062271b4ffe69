"""The admin: every page renders, the claim list has a fixed query count, actions use services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import (
    Claim,
    ClaimEvent,
    Comment,
    Document,
    Evidence,
    ExtractionJob,
    Notification,
    Rating,
)
from claims.workflow import Status
from tests.factories import ClaimFactory, CommentFactory, DocumentFactory, EvidenceFactory

MODELS = (Document, ExtractionJob, Claim, Evidence, Rating, Comment, Notification, ClaimEvent)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def one_of_each(superuser, researcher):
    from claims.services import claims as claim_services

    claim = ClaimFactory(status=Status.SELECTED)
    ExtractionJob.objects.create(document=claim.document, extractor_version="test")
    EvidenceFactory(claim=claim)
    CommentFactory(claim=claim)
    claim_services.claim_assign(claim=claim, assignee=researcher, actor=superuser)
    return claim


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_pages_render(admin_client, one_of_each, model):
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    obj = model.objects.first()
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def _changelist_queries(client, expected_rows):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == expected_rows
    return len(queries)


def test_claim_changelist_query_count_does_not_grow(admin_client, researcher):
    first = ClaimFactory(assignee=researcher)
    one = _changelist_queries(admin_client, 1)
    for _ in range(49):
        ClaimFactory(assignee=researcher, document=DocumentFactory(), rating=first.rating)
    assert _changelist_queries(admin_client, 50) == one


def test_claim_history_cannot_be_added_changed_or_deleted(admin_client, one_of_each):
    event = ClaimEvent.objects.first()
    assert admin_client.get(reverse("admin:claims_claimevent_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:claims_claimevent_change", args=[event.pk]), {"note": "rewritten"}
    )
    assert response.status_code == 403
    response = admin_client.post(reverse("admin:claims_claimevent_delete", args=[event.pk]))
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.note == ""


def _action(client, action, claims, **extra):
    return client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


def test_select_action_goes_through_the_service(admin_client, superuser):
    claim = ClaimFactory()
    response = _action(admin_client, "select_claims", [claim])
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.SELECTED
    event = claim.events.get()
    assert (event.actor, event.to_status) == (superuser, "selected")


def test_action_on_a_claim_in_the_wrong_state_shows_the_service_message(admin_client):
    claim = ClaimFactory(status=Status.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    response = _action(admin_client, "select_claims", [claim])
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot move to selected" in m for m in messages)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED


def test_dismiss_action_asks_for_a_note_then_dismisses(admin_client):
    claim = ClaimFactory()
    response = _action(admin_client, "dismiss_claims", [claim])
    assert b"Why they are dismissed" in response.content
    _action(admin_client, "dismiss_claims", [claim], apply="1", note="Opinion, not a fact.")
    claim.refresh_from_db()
    assert claim.status == Status.DISMISSED
    assert claim.events.get().note == "Opinion, not a fact."


def test_dismiss_without_a_note_is_refused_with_the_reason(admin_client):
    claim = ClaimFactory()
    response = _action(admin_client, "dismiss_claims", [claim], apply="1", note="")
    assert any("note is required" in str(m) for m in response.context["messages"])
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_assign_to_me_action(admin_client, superuser):
    claim = ClaimFactory()
    _action(admin_client, "assign_to_me", [claim])
    claim.refresh_from_db()
    assert claim.assignee == superuser
    assert claim.events.get().action == "assigned"


def test_change_form_routes_verdict_through_the_service(admin_client, superuser):
    claim = ClaimFactory(status=Status.RESEARCHING, assignee=superuser)
    false = Rating.objects.get(slug="false")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = {
        "assignee": superuser.pk,
        "priority": 2,
        "due_at_0": "",
        "due_at_1": "",
        "claim_type": "quantity",
        "speaker_resolved": "",
        "rating": false.pk,
        "verdict_summary": "It was 4.1 percent.",
        "verdict_explanation": "",
        "duplicate_of": "",
        **_empty_inlines(),
    }
    response = admin_client.post(url, form, follow=True)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.rating == false
    assert list(claim.events.values_list("action", flat=True)) == ["verdict"]


def _empty_inlines():
    data = {}
    for prefix in ("evidence", "comments", "events"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    return data


def test_admin_add_document_goes_through_ingest(admin_client):
    response = admin_client.post(
        reverse("admin:claims_document_add"),
        {
            "title": "",
            "url": "",
            "publisher": "Wire",
            "author": "",
            "kind": "article",
            "language": "en",
            "text": "  Exports rose 5 percent.\r\n",
            "published_at_0": "",
            "published_at_1": "",
            **_job_inline(),
        },
        follow=True,
    )
    assert response.status_code == 200
    document = Document.objects.get()
    assert document.text == "Exports rose 5 percent."
    assert document.content_hash


def test_admin_add_empty_document_shows_the_error(admin_client):
    response = admin_client.post(
        reverse("admin:claims_document_add"),
        {"title": "x", "kind": "article", "language": "en", "text": "   ", **_job_inline()},
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def _job_inline():
    return {
        "jobs-TOTAL_FORMS": 0,
        "jobs-INITIAL_FORMS": 0,
        "jobs-MIN_NUM_FORMS": 0,
        "jobs-MAX_NUM_FORMS": 1000,
    }


def _claim_form(claim, **changes):
    form = {
        "assignee": claim.assignee_id or "",
        "priority": claim.priority,
        "due_at_0": "",
        "due_at_1": "",
        "claim_type": claim.claim_type,
        "speaker_resolved": "",
        "rating": claim.rating_id or "",
        "verdict_summary": claim.verdict_summary,
        "verdict_explanation": "",
        "duplicate_of": "",
        "expected_version": claim.version,
        **_empty_inlines(),
    }
    form.update(changes)
    return form


def test_a_refused_change_saves_nothing_and_says_so(admin_client):
    claim = ClaimFactory(status=Status.NEW)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client.post(
        url, _claim_form(claim, priority=4, verdict_summary="Too early."), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Nothing was saved" in m for m in messages)
    assert not any("successfully" in m for m in messages)
    claim.refresh_from_db()
    assert (claim.priority, claim.verdict_summary, claim.version) == (2, "", 1)
    assert not claim.events.exists()


def test_a_stale_admin_form_does_not_overwrite(admin_client, superuser):
    from claims.services import claims as claim_services

    claim = ClaimFactory(status=Status.RESEARCHING, assignee=superuser)
    form = _claim_form(claim, verdict_summary="Mine.", rating=Rating.objects.get(slug="true").pk)
    claim_services.claim_update(claim=claim, actor=superuser, priority=3)  # someone else, meanwhile
    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]), form, follow=True
    )
    assert any("changed by someone else" in str(m) for m in response.context["messages"])
    claim.refresh_from_db()
    assert claim.verdict_summary == ""


def test_evidence_is_read_only_in_the_admin(admin_client, one_of_each):
    evidence = Evidence.objects.first()
    response = admin_client.post(
        reverse("admin:claims_evidence_change", args=[evidence.pk]),
        {"url": "https://evil.example/", "stance": "supports"},
    )
    assert response.status_code == 403
    evidence.refresh_from_db()
    assert evidence.url != "https://evil.example/"
    # A document's details are edited through the service (tests/test_admin_edits.py); its
    # text never is.


def test_claim_search_uses_the_full_text_search(admin_client):
    wanted = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019.")
    ClaimFactory(text="The mayor opened a bridge.")
    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": "unemployment"})
    assert [c.pk for c in response.context["cl"].result_list] == [wanted.pk]


def test_claims_filter_by_any_document_id(admin_client):
    old = ClaimFactory()
    ClaimFactory()
    response = admin_client.get(
        reverse("admin:claims_claim_changelist"), {"document": str(old.document_id)}
    )
    assert [c.pk for c in response.context["cl"].result_list] == [old.pk]
