"""/api/v1/webhooks/: administrators only; the secret is write-only; bad input is a 400
naming the field; the admin shows the delivery log."""

import pytest

from claims.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db
BODY = {
    "url": "https://hooks.example.org/factcheck",
    "events": ["claim.published", "job.failed"],
    "secret": "a-long-enough-secret",
}


def test_administrators_register_list_and_delete(api, settings):
    settings.URL_FETCH_ALLOW_PRIVATE = True  # no name lookup for hooks.example.org
    client = api("superuser")
    response = client.post("/api/v1/webhooks/", BODY, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["events"] == BODY["events"] and "secret" not in created
    assert created["payload_format"] == "json" and created["is_active"] is True
    assert Webhook.objects.get().secret == BODY["secret"]
    assert [w["id"] for w in client.get("/api/v1/webhooks/").json()] == [created["id"]]
    assert client.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not Webhook.objects.exists()
    assert client.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 404


@pytest.mark.parametrize("role, code", [("editor", 403), ("researcher", 403), ("anonymous", 401)])
def test_only_administrators(api, role, code):
    client = api(role)
    assert client.get("/api/v1/webhooks/").status_code == code
    assert client.post("/api/v1/webhooks/", BODY, format="json").status_code == code


@pytest.mark.parametrize(
    "change, field",
    [
        ({"events": ["claim.deleted"]}, "events"),
        ({"events": []}, "events"),
        ({"secret": "short"}, "secret"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": "http://127.0.0.1:9/hook"}, "url"),
        ({"payload_format": "xml"}, "payload_format"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, settings, change, field):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    response = api("superuser").post("/api/v1/webhooks/", {**BODY, **change}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Webhook.objects.exists()


def test_in_the_schema(api):
    paths = api("anonymous").get("/api/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/webhooks/"])
    assert "delete" in paths["/api/v1/webhooks/{id}/"]


def test_admin_shows_the_delivery_log(client, superuser):
    webhook = Webhook.objects.create(url=BODY["url"], events=["job.failed"], secret="x" * 20)
    WebhookDelivery.objects.create(
        webhook=webhook,
        event="job.failed",
        payload={},
        status="failed",
        response_code=502,
        duration_ms=87,
    )
    client.force_login(superuser)
    page = client.get(f"/admin/claims/webhook/{webhook.pk}/change/").content.decode()
    assert "502" in page and "87" in page and "Failed" in page
    assert client.get("/admin/claims/webhookdelivery/").status_code == 200
