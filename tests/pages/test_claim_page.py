"""The claim page: actions through the services, refusals shown with the input kept."""

import re

import pytest
from django.urls import reverse

from claims.models import Notification
from claims.services import claims as claim_services
from claims.vectors import vectors_for_claims
from claims.workflow import available_transitions
from tests.factories import ClaimFactory, EvidenceFactory, rating


def url(name, claim):
    return reverse(f"claims:{name}", args=[claim.pk])


def buttons(response) -> list[str]:
    html = response.content.decode()
    form = re.search(r'action="[^"]*/transition/".*?</form>', html, re.S)
    return re.findall(r'name="to" value="([a-z_]+)"', form.group(0)) if form else []


@pytest.mark.parametrize("who", ["researcher", "researcher2", "editor"])
@pytest.mark.parametrize(
    "status", ["new", "selected", "researching", "in_review", "approved", "published", "dismissed"]
)
def test_buttons_are_exactly_the_available_transitions(client, request, who, status, researcher):
    user = request.getfixturevalue(who)
    claim = ClaimFactory(
        status=status,
        assignee=researcher,
        submitted_by=researcher,
        rating=rating("false"),
        verdict_summary="No.",
        published_at="2024-01-01T00:00Z" if status == "published" else None,
    )
    EvidenceFactory(claim=claim)
    client.force_login(user)
    response = client.get(claim.get_absolute_url())
    assert buttons(response) == [t.target for t in available_transitions(claim, user)]


def test_researcher_takes_a_claim_through_to_review(client, researcher, editor):
    claim = ClaimFactory(status="new")
    client.force_login(researcher)
    assert (
        client.post(url("claim_transition", claim), {"version": 1, "to": "selected"}).status_code
        == 302
    )
    assert client.post(url("claim_assign", claim), {"version": 2, "me": "1"}).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == researcher
    assert (
        client.post(
            url("claim_transition", claim), {"version": claim.version, "to": "researching"}
        ).status_code
        == 302
    )
    response = client.post(
        url("claim_evidence", claim),
        {
            "url": "https://stats.example.org/2019",
            "title": "Annual report",
            "stance": "refutes",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    response = client.post(
        url("claim_verdict", claim),
        {
            "version": claim.version,
            "rating": rating("false").pk,
            "verdict_summary": "It was 4.1 percent.",
            "verdict_explanation": "See the report.",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    response = client.post(
        url("claim_transition", claim), {"version": claim.version, "to": "in_review"}, follow=True
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert claim.submitted_by == researcher
    history = response.content.decode()
    for action in ["Status changed", "Assigned", "Evidence added", "Verdict set"]:
        assert action in history
    assert Notification.objects.filter(recipient=editor, claim=claim).exists()


def test_guard_refusal_shows_the_message(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    response = client.post(url("claim_transition", claim), {"version": 1, "to": "in_review"})
    assert response.status_code == 400
    assert "The verdict needs a rating, a verdict summary, at least one evidence source." in (
        response.content.decode()
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("researching", 1)


def test_dismiss_without_a_note_is_refused_on_the_note(client, researcher):
    claim = ClaimFactory(status="new")
    client.force_login(researcher)
    response = client.post(
        url("claim_transition", claim), {"version": 1, "to": "dismissed", "note": "   "}
    )
    assert response.status_code == 400
    assert response.context["transition_form"].errors["note"] == [
        "A note is required: say why it is dismissed."
    ]


def test_stale_transition_shows_the_message_and_keeps_the_note(client, editor, editor2, researcher):
    claim = ClaimFactory(status="in_review", assignee=researcher, submitted_by=researcher)
    client.force_login(editor)
    seen_version = claim.version
    claim_services.claim_comment(claim=claim, body="hm", actor=editor2)  # no version bump
    claim_services.claim_update(claim=claim, actor=editor2, priority=4)  # bumps the version
    response = client.post(
        url("claim_transition", claim),
        {
            "version": seen_version,
            "to": "researching",
            "note": "Cite the 2019 table, please.",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else since you loaded it" in html
    assert "Cite the 2019 table, please." in html
    claim.refresh_from_db()
    assert claim.status == "in_review"
    # The form now carries the current version: sending it again goes through.
    form = response.context["transition_form"]
    assert int(form["version"].value()) == claim.version


def test_stale_verdict_keeps_what_was_typed(client, researcher, editor):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    claim_services.claim_update(claim=claim, actor=editor, priority=3)
    response = client.post(
        url("claim_verdict", claim),
        {
            "version": 1,
            "rating": rating("mostly-false").pk,
            "verdict_summary": "Typed summary",
            "verdict_explanation": "Typed explanation",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="Typed summary"' in html and "Typed explanation" in html
    claim.refresh_from_db()
    assert claim.verdict_summary == ""


def test_submitter_cannot_approve_their_own_verdict(client, editor):
    claim = ClaimFactory(
        status="in_review",
        assignee=editor,
        submitted_by=editor,
        rating=rating("false"),
        verdict_summary="No.",
    )
    client.force_login(editor)
    page = client.get(claim.get_absolute_url())
    assert "approved" not in buttons(page)
    response = client.post(
        url("claim_transition", claim), {"version": 1, "to": "approved", "confirmed": "1"}
    )
    assert response.status_code == 400
    assert "Another editor must approve this verdict" in response.content.decode()


def test_another_researcher_cannot_submit_someone_elses_claim(client, researcher, researcher2):
    claim = ClaimFactory(
        status="researching", assignee=researcher, rating=rating("false"), verdict_summary="No."
    )
    EvidenceFactory(claim=claim)
    client.force_login(researcher2)
    assert "in_review" not in buttons(client.get(claim.get_absolute_url()))
    response = client.post(url("claim_transition", claim), {"version": 1, "to": "in_review"})
    assert response.status_code == 403
    assert "Only the assignee or editor" in response.content.decode()


def test_unknown_status_is_a_form_error_not_a_500(client, researcher):
    claim = ClaimFactory(status="new")
    client.force_login(researcher)
    for data in [{"version": 1, "to": "nonsense"}, {"version": "x", "to": "selected"}, {}]:
        assert client.post(url("claim_transition", claim), data).status_code == 400


def test_researcher_cannot_take_a_claim_someone_else_holds(client, researcher, researcher2):
    claim = ClaimFactory(status="selected", assignee=researcher)
    client.force_login(researcher2)
    page = client.get(claim.get_absolute_url())
    assert b'id="assign"' not in page.content
    response = client.post(url("claim_assign", claim), {"version": 1, "me": "1"})
    assert response.status_code == 403
    assert "Only an editor may reassign" in response.content.decode()


def test_editor_assigns_someone(client, editor, researcher2):
    claim = ClaimFactory(status="selected")
    client.force_login(editor)
    response = client.post(url("claim_assign", claim), {"version": 1, "assignee": researcher2.pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == researcher2


@pytest.mark.parametrize("bad_url", ["javascript:alert(1)", "not a url", ""])
def test_bad_evidence_url_is_a_form_error(client, researcher, bad_url):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    response = client.post(
        url("claim_evidence", claim),
        {
            "url": bad_url,
            "title": "Kept title",
            "stance": "supports",
        },
    )
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["url"]
    assert 'value="Kept title"' in response.content.decode()
    assert claim.evidence.count() == 0


def test_evidence_on_a_published_claim_is_refused(client, editor):
    claim = ClaimFactory(status="published", published_at="2024-01-01T00:00Z")
    client.force_login(editor)
    response = client.post(
        url("claim_evidence", claim),
        {
            "url": "https://example.org/x",
            "stance": "supports",
        },
    )
    assert response.status_code == 400
    assert "cannot be changed; reopen it first" in response.content.decode()


def test_empty_comment_is_refused(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    response = client.post(url("claim_comment", claim), {"body": "   "})
    assert response.status_code == 400
    assert response.context["comment_form"].errors["body"]


def test_details_are_saved(client, researcher):
    claim = ClaimFactory(status="selected")
    client.force_login(researcher)
    response = client.post(
        url("claim_details", claim),
        {
            "version": 1,
            "priority": 4,
            "due_at": "2030-05-01T12:00",
            "claim_type": "causal",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.priority, claim.claim_type) == (4, "causal")
    assert claim.due_at.year == 2030


def test_mark_duplicate_and_refuse_self(client, researcher):
    claim, original = ClaimFactory(), ClaimFactory()
    client.force_login(researcher)
    response = client.post(url("claim_duplicate", claim), {"version": 1, "original": claim.pk})
    assert response.status_code == 400
    assert "cannot be a duplicate of itself" in response.content.decode()
    response = client.post(url("claim_duplicate", claim), {"version": 1, "original": 999999})
    assert response.status_code == 400
    response = client.post(url("claim_duplicate", claim), {"version": 1, "original": original.pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.duplicate_of == original


def test_script_in_claim_text_is_escaped(client, researcher):
    text = "Taxes </script><script>alert(1)</script> rose 5%."
    claim = ClaimFactory(
        text=text, speaker="<img src=x onerror=alert(1)>", reasons=["<b>number</b>"]
    )
    client.force_login(researcher)
    for page in [claim.get_absolute_url(), "/", "/triage/"]:
        html = client.get(page).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "<b>number</b>" not in html


def test_notifications_are_cleared_when_the_claim_is_seen(client, researcher, editor):
    claim = ClaimFactory(status="selected")
    claim_services.claim_assign(claim=claim, assignee=researcher, actor=editor)
    client.force_login(researcher)
    dashboard = client.get("/").content.decode()
    assert 'aria-label="1 unread"' in dashboard
    listing = client.get("/notifications/").content.decode()
    assert "eddie assigned you a claim to check." in listing
    client.get(claim.get_absolute_url())
    assert not Notification.objects.filter(recipient=researcher, read_at__isnull=True).exists()
    assert "unread" not in client.get("/").content.decode().split("</header>")[0]


def test_mark_all_notifications_read(client, researcher, editor):
    for _ in range(3):
        claim_services.claim_assign(
            claim=ClaimFactory(status="selected"), assignee=researcher, actor=editor
        )
    client.force_login(researcher)
    response = client.post("/notifications/", follow=True)
    assert b"3 notifications marked read." in response.content
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_claim_context_shows_surrounding_sentences(client, researcher):
    from tests.factories import DocumentFactory

    document = DocumentFactory(text="First one. Second one. The claim is here. Fourth one. Fifth.")
    start = document.text.index("The claim")
    claim = ClaimFactory(document=document, start=start, end=start + 18, text="The claim is here.")
    client.force_login(researcher)
    context = client.get(claim.get_absolute_url()).context
    assert context["context_text"] == "The claim is here."
    assert "Second one." in context["context_before"]
    assert "Fourth one." in context["context_after"]


def test_similar_claims_are_listed(client, researcher):
    claim = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019, the lowest rate.")
    other = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019, the lowest in decades.")
    parade = ClaimFactory(text="The parade was lovely.")
    vectors_for_claims([claim.pk, other.pk, parade.pk])
    client.force_login(researcher)
    rows = client.get(claim.get_absolute_url()).context["seen_before"]
    assert other in [row.match.object for row in rows]
    assert parade not in [row.match.object for row in rows]


def test_a_due_date_at_the_end_of_the_calendar_is_a_form_error(client, researcher, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    response = client.post(
        url("claim_details", claim),
        {
            "version": claim.version,
            "priority": 2,
            "due_at": "0001-01-01T00:00",
            "claim_type": "quantity",
            "speaker_resolved": "",
        },
    )
    assert response.status_code == 400
    assert "between the years 1800 and 2200" in response.content.decode()
    claim.refresh_from_db()
    assert claim.due_at is None


def test_a_long_discussion_and_history_show_their_latest_rows_and_all_on_request(
    client, researcher, settings
):
    from claims.models import ClaimEvent
    from claims.selectors import CLAIM_PAGE_ROWS
    from tests.factories import CommentFactory

    claim = ClaimFactory()
    total = CLAIM_PAGE_ROWS + 5
    for n in range(total):
        CommentFactory(claim=claim, body=f"Comment number {n}.")
        ClaimEvent.objects.create(claim=claim, action="comment", note=f"event number {n}")
    client.force_login(researcher)

    html = client.get(claim.get_absolute_url()).content.decode()
    shown = [int(n) for n in re.findall(r"Comment number (\d+)\.", html)]
    assert shown == list(range(5, total))  # the latest, oldest of them first
    assert f"The latest {CLAIM_PAGE_ROWS} of {total} comments" in html
    events = [int(n) for n in re.findall(r"event number (\d+)", html)]
    assert events == list(range(5, total))
    assert f"The latest {CLAIM_PAGE_ROWS} of {total} changes" in html

    html = client.get(claim.get_absolute_url() + "?all=1").content.decode()
    assert [int(n) for n in re.findall(r"Comment number (\d+)\.", html)] == list(range(total))
    assert [int(n) for n in re.findall(r"event number (\d+)", html)] == list(range(total))
    assert "The latest" not in html
