"""Forms of the "seen before" pages: search, the review queue's filters, decisions."""

from __future__ import annotations

from django import forms

from claims.models import MatchLevel
from claims.search import MAX_QUERY_LENGTH
from claims.seen import SEARCH_SOURCES
from claims.seen_rules import SEEN_BEFORE_ACTIONS
from claims.validators import MAX_ID


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(label="Claim or words", max_length=MAX_QUERY_LENGTH, required=False)
    source = forms.ChoiceField(
        choices=[("", "Everywhere"), *SEARCH_SOURCES.items()], required=False
    )
    publisher = forms.CharField(max_length=200, required=False)


class SuggestionFilterForm(forms.Form):
    document = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    speaker = forms.CharField(max_length=200, required=False)
    level = forms.ChoiceField(choices=[("", "Any"), *MatchLevel.choices], required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject")])
    note = forms.CharField(max_length=2000, required=False)


class SeenBeforeDecisionForm(DecisionForm):
    target = forms.RegexField(regex=r"^(claim|external):[0-9]{1,18}$", max_length=40)


class ResolveForm(forms.Form):
    suggestion = forms.IntegerField(min_value=1, max_value=MAX_ID)
    action = forms.ChoiceField(choices=[(a, a) for a in SEEN_BEFORE_ACTIONS])
    note = forms.CharField(max_length=2000, required=False)
    version = forms.IntegerField(min_value=1, required=False)
