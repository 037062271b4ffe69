"""A web process (gunicorn importing factcheck.wsgi) never loads spaCy: only the worker, and
the commands that extract, pay its start-up time and memory."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    import factcheck.wsgi  # noqa: F401  (what gunicorn imports)
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    pages = [client.get("/fact-checks/"), client.get("/api/v1/public/fact-checks/")]
    assert [p.status_code for p in pages] == [200, 200], [p.status_code for p in pages]
    print("spacy" in sys.modules, "sklearn" in sys.modules)
    """
)


def test_serving_a_page_and_an_api_request_does_not_import_spacy(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["False", "False"]
