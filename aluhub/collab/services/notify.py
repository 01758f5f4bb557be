"""E-mail helpers shared by the collaboration space's writes."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation

from aluhub.accounts.models import User
from aluhub.common.mail import send_email, site_url

#: Owners are reminded of an open action item this many days before its due date.
ACTION_REMINDER_DAYS = 3
#: Registrants are reminded of an event that starts within this many hours.
EVENT_REMINDER_HOURS = 48


def _mail(
    *,
    user: User,
    subject: Callable[[], str],
    template: str,
    context: dict[str, object],
    path: Callable[[], str],
) -> None:
    """One e-mail to ``user`` in the user's language (queued by common.mail).

    ``subject`` and ``path`` (the address of the page the e-mail links to, ``link`` in the
    template) are called inside the user's language, so the subject translates, a bilingual
    title reads and the link opens the page in that language, whatever the language of the
    request or command that sends the e-mail.
    """
    with translation.override(user.preferred_language or "fr"):
        link = site_url(path())
        send_email(
            to=[user.email],
            subject=subject(),
            body=render_to_string(template, {"user": user, **context, "link": link}),
        )
