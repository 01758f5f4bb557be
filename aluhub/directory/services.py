"""Writes of the member directory (keyword-only, typed, atomic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import search

from . import counting, selectors
from .models import (
    FIELDS,
    Certification,
    DirectoryChange,
    DirectoryChangeCounter,
    DirectoryProfile,
    FieldVisibility,
    Process,
)

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
    "name_key",
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
    profile.name_key = profile.organization.name.casefold()
    profile.completeness = selectors.profile_completeness(profile).percent


def index_tokens(profiles: Sequence[DirectoryProfile], *, fresh: bool = False) -> None:
    """Store the saved ``profiles``' search and facet columns in the search token index
    (``fresh``: they have no tokens yet). Only a listed profile holds tokens."""
    for column, kind in counting.TOKEN_KINDS.items():
        search.index_documents(
            kind, [(p.pk, getattr(p, column) if p.listed else "") for p in profiles], fresh=fresh
        )


def _lock_changes() -> DirectoryChangeCounter:
    """The directory's change counter, locked until the caller's transaction ends: profile
    writes take their turn, so their changes are numbered in the order they commit and
    each reads the state the previous one left."""
    counter = DirectoryChangeCounter.objects.select_for_update().filter(pk=1).first()
    if counter is None:  # a database emptied since its migration (a test flush)
        DirectoryChangeCounter.objects.bulk_create(
            [DirectoryChangeCounter(pk=1)], ignore_conflicts=True
        )
        counter = DirectoryChangeCounter.objects.select_for_update().get(pk=1)
    return counter


def _stored_state(profile_id: int | None) -> counting.CountedState:
    """The counted state of the profile as the database holds it (``None``: absent)."""
    found = DirectoryProfile.objects.filter(pk=profile_id).first() if profile_id else None
    return counting.counted_state(found) if found is not None else None


def _record_change(
    counter: DirectoryChangeCounter,
    profile_id: int,
    before: counting.CountedState,
    after: counting.CountedState,
) -> None:
    """Number the change of one profile for the cached counts (none when nothing they count
    changed: the cached counts still hold) and forget the changes no cache reads any more."""
    if before == after:
        return
    counter.last += 1
    counter.save(update_fields=["last"])
    DirectoryChange.objects.create(
        seq=counter.last, profile_id=profile_id, before=before, after=after
    )
    DirectoryChange.objects.filter(seq__lte=counter.last - 2 * counting.MAX_CHANGES).delete()


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
    counter = _lock_changes()
    profile = DirectoryProfile.objects.filter(organization=organization).first()
    if profile is None:
        profile = DirectoryProfile(organization=organization)
    before = counting.counted_state(profile) if profile.pk else None
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
    _record_change(counter, profile.pk, before, counting.counted_state(profile))
    return profile


def _save_indexed(
    profile: DirectoryProfile, update_fields: list[str] | None = None
) -> DirectoryProfile:
    """Save ``profile`` with its stored columns and tokens, its change numbered."""
    counter = _lock_changes()
    before = _stored_state(profile.pk)
    fill_index(profile)
    profile.save(update_fields=update_fields)
    index_tokens([profile])
    _record_change(counter, profile.pk, before, counting.counted_state(profile))
    return profile


@transaction.atomic
def profile_index(*, profile: DirectoryProfile) -> DirectoryProfile:
    """Rebuild one profile's search and facet columns (after a change of its organization)."""
    return _save_indexed(profile, [*INDEX_COLUMNS, "updated_at"])


@transaction.atomic
def profile_admin_save(*, profile: DirectoryProfile) -> DirectoryProfile:
    """Save a profile edited on the admin's add or change page, with its columns and tokens."""
    return _save_indexed(profile)


@transaction.atomic
def profile_delete_record(*, profile_id: int) -> None:
    """Number the deletion of a profile (called before its row goes, from any deletion:
    the admin, a cascade from its organization), so cached counts drop it."""
    counter = _lock_changes()
    _record_change(counter, profile_id, _stored_state(profile_id), None)


@transaction.atomic
def profiles_reindex() -> int:
    """Rebuild the search and facet columns and tokens of every profile; answer how many.
    Every cached count is counted again afterwards (the change number moves past them)."""
    counter = _lock_changes()
    counter.last += counting.MAX_CHANGES + 1
    counter.save(update_fields=["last"])
    DirectoryChange.objects.all().delete()
    count = 0
    for kind in counting.TOKEN_KINDS.values():
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
