"""The newsroom roles as Django groups with model permissions (idempotent)."""

from django.contrib.auth.models import Group, Permission

ROLE_PERMISSIONS = {
    "Researchers": [
        "view_document",
        "add_document",
        "view_extractionjob",
        "view_claim",
        "change_claim",
        "view_evidence",
        "add_evidence",
        "view_comment",
        "add_comment",
        "view_rating",
        "view_claimevent",
        "view_labelledsentence",
        "view_scorermodel",
        "view_scorerjob",
        "view_speaker",
    ],
}
ROLE_PERMISSIONS["Editors"] = [
    *ROLE_PERMISSIONS["Researchers"],
    "review_claim",
    "add_speaker",
    "change_speaker",
]


def setup_roles() -> dict[str, int]:
    """Create or update the groups; returns the number of permissions per group."""
    counts = {}
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        group.permissions.set(permissions)
        counts[group_name] = permissions.count()
    return counts
