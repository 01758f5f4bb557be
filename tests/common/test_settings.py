from __future__ import annotations

import os
import subprocess
import sys

from aluhub.settings import _email_settings


def _run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ALUHUB_")}
    clean.update(env)
    clean["ALUHUB_ENV_FILE"] = "/nonexistent/.env"
    return subprocess.run(
        [sys.executable, "-c", "import aluhub.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_server_refuses_to_start_without_secret_key_when_not_debug() -> None:
    result = _run_settings({"ALUHUB_DEBUG": "0", "ALUHUB_SERVING": "1"})
    assert result.returncode != 0
    assert "ALUHUB_SECRET_KEY is required" in result.stderr


def test_wsgi_application_refuses_to_start_without_secret_key() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ALUHUB_")}
    clean.update({"ALUHUB_DEBUG": "0", "ALUHUB_ENV_FILE": "/nonexistent/.env"})
    result = subprocess.run(
        [sys.executable, "-c", "import aluhub.wsgi"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ALUHUB_SECRET_KEY is required" in result.stderr


def test_command_line_tools_run_without_secret_key() -> None:
    assert _run_settings({"ALUHUB_DEBUG": "0"}).returncode == 0


def test_settings_start_with_secret_key() -> None:
    assert _run_settings({"ALUHUB_DEBUG": "0", "ALUHUB_SECRET_KEY": "x" * 50}).returncode == 0


def test_email_url_defaults_to_console() -> None:
    assert _email_settings("")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_smtp_is_parsed() -> None:
    conf = _email_settings("smtp://bob:s%40cret@mail.example.org:587?tls=1")
    assert conf == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "bob",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }
