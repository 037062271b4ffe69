import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP, setup_roles

DEMO_USERS = (("editor", EDITORS_GROUP), ("researcher", RESEARCHERS_GROUP))


class Command(BaseCommand):
    help = "Create the demo editor and researcher for local use (DEBUG only) and print passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for local development only (set DEBUG=1).")
        setup_roles()
        User = get_user_model()
        for username, group_name in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.is_staff = True
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username:<11} password: {password}   ({group_name})")
