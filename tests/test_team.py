"""Adding newsroom members who are not superusers: the command and the team page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.roles import is_editor, is_researcher
from claims.services import team

pytestmark = pytest.mark.django_db


def test_create_user_makes_an_editor_who_is_not_a_superuser_and_prints_a_password(capsys):
    call_command("create_user", "erica", "--role", "editor")
    out = capsys.readouterr().out
    password = out.strip().rsplit(" ", 1)[-1]
    user = get_user_model().objects.get(username="erica")
    assert out.startswith("erica (editor) password: ")
    assert user.check_password(password) and not user.is_superuser
    assert is_editor(user)


def test_create_user_refuses_a_taken_name():
    call_command("create_user", "rex")
    with pytest.raises(CommandError, match="taken"):
        call_command("create_user", "REX")


def test_an_administrator_invites_and_changes_roles_on_the_team_page(client, superuser):
    client.force_login(superuser)
    assert client.get("/team/").status_code == 200
    response = client.post(
        "/team/",
        {"username": "rita", "email": "rita@example.org", "role": "researcher"},
        follow=True,
    )
    assert "Pass on their password" in response.content.decode()
    rita = get_user_model().objects.get(username="rita")
    assert is_researcher(rita) and not is_editor(rita)
    client.post(f"/team/{rita.pk}/", {"role": "editor", "is_active": "on"})
    rita = get_user_model().objects.get(pk=rita.pk)
    assert is_editor(rita) and team.role_of(rita) == "editor"
    client.post(f"/team/{rita.pk}/", {"role": "none"})
    rita = get_user_model().objects.get(pk=rita.pk)
    assert not rita.is_active and team.role_of(rita) == "none"


def test_an_editor_cannot_manage_the_team(client, editor):
    client.force_login(editor)
    assert client.get("/team/").status_code == 403
    response = client.post("/team/", {"username": "sneaky", "role": "editor"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="sneaky").exists()
