from django.urls import path, re_path

from claims import speaker_views, views

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
    path("claims/<int:pk>/speaker/", views.claim_speaker, name="claim_speaker"),
    path("speakers/", speaker_views.speaker_list, name="speakers"),
    path("speakers/<int:pk>/", speaker_views.speaker, name="speaker_by_id"),
    path("speakers/<int:pk>-<slug:slug>/", speaker_views.speaker, name="speaker"),
    path("speakers/<int:pk>/edit/", speaker_views.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/merge/", speaker_views.speaker_merge, name="speaker_merge"),
    path("notifications/", views.notifications, name="notifications"),
    path("fact-checks/", views.fact_checks, name="fact_checks"),
    re_path(
        r"^fact-checks/(?P<pk>[0-9]+)-(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.fact_check,
        name="fact_check",
    ),
]
