"""E-mail goes through the queue: stored, sent by the worker, retried, never lost."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from aluhub.common.mail import (
    RETRY_DELAYS,
    header_safe,
    outgoing_emails_requeue,
    send_email,
    site_url,
)
from aluhub.common.models import EmailStatus, OutgoingEmail
from tests.factories import UserFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class FlakyBackend(EmailBackend):
    """A mail server that refuses the first ``failures`` messages, then accepts."""

    failures = 1

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def let_time_pass() -> None:
    """The retry delays elapse: every deferred task becomes due now."""
    past = timezone.now() - dt.timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


@pytest.mark.django_db(transaction=True)
def test_subscription_confirmation_sent_by_worker_after_request_returned(
    database_tasks: None,
) -> None:
    response = Client().post(
        reverse("community:subscribe"),
        {
            "email": "reader@example.org",
            "categories": ["funding"],
            "language": "en",
            "frequency": "weekly",
        },
    )
    assert response.status_code == 200
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == EmailStatus.PENDING
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Confirm your AluHub news subscription"]
    assert mail.outbox[0].to == ["reader@example.org"]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_send_email_that_fails_once_is_retried_and_delivered(
    database_tasks: None, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.common.test_mail.FlakyBackend"
    FlakyBackend.failures = 1
    send_email(to=["a@example.org"], subject="Hello\nthere", body="Body")
    before = timezone.now()
    run_worker()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, mail.outbox) == (EmailStatus.PENDING, 1, [])
    assert email.last_error == "ConnectionRefusedError: mail server down"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after - before >= dt.timedelta(seconds=RETRY_DELAYS[0])
    run_worker()  # not due yet: nothing happens
    assert mail.outbox == []
    let_time_pass()
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
    assert [(m.subject, m.to) for m in mail.outbox] == [("Hello there", ["a@example.org"])]


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_send_email_that_keeps_failing_ends_failed_and_staff_can_send_it_again(
    database_tasks: None, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.common.test_mail.FlakyBackend"
    FlakyBackend.failures = len(RETRY_DELAYS) + 1
    send_email(to=["b@example.org"], subject="Reminder", body="Body")
    for _ in range(len(RETRY_DELAYS) + 1):
        run_worker()
        let_time_pass()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, len(RETRY_DELAYS) + 1)
    assert DBTaskResult.objects.filter(status="READY").count() == 0

    staff = UserFactory(role="staff")
    client = Client()
    client.force_login(staff)
    changelist = reverse("admin:common_outgoingemail_changelist")
    listing = client.get(changelist + "?status=failed")
    assert listing.status_code == 200
    assert "Reminder" in listing.content.decode()
    response = client.post(
        changelist,
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    assert response.status_code == 302
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_send_email_rolled_back_with_its_transaction_is_never_sent(database_tasks: None) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(to=["c@example.org"], subject="Never", body="Body")
        raise RuntimeError("the change failed")
    run_worker()
    assert (OutgoingEmail.objects.count(), mail.outbox) == (0, [])


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_retry_emails_requeues_a_delivery_stuck_with_a_dead_worker(database_tasks: None) -> None:
    send_email(to=["d@example.org"], subject="Stuck", body="Body")
    DBTaskResult.objects.all().delete()  # the worker died with the task
    OutgoingEmail.objects.update(
        status=EmailStatus.SENDING, last_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )
    call_command("retry_emails", verbosity=0)
    run_worker()
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Stuck"]


@pytest.mark.django_db
def test_retry_emails_failed_puts_the_given_up_messages_back_with_their_tries_from_zero(
    database_tasks: None,
) -> None:
    send_email(to=["e@example.org"], subject="Given up", body="Body")
    send_email(to=["f@example.org"], subject="Sent", body="Body")
    OutgoingEmail.objects.filter(subject="Given up").update(status=EmailStatus.FAILED, attempts=6)
    OutgoingEmail.objects.filter(subject="Sent").update(status=EmailStatus.SENT)
    out = StringIO()
    call_command("retry_emails", stdout=out)
    assert out.getvalue() == "0 e-mails queued again\n"
    call_command("retry_emails", "--failed", stdout=out)
    assert out.getvalue().endswith("1 e-mail queued again\n")
    assert dict(OutgoingEmail.objects.values_list("subject", "status")) == {
        "Given up": EmailStatus.PENDING,
        "Sent": EmailStatus.SENT,
    }
    assert OutgoingEmail.objects.get(subject="Given up").attempts == 0


@pytest.mark.django_db
def test_send_email_without_recipient_queues_nothing(database_tasks: None) -> None:
    send_email(to=["", ""], subject="Nobody", body="Body")
    assert OutgoingEmail.objects.count() == 0


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_queued_not_sent_in_the_request(database_tasks: None) -> None:
    UserFactory(email="forgot@example.org")
    response = Client().post(
        "/fr/compte/mot-de-passe/reinitialiser/", {"email": "forgot@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox == []
    run_worker()
    assert [m.to for m in mail.outbox] == [["forgot@example.org"]]
    assert "/fr/compte/mot-de-passe/reinitialiser/" in mail.outbox[0].body


def test_a_subject_keeps_the_no_break_spaces_of_french_punctuation() -> None:
    """« Nouvelle offre : … » keeps its no-break space before the colon (a subject could
    break there); line breaks and runs of spaces still collapse to one space."""
    subject = "Nouvelle offre\u00a0: Soudeur\r\n Bcc:  x@example.org\u202f?"
    assert header_safe(subject) == "Nouvelle offre\u00a0: Soudeur Bcc: x@example.org\u202f?"


def test_site_url_is_the_public_address_followed_by_the_page(settings: Any) -> None:
    # Every link that leaves the site (e-mails, calendar files, feeds) is built here.
    settings.SITE_URL = "https://aluhub.example.ca"
    assert site_url(reverse("community:index")) == "https://aluhub.example.ca/fr/actualites/"


UNSUBSCRIBE = "https://aluhub.example.ca/fr/nouvelles/desabonnement/1.abc.sig/"


@pytest.mark.django_db
def test_a_sent_message_keeps_its_metadata_but_not_its_text_nor_headers() -> None:
    send_email(
        to=["reader@example.org"],
        subject="Bulletin",
        body=f"Se désabonner : {UNSUBSCRIBE}",
        headers={"List-Unsubscribe": f"<{UNSUBSCRIBE}>"},
    )
    (message,) = mail.outbox
    assert UNSUBSCRIBE in message.body
    email = OutgoingEmail.objects.get()
    assert (email.status, email.to, email.subject) == (
        EmailStatus.SENT,
        ["reader@example.org"],
        "Bulletin",
    )
    assert (email.body, email.headers) == ("", {})
    assert email.text_deleted_at == email.sent_at


def failed_email(*, days_ago: int) -> OutgoingEmail:
    moment = timezone.now() - dt.timedelta(days=days_ago)
    return OutgoingEmail.objects.create(
        to=["person@example.org"],
        subject=f"Reset, {days_ago} days",
        body=f"Choose a password: {UNSUBSCRIBE}",
        headers={"List-Unsubscribe": f"<{UNSUBSCRIBE}>"},
        status=EmailStatus.FAILED,
        attempts=len(RETRY_DELAYS) + 1,
        last_error="ConnectionRefusedError: mail server down",
        last_attempt_at=moment,
    )


@pytest.fixture
def failed_8_and_6_days_ago(settings: Any) -> tuple[OutgoingEmail, OutgoingEmail]:
    """Two failed messages, kept 7 days, after ``retry_emails`` ran."""
    settings.OUTBOX_KEEP_FAILED_DAYS = 7
    old, recent = failed_email(days_ago=8), failed_email(days_ago=6)
    call_command("retry_emails", stdout=StringIO())
    return old, recent


@pytest.mark.django_db
def test_retry_emails_empties_a_failed_messages_text_after_the_days_it_is_kept(
    failed_8_and_6_days_ago: tuple[OutgoingEmail, OutgoingEmail],
) -> None:
    old, recent = failed_8_and_6_days_ago
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.headers, old.status) == ("", {}, EmailStatus.FAILED)
    assert (old.subject, old.last_error) == (
        "Reset, 8 days",
        "ConnectionRefusedError: mail server down",
    )
    assert old.text_deleted_at is not None
    assert UNSUBSCRIBE in recent.body and recent.text_deleted_at is None
    # Staff can send the recent one again, not the one whose text is gone.
    assert outgoing_emails_requeue(ids=[old.pk, recent.pk], reset_attempts=True) == 1
    assert [m.subject for m in mail.outbox] == ["Reset, 6 days"]


@pytest.mark.django_db
def test_retry_emails_empties_the_text_of_a_message_sent_before_it_was_emptied_on_sending() -> None:
    email = OutgoingEmail.objects.create(
        to=["a@example.org"], subject="Old", body=UNSUBSCRIBE, status=EmailStatus.SENT
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now())
    call_command("retry_emails", stdout=StringIO())
    email.refresh_from_db()
    assert (email.body, email.status) == ("", EmailStatus.SENT)


@pytest.mark.django_db
def test_send_again_in_the_admin_says_why_a_failed_message_with_no_text_left_is_not_sent(
    failed_8_and_6_days_ago: tuple[OutgoingEmail, OutgoingEmail],
) -> None:
    old, recent = failed_8_and_6_days_ago
    staff = UserFactory(role="staff", preferred_language="fr")
    client = Client()
    client.force_login(staff)
    with translation.override("fr"):
        changelist = reverse("admin:common_outgoingemail_changelist")
    response = client.post(
        changelist,
        {"action": "send_again", "_selected_action": [old.pk, recent.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 courriel remis dans la file d’envoi." in page
    assert (
        "1 courriel en échec n’a pas été renvoyé\u00a0: son texte, liens compris, a été effacé "
        "à la fin de son délai de conservation."
    ) in page
    assert [m.subject for m in mail.outbox] == ["Reset, 6 days"]
