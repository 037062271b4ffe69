from django.urls import path, re_path

from claims import scorer_views, seen_views, speaker_views, views

app_name = "claims"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("triage/", views.triage, name="triage"),
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/live/", views.document_live, name="document_live"),
    path("documents/<int:pk>/reextract/", views.document_reextract, name="document_reextract"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/transition/", views.claim_transition, name="claim_transition"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/details/", views.claim_details, name="claim_details"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/comment/", views.claim_comment, name="claim_comment"),
    path("claims/<int:pk>/duplicate/", views.claim_duplicate, name="claim_duplicate"),
    path("claims/<int:pk>/seen-before/", seen_views.claim_seen_before, name="claim_seen_before"),
    path(
        "claims/<int:pk>/seen-before/resolve/",
        seen_views.claim_seen_before_resolve,
        name="claim_seen_before_resolve",
    ),
    path("search/", seen_views.search, name="search"),
    path("suggestions/", seen_views.suggestion_queue, name="suggestions"),
    path("suggestions/<int:pk>/decide/", seen_views.suggestion_decide, name="suggestion_decide"),
    path("claims/<int:pk>/speaker/", views.claim_speaker, name="claim_speaker"),
    path("speakers/", speaker_views.speaker_list, name="speakers"),
    path("speakers/<int:pk>/", speaker_views.speaker, name="speaker_by_id"),
    path("speakers/<int:pk>-<slug:slug>/", speaker_views.speaker, name="speaker"),
    path("speakers/<int:pk>/edit/", speaker_views.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/merge/", speaker_views.speaker_merge, name="speaker_merge"),
    path("notifications/", views.notifications, name="notifications"),
    path("scorer/", scorer_views.scorer_page, name="scorer"),
    path("scorer/train/", scorer_views.scorer_train, name="scorer_train"),
    path("scorer/rescore/", scorer_views.scorer_rescore, name="scorer_rescore"),
    path("scorer/rollback/", scorer_views.scorer_rollback, name="scorer_rollback"),
    path("scorer/v<int:version>/activate/", scorer_views.scorer_activate, name="scorer_activate"),
    path("scorer/jobs/<int:pk>/", scorer_views.scorer_job, name="scorer_job"),
    path("fact-checks/", views.fact_checks, name="fact_checks"),
    re_path(
        r"^fact-checks/(?P<pk>[0-9]+)-(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.fact_check,
        name="fact_check",
    ),
]
