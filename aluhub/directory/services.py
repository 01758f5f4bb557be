"""Writes of the member directory (keyword-only, typed, atomic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import search

from . import selectors
from .models import FIELDS, Certification, DirectoryProfile, FieldVisibility, Process

EDITABLE = (
    "listed",
    "role",
    "processes",
    "alloys",
    "capacities",
    "capacity_tonnes",
    "certifications",
    "w47_division",
    "city",
    "buys",
    "sells",
    "contact_name",
    "contact_email",
    "contact_phone",
)


#: The stored columns :func:`fill_index` writes.
INDEX_COLUMNS = [
    "search_public",
    "search_members",
    "facets_public",
    "facets_members",
    "facets_all",
    "sort_name",
    "completeness",
]


def fill_index(profile: DirectoryProfile) -> None:
    """Set the stored search and facet columns and the sort key of ``profile`` (unsaved)."""
    profile.search_public = selectors.search_document(profile, "public")
    profile.search_members = selectors.search_document(profile, "members")
    profile.facets_public = selectors.facet_document(profile, "public")
    profile.facets_members = selectors.facet_document(profile, "members")
    profile.facets_all = selectors.facet_document(profile, "own")
    profile.sort_name = search.fold(profile.organization.name)[:200]
    profile.completeness = selectors.profile_completeness(profile).percent


def index_tokens(profiles: Sequence[DirectoryProfile], *, fresh: bool = False) -> None:
    """Store the saved ``profiles``' search and facet columns in the search token index
    (``fresh``: they have no tokens yet). Only a listed profile holds tokens."""
    for column, kind in selectors.TOKEN_KINDS.items():
        search.index_documents(
            kind, [(p.pk, getattr(p, column) if p.listed else "") for p in profiles], fresh=fresh
        )


@transaction.atomic
def profile_save(
    *,
    organization: Organization,
    by: User | None,
    values: dict[str, Any],
    visibility: dict[str, str] | None = None,
) -> DirectoryProfile:
    """Create or update ``organization``'s profile (``by`` None: a loader or demo seeder).

    Only the organization's members and staff may edit; visibilities outside
    public/members/hidden and unknown processes or certifications are refused.
    """
    if by is not None:
        selectors.require_profile_editor(by, organization)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if set(values.get("processes") or []) - set(Process.values):
        raise ValidationError({"processes": _("Unknown process.")})
    certifications = set(values.get("certifications") or [])
    if certifications - set(Certification.values):
        raise ValidationError({"certifications": _("Unknown certification.")})
    if values.get("w47_division") and Certification.CSA_W47_2 not in certifications:
        raise ValidationError(
            {"w47_division": _("Tick CSA W47.2 among the certifications to give its division.")}
        )
    profile = DirectoryProfile.objects.filter(organization=organization).first()
    if profile is None:
        profile = DirectoryProfile(organization=organization)
    for name, value in values.items():
        setattr(profile, name, value)
    if visibility is not None:
        bad = {
            k for k, v in visibility.items() if k not in FIELDS or v not in FieldVisibility.values
        }
        if bad:
            raise ValidationError({"visibility": _("Unknown field or visibility.")})
        profile.visibility = {**FIELDS, **visibility}
    profile.alloys = sorted(
        {str(a).strip().upper() for a in profile.alloys or [] if str(a).strip()}
    )
    fill_index(profile)
    profile.full_clean(exclude=["organization"])
    profile.save()
    index_tokens([profile])
    return profile


@transaction.atomic
def profile_index(*, profile: DirectoryProfile) -> DirectoryProfile:
    """Rebuild one profile's search and facet columns (after an admin edit)."""
    fill_index(profile)
    profile.save(update_fields=[*INDEX_COLUMNS, "updated_at"])
    index_tokens([profile])
    return profile


@transaction.atomic
def profiles_reindex() -> int:
    """Rebuild the search and facet columns and tokens of every profile; answer how many."""
    count = 0
    for kind in selectors.TOKEN_KINDS.values():
        search.unindex(kind)
    for profile in DirectoryProfile.objects.select_related("organization"):
        fill_index(profile)
        profile.save(update_fields=[*INDEX_COLUMNS, "updated_at"])
        index_tokens([profile], fresh=True)
        count += 1
    return count


def organization_entry_refresh(*, organization: Organization) -> None:
    """Keep the organization's directory entry current after a change of the organization
    (name, region, size): every service that writes an organization calls this inside its
    transaction (``accounts.services``: create, update, admin save; the demo seeder). A model
    signal used to do it; an explicit call keeps the write path readable in one place."""
    profile = DirectoryProfile.objects.filter(organization=organization).first()
    if profile is not None:
        profile.organization = organization
        profile_index(profile=profile)
