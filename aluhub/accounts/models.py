"""Users, organizations (member businesses and partners), memberships and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.regions import region_choices
from aluhub.common.validators import MaxValue
from aluhub.engines.matching import EMPLOYEES_RANGE, FOUNDED_YEAR_MIN
from aluhub.engines.sizes import SizeClass, size_class

from .validators import (
    validate_founded_year_not_future,
    validate_naics_list,
    validate_neq,
    validate_region,
)


class Role(models.TextChoices):
    STAFF = "staff", _("Cluster staff")
    MEMBER = "member", _("Member organization user")
    PARTNER = "partner", _("Partner organization")
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    JURY = "jury", _("Jury member")
    EXPERT = "expert", _("Expert")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Log in whatever the letter case typed (addresses are unique regardless of case)."""
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("May log into the admin site.")
    )
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def get_public_name(self) -> str:
        """The name a public page may show: first and last name, blank when none is known
        (never the e-mail address, unlike :meth:`get_full_name`); the page says who instead."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_cluster_staff(self) -> bool:
        # The same rule as a query condition: cluster_staff_q() below.
        return self.is_active and (self.role == Role.STAFF or self.is_superuser)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class OrganizationKind(models.TextChoices):
    BUSINESS = "business", _("Business")
    SMELTER = "smelter", _("Primary producer (smelter)")
    EQUIPMENT = "equipment", _("Equipment maker or supplier")
    RESEARCH = "research", _("Research centre")
    SCHOOL = "school", _("College or university")
    FUNDER = "funder", _("Funder")
    EXPORT = "export", _("Export-support organization")
    GOVERNMENT = "government", _("Government body")
    OTHER = "other", _("Other partner")


class LegalForm(models.TextChoices):
    CORPORATION = "corporation", _("Corporation")
    PARTNERSHIP = "partnership", _("Partnership")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("Sole proprietorship")
    COOPERATIVE = "cooperative", _("Cooperative")
    NON_PROFIT = "non_profit", _("Non-profit organization")
    PUBLIC_BODY = "public_body", _("Public body")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=OrganizationKind.choices,
        default=OrganizationKind.BUSINESS,
    )
    neq = models.CharField(
        _("NEQ"),
        max_length=10,
        blank=True,
        validators=[validate_neq],
        help_text=_("Québec enterprise number, 10 digits."),
    )
    website = models.URLField(_("website"), blank=True)
    naics_codes = models.JSONField(
        _("NAICS (SCIAN) codes"), default=list, blank=True, validators=[validate_naics_list]
    )
    region = models.CharField(
        _("administrative region"),
        max_length=2,
        choices=region_choices,
        validators=[validate_region],
    )
    #: The matching engine's plausible profile (engines/matching.py): a typo beyond it would
    #: make every funding page of the organization fail.
    employees = models.PositiveIntegerField(
        _("employees"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EMPLOYEES_RANGE[0]), MaxValue(EMPLOYEES_RANGE[1])],
    )
    annual_revenue_cad = models.DecimalField(
        _("annual revenue (CAD)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FOUNDED_YEAR_MIN), validate_founded_year_not_future],
    )
    legal_form = models.CharField(
        _("legal form"), max_length=24, choices=LegalForm.choices, blank=True
    )
    is_cluster_member = models.BooleanField(_("cluster member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo organization"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neq"], condition=~models.Q(neq=""), name="organization_neq_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=FOUNDED_YEAR_MIN),
                name="organization_founded_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def size_class(self) -> SizeClass | None:
        return None if self.employees is None else size_class(self.employees)

    @property
    def primary_naics(self) -> str:
        return self.naics_codes[0] if self.naics_codes else ""


class Establishment(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="establishments"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    region = models.CharField(
        _("administrative region"),
        max_length=2,
        choices=region_choices,
        validators=[validate_region],
    )

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["city"]

    def __str__(self) -> str:
        return f"{self.name or self.organization.name} ({self.city})"


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


#: Roles that are granted (by staff, or by an organization's owner for its members), never
#: chosen at sign-up.
GRANTED_ROLES = (Role.EXPERT, Role.JURY, Role.TEACHER, Role.STAFF)


class RoleRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("role request status", "Pending")
    APPROVED = "approved", pgettext_lazy("role request status", "Approved")
    DECLINED = "declined", pgettext_lazy("role request status", "Declined")


class RoleRequest(models.Model):
    """A user's request to be granted a role (expert, jury, teacher, staff): a review queue."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(
        _("role"), max_length=16, choices=[(r.value, r.label) for r in GRANTED_ROLES]
    )
    # The organization whose owner may decide (staff always may); empty: staff only.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_requests",
    )
    reason = models.TextField(_("why you ask"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=RoleRequestStatus.choices,
        default=RoleRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="role_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} -> {self.role} ({self.status})"


def cluster_staff_q(prefix: str = "") -> models.Q:
    """``User.is_cluster_staff`` as a query condition on the user at ``prefix`` (e.g.
    ``"owner__"``): active, and role staff or superuser."""
    return models.Q(**{f"{prefix}is_active": True}) & (
        models.Q(**{f"{prefix}role": Role.STAFF}) | models.Q(**{f"{prefix}is_superuser": True})
    )


#: How long an invitation link works, and how many may wait per organization.
INVITATION_VALID_DAYS = 14
INVITATIONS_PENDING_MAX = 20


class Invitation(models.Model):
    """An organization's invitation to a person, by e-mail address, to join it with a role.

    Only a SHA-256 hash of the link's secret is stored (as for :class:`ApiToken`); a resend
    replaces it, so the older link stops working. Pending: neither accepted nor revoked (an
    expired one is still pending until it is renewed or revoked)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.organization} ({self.role})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
