"""`manage.py match_vectors`: store the missing sentence vectors (claims from before matching,
or everything after switching MATCH_ENCODER to another model)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Value

from claims import vectors
from claims.models import Claim, ExternalFactCheck, MatchVector, VectorOwner

CHUNK = 2000


class Command(BaseCommand):
    help = "Compute and store the vectors that the current encoder has not stored yet."

    def handle(self, *args, **options):
        model = vectors.encoder().name
        for kind, rows in (
            (
                VectorOwner.CLAIM,
                Claim.objects.annotate(title=Value("")).values_list("pk", "text", "title"),
            ),
            (
                VectorOwner.EXTERNAL,
                ExternalFactCheck.objects.values_list("pk", "claim_text", "title"),
            ),
        ):
            have = MatchVector.objects.filter(owner_kind=kind, model=model).values("object_id")
            missing = rows.exclude(pk__in=have).order_by("pk")
            stored, batch = 0, []
            for row in missing.iterator(chunk_size=CHUNK):
                batch.append(row)
                if len(batch) == CHUNK:
                    stored += vectors.vectors_store(owner_kind=kind, rows=batch)
                    batch = []
                    self.stderr.write(f"{kind}: {stored:,} vectors stored…")
            stored += vectors.vectors_store(owner_kind=kind, rows=batch)
            self.stdout.write(f"{kind}: {stored} vectors stored ({model}).")
