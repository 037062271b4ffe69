"""Webhooks (administrators only) with their delivery log: status, response code, duration."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from claims.admin.common import ReadOnlyAdmin, ReadOnlyInline
from claims.models import Webhook, WebhookDelivery
from claims.services import webhooks as webhook_services
from claims.webhook_models import WebhookEvent

DELIVERY_COLUMNS = (
    "created_at",
    "event",
    "status",
    "response_code",
    "duration_ms",
    "attempts",
    "error",
)


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["url", "events", "secret", "payload_format", "is_active"]

    def clean(self):
        data = super().clean()
        if not self.errors:  # the service's checks, on the fields they name
            webhook_services.webhook_check(
                url=data["url"],
                events=data["events"],
                secret=data["secret"],
                payload_format=data["payload_format"],
            )
        return data


class DeliveryInline(ReadOnlyInline):
    """The latest deliveries (the whole log is under Webhook deliveries): a busy endpoint's
    log grows without end, and an inline has no pages."""

    model = WebhookDelivery
    fields = DELIVERY_COLUMNS
    readonly_fields = DELIVERY_COLUMNS
    max_num = 0
    latest = 50

    def get_queryset(self, request):
        webhook_id = request.resolver_match.kwargs.get("object_id")
        ids = WebhookDelivery.objects.filter(webhook_id=webhook_id).order_by("-created_at", "-id")
        ids = list(ids.values_list("id", flat=True)[: self.latest])
        return super().get_queryset(request).filter(pk__in=ids).order_by("-created_at", "-id")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "events", "payload_format", "is_active", "failures_in_a_row")
    list_filter = ("is_active", "payload_format")
    search_fields = ("url",)
    readonly_fields = ("failures_in_a_row", "disabled_reason", "created_by", "created_at")
    inlines = [DeliveryInline]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = webhook_services.webhook_save(
            actor=request.user,
            webhook=Webhook.objects.get(pk=obj.pk) if change else None,
            **{name: data[name] for name in WebhookForm.Meta.fields},
        )
        obj.pk = saved.pk


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("webhook", *DELIVERY_COLUMNS)
    list_filter = ("status", "event")
    list_select_related = ("webhook",)
    date_hierarchy = "created_at"
    readonly_fields = ("webhook", "event", "payload", *DELIVERY_COLUMNS, "finished_at")
