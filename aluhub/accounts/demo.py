"""Demo accounts (one per role) and demo organizations, all flagged ``is_demo``.

The password is published in the README: never run ``seed_demo`` on a production
database (``aluhub setup --no-demo``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from aluhub.common.secret_links import hash_token
from aluhub.directory.services import organization_entry_refresh
from aluhub.workforce.indexing import organization_jobs_refresh

from .models import (
    INVITATION_VALID_DAYS,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    Role,
    User,
)

DEMO_PASSWORD = "demo-aluhub-2026"  # noqa: S105 - demo accounts only, documented

DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    # email, first name, last name, role, preferred language
    ("staff@demo.aluhub.ca", "Camille", "Tremblay", Role.STAFF, "fr"),
    ("member@demo.aluhub.ca", "Julien", "Gagnon", Role.MEMBER, "fr"),
    ("member-en@demo.aluhub.ca", "Emma", "Walsh", Role.MEMBER, "en"),
    ("partner@demo.aluhub.ca", "Nadia", "Roy", Role.PARTNER, "fr"),
    ("student@demo.aluhub.ca", "Léa", "Bouchard", Role.STUDENT, "fr"),
    ("teacher@demo.aluhub.ca", "Marc", "Côté", Role.TEACHER, "fr"),
    ("jury@demo.aluhub.ca", "Sophie", "Lavoie", Role.JURY, "fr"),
    ("expert@demo.aluhub.ca", "David", "Morin", Role.EXPERT, "en"),
]

DEMO_ORGS: list[dict[str, object]] = [
    {
        "slug": "demo-extrusions-saguenay",
        "name": "Extrusions Saguenay (démo)",
        "kind": "business",
        "naics_codes": ["331318"],
        "region": "02",
        "employees": 45,
        "annual_revenue_cad": 12_000_000,
        "founded_year": 2004,
        "legal_form": "corporation",
        "is_cluster_member": True,
    },
    {
        "slug": "demo-fonderie-mauricie",
        "name": "Fonderie Mauricie (démo)",
        "kind": "business",
        "naics_codes": ["331524"],
        "region": "04",
        "employees": 120,
        "annual_revenue_cad": 30_000_000,
        "founded_year": 1987,
        "legal_form": "corporation",
        "is_cluster_member": True,
    },
    {
        "slug": "demo-alu-startup-montreal",
        "name": "Alu Start-up Montréal (démo)",
        "kind": "business",
        "naics_codes": ["332999"],
        "region": "06",
        "employees": 6,
        "annual_revenue_cad": 400_000,
        "founded_year": 2024,
        "legal_form": "corporation",
        "is_cluster_member": False,
    },
    {
        "slug": "demo-orpex-partenaire",
        "name": "Organisme partenaire (démo)",
        "kind": "export",
        "naics_codes": [],
        "region": "03",
        "employees": 12,
        "legal_form": "non_profit",
    },
]


def seed_demo() -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        orgs = {}
        for spec in DEMO_ORGS:
            data = dict(spec)
            slug = str(data.pop("slug"))
            org, _created = Organization.objects.update_or_create(
                slug=slug, defaults={**data, "is_demo": True}
            )
            organization_entry_refresh(organization=org)
            organization_jobs_refresh(organization=org)
            orgs[slug] = org
        for email, first, last, role, lang in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
            user.first_name, user.last_name, user.role = first, last, role
            user.preferred_language = lang
            user.is_demo = True
            user.is_staff = role == Role.STAFF
            user.is_superuser = role == Role.STAFF
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.set_password(DEMO_PASSWORD)
            user.save()
        links = [
            ("member@demo.aluhub.ca", "demo-extrusions-saguenay", MembershipRole.OWNER),
            ("member-en@demo.aluhub.ca", "demo-fonderie-mauricie", MembershipRole.OWNER),
            ("partner@demo.aluhub.ca", "demo-orpex-partenaire", MembershipRole.OWNER),
        ]
        for email, slug, mrole in links:
            Membership.objects.update_or_create(
                user=User.objects.get(email=email),
                organization=orgs[slug],
                defaults={"role": mrole},
            )
        _seed_invitation(orgs["demo-extrusions-saguenay"])
    lines.append(f"{len(DEMO_USERS)} demo accounts, {len(DEMO_ORGS)} demo organizations.")
    return lines


#: The demo organization's pending invitation (its page is not empty); no e-mail is sent.
DEMO_INVITATION = "nouvelle.collegue@demo.aluhub.ca"


def _seed_invitation(org: Organization) -> None:
    """One pending invitation of the first demo organization, valid for another
    :data:`INVITATION_VALID_DAYS` days from each seeding (its link is never sent)."""
    pending = Invitation.objects.filter(
        organization=org, email=DEMO_INVITATION, accepted_at__isnull=True, revoked_at__isnull=True
    )
    expires_at = timezone.now() + timedelta(days=INVITATION_VALID_DAYS)
    if pending.update(expires_at=expires_at):
        return
    Invitation.objects.create(
        organization=org,
        email=DEMO_INVITATION,
        role=MembershipRole.MEMBER,
        invited_by=User.objects.get(email="member@demo.aluhub.ca"),
        token_hash=hash_token(secrets.token_urlsafe(32)),
        expires_at=expires_at,
    )


def login_table() -> list[str]:
    """The demo logins, printed by ``seed_demo`` and at the end of ``setup``."""
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD})"]
    for email, _first, _last, role, _lang in DEMO_USERS:
        lines.append(f"    {role:<8} {email}")
    return lines
