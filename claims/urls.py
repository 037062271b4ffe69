from django.urls import path, re_path

from claims.views import (
    claim,
    dashboard,
    documents,
    preview,
    public,
    scorer,
    seen,
    speakers,
    stats,
    triage,
)

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("triage/", triage.triage, name="triage"),
    re_path(
        r"^triage/export\.(?P<file_format>csv|jsonl)$", triage.triage_export, name="triage_export"
    ),
    path("documents/", documents.documents, name="documents"),
    path("documents/new/", documents.document_add, name="document_add"),
    path("documents/<int:pk>/", documents.document, name="document"),
    path("documents/<int:pk>/live/", documents.document_live, name="document_live"),
    path("documents/<int:pk>/reextract/", documents.document_reextract, name="document_reextract"),
    path("claims/<int:pk>/", claim.claim, name="claim"),
    path("claims/<int:pk>/transition/", claim.claim_transition, name="claim_transition"),
    path("claims/<int:pk>/preview/", preview.claim_preview, name="claim_preview"),
    path("claims/<int:pk>/assign/", claim.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/details/", claim.claim_details, name="claim_details"),
    path("claims/<int:pk>/verdict/", claim.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/evidence/", claim.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/comment/", claim.claim_comment, name="claim_comment"),
    path("claims/<int:pk>/duplicate/", claim.claim_duplicate, name="claim_duplicate"),
    path("claims/<int:pk>/seen-before/", seen.claim_seen_before, name="claim_seen_before"),
    path(
        "claims/<int:pk>/seen-before/resolve/",
        seen.claim_seen_before_resolve,
        name="claim_seen_before_resolve",
    ),
    path("search/", seen.search, name="search"),
    path("suggestions/", seen.suggestion_queue, name="suggestions"),
    path("suggestions/<int:pk>/decide/", seen.suggestion_decide, name="suggestion_decide"),
    path("claims/<int:pk>/speaker/", claim.claim_speaker, name="claim_speaker"),
    path("speakers/", speakers.speaker_list, name="speakers"),
    path("speakers/<int:pk>/", speakers.speaker, name="speaker_by_id"),
    path("speakers/<int:pk>-<slug:slug>/", speakers.speaker, name="speaker"),
    path("speakers/<int:pk>/edit/", speakers.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/merge/", speakers.speaker_merge, name="speaker_merge"),
    path("notifications/", dashboard.notifications, name="notifications"),
    path("stats/", stats.stats_page, name="stats"),
    path("scorer/", scorer.scorer_page, name="scorer"),
    path("scorer/train/", scorer.scorer_train, name="scorer_train"),
    path("scorer/rescore/", scorer.scorer_rescore, name="scorer_rescore"),
    path("scorer/rollback/", scorer.scorer_rollback, name="scorer_rollback"),
    path("scorer/v<int:version>/activate/", scorer.scorer_activate, name="scorer_activate"),
    path("scorer/jobs/<int:pk>/", scorer.scorer_job, name="scorer_job"),
    path("fact-checks/", public.fact_checks, name="fact_checks"),
    re_path(
        r"^fact-checks/(?P<pk>[0-9]+)-(?P<slug>[-a-zA-Z0-9_]+)/$",
        public.fact_check,
        name="fact_check",
    ),
]
