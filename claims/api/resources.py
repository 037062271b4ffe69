"""The shape of each resource the API answers with, written once (see claims.api.shapes):
each table gives the columns the selectors fetch, the JSON and the OpenAPI schema.

Adding a field to an answer is one line in its table: `Field("name", Text())` reads the
column `name`; `source=` reads another one.
"""

from __future__ import annotations

from claims.api.shapes import (
    Attached,
    Bool,
    Choice,
    Computed,
    Field,
    Float,
    Int,
    Json,
    Nested,
    Text,
    Url,
    When,
    columns,
    renderer,
    replace,
)
from claims.models import (
    ClaimType,
    DocumentKind,
    ExtractionJob,
    JobStatus,
    Priority,
    Stance,
)
from claims.timezones import iso_local
from claims.workflow import Status

# --- Small references ---

USER_REF = (Field("id", Int()), Field("username", Text()))
DOCUMENT_REF = (Field("id", Int()), Field("title", Text()))
RATING_REF = (
    Field("id", Int()),
    Field("name", Text()),
    Field("slug", Text()),
    Field("value", Int()),
)


def user(key: str) -> Nested:
    """A user as {id, username}, or null."""
    return Nested(key, USER_REF, prefix=f"{key}__", name="UserRef", nullable=True)


# --- Claims ---

CLAIM_LIST = (
    Field("id", Int()),
    Field("text", Text()),
    Field("speaker", Text(help_text="As written in the text.")),
    Field("speaker_resolved", Text(help_text="Full name.")),
    Field(
        "speaker_id",
        Int(allow_null=True, help_text="The Speaker (/api/v1/speakers/{id}/)."),
        source="speaker_ref_id",
    ),
    Field("claim_type", Choice(ClaimType.choices)),
    Field("is_quote", Bool()),
    Field("score", Float(help_text="Check-worthiness, 0 to 1.")),
    Field("status", Choice(Status.choices)),
    Field("priority", Choice(Priority.choices)),
    Field("due_at", When(allow_null=True)),
    Field("version", Int()),
    Field("created_at", When()),
    Field("updated_at", When()),
    Field("published_at", When(allow_null=True)),
    Nested("document", DOCUMENT_REF, prefix="document__", name="DocumentRef"),
    user("assignee"),
    Nested("rating", RATING_REF, prefix="rating__", name="RatingRef", nullable=True),
)

# A document's publication date is given in its own time zone, with that offset.
PUBLISHED_AT = Field(
    "published_at",
    When(allow_null=True, help_text="ISO 8601 with the offset of the document's time zone."),
    source=Computed(("published_at", "published_tz"), iso_local),
)
PUBLISHED_TZ = Field(
    "published_tz",
    Text(help_text="IANA time zone (Europe/London) or offset (+01:00); may be empty."),
)

DOCUMENT_SUMMARY = (
    *DOCUMENT_REF,
    Field("url", Text(allow_null=True)),
    Field("publisher", Text()),
    Field("author", Text()),
    PUBLISHED_AT,
    PUBLISHED_TZ,
    Field("kind", Choice(DocumentKind.choices)),
)

EVIDENCE = (
    Field("id", Int()),
    Field("url", Text()),
    Field("title", Text()),
    Field("publisher", Text()),
    Field("excerpt", Text()),
    Field("stance", Choice(Stance.choices)),
    user("added_by"),
    Field("added_at", When()),
)

CLAIM_DETAIL = replace(
    CLAIM_LIST,
    Nested("document", DOCUMENT_SUMMARY, prefix="document__", name="DocumentSummary"),
    Field(
        "claim_text",
        Text(help_text="The wording to publish; empty: the text as found is published."),
    ),
    Field("start", Int()),
    Field("end", Int()),
    Field("reasons", Json(help_text="The features that fired.")),
    Field("entities", Json()),
    Field("quantities", Json()),
    Field("extractor_version", Text()),
    Field("job", Int(allow_null=True), source="job_id"),
    Field("first_published_at", When(allow_null=True)),
    Field("slug", Text()),
    Field("verdict_summary", Text()),
    Field("verdict_explanation", Text()),
    Field("duplicate_of", Int(allow_null=True), source="duplicate_of_id"),
    user("submitted_by"),
    Attached("evidence", EVIDENCE, name="Evidence", many=True),
)

# --- Documents and jobs ---


def job_property(name: str, *needs: str) -> Computed:
    """A property of ExtractionJob, worked out from the columns it reads (the model keeps
    the one definition)."""

    def compute(*values):
        return getattr(ExtractionJob(**dict(zip(needs, values, strict=True))), name)

    return Computed(needs, compute)


JOB = (
    Field("id", Int()),
    Field("document", Int(), source="document_id"),
    Field("status", Choice(JobStatus.choices)),
    Field("extractor_version", Text()),
    Field("progress_done", Int()),
    Field("progress_total", Int()),
    Field(
        "progress_percent",
        Int(),
        source=job_property("progress_percent", "status", "progress_done", "progress_total"),
    ),
    Field("attempts", Int()),
    Field("error", Text()),
    Field("sentences", Int()),
    Field("claims_found", Int()),
    Field("claims_created", Int()),
    Field("extract_seconds", Float(allow_null=True)),
    Field("save_seconds", Float(allow_null=True)),
    Field(
        "duration_seconds",
        Float(allow_null=True),
        source=job_property("duration_seconds", "started_at", "finished_at"),
    ),
    Field("created_at", When()),
    Field("enqueued_at", When(allow_null=True)),
    Field("started_at", When(allow_null=True)),
    Field("finished_at", When(allow_null=True)),
)

DOCUMENT_LIST = (
    Field("id", Int()),
    Field("title", Text()),
    Field("url", Url(allow_null=True)),
    Field("publisher", Text()),
    Field("author", Text()),
    PUBLISHED_AT,
    PUBLISHED_TZ,
    Field("kind", Choice(DocumentKind.choices)),
    Field("language", Text()),
    user("created_by"),
    Field("created_at", When()),
    Field("claims_count", Int(), source="claim_count"),  # annotated by the selector
)

DOCUMENT_DETAIL = (
    *DOCUMENT_LIST,
    Field("content_hash", Text()),
    Field("text", Text()),
    Attached("job", JOB, name="Job", nullable=True, help_text="The latest extraction job."),
    Attached("claims", CLAIM_LIST, name="ClaimList", many=True),
)

# The columns each selector reads, and the functions that write the JSON.
CLAIM_LIST_COLUMNS = columns(CLAIM_LIST)
CLAIM_DETAIL_COLUMNS = columns(CLAIM_DETAIL)
EVIDENCE_COLUMNS = columns(EVIDENCE)
JOB_COLUMNS = columns(JOB)
DOCUMENT_LIST_COLUMNS = columns(DOCUMENT_LIST)
DOCUMENT_DETAIL_COLUMNS = columns(DOCUMENT_DETAIL)

claim_list_json = renderer(CLAIM_LIST)
claim_detail_json = renderer(CLAIM_DETAIL)
evidence_json = renderer(EVIDENCE)
job_json = renderer(JOB)
document_list_json = renderer(DOCUMENT_LIST)
document_detail_json = renderer(DOCUMENT_DETAIL)
