from django.core.management.base import BaseCommand

from claims.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Researchers and Editors groups and their permissions."

    def handle(self, *args, **options):
        for group, count in setup_roles().items():
            self.stdout.write(f"{group}: {count} permissions")
