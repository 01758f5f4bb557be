"""AluHub's own deployment checks, run by ``aluhub check --deploy`` and ``aluhub check_production``.

Django's deployment checks cover debug, cookies, HSTS and the secret key's shape; these
add what only AluHub knows: mail that would never leave the server, background work run
inside requests, links in e-mails pointing to a development address, uploads exposed as
static files, the development secret key or none at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
UNDELIVERED_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


@register(Tags.security, deploy=True)
def production_settings(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if settings.SECRET_KEY.startswith("aluhub-insecure-"):
        found.append(
            Error(
                "The development secret key is in use.",
                hint="Set ALUHUB_SECRET_KEY to a long random value.",
                id="aluhub.E001",
            )
        )
    if getattr(settings, "SECRET_KEY_THROWAWAY", False):
        found.append(
            Error(
                "ALUHUB_SECRET_KEY is not set: this command signs with a throwaway key, and "
                "the web server refuses to start without one.",
                hint="Set ALUHUB_SECRET_KEY to a long random value in every process's "
                "environment (app servers, worker, commands).",
                id="aluhub.E003",
            )
        )
    if settings.EMAIL_BACKEND in UNDELIVERED_MAIL:
        found.append(
            Warning(
                "E-mails are not delivered (console, file or memory backend).",
                hint="Set ALUHUB_EMAIL_URL=smtp://user:password@host:587?tls=1.",
                id="aluhub.W001",
            )
        )
    site = urlparse(settings.SITE_URL)
    if site.scheme != "https" or (site.hostname or "") in LOCAL_HOSTS:
        found.append(
            Warning(
                f"Links in e-mails point to {settings.SITE_URL}.",
                hint="Set ALUHUB_SITE_URL to the public https address.",
                id="aluhub.W002",
            )
        )
    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.endswith("ImmediateBackend"):
        found.append(
            Warning(
                "Background tasks run inside the requests (immediate backend).",
                hint="Leave ALUHUB_TASKS_BACKEND unset (database) and run 'aluhub worker'.",
                id="aluhub.W003",
            )
        )
    if "*" in settings.ALLOWED_HOSTS or set(settings.ALLOWED_HOSTS) <= LOCAL_HOSTS:
        found.append(
            Warning(
                "ALLOWED_HOSTS names no public host (or accepts any).",
                hint="Set ALUHUB_ALLOWED_HOSTS to the site's host names.",
                id="aluhub.W004",
            )
        )
    if _inside(Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)):
        found.append(
            Error(
                "Uploaded files (MEDIA_ROOT) are inside the public static folder.",
                hint="Put ALUHUB_MEDIA_ROOT outside ALUHUB_STATIC_ROOT.",
                id="aluhub.E002",
            )
        )
    return found
