"""/api/v1/webhooks/: administrators list, register and remove webhook endpoints. The secret
is write-only; deliveries are logged in the admin."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from claims import reporting_rules, workflow
from claims.api.views import ID_REGEX, ApiMixin, _input
from claims.models import Webhook
from claims.services import webhooks as webhook_services
from claims.webhook_models import PayloadFormat, WebhookEvent


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "events",
            "payload_format",
            "is_active",
            "failures_in_a_row",
            "disabled_reason",
            "created_at",
        ]
        read_only_fields = fields


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    events = serializers.ListField(
        child=serializers.ChoiceField(WebhookEvent.values), min_length=1, max_length=10
    )
    secret = serializers.CharField(
        min_length=webhook_services.MIN_SECRET_LENGTH,
        max_length=200,
        write_only=True,
        help_text="Signs each delivery: X-Factcheck-Signature: t=<unix>,v1=<hex HMAC-SHA256 "
        'of "<t>.<body>">.',
    )
    payload_format = serializers.ChoiceField(
        PayloadFormat.values,
        default=PayloadFormat.JSON,
        help_text="json, or slack (a body with a `text` field only).",
    )


class WebhookViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Webhook endpoints (administrators only)."""

    serializer_class = WebhookSerializer
    queryset = Webhook.objects.all()
    lookup_value_regex = ID_REGEX
    pagination_class = None
    filter_backends: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        workflow.enforce(reporting_rules.webhooks_refusal(request.user))

    @extend_schema(request=WebhookInputSerializer, responses={201: WebhookSerializer})
    def create(self, request):
        """Register an endpoint: {url, events, secret, payload_format}."""
        data = _input(WebhookInputSerializer, request)
        webhook = webhook_services.webhook_save(actor=request.user, **data)
        return Response(WebhookSerializer(webhook).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        """Remove an endpoint and its delivery log."""
        webhook = get_object_or_404(Webhook.objects.all(), pk=pk)
        webhook_services.webhook_delete(actor=request.user, webhook=webhook)
        return Response(status=status.HTTP_204_NO_CONTENT)
