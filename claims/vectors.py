"""Stored sentence vectors (MatchVector) for own claims and external fact-checks.

Computed in batches where the rows are written (the worker after extraction, the archive
import), with the encoder the MATCH_ENCODER setting names; read back by `claims.search`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from django.conf import settings

from claims.matching import (
    Encoder,
    Entry,
    embed_entries,
    load_encoder,
    vector_from_bytes,
    vector_to_bytes,
)
from claims.models import Claim, MatchVector, VectorOwner

BATCH_SIZE = 256


def encoder() -> Encoder:
    """The configured encoder, loaded once per process."""
    return load_encoder(settings.MATCH_ENCODER or None)


def vectors_store(*, owner_kind: str, rows: Sequence[tuple[int, str, str]]) -> int:
    """Encode `rows` of (object id, text, title) in batches and store their vectors (the
    index's own embedding: a fact-check's headline mixed in), replacing any earlier vector of
    the same object by this encoder. Returns how many were stored."""
    model = encoder()
    stored = 0
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        ids = [pk for pk, _, _ in batch]
        matrix = embed_entries(model, [Entry(str(pk), text, title) for pk, text, title in batch])
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
    rows = [
        (pk, text, "")
        for pk, text in Claim.objects.filter(pk__in=missing)
        .order_by("pk")
        .values_list("pk", "text")
    ]
    return vectors_store(owner_kind=VectorOwner.CLAIM, rows=rows)


def claim_vector(claim_id: int) -> np.ndarray | None:
    """The stored vector of a claim by the current encoder, if it has one."""
    blob = (
        MatchVector.objects.filter(
            owner_kind=VectorOwner.CLAIM, object_id=claim_id, model=encoder().name
        )
        .values_list("vector", flat=True)
        .first()
    )
    return vector_from_bytes(bytes(blob)) if blob is not None else None
