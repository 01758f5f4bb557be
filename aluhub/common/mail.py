"""The one way AluHub sends e-mail.

Every service that notifies somebody calls :func:`send_email`. Subjects are made
header-safe here (a newline in user text must never break the message), and the
send itself is handed to the background worker (issue #15 moves the body of
:func:`send_email` onto Django's tasks framework; callers do not change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.mail import EmailMessage


def header_safe(text: str, limit: int = 200) -> str:
    """Collapse every run of whitespace (newlines included) to one space and cap the length."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def send_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
) -> None:
    """Send one plain-text message to ``to`` (each address gets the same message)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    EmailMessage(
        header_safe(subject),
        body,
        to=recipients,
        headers=dict(headers or {}),
        reply_to=list(reply_to) if reply_to else None,
    ).send()
