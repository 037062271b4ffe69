"""Add a newsroom member who is not a superuser: `manage.py create_user NAME --role editor`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.errors import error_message
from claims.services import team
from claims.services.team import ROLE_GROUPS


class Command(BaseCommand):
    help = "Create a researcher or editor (not a superuser) and print their new password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLE_GROUPS), default="researcher")
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, role: str, email: str, **options):
        try:
            user, password = team.team_member_invite(username=username, role=role, email=email)
        except ValidationError as error:
            raise CommandError(error_message(error)) from None
        self.stdout.write(f"{user.get_username()} ({role}) password: {password}")
