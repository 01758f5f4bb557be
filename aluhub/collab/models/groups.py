# mypy: disable-error-code="django-manager-missing"
# (modeltranslation managers, as for every aluhub.*.models module in pyproject.toml)
"""Working groups, their members and meetings: agenda, registrations, antitrust
acknowledgements, decisions and action items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .searchable import Searchable

#: A video-conference address (a meeting's, an online event's): a Teams link runs to about
#: 300 characters, past the URLField's usual 200.
VIDEO_LINK_MAX_LENGTH = 500


class GroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    COMMITTEE = "committee", _("Committee")
    TABLE = "table", _("Concertation table")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public page")
    PLATFORM = "platform", _("Signed-in users of the platform")
    GROUP = "group", _("Group members only")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("group role", "Member")
    OBSERVER = "observer", _("Observer")


class WorkingGroup(Searchable):
    """A working group, committee or table (name and mandate bilingual via modeltranslation)."""

    SEARCH_FIELDS = ("name_fr", "name_en", "mandate_fr", "mandate_en")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    kind = models.CharField(
        _("type"), max_length=16, choices=GroupKind.choices, default=GroupKind.WORKING_GROUP
    )
    created_year = models.PositiveSmallIntegerField(_("year set up"), null=True, blank=True)
    created_on = models.DateField(_("set up on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.GROUP
    )
    source_url = models.URLField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(created_year__isnull=True) | models.Q(created_year__gte=2000),
                name="collab_group_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.closed_on is None


class GroupMember(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("organization represented"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="collab_group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} ({self.role})"


class Meeting(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(
        pgettext_lazy("meeting", "video link"), max_length=VIDEO_LINK_MAX_LENGTH, blank=True
    )
    minutes_summary = models.TextField(_("minutes summary"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="collab_meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.title}"


class AgendaKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Discussion")
    DECISION = "decision", _("Decision")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=12, choices=AgendaKind.choices, default=AgendaKind.INFORMATION
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    registered_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="collab_meeting_reg_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class AntitrustAcknowledgement(models.Model):
    """A participant's acknowledgement of the competition-law reminder, with its time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("antitrust acknowledgement")
        verbose_name_plural = _("antitrust acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="collab_antitrust_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting} ({self.acknowledged_at:%Y-%m-%d %H:%M})"


class Decision(models.Model):
    """A decision of the minutes, numbered per group (1, 2, 3 ... across its meetings)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    quorum_reached = models.BooleanField(_("quorum reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="collab_decision_number")
        ]

    def __str__(self) -> str:
        return f"{self.group} #{self.number}"

    @property
    def was_voted(self) -> bool:
        return self.votes_for is not None


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="collab_action_items",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and self.due_on < day  # type: ignore[operator]
