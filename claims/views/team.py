"""The team page: administrators invite members and set their roles."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import selectors, workflow
from claims.forms import Form
from claims.services import team
from claims.views.common import put_errors

ROLE_CHOICES = [("researcher", "Researcher"), ("editor", "Editor")]


class InviteForm(Form):
    username = forms.CharField(label="User name", max_length=150)
    email = forms.CharField(label="E-mail", required=False, max_length=254)
    role = forms.ChoiceField(label="Role", choices=ROLE_CHOICES)


class MemberForm(Form):
    role = forms.ChoiceField(label="Role", choices=[*ROLE_CHOICES, ("none", "No role")])
    is_active = forms.BooleanField(label="May log in", required=False)


def _administrators_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if refusal := workflow.team_refusal(request.user):
        raise PermissionDenied(refusal.message)
    return None


def team_page(request: HttpRequest) -> HttpResponse:
    if refused := _administrators_only(request):
        return refused
    form = InviteForm(request.POST or None)
    password = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member, password = team.team_member_invite(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                put_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{member.get_username()} was added. Pass on their password (shown once): "
                    f"{password}",
                )
                return redirect("claims:team")
    members = [(member, team.role_of(member)) for member in selectors.members_for_admin()]
    context = {"form": form, "members": members, "roles": MemberForm.base_fields["role"].choices}
    return render(request, "claims/team.html", context, status=status)


@require_POST
def team_member(request: HttpRequest, pk: int) -> HttpResponse:
    if refused := _administrators_only(request):
        return refused
    member = get_object_or_404(get_user_model(), pk=pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            team.team_member_update(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    else:
        messages.success(request, f"{member.get_username()} saved.")
    return redirect("claims:team")
