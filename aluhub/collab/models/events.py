# mypy: disable-error-code="django-manager-missing"
# (modeltranslation managers, as for every aluhub.*.models module in pyproject.toml)
"""Events (capacity and waiting list), new-event alerts and private calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common import secret_links
from aluhub.common.regions import region_choices
from aluhub.common.subscriptions import Subscription as BaseSubscription

from .groups import VIDEO_LINK_MAX_LENGTH
from .searchable import Searchable


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


class Event(Searchable):
    """A cluster or partner event (title and description bilingual via modeltranslation).

    A blank price is unknown (shown as such), 0 is free; a blank capacity is unlimited.
    """

    SEARCH_FIELDS = (
        "title_fr",
        "title_en",
        "description_fr",
        "description_en",
        "city",
        "place",
        "organizer_name",
    )

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
    online_url = models.URLField(_("online link"), max_length=VIDEO_LINK_MAX_LENGTH, blank=True)
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
    published = models.BooleanField(pgettext_lazy("event", "published"), default=True)
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
    # Its address carries a value signed with SECRET_KEY (selectors.calendar_feed_token):
    # the database keeps no secret that opens the feed.
    token_version = secret_links.version_field()
    #: The SHA-256 of the clear token of the addresses given before they were signed.
    legacy_token_hash = secret_links.legacy_hash_field()
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
