"""The statistics' query: a period (the last 7/30/90 days, or from-to) and optionally one
speaker or document source. One form for the page and the API (`?days=30`)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from claims import selectors
from claims.models import Speaker
from claims.stats import MAX_PERIOD_DAYS, PERIOD_CHOICES, StatsFilter, stats_filter_for_days


class StatsForm(forms.Form):
    days = forms.TypedChoiceField(
        choices=[(n, f"Last {n} days") for n in PERIOD_CHOICES],
        coerce=int,
        required=False,
        empty_value=30,
        label="Period",
    )
    start = forms.DateField(required=False, label="From (date)")
    end = forms.DateField(required=False, label="To (date, included)")
    speaker = forms.CharField(
        required=False, max_length=200, help_text="A speaker's number or full name."
    )
    source = forms.CharField(required=False, max_length=200, label="Document source")

    def clean_speaker(self) -> Speaker | None:
        wanted = self.cleaned_data.get("speaker", "").strip()
        if not wanted:
            return None
        speaker = selectors.speaker_by_reference(wanted)
        if speaker is None:
            raise forms.ValidationError(
                f"No single speaker is called “{wanted}”: give the number or the full name."
            )
        return speaker

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            field = "end" if end is None else "start"
            self.add_error(field, "Give both dates of the period, or neither.")
        elif start is not None and end is not None:
            if end < start:
                self.add_error("end", "The end date is before the start date.")
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("end", f"A period is at most {MAX_PERIOD_DAYS} days.")
        return data

    def stats_filter(self, *, scope_user: Any = None) -> StatsFilter:
        """The filter of a valid form."""
        data = self.cleaned_data
        narrowing = {
            "speaker_id": data["speaker"].pk if data.get("speaker") else None,
            "source": (data.get("source") or "").strip(),
            "scope_user": scope_user,
        }
        if data.get("start") is not None:
            tz = timezone.get_current_timezone()
            start = datetime.combine(data["start"], time.min, tzinfo=tz).astimezone(UTC)
            end = datetime.combine(data["end"] + timedelta(days=1), time.min, tzinfo=tz)
            return StatsFilter(start=start, end=end.astimezone(UTC), **narrowing)
        return stats_filter_for_days(data.get("days") or 30, **narrowing)
