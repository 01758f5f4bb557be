"""The shell's own rows: the outgoing-mail queue and the schedule of recurring jobs."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (no more retries)")


class OutgoingEmail(models.Model):
    """One message handed to :func:`aluhub.common.mail.send_email`, kept until delivered.

    The row is written in the caller's transaction together with the task that delivers it,
    so a message is never sent for a change that rolled back, and never lost: a send that
    keeps failing ends as ``failed`` with its error, listed for staff in the admin.
    """

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects: models.Manager[OutgoingEmail] = models.Manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    def message(self) -> EmailMessage:
        return EmailMessage(
            self.subject,
            self.body,
            to=list(self.to),
            headers=dict(self.headers or {}),
            reply_to=list(self.reply_to) if self.reply_to else None,
        )


class ScheduledJob(models.Model):
    """When a job of :data:`aluhub.common.schedule.SCHEDULE` next runs, and how it last went."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    next_run_at = models.DateTimeField(_("next run at"))
    last_enqueued_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_outcome = models.TextField(_("last outcome"), blank=True)
    last_failed = models.BooleanField(_("last run failed"), default=False)

    objects: models.Manager[ScheduledJob] = models.Manager()

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
