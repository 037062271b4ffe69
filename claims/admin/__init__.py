"""The Django admin: review and repair. Every change to a claim goes through the services.

One module per domain; importing this package registers them all (Django's autodiscovery
imports `claims.admin`)."""

from django.contrib import admin

from claims.admin import (  # noqa: F401  (each module registers its models)
    claim,
    documents,
    records,
    scorer,
    seen,
    speakers,
    webhooks,
)

admin.site.site_header = "factcheck administration"
admin.site.site_title = "factcheck"
admin.site.index_title = "Claims, documents and the workflow"
