"""The caller, notifications, ratings, the error handler, the schema, tokens and search."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from claims.api.exceptions import exception_handler
from claims.search import similar_claims
from claims.services import claims as claim_services
from claims.vectors import vectors_for_claims
from claims.workflow import PermissionRefused, StaleVersion, WorkflowError
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_me_shows_roles(api, researcher, editor, superuser, outsider):
    assert api("researcher").get("/api/v1/me/").json()["roles"] == ["researcher"]
    assert api("editor").get("/api/v1/me/").json()["roles"] == ["editor", "researcher"]
    assert api("superuser").get("/api/v1/me/").json()["is_superuser"] is True
    body = api("outsider").get("/api/v1/me/").json()
    assert (body["username"], body["roles"]) == ("otto", [])


def test_notifications_are_the_callers_own_and_can_be_marked_read(api, researcher, editor):
    claim = ClaimFactory()
    claim_services.claim_assign(claim=claim, assignee=researcher, actor=editor)
    client = api("researcher")
    body = client.get("/api/v1/notifications/?unread=true").json()
    assert [n["kind"] for n in body["results"]] == ["assigned"]
    assert api("editor").get("/api/v1/notifications/").json()["results"] == []
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 1
    response = client.post("/api/v1/notifications/read/", {}, format="json")
    assert response.json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread=true").json()["results"] == []


def test_marking_someone_elses_notification_marks_nothing(api, researcher, editor):
    claim = ClaimFactory()
    claim_services.claim_assign(claim=claim, assignee=researcher, actor=editor)
    notification = researcher.notifications.get()
    response = api("editor").post(
        "/api/v1/notifications/read/", {"ids": [notification.pk]}, format="json"
    )
    assert response.json() == {"marked": 0}


def test_ratings_are_the_seeded_scale_best_first(api, researcher):
    body = api("researcher").get("/api/v1/ratings/").json()
    assert [r["slug"] for r in body][:2] == ["true", "mostly-true"]


@pytest.mark.parametrize(
    "error, status, body",
    [
        (ValidationError({"url": "Bad."}), 400, {"url": ["Bad."]}),
        (ValidationError("Plain."), 400, {"non_field_errors": ["Plain."]}),
        (WorkflowError("Guard.", field="note"), 400, {"detail": "Guard.", "field": "note"}),
        (PermissionRefused("Role."), 403, {"detail": "Role.", "field": None}),
        (StaleVersion(7), 409, {"field": "version", "current_version": 7}),
    ],
)
def test_exception_handler_maps_service_errors(error, status, body):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert body.items() <= response.data.items()


@pytest.mark.parametrize(
    "content_type, payload",
    [
        ("application/json", "{not json"),
        ("application/json", "[1, 2]"),
        ("application/json", '{"to": "selected", "version": 99999999999999999999999}'),
        ("application/json", '{"to": ["selected"], "version": 1, "note": {"a": 1}}'),
        ("application/json", '{"to": "selected\\u0000", "version": 1}'),
        ("text/plain", "to=selected"),
        ("application/x-www-form-urlencoded", "to=selected&version=1"),
    ],
)
def test_malformed_input_is_a_4xx_never_a_500(api, researcher, content_type, payload):
    claim = ClaimFactory()
    response = api("researcher").generic(
        "POST", f"/api/v1/claims/{claim.pk}/transition/", payload, content_type=content_type
    )
    assert 400 <= response.status_code < 500
    assert response.headers["Content-Type"] == "application/json"


def test_schema_describes_every_endpoint_and_its_errors(api):
    schema = api("anonymous").get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert len(paths) == 50  # 24, 8 under /api/v1/scorer/, 9 of "seen before", 4 of speakers,
    # 1 of statistics, 2 of exports, 2 of webhooks
    transition = paths["/api/v1/claims/{id}/transition/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(transition["responses"])
    assert "401" not in paths["/api/v1/public/fact-checks/"]["get"]["responses"]
    params = {p["name"] for p in paths["/api/v1/claims/"]["get"]["parameters"]}
    assert {"q", "status", "ordering", "cursor", "mine", "score_min", "has_verdict"} <= params


def test_create_token_command(researcher, capsys):
    call_command("create_token", "rita")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=researcher).key == key
    call_command("create_token", "rita")
    assert capsys.readouterr().out.strip() == key
    call_command("create_token", "rita", "--reset")
    assert capsys.readouterr().out.strip() != key
    with pytest.raises(CommandError):
        call_command("create_token", "nobody")


def test_similar_claims_skip_itself_and_its_duplicates():
    document = DocumentFactory()
    claim = ClaimFactory(document=document, text="Crime fell by a third in five years.")
    marked = ClaimFactory(text="Crime fell by a third in five years!", duplicate_of=claim)
    twin = ClaimFactory(text="Crime fell by one third in five years.")
    other = ClaimFactory(text="Unrelated statement about bridges.")
    vectors_for_claims([claim.pk, marked.pk, twin.pk, other.pk])
    found = [m.object for m in similar_claims(claim) if m.level]
    assert found == [twin]
    assert claim not in [m.object for m in similar_claims(marked)]


def test_admins_add_and_change_ratings_through_the_service(api, superuser):
    client = api("superuser")
    response = client.post("/api/v1/ratings/", {"name": "Needs context", "value": 8}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["slug"], created["value"]) == ("needs-context", 8)
    response = client.patch(
        f"/api/v1/ratings/{created['id']}/", {"description": "Missing context."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["description"] == "Missing context."
    assert response.json()["name"] == "Needs context"


def test_rating_writes_are_refused_to_editors_and_bad_values_name_the_field(api, editor, superuser):
    response = api("editor").post("/api/v1/ratings/", {"name": "X", "value": 9}, format="json")
    assert response.status_code == 403
    response = api("superuser").post(
        "/api/v1/ratings/", {"name": "Duplicate", "value": 7}, format="json"
    )
    assert response.status_code == 400
    assert "value" in response.json()
    response = api("superuser").post(
        "/api/v1/ratings/", {"name": "True", "value": 9}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()
