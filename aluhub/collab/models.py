# Size: all collab models in the module migrations/admin import; next: a models/ package.
"""The collaboration space: working groups and their meetings, minutes and action items; events.

A working group's page is public, for signed-in users of the platform, or for its members
only (``Visibility``). Meetings carry an agenda that opens once a participant has
acknowledged the antitrust reminder (``AntitrustAcknowledgement``, stored with its time).
The secretary's minutes record attendance (``MeetingRegistration.attended``), decisions
numbered per group and action items; open action items reappear on the next agenda.
Events have a capacity and a waiting list (``EventRegistration.status``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.regions import region_choices
from aluhub.common.subscriptions import Subscription as BaseSubscription
from aluhub.common.subscriptions import new_token


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


class WorkingGroup(models.Model):
    """A working group, committee or table (name and mandate bilingual via modeltranslation)."""

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
    video_url = models.URLField(_("video link"), blank=True)
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
    OPEN = "open", _("Open")
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


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    TRAINING = "training", _("Training session")
    VISIT = "visit", _("Plant visit")
    WEBINAR = "webinar", _("Webinar")
    JOB_FAIR = "job_fair", _("Job fair")
    OTHER = "other", _("Other")


class Organizer(models.TextChoices):
    CLUSTER = "cluster", _("Cluster event")
    PARTNER = "partner", _("Partner event")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MEMBERS = "members", _("Cluster members")
    INDUSTRY = "industry", _("Industry professionals")
    STUDENTS = "students", _("Students and job seekers")


class Event(models.Model):
    """A cluster or partner event (title and description bilingual via modeltranslation).

    A blank price is unknown (shown as such), 0 is free; a blank capacity is unlimited.
    """

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices)
    organizer = models.CharField(
        _("organizer"), max_length=8, choices=Organizer.choices, default=Organizer.CLUSTER
    )
    organizer_name = models.CharField(_("organizer name"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=region_choices, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    price_member_cad = models.DecimalField(
        _("price for members (CAD)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_non_member_cad = models.DecimalField(
        _("price for non-members (CAD)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    published = models.BooleanField(_("published"), default=True)
    source_url = models.URLField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="collab_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    is_member_rate = models.BooleanField(_("member rate"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(_("moved from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="collab_event_reg_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.status})"


# --- partner initiatives -----------------------------------------------------------------


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("initiative status", "Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class Initiative(models.Model):
    """An initiative carried with partner organizations (title and summary bilingual).

    ``progress_pct`` is the progress of the latest dated update (blank = unknown). A
    "call for partners" is open while ``call_open`` is true and ``call_closes_on`` (if
    any) has not passed; members answer it with an :class:`ExpressionOfInterest`.
    """

    # Columns added by modeltranslation (translation.py), declared for type checkers.
    title_fr: str | None
    title_en: str | None
    call_text_fr: str | None
    call_text_en: str | None

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.IDEA
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("working group"),
    )
    programs = models.ManyToManyField(
        "funding.Program",
        blank=True,
        related_name="collab_initiatives",
        verbose_name=_("funding programs"),
    )
    call_open = models.BooleanField(_("call for partners open"), default=False)
    call_text = models.TextField(_("call for partners"), blank=True)
    call_closes_on = models.DateField(_("call closes on"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    source_url = models.URLField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner initiative")
        verbose_name_plural = _("partner initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_pct__isnull=True) | models.Q(progress_pct__lte=100),
                name="collab_initiative_progress_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def call_is_open(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.call_open and (self.call_closes_on is None or self.call_closes_on >= day)  # type: ignore[operator]


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="collab_initiatives",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=8, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    class Meta:
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="collab_initiative_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.initiative} ({self.role})"


class InitiativeUpdate(models.Model):
    """One dated entry of an initiative's timeline (what happened, progress then)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    text = models.TextField(_("update"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_pct__isnull=True) | models.Q(progress_pct__lte=100),
                name="collab_initiative_update_progress_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.on}"


class LiveSource(models.TextChoices):
    """Indicators AluHub computes itself (see ``selectors_initiatives.LIVE_SOURCES``)."""

    SCRAP_LISTED_T = "scrap_listed_t", _("Scrap offered on the exchange (t)")
    SCRAP_EXCHANGED_T = "scrap_exchanged_t", _("Scrap exchanged on the exchange (t)")
    SCRAP_MATCHED_T = "scrap_matched_t", _("Scrap offers with an accepted contact (t)")
    CHARGES_OPTIMIZED = "charges_optimized", _("Feasible charges from the charge optimizer")
    RECYCLED_SHIPPED_T = "recycled_shipped_t", _("Recycled content shipped this year (t)")


class Indicator(models.Model):
    """An indicator of an initiative: live (``live_source`` set) or entered (its values)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    live_source = models.CharField(
        _("computed by AluHub from"), max_length=24, choices=LiveSource.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return bool(self.live_source)


class IndicatorValue(models.Model):
    """An entered value of an indicator, with its date and its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-measured_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ExpressionOfInterest(models.Model):
    """A member organization's answer to an initiative's call for partners."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="expressions_of_interest"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(
        _("proposed role"), max_length=8, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="collab_interest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.initiative}"


# --- group documents ---------------------------------------------------------------------


class Confidentiality(models.TextChoices):
    GROUP = "group", _("Group members only")
    MEMBERS = "members", _("Cluster members")
    PUBLIC = "public", _("Public")


def document_path(instance: DocumentVersion, filename: str) -> str:
    # The stored name is ours (the group, the document, the version), never the uploader's.
    extension = instance.kind or "bin"
    return (
        f"collab/documents/{instance.document.group_id}/"
        f"{instance.document_id}-v{instance.number}.{extension}"
    )


class GroupDocument(models.Model):
    """A document of a working group; its file is in its versions (the latest is current).

    ``search_text`` is the stored search document (common.search) of the title, the
    description and the text extracted from the latest version.
    """

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.CharField(
        _("who may read it"),
        max_length=8,
        choices=Confidentiality.choices,
        default=Confidentiality.GROUP,
    )
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document (numbered 1, 2, 3 ...), stored outside the web root."""

    document = models.ForeignKey(GroupDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="collab_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# --- new-event alerts and private calendar feeds ------------------------------------------


class EventAlert(BaseSubscription):
    """An e-mail alert on new events matching a filter (blank = any), on the subscriptions
    core (consent, frequency, one-click unsubscribe: ``aluhub.common.subscriptions``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_alerts",
    )
    region = models.CharField(_("region"), max_length=2, choices=region_choices, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices, blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, blank=True)

    class Meta:
        verbose_name = _("event alert")
        verbose_name_plural = _("event alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "region", "kind", "audience"], name="collab_event_alert_unique"
            )
        ]

    def __str__(self) -> str:
        return self.email


class EventAlertDelivery(models.Model):
    """One event sent to one alert: nothing is sent twice."""

    alert = models.ForeignKey(EventAlert, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event alert delivery")
        verbose_name_plural = _("event alert deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "event"], name="collab_event_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.alert}"


class CalendarFeed(models.Model):
    """A user's private calendar address ("my events and meetings"): whoever holds the
    secret URL reads the feed, so it can be revoked (a new one gets a new secret)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
