"""Settings read from the environment: a value that does not parse stops the start with the
variable's name, instead of a bare ValueError or a silent default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.settings import env_bool, env_float, env_int

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        (env_int, "42", 42),
        (env_int, " 7 ", 7),
        (env_int, "", 5),
        (env_float, "0.25", 0.25),
        (env_float, "", 5),
        (env_bool, "YES", True),
        (env_bool, "off", False),
        (env_bool, "", 5),
    ],
)
def test_a_value_that_parses_is_used_and_an_empty_one_keeps_the_default(
    monkeypatch, helper, value, expected
):
    monkeypatch.setenv("FACTCHECK_TEST_VALUE", value)
    assert helper("FACTCHECK_TEST_VALUE", 5) == expected


@pytest.mark.parametrize(
    ("helper", "value", "wanted"),
    [
        (env_int, "ten", "a whole number"),
        (env_int, "2.5", "a whole number"),
        (env_float, "half", "a number"),
        (env_bool, "maybe", "1/true/yes/on or 0/false/no/off"),
    ],
)
def test_a_value_that_does_not_parse_is_refused_naming_the_variable(
    monkeypatch, helper, value, wanted
):
    monkeypatch.setenv("FACTCHECK_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        helper("FACTCHECK_TEST_VALUE", 5)
    message = str(refused.value)
    assert "FACTCHECK_TEST_VALUE" in message
    assert wanted in message
    assert repr(value) in message


def test_the_app_does_not_start_with_a_malformed_setting():
    env = {**os.environ, "EXTRACTION_STALE_AFTER": "5 minutes"}
    env.pop("DATABASE_URL", None)
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "EXTRACTION_STALE_AFTER must be a whole number, not '5 minutes'" in started.stderr
