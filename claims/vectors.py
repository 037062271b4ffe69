"""Stored sentence vectors (MatchVector) for own claims and external fact-checks.

Computed in batches where the rows are written (the worker after extraction, the archive
import), with the encoder the MATCH_ENCODER setting names; read back by `claims.search`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings

from claims.matching import Encoder, load_encoder, vector_to_bytes
from claims.models import Claim, MatchVector, VectorOwner

BATCH_SIZE = 256


def encoder() -> Encoder:
    """The configured encoder, loaded once per process."""
    return load_encoder(settings.MATCH_ENCODER or None)


def vectors_store(*, owner_kind: str, rows: Sequence[tuple[int, str]]) -> int:
    """Encode `rows` of (object id, text) in batches and store their vectors, replacing any
    earlier vector of the same object by this encoder. Returns how many were stored."""
    model = encoder()
    stored = 0
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        ids = [pk for pk, _ in batch]
        matrix = model.encode([text for _, text in batch])
        # A changed text gets a new row (a higher id), so every process's index sees it.
        MatchVector.objects.filter(
            owner_kind=owner_kind, object_id__in=ids, model=model.name
        ).delete()
        MatchVector.objects.bulk_create(
            MatchVector(
                owner_kind=owner_kind,
                object_id=pk,
                model=model.name,
                dim=model.dim,
                vector=vector_to_bytes(vector),
            )
            for pk, vector in zip(ids, matrix, strict=True)
        )
        stored += len(batch)
    return stored


def vectors_for_claims(claim_ids: Iterable[int]) -> int:
    """Store vectors for the claims that have none from the current encoder yet."""
    ids = list(claim_ids)
    have = set(
        MatchVector.objects.filter(
            owner_kind=VectorOwner.CLAIM, object_id__in=ids, model=encoder().name
        ).values_list("object_id", flat=True)
    )
    missing = [pk for pk in ids if pk not in have]
    rows = list(Claim.objects.filter(pk__in=missing).order_by("pk").values_list("pk", "text"))
    return vectors_store(owner_kind=VectorOwner.CLAIM, rows=rows)
