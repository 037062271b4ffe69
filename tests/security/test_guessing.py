"""Guessing is limited: logins on the pages and the admin lock an account and an address
after LOGIN_FAILURE_LIMIT failures (django-axes, state in the database), password reset
sends a bounded number of e-mails, and wrong API tokens are answered 429."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


def post_login(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_the_right_password_after_the_limit_of_wrong_ones_is_refused(client, db, settings, url):
    UserFactory(username="victim", is_staff=True, is_superuser=True)
    statuses = [
        post_login(client, url, "victim", "wrong").status_code
        for _ in range(settings.LOGIN_FAILURE_LIMIT)
    ]
    # The failure that reaches the limit is already answered with the lockout.
    assert statuses == [200] * (settings.LOGIN_FAILURE_LIMIT - 1) + [429]
    response = post_login(client, url, "victim", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.LOGIN_COOLOFF_SECONDS
    assert "_auth_user_id" not in client.session


def test_guesses_during_the_lockout_neither_extend_it_nor_are_written(client, db, settings):
    """The lockout ends LOGIN_COOLOFF_SECONDS after the failure that set it, however many
    guesses come meanwhile (each would otherwise be a database write under a flood)."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.db.models import F

    UserFactory(username="victim")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        post_login(client, "/accounts/login/", "victim", "wrong")

    def age_attempts(seconds):
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))

    age_attempts(settings.LOGIN_COOLOFF_SECONDS - 60)  # a minute of the lockout left
    recorded = list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time"))
    assert post_login(client, "/accounts/login/", "victim", "wrong").status_code == 429
    assert list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time")) == (
        recorded
    )
    age_attempts(61)  # the cool-off has passed since the locking failure
    response = post_login(client, "/accounts/login/", "victim", PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_an_account_is_locked_whatever_addresses_the_guesses_come_from(client, db, settings, url):
    UserFactory(username="victim", is_staff=True)
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        post_login(client, url, "victim", "wrong", address=f"10.1.0.{n + 1}")
    assert post_login(client, url, "victim", PASSWORD, address="10.2.0.1").status_code == 429


def test_an_address_is_locked_whatever_accounts_it_guesses(client, db, settings):
    UserFactory(username="colleague")
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        post_login(client, "/accounts/login/", f"someone{n}", "wrong")
    assert post_login(client, "/accounts/login/", "colleague", PASSWORD).status_code == 429
    # Another address logs the colleague in: one attacker does not lock out the newsroom.
    response = post_login(client, "/accounts/login/", "colleague", PASSWORD, address="10.9.9.9")
    assert response.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, db, settings):
    UserFactory(username="forgetful")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        post_login(client, "/accounts/login/", "forgetful", "wrong")
    assert post_login(client, "/accounts/login/", "forgetful", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        post_login(client, "/accounts/login/", "forgetful", "wrong")
    assert post_login(client, "/accounts/login/", "forgetful", PASSWORD).status_code == 302


def test_twenty_password_reset_requests_send_at_most_the_limit_of_emails(client, db, settings):
    UserFactory(username="victim", email="victim@example.org")
    answers = [
        client.post("/accounts/password_reset/", {"email": "victim@example.org"}).status_code
        for _ in range(20)
    ]
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT
    assert answers.count(302) == settings.PASSWORD_RESET_EMAIL_LIMIT
    assert set(answers[settings.PASSWORD_RESET_EMAIL_LIMIT :]) == {429}


def test_one_address_cannot_mail_many_accounts(client, db, settings):
    for n in range(settings.PASSWORD_RESET_CLIENT_LIMIT + 5):
        UserFactory(username=f"u{n}", email=f"u{n}@example.org")
    answers = [
        client.post("/accounts/password_reset/", {"email": f"u{n}@example.org"}).status_code
        for n in range(settings.PASSWORD_RESET_CLIENT_LIMIT + 5)
    ]
    assert len(mail.outbox) == settings.PASSWORD_RESET_CLIENT_LIMIT
    response = client.post("/accounts/password_reset/", {"email": "u0@example.org"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert answers.count(429) == 5


def test_wrong_api_tokens_are_answered_429_after_the_limit(db, settings):
    user = UserFactory(role="editor")
    token = Token.objects.create(user=user)
    guesser = APIClient(REMOTE_ADDR="10.3.0.1")
    guesser.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    statuses = [guesser.get("/api/v1/claims/").status_code for _ in range(25)]
    assert statuses[: settings.API_TOKEN_FAILURE_LIMIT] == [401] * settings.API_TOKEN_FAILURE_LIMIT
    assert set(statuses[settings.API_TOKEN_FAILURE_LIMIT :]) == {429}
    # Even the right token from that address waits; from another address it works.
    guesser.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = guesser.get("/api/v1/claims/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["detail"]
    colleague = APIClient(REMOTE_ADDR="10.3.0.2")
    colleague.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert colleague.get("/api/v1/claims/").status_code == 200
