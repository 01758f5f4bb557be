"""The one way AluHub sends e-mail.

Every service that notifies somebody calls :func:`send_email`. Subjects are made
header-safe here (a newline in user text must never break the message). Nothing is
sent inside the request: :func:`send_email` stores an :class:`OutgoingEmail` row and
enqueues :func:`deliver_email` on Django's tasks framework (the ``django-tasks``
backport's database backend by default), in the caller's transaction. The worker
(``aluhub worker``) sends it; a failed send is retried with backoff
(:data:`RETRY_DELAYS`), and after the last try the row stays ``failed`` with its error,
listed for staff in the admin, where it can be sent again.

A message's text and headers hold signed links (unsubscribe, confirm, reset, settings):
they are kept only while needed. Sending empties them; a failed message keeps them
``settings.OUTBOX_KEEP_FAILED_DAYS`` after its last try, for staff to send it again, then
:func:`outgoing_emails_retry` (``aluhub retry_emails``, every 5 minutes) empties them. The
recipients, subject, status, error and dates stay for the admin.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from aluhub.common.models import EmailStatus, OutgoingEmail
from aluhub.common.tasks_compat import task

logger = logging.getLogger("aluhub.mail")

#: Seconds to wait before each retry of a failed send: 6 tries over about 8 hours.
RETRY_DELAYS: tuple[int, ...] = (60, 300, 1800, 7200, 21600)
#: A delivery still "sending" after this long died with its worker: it is tried again.
STUCK_AFTER = timedelta(minutes=15)
#: Sent messages are deleted after this long (they hold personal data).
KEEP_SENT = timedelta(days=30)


def site_url(path: str) -> str:
    """A page of the site as a link read outside it (an e-mail, a calendar file, a feed):
    ``settings.SITE_URL`` (kept without a trailing slash) followed by the path ``reverse``
    gives."""
    return f"{settings.SITE_URL}{path}"


#: Whitespace a header line must not keep (line breaks, tabs, runs of spaces); the no-break
#: spaces of French punctuation (« Nouvelle offre : … », U+00A0 and U+202F) stay.
_HEADER_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def header_safe(text: str, limit: int = 200) -> str:
    """Collapse every run of whitespace (newlines included) to one space and cap the length;
    a no-break space stays."""
    flat = _HEADER_SPACE.sub(" ", str(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def send_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
) -> None:
    """Queue one plain-text message to ``to`` (each address gets the same message)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            to=recipients,
            subject=header_safe(subject),
            body=body,
            headers={str(k): header_safe(str(v), 998) for k, v in (headers or {}).items()},
            reply_to=list(reply_to or []),
            next_attempt_at=timezone.now(),
        )
        _enqueue_delivery(email_id=email.pk, run_after=None)


def _enqueue_delivery(*, email_id: int, run_after: datetime | None) -> None:
    """Enqueue the delivery; deferred when the backend supports it (else the sweep retries)."""
    if run_after is not None:
        if not deliver_email.get_backend().supports_defer:
            return
        deliver_email.using(run_after=run_after).enqueue(email_id)
    else:
        deliver_email.enqueue(email_id)


@task()
def deliver_email(email_id: int) -> str:
    """The background task: send one queued message (see :func:`outgoing_email_deliver`)."""
    return outgoing_email_deliver(email_id=email_id)


def outgoing_email_deliver(*, email_id: int) -> str:
    """Try to send a pending message once; answer ``sent``, ``retry``, ``failed`` or ``skipped``.

    The row is claimed first (pending -> sending) so two workers never send it twice.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        email.message().send()
    except Exception as exc:  # every failure of the mail server is retried, then kept
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts <= len(RETRY_DELAYS):
            retry_at = now + timedelta(seconds=RETRY_DELAYS[email.attempts - 1])
            with transaction.atomic():
                OutgoingEmail.objects.filter(pk=email_id).update(
                    status=EmailStatus.PENDING, last_error=error, next_attempt_at=retry_at
                )
                _enqueue_delivery(email_id=email_id, run_after=retry_at)
            logger.warning(
                "email id=%s attempt=%s failed, retry at %s: %s",
                email_id,
                email.attempts,
                retry_at.isoformat(),
                error,
            )
            return "retry"
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.FAILED, last_error=error, next_attempt_at=None
        )
        logger.error("email id=%s failed after %s attempts: %s", email_id, email.attempts, error)
        return "failed"
    sent_at = timezone.now()
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT,
        sent_at=sent_at,
        last_error="",
        next_attempt_at=None,
        **_text_deleted(sent_at),
    )
    return "sent"


def _text_deleted(moment: datetime) -> dict[str, object]:
    """The changes that empty a message's text and headers (their signed links)."""
    return {"body": "", "headers": {}, "text_deleted_at": moment}


def outgoing_emails_forget_texts(*, now: datetime | None = None) -> int:
    """Empty the text and headers of the sent messages and of the failed ones whose last
    try is older than ``settings.OUTBOX_KEEP_FAILED_DAYS``; answer how many."""
    now = now or timezone.now()
    keep_failed = timedelta(days=settings.OUTBOX_KEEP_FAILED_DAYS)
    done = Q(status=EmailStatus.SENT)
    done |= Q(status=EmailStatus.FAILED, last_attempt_at__lt=now - keep_failed)
    rows = OutgoingEmail.objects.filter(done, text_deleted_at__isnull=True)
    return int(rows.update(**_text_deleted(now)))


def outgoing_emails_retry(*, failed: bool = False) -> int:
    """Re-enqueue every message whose delivery is overdue; answer how many.

    Covers a worker that died while sending (``sending`` for too long) and a task backend
    that cannot defer a retry. Also deletes sent messages older than :data:`KEEP_SENT` and
    empties the texts no longer needed (:func:`outgoing_emails_forget_texts`).
    ``failed``: the messages that gave up after their last try too, their tries counted
    from zero again (``aluhub retry_emails --failed``). Each message is put back in its own
    transaction with its delivery task (:func:`outgoing_emails_requeue`).
    """
    now = timezone.now()
    OutgoingEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=now - KEEP_SENT).delete()
    outgoing_emails_forget_texts(now=now)
    overdue = Q(status=EmailStatus.PENDING, next_attempt_at__lte=now - timedelta(minutes=2))
    overdue |= Q(status=EmailStatus.SENDING, last_attempt_at__lt=now - STUCK_AFTER)
    ids = list(OutgoingEmail.objects.filter(overdue).values_list("pk", flat=True))
    count = outgoing_emails_requeue(ids=ids, reset_attempts=False)
    if failed:
        given_up = OutgoingEmail.objects.filter(status=EmailStatus.FAILED)
        ids = list(given_up.values_list("pk", flat=True))
        count += outgoing_emails_requeue(ids=ids, reset_attempts=True)
    return count


def outgoing_emails_requeue(*, ids: Sequence[int], reset_attempts: bool) -> int:
    """Put unsent messages back in the queue now (staff's "send again"); answer how many.

    A message whose text was emptied (failed, kept its days) cannot be sent again."""
    count = 0
    for email_id in ids:
        with transaction.atomic():
            changes: dict[str, object] = {
                "status": EmailStatus.PENDING,
                "next_attempt_at": timezone.now(),
            }
            if reset_attempts:
                changes["attempts"] = 0
            updated = (
                OutgoingEmail.objects.filter(pk=email_id)
                .exclude(status=EmailStatus.SENT)
                .filter(text_deleted_at__isnull=True)
                .update(**changes)
            )
            if updated:
                _enqueue_delivery(email_id=email_id, run_after=None)
                count += 1
    return count
