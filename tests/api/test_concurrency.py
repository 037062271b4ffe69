"""Two clients transition the same claim with the same version at the same moment: the row
lock in the service lets exactly one through; the other gets 409 with the new version."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import ClaimEvent
from tests.factories import ClaimFactory, UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_transitions_one_wins_the_other_gets_409():
    users = [UserFactory(username=f"racer{i}", role="editor") for i in range(2)]
    tokens = [Token.objects.create(user=user).key for user in users]
    for attempt in range(5):  # several rounds, so a lucky ordering cannot hide a race
        claim = ClaimFactory()
        barrier = threading.Barrier(2, timeout=10)
        answers: list[tuple[int, dict]] = []
        errors: list[BaseException] = []

        def transition(
            token: str, target: str, claim=claim, barrier=barrier, answers=answers, errors=errors
        ):
            try:
                client = APIClient()
                client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
                barrier.wait()
                response = client.post(
                    f"/api/v1/claims/{claim.pk}/transition/",
                    {"to": target, "note": "race", "version": 1},
                    format="json",
                )
                answers.append((response.status_code, response.json()))
            except BaseException as error:  # surfaced below, in the test's thread
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=transition, args=(tokens[0], "selected")),
            threading.Thread(target=transition, args=(tokens[1], "dismissed")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        codes = sorted(code for code, _ in answers)
        assert codes == [200, 409], (attempt, answers)
        conflict = next(body for code, body in answers if code == 409)
        assert conflict["current_version"] == 2
        winner = next(body for code, body in answers if code == 200)
        claim.refresh_from_db()
        assert (claim.status, claim.version) == (winner["status"], 2)
        assert ClaimEvent.objects.filter(claim=claim, action="transition").count() == 1
