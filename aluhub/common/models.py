"""The shell's own rows: the outgoing-mail queue, the schedule of recurring jobs and the
search token index of the large lists."""

from __future__ import annotations

from typing import Any

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
    keeps failing ends as ``failed`` with its error, listed for staff in the admin. Its text
    and headers are emptied once sent, or ``OUTBOX_KEEP_FAILED_DAYS`` after a failed one's
    last try (``text_deleted_at``): only the metadata stays.
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
    #: When the text and headers were emptied (sent, or failed and kept long enough): they
    #: hold signed links (unsubscribe, confirm, reset); the metadata stays for the admin.
    text_deleted_at = models.DateTimeField(_("text deleted at"), null=True, blank=True)

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


#: Longest token stored (characters): a query term never exceeds ``search.MAX_QUERY``, so a
#: longer word is cut without changing which queries start it.
TOKEN_LENGTH = 200


class TokenField(models.CharField):
    """A search token column, with the ``tokenprefix`` lookup (tokens starting with a
    value) answered by the index on both databases: a byte-wise range on SQLite, a
    ``LIKE 'value%'`` on PostgreSQL (whose index uses ``varchar_pattern_ops``)."""


@TokenField.register_lookup
class TokenPrefix(models.Lookup):
    lookup_name = "tokenprefix"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        value = str(list(rhs_params)[0])
        # Tokens are ASCII (folded words, "=synonym=", "facet:value"): every token
        # starting with ``value`` sorts between it and ``value`` + DEL byte-wise.
        return f"{lhs} >= %s AND {lhs} < %s", [*lhs_params, value, *lhs_params, value + "\x7f"]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        value = str(list(rhs_params)[0])
        value = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*lhs_params, value + "%"]


class SearchToken(models.Model):
    """One search token of one record of an indexed list (``kind``: "workforce.job",
    "directory.search.public" ...), kept by the app's services through
    :func:`aluhub.common.search.index_documents`: a word search or a facet filter is an
    index lookup instead of a scan of every record's stored document."""

    kind = models.CharField(_("list"), max_length=40)
    object_id = models.BigIntegerField(_("record"))
    token = TokenField(_("token"), max_length=TOKEN_LENGTH)

    objects: models.Manager[SearchToken] = models.Manager()

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        indexes = [
            # Words and facets: (kind, token) then the record, read from the index alone.
            # PostgreSQL: pattern operator classes, so LIKE 'prefix%' uses it whatever the
            # database's collation (ignored on SQLite, which compares bytes).
            models.Index(
                fields=["kind", "token", "object_id"],
                name="common_searchtoken_lookup",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
            ),
            # One record's tokens: replacing them, and a frequent word checked record by
            # record (search.filter_indexed).
            models.Index(
                fields=["kind", "object_id", "token"],
                name="common_searchtoken_record",
                opclasses=["varchar_pattern_ops", "int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.token}"
