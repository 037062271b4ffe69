"""What the guessing and flooding limits cost and save, in-process against DATABASE_URL
(every row is written in one transaction that is rolled back at the end).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck python bench/security.py

1. Logins: the median time of a wrong-password attempt before the lockout (the password
   hasher runs) and of 300 attempts after it (refused before any hashing), and what the
   right password gets after those 300.
2. The claim detail with the longest explanation and the most evidence the limits allow,
   and with a 1,000,000-character explanation and 100 evidence rows (what the limits now
   refuse; read as before they were set): median time, peak Python memory, body size.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from tests.factories import ClaimFactory, EvidenceFactory, UserFactory  # noqa: E402

PASSWORD = "correct horse battery staple"


def timed(call) -> tuple[object, float]:
    start = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - start) * 1000


def logins() -> None:
    UserFactory(username="bench-victim")  # the factory's password, the real hasher
    client = Client()

    def attempt(password: str):
        return client.post(
            "/accounts/login/",
            {"username": "bench-victim", "password": password},
            REMOTE_ADDR="10.7.0.1",
        )

    before = [timed(lambda: attempt("wrong")) for _ in range(settings.LOGIN_FAILURE_LIMIT - 1)]
    after = [timed(lambda: attempt("wrong")) for _ in range(300)]
    right = attempt(PASSWORD)
    print(f"login failure limit {settings.LOGIN_FAILURE_LIMIT}")
    print(
        f"  wrong password before the lockout: {statistics.median(ms for _, ms in before):.1f} ms"
        f" median, answers {sorted({r.status_code for r, _ in before})}"
    )
    print(
        f"  300 wrong passwords after it:      {statistics.median(ms for _, ms in after):.1f} ms"
        f" median, answers {sorted({r.status_code for r, _ in after})}"
    )
    print(f"  then the right password: {right.status_code}, Retry-After {right['Retry-After']}")


def claim_detail(explanation: int, evidence: int, excerpt: int) -> None:
    user = UserFactory(role="editor")
    claim = ClaimFactory(verdict_explanation="x" * explanation)
    for n in range(evidence):
        EvidenceFactory(claim=claim, url=f"https://example.org/{n}", excerpt="y" * excerpt)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    url = f"/api/v1/claims/{claim.pk}/"
    times = [timed(lambda: client.get(url))[1] for _ in range(30)]
    tracemalloc.start()
    response = client.get(url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200, response.status_code
    print(
        f"claim detail, explanation {explanation:,} chars, {evidence} evidence rows of "
        f"{excerpt:,}-char excerpts: median {statistics.median(times):.1f} ms, "
        f"peak Python memory {peak / 1e6:.1f} MB, body {len(response.content) / 1e6:.2f} MB"
    )


def main() -> None:
    with transaction.atomic():
        logins()
        claim_detail(
            settings.LIMIT_VERDICT_EXPLANATION,
            settings.LIMIT_EVIDENCE_PER_CLAIM,
            settings.LIMIT_EVIDENCE_EXCERPT,
        )
        claim_detail(1_000_000, 100, 100)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
