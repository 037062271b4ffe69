"""Evidence, ratings, comments, notifications and the history: mostly read-only records."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.common import ReadOnlyAdmin
from claims.models import (
    ClaimEvent,
    Comment,
    Evidence,
    Notification,
    Rating,
)
from claims.services import ratings as rating_services


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "claim", "stance", "publisher", "added_by", "added_at")
    list_filter = ("stance", "publisher")
    search_fields = ("url", "title", "publisher", "excerpt", "claim__text")
    date_hierarchy = "added_at"
    list_select_related = ("claim", "added_by")
    readonly_fields = ("claim", "added_by", "added_at")
    # Read-only: added on a claim, through the evidence service; a published fact-check
    # cites it, so it changes only with the claim.


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("name", "value", "slug", "description")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = rating_services.rating_save(
            actor=request.user,
            rating=obj if change else None,
            name=data["name"],
            slug=data["slug"],
            value=data["value"],
            description=data.get("description", ""),
        )
        obj.pk = saved.pk


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "claim", "author", "created_at")
    search_fields = ("body", "claim__text")
    list_filter = ("author",)
    date_hierarchy = "created_at"
    list_select_related = ("claim", "author")
    readonly_fields = ("claim", "author", "body", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("message", "recipient", "kind", "claim", "created_at", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("message", "recipient__username")
    date_hierarchy = "created_at"
    list_select_related = ("recipient", "claim")
    readonly_fields = ("recipient", "claim", "actor", "kind", "message", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "claim", "actor", "action", "from_status", "to_status", "note")
    list_filter = ("action", "to_status")
    search_fields = ("note", "claim__text", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("claim", "actor")
