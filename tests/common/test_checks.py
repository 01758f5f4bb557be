"""`aluhub check --deploy` is clean with the documented production variables, and
`aluhub check_production` fails on unsafe settings (each run in a fresh process, since
settings are read from the environment at start-up)."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ALUHUB = str(Path(sys.executable).with_name("aluhub"))


def production_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ALUHUB_ENV_FILE": "/dev/null",
        "ALUHUB_VAR_DIR": str(tmp_path),
        # The production variables documented in README "Production deployment".
        "ALUHUB_SECRET_KEY": secrets.token_urlsafe(50),
        "ALUHUB_ALLOWED_HOSTS": "aluhub.example.org",
        "ALUHUB_CSRF_TRUSTED_ORIGINS": "https://aluhub.example.org",
        "ALUHUB_SITE_URL": "https://aluhub.example.org",
        "ALUHUB_EMAIL_URL": "smtp://aluhub:secret@mail.example.org:587?tls=1",
        "ALUHUB_SSL_REDIRECT": "1",
        "ALUHUB_HSTS_INCLUDE_SUBDOMAINS": "1",
        "ALUHUB_HSTS_PRELOAD": "1",
        "ALUHUB_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.update(changes)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [ALUHUB, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_check_deploy_clean_with_documented_production_variables(tmp_path: Path) -> None:
    result = run(["check", "--deploy"], production_env(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "no issues" in result.stdout  # HSTS on by default with HTTPS: no security.W004
    assert run(["check_production"], production_env(tmp_path)).returncode == 0


@pytest.mark.slow
def test_check_production_fails_on_unsafe_settings(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        ALUHUB_DEBUG="1",
        ALUHUB_SECRET_KEY="",
        ALUHUB_EMAIL_URL="console:",
        ALUHUB_SITE_URL="http://127.0.0.1:8000",
        ALUHUB_TASKS_BACKEND="immediate",
        ALUHUB_HTTPS="0",
    )
    result = run(["check_production"], env)
    assert result.returncode == 1
    for check_id in [
        "aluhub.E001",
        "aluhub.W001",
        "aluhub.W002",
        "aluhub.W003",
        "security.W004",
        "security.W012",
        "security.W018",
    ]:
        assert check_id in result.stderr


@pytest.mark.slow
def test_check_production_fails_without_a_secret_key(tmp_path: Path) -> None:
    # Debug off and no ALUHUB_SECRET_KEY: the command ran with a random key of its own and
    # said "no issues", while the web server would then refuse to start.
    env = production_env(tmp_path, ALUHUB_SECRET_KEY="")

    result = run(["check_production"], env)

    assert result.returncode == 1
    assert "aluhub.E003" in result.stderr
    assert "ALUHUB_SECRET_KEY is not set" in result.stderr
