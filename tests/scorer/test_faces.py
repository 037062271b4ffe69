"""The scorer's faces: the editor page (htmx progress), the API and the admin. Activation
and rollback through each; editors only for the actions."""

import pytest
from django.urls import reverse

from claims import scorers
from claims.models import Claim, LabelledSentence, ScorerJob, ScorerModel
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _active():
    return list(ScorerModel.objects.filter(is_active=True).values_list("version", flat=True))


# --- The page ---


def test_page_shows_the_active_model_metrics_chart_labels_and_decisions(
    client, trained, editor, decisions
):
    scorers.scorer_activate(model=trained[0], actor=editor)
    client.force_login(editor)
    response = client.get(reverse("claims:scorer"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Model <strong>v1</strong>" in page
    assert "<svg" in page and "<circle" in page  # the calibration curve
    threshold = trained[0].metrics["threshold"]
    assert f'<strong id="threshold">{threshold:.3f}</strong>' in page
    assert "Newsroom decisions" in page and "debate-0" in page
    # the decisions fixture runs after the training one: all 21 came later
    assert "<strong>21</strong> new triage decisions since this model was trained" in page
    assert page.count("Activate</button>") == 1 and "Roll back</button>" in page


def test_page_without_a_model_names_the_rule_scorer(client, researcher, settings):
    client.force_login(researcher)
    page = client.get(reverse("claims:scorer")).content.decode()
    assert "the <strong>rule scorer</strong>" in page
    assert f"{settings.EXTRACTION_THRESHOLD:.3f}" in page
    assert "Train a new model" not in page  # researchers see, editors act


def test_activate_and_roll_back_from_the_page(client, trained, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:scorer_activate", args=[2]), follow=True)
    assert _active() == [2] and "v2 is now active" in response.content.decode()
    client.post(reverse("claims:scorer_activate", args=[1]))
    response = client.post(reverse("claims:scorer_rollback"), follow=True)
    assert _active() == [2] and "v2 is now in use" in response.content.decode()


def test_researchers_cannot_act_on_the_page(client, trained, researcher):
    client.force_login(researcher)
    assert client.post(reverse("claims:scorer_activate", args=[1])).status_code == 403
    assert client.post(reverse("claims:scorer_train")).status_code == 403
    assert client.post(reverse("claims:scorer_rescore")).status_code == 403
    assert _active() == [] and not ScorerJob.objects.exists()


def test_outsiders_and_anonymous_are_kept_out(client, outsider):
    assert client.get(reverse("claims:scorer")).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("claims:scorer")).status_code == 403
    assert client.post(reverse("claims:scorer_rollback")).status_code == 403


def test_train_button_starts_a_job_whose_progress_is_polled(
    client, imported, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    job = ScorerJob.objects.create(kind="train", status="running", created_by=editor)
    ScorerJob.objects.filter(pk=job.pk).update(progress_done=2, progress_total=6)
    box = client.get(reverse("claims:scorer_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in box and "2 of 6" in box
    job.delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:scorer_train"), {"source": ["imports"]}, follow=True)
    assert "Training started" in response.content.decode()
    job = ScorerJob.objects.get()
    assert job.status == "succeeded" and job.options["from_decisions"] is False
    box = client.get(reverse("claims:scorer_job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in box and "model v1" in box


def test_rescore_button_rescores_the_new_claims(
    client, trained, editor, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(text="Taxes rose 9 percent in 2015.")
    scorers.scorer_activate(model=trained[0], actor=editor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:scorer_rescore"), follow=True)
    assert "Re-scoring of the new claims started" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).scorer_version == "v1"
    assert client.post(reverse("claims:scorer_rescore"), {"document": "x"}).status_code == 404


# --- The API ---


def test_api_lists_and_shows_versions_without_parameters(api, trained):
    response = api("researcher").get("/api/v1/scorer/models/")
    assert response.status_code == 200
    assert [m["version"] for m in response.json()] == [2, 1]
    assert "params" not in response.json()[0] and "f1" in response.json()[0]["metrics"]
    assert api("researcher").get("/api/v1/scorer/models/1/").json()["version"] == 1
    assert api("researcher").get("/api/v1/scorer/models/7/").status_code == 404
    assert api("researcher").get("/api/v1/scorer/models/x/").status_code == 404


def test_api_overview_shows_the_active_model_labels_and_decisions_since(
    api, trained, editor, decisions
):
    scorers.scorer_activate(model=trained[1], actor=editor)
    data = api("researcher").get("/api/v1/scorer/").json()
    assert data["active"]["version"] == 2 and data["active"]["metrics"]["calibration"]
    assert data["threshold"] == trained[1].metrics["threshold"]
    assert data["decisions_since"] == 21
    sources = {(row["origin"], row["source"]): row for row in data["label_counts"]}
    assert sources[("decision", "newsroom")] == {
        "origin": "decision",
        "source": "newsroom",
        "total": 21,
        "positives": 11,
    }
    assert sources[("import", "debate-0")]["total"] == 6
    assert api("outsider").get("/api/v1/scorer/").status_code == 403


def test_api_activate_and_rollback(api, trained):
    client = api("editor")
    response = client.post("/api/v1/scorer/models/1/activate/")
    assert response.status_code == 200 and response.json()["is_active"] is True
    client.post("/api/v1/scorer/models/2/activate/")
    response = client.post("/api/v1/scorer/models/rollback/")
    assert response.status_code == 200 and response.json()["active"]["version"] == 1
    response = client.post("/api/v1/scorer/models/rollback/")
    assert response.json() == {"active": None} and _active() == []
    response = client.post("/api/v1/scorer/models/rollback/")
    assert response.status_code == 400 and "already in use" in response.json()["detail"]


def test_api_train_and_rescore_answer_202_with_a_job(
    api, imported, django_capture_on_commit_callbacks
):
    client = api("editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/scorer/models/train/", {"activate": True}, format="json")
    assert response.status_code == 202
    job = client.get(f"/api/v1/scorer/jobs/{response.json()['id']}/").json()
    assert job["status"] == "succeeded" and job["model"] == 1 and job["kind"] == "train"
    assert _active() == [1]
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/scorer/models/rescore/", {"document": claim.document_id}, format="json"
        )
    assert response.status_code == 202 and response.json()["kind"] == "rescore"
    assert Claim.objects.get(pk=claim.pk).scorer_version == "v1"


def test_a_job_without_a_model_answers_null_as_its_schema_says(
    api, db, django_capture_on_commit_callbacks
):
    """A training that fails (no labels) leaves the job without a model: null, which the
    OpenAPI schema must allow (schemathesis found it refused)."""
    client = api("editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/scorer/models/train/", {}, format="json")
    assert response.status_code == 202
    job = client.get(f"/api/v1/scorer/jobs/{response.json()['id']}/").json()
    assert job["status"] == "failed" and job["model"] is None
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["ScorerJob"]["properties"]["model"]["nullable"]


def test_api_refuses_bad_input_naming_the_field(api, db):
    client = api("editor")
    response = client.post(
        "/api/v1/scorer/models/train/",
        {"from_imports": False, "from_decisions": False},
        format="json",
    )
    assert response.status_code == 400 and "from_imports" in response.json()
    response = client.post("/api/v1/scorer/models/rescore/", {"document": "x"}, format="json")
    assert response.status_code == 400 and "document" in response.json()
    response = client.post("/api/v1/scorer/models/rescore/", {"document": 99}, format="json")
    assert response.status_code == 404
    assert not ScorerJob.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "act"),
    [("anonymous", 401, 401), ("outsider", 403, 403), ("researcher", 200, 403)],
)
def test_api_access(api, trained, role, read, act):
    client = api(role)
    assert client.get("/api/v1/scorer/models/").status_code == read
    assert client.post("/api/v1/scorer/models/1/activate/").status_code == act
    assert client.post("/api/v1/scorer/models/rollback/").status_code == act
    assert client.post("/api/v1/scorer/models/train/", {}, format="json").status_code == act
    assert client.post("/api/v1/scorer/models/rescore/", {}, format="json").status_code == act
    assert _active() == [] and not ScorerJob.objects.exists()


# --- The admin ---


@pytest.fixture
def staff_editor(db):
    return UserFactory(username="stella", role="editor", is_staff=True)


def _admin_action(client, model, action, ids):
    return client.post(
        reverse(f"admin:claims_{model}_changelist"),
        {"action": action, "_selected_action": ids},
        follow=True,
    )


def test_admin_pages_render(client, superuser, trained, decisions):
    client.force_login(superuser)
    job = ScorerJob.objects.create(kind="train", created_by=superuser)
    for model, obj in (
        ("scorermodel", trained[0]),
        ("labelledsentence", LabelledSentence.objects.first()),
        ("scorerjob", job),
    ):
        assert client.get(reverse(f"admin:claims_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:claims_{model}_change", args=[obj.pk])).status_code == 200
    page = client.get(reverse("admin:claims_scorermodel_change", args=[trained[0].pk]))
    assert "vocabulary: " in page.content.decode()  # parameters summarised, read-only
    assert client.get(reverse("admin:claims_scorermodel_add")).status_code == 403


def test_admin_activate_and_rollback(client, staff_editor, trained):
    client.force_login(staff_editor)
    response = _admin_action(client, "scorermodel", "activate", [trained[1].pk])
    assert _active() == [2] and "v2 is now active" in response.content.decode()
    response = _admin_action(client, "scorermodel", "rollback", [trained[1].pk])
    assert _active() == [] and "the rule scorer is in use" in response.content.decode()


def test_admin_actions_refuse_researchers(client, trained):
    researcher = UserFactory(username="ruth", role="researcher", is_staff=True)
    client.force_login(researcher)
    response = _admin_action(client, "scorermodel", "activate", [trained[0].pk])
    assert _active() == [] and "Only editors" in response.content.decode()
    claim = ClaimFactory()
    response = _admin_action(client, "claim", "rescore_claims", [claim.pk])
    assert "Only editors" in response.content.decode() and not ScorerJob.objects.exists()


def test_admin_rescore_action_on_claims(
    client, staff_editor, trained, django_capture_on_commit_callbacks
):
    scorers.scorer_activate(model=trained[0], actor=staff_editor)
    picked, other = ClaimFactory(text="Prices rose 8 percent."), ClaimFactory()
    client.force_login(staff_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_action(client, "claim", "rescore_claims", [picked.pk])
    assert "Re-scoring queued" in response.content.decode()
    assert Claim.objects.get(pk=picked.pk).scorer_version == "v1"
    assert Claim.objects.get(pk=other.pk).scorer_version == "rules"


def _page_queries(client, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"format": "x"}
    ScorerModel.objects.bulk_create(
        ScorerModel(version=100 + i, params=params, trained_from="imports") for i in range(count)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("claims:scorer")).status_code == 200
    ScorerModel.objects.filter(version__gte=100).delete()
    return len(queries)


def test_page_query_count_does_not_grow_with_versions(client, editor):
    client.force_login(editor)
    assert _page_queries(client, 1) == _page_queries(client, 8)


def test_admin_rescore_action_on_documents(
    client, staff_editor, trained, django_capture_on_commit_callbacks
):
    scorers.scorer_activate(model=trained[0], actor=staff_editor)
    claim, other = ClaimFactory(text="Prices rose 8 percent."), ClaimFactory()
    client.force_login(staff_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_action(client, "document", "rescore", [claim.document_id])
    assert "Queued re-scoring of 1 document" in response.content.decode()
    assert ScorerJob.objects.get().document_id == claim.document_id
    assert Claim.objects.get(pk=claim.pk).scorer_version == "v1"
    assert Claim.objects.get(pk=other.pk).scorer_version == "rules"
