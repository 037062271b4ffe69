from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from claims.aggregates import register_sqlite_functions


def _setup_roles(sender, **kwargs) -> None:
    from claims.roles import setup_roles

    setup_roles()


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Permissions exist only after migrate, so the groups are (re)built right after it.
        post_migrate.connect(_setup_roles, sender=self, dispatch_uid="claims_setup_roles")
        # SQLite has no percentile aggregate; the statistics add one to each connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="claims_sqlite_fns")
        # Register the Celery tasks in every process (web, commands, worker): the services
        # enqueue them by name through claims.queue, and an eager run looks them up.
        from claims import tasks  # noqa: F401
