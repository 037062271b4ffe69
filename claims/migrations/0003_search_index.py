from django.db import migrations

# The GIN expression index behind claims.search.search_claims. The expression must match
# claims.search.claim_search_vector() exactly, or PostgreSQL will not use the index.
# On other databases (SQLite) search falls back to substring matching and this is a no-op.
SEARCH_EXPRESSION = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE(\"text\", '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(\"speaker_resolved\", '')), 'B'))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS claim_search_idx ON claims_claim USING gin ({SEARCH_EXPRESSION})"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_search_idx")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_seed_ratings")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
