"""Input of the triage and document pages: the claim filters (one form, read from the query
string by both pages, so a filtered list is a link to share) and the bulk action form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from claims import selectors
from claims.forms import Form, IdListField
from claims.models import ClaimType, Document
from claims.selectors import triage as triage_selectors
from claims.validators import MAX_ID
from claims.workflow import Status

ME = "me"
NOBODY = "none"


def team_list() -> list[Any]:
    """Everyone on the team, read once per page and shared by its forms."""
    return list(selectors.team_members())


class TeamField(forms.ChoiceField):
    """A team member: "me" (the user filling the form), a user's id, or an empty choice
    (None). `team` comes from `team_list()`."""

    def __init__(self, *, empty: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.empty = empty
        self.team: dict[str, Any] = {}

    def set_team(self, team: list[Any], user: Any) -> None:
        self.team = {str(u.pk): u for u in team}
        self.team[ME] = user
        people = [(pk, u.get_full_name() or u.username) for pk, u in self.team.items() if pk != ME]
        self.choices = [*self.empty, (ME, "Me"), *people]

    def clean(self, value: Any) -> Any:
        return self.team.get(super().clean(value))


class ClaimFilterForm(Form):
    """The filters in the query string (GET). Invalid values are errors on their field and
    filter nothing; `filters()` hands the valid ones to `triage_selectors.claims_filtered`."""

    q = forms.CharField(label="Search", required=False, max_length=500)
    document = forms.CharField(
        label="Document",
        required=False,
        max_length=300,
        help_text="A document's number, or part of its title.",
    )
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        max_length=200,
        help_text="A speaker's number or name, or part of the name as written.",
    )
    claim_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *ClaimType.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    assignee = TeamField(
        label="Assignee", required=False, empty=[("", "Anyone or nobody"), (NOBODY, "Nobody")]
    )
    score = forms.ChoiceField(
        label="Score",
        required=False,
        choices=[
            ("", "Any score"),
            ("high", "High (0.7 and over)"),
            ("medium", "Medium (0.4 to 0.7)"),
            ("low", "Low (under 0.4)"),
        ],
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("score", "Score"), ("date", "Date"), ("document", "Document order")],
    )

    def __init__(
        self, data=None, *, user: Any, team: list[Any], document: Document | None = None, **kw
    ):
        super().__init__(data, **kw)
        self.fields["assignee"].set_team(team, user)
        self.fixed_document = document
        if document is not None:  # the document page: its own claims only
            del self.fields["document"]

    def clean_document(self) -> Document | str | None:
        """A number names one document (which must exist); other text is part of titles."""
        wanted = self.cleaned_data["document"].strip()
        if not wanted.isdigit():
            return wanted or None
        number = int(wanted)
        found = (
            Document.objects.defer("text").filter(pk=number).first()
            if 1 <= number <= MAX_ID
            else None
        )
        if found is None:
            raise ValidationError("There is no document with this number.")
        return found

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> triage_selectors.ClaimFilters:
        """The valid filters (a field with an error filters nothing)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        wanted = (data.get("speaker") or "").strip()
        speaker = selectors.speaker_by_reference(wanted) if wanted else None
        return triage_selectors.ClaimFilters(
            q=data.get("q") or "",
            document=self.fixed_document or _only(Document, data.get("document")),
            document_title="" if self.fixed_document else _only(str, data.get("document")) or "",
            speaker=speaker,
            speaker_text="" if speaker else wanted,
            claim_type=data.get("claim_type") or "",
            status=data.get("status") or "",
            assignee=data.get("assignee"),
            unassigned=self.data.get("assignee") == NOBODY and "assignee" not in self.errors,
            score_band=data.get("score") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or ("document" if self.fixed_document else "score"),
        )


def _only(kind: type, value: Any) -> Any:
    return value if isinstance(value, kind) else None


class BulkForm(Form):
    """One action on the ticked claims. "Select" may also assign them; it all happens or
    none of it does (`claim_services.claims_bulk`)."""

    ACTIONS = [
        ("select", "Select for checking"),
        ("dismiss", "Dismiss"),
        ("assign", "Assign"),
    ]
    claims = IdListField(label="Claims", error_messages={"required": "Tick at least one claim."})
    action = forms.ChoiceField(label="Action", choices=ACTIONS)
    assignee = TeamField(
        label="Assign to",
        required=False,
        empty=[("", "Nobody")],
        help_text="With Select, they are assigned too.",
    )
    note = forms.CharField(
        label="Note (why they are dismissed)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, user: Any, team: list[Any], **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")  # the filter form on the same page has id_*
        super().__init__(data, **kwargs)
        self.fields["assignee"].set_team(team, user)

    def clean_claims(self) -> list[int]:
        ids = self.cleaned_data["claims"]
        if len(ids) > 500:
            raise ValidationError("Choose at most 500 claims at a time.")
        return ids

    def clean(self) -> dict:
        data = super().clean()
        action, assignee = data.get("action"), data.get("assignee")
        if action == "assign" and assignee is None and "assignee" not in self.errors:
            self.add_error("assignee", "Choose who gets the claims.")
        if action == "dismiss" and assignee is not None:
            self.add_error("assignee", "Dismissed claims are not assigned: choose Nobody.")
        return data
