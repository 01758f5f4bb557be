"""Reads of the member directory and its one visibility rule.

:func:`profile_visible` is the ONLY function that reads a profile's fields for a viewer:
the pages, the CSV/XLSX exports, the API, the facets, the map and "Find suppliers" all
call it, so a field marked hidden (or members-only, for a visitor) never leaves here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from aluhub.accounts.models import Membership, Organization
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common import search
from aluhub.common.regions import REGION_CODES, region_name
from aluhub.engines import suppliers as engine

from .models import FIELDS, Certification, DirectoryProfile, Process, ValueChainRole

#: Viewer levels: what each may see.
SEES = {
    "public": {"public"},
    "members": {"public", "members"},
    "own": {"public", "members", "hidden"},
}


def viewer_level(user: AnyUser, organization: Organization | None = None) -> str:
    """``own`` for the organization's members, ``members`` for cluster members and staff,
    else ``public``."""
    if not user.is_authenticated:
        return "public"
    if (
        organization is not None
        and Membership.objects.filter(user=user, organization=organization).exists()
    ):
        return "own"
    if is_staff(user):
        return "members"
    if Membership.objects.filter(user=user, organization__is_cluster_member=True).exists():
        return "members"
    return "public"


def _raw(profile: DirectoryProfile) -> dict[str, Any]:
    org = profile.organization
    return {
        "role": profile.role,
        "naics_codes": list(org.naics_codes or []),
        "processes": list(profile.processes or []),
        "alloys": list(profile.alloys or []),
        "capacities": profile.capacities,
        "capacity_tonnes": profile.capacity_tonnes,
        "certifications": list(profile.certifications or []),
        "w47_division": profile.w47_division,
        "region": org.region,
        "city": profile.city,
        "size_class": org.size_class or "",
        "buys": profile.buys,
        "sells": profile.sells,
        "contact_name": profile.contact_name,
        "contact_email": profile.contact_email,
        "contact_phone": profile.contact_phone,
    }


@dataclass
class VisibleProfile:
    slug: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    completeness: int = 0

    def get(self, name: str) -> Any:
        return self.fields.get(name)


def profile_visible(profile: DirectoryProfile, level: str) -> VisibleProfile:
    """The profile as ``level`` may see it: fields it may not see are absent (not blank)."""
    allowed = SEES[level]
    raw = _raw(profile)
    visible = {name: raw[name] for name in FIELDS if profile.visibility_of(name) in allowed}
    return VisibleProfile(
        slug=profile.organization.slug,
        name=profile.organization.name,
        fields=visible,
        completeness=profile_completeness(profile).percent,
    )


def profile_completeness(profile: DirectoryProfile) -> engine.Completeness:
    raw = _raw(profile)
    return engine.completeness({name: bool(raw.get(name)) for name in engine.SEARCHED_FIELDS})


def search_document(profile: DirectoryProfile, level: str) -> str:
    """The search text of what ``level`` may see (names, labels in both languages)."""
    raw = _raw(profile)
    allowed = SEES[level]
    texts: list[str] = [profile.organization.name]
    labels: list[object] = []
    for name in FIELDS:
        if profile.visibility_of(name) not in allowed:
            continue
        value = raw[name]
        if name == "role" and value:
            labels.append(ValueChainRole(value).label)
        elif name == "processes":
            labels.extend(Process(v).label for v in value if v in Process.values)
        elif name == "certifications":
            labels.extend(Certification(v).label for v in value if v in Certification.values)
        elif name == "region" and value:
            texts.extend([region_name(value, "fr"), region_name(value, "en")])
        elif isinstance(value, list):
            texts.extend(str(v) for v in value)
        elif value not in (None, ""):
            texts.append(str(value))
    return search.document(texts, search.labels_in_both_languages(labels))


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    role: str = ""
    process: str = ""
    alloy: str = ""
    certification: str = ""
    region: str = ""
    size: str = ""


def _listed() -> QuerySet[DirectoryProfile]:
    return DirectoryProfile.objects.filter(listed=True).select_related("organization")


def _facet_ok(visible: VisibleProfile, filters: DirectoryFilters) -> bool:
    f = visible.fields
    checks = (
        (filters.role, f.get("role") == filters.role),
        (filters.process, filters.process in (f.get("processes") or [])),
        (filters.alloy, filters.alloy.upper() in [a.upper() for a in f.get("alloys") or []]),
        (filters.certification, filters.certification in (f.get("certifications") or [])),
        (filters.region, f.get("region") == filters.region),
        (filters.size, f.get("size_class") == filters.size),
    )
    return all(ok for wanted, ok in checks if wanted)


def directory_search(user: AnyUser, filters: DirectoryFilters) -> list[VisibleProfile]:
    """Listed profiles matching ``filters``, as the viewer may see them, sorted by name."""
    level_any = viewer_level(user)
    column = "search_members" if level_any == "members" else "search_public"
    qs = _listed()
    if filters.q:
        qs = search.filter_queryset(qs, column, filters.q)
    own = set()
    if user.is_authenticated:
        own = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
    results = []
    for profile in qs:
        level = "own" if profile.organization_id in own else level_any
        visible = profile_visible(profile, level)
        if _facet_ok(visible, filters):
            results.append(visible)
    return sorted(results, key=lambda v: v.name.casefold())


def facet_counts(results: list[VisibleProfile]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {
        "role": Counter(),
        "process": Counter(),
        "alloy": Counter(),
        "certification": Counter(),
        "region": Counter(),
        "size": Counter(),
    }
    for v in results:
        f = v.fields
        if f.get("role"):
            counts["role"][f["role"]] += 1
        counts["process"].update(set(f.get("processes") or []))
        counts["alloy"].update({a.upper() for a in f.get("alloys") or []})
        counts["certification"].update(set(f.get("certifications") or []))
        if f.get("region"):
            counts["region"][f["region"]] += 1
        if f.get("size_class"):
            counts["size"][f["size_class"]] += 1
    return counts


def region_counts(results: list[VisibleProfile]) -> dict[str, int]:
    counts = facet_counts(results)["region"]
    return {code: counts.get(code, 0) for code in REGION_CODES}


def get_profile_for_user(user: AnyUser, slug: str, *, for_change: bool = False) -> DirectoryProfile:
    """A listed profile (or, for its own members and staff, an unlisted one); 404 otherwise.

    ``for_change``: only the organization's own members (and staff) edit it (403 for others).
    """
    from django.core.exceptions import PermissionDenied

    profile = (
        DirectoryProfile.objects.select_related("organization")
        .filter(organization__slug=slug)
        .first()
    )
    if profile is None:
        raise Http404
    level = viewer_level(user, profile.organization)
    if not profile.listed and level != "own" and not is_staff(user):
        raise Http404
    if for_change and level != "own" and not is_staff(user):
        raise PermissionDenied
    return profile


def supplier_candidates(user: AnyUser) -> list[engine.Supplier]:
    """The engine's view of every listed profile: only what the viewer may see."""
    out = []
    for visible in directory_search(user, DirectoryFilters()):
        f = visible.fields
        capacity = f.get("capacity_tonnes")
        out.append(
            engine.Supplier(
                key=visible.slug,
                name=visible.name,
                processes=frozenset(f.get("processes") or []),
                alloys=frozenset(f.get("alloys") or []),
                certifications=frozenset(f.get("certifications") or []),
                region=f.get("region") or "",
                capacity_tonnes=float(capacity) if capacity is not None else None,
                completeness=visible.completeness,
            )
        )
    return out


def directory_completeness_summary() -> dict[str, int]:
    """For the staff dashboard: listed profiles and their average completeness (%)."""
    scores = [profile_completeness(p).percent for p in _listed()]
    return {"profiles": len(scores), "average": round(sum(scores) / len(scores)) if scores else 0}


def get_organization_to_edit(user: AnyUser, slug: str) -> Organization:
    """The organization whose profile ``user`` edits: its own members and staff (403 others)."""
    from django.core.exceptions import PermissionDenied

    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    if viewer_level(user, organization) != "own" and not is_staff(user):
        raise PermissionDenied
    return organization


def own_profile_slug(user: AnyUser) -> str:
    """Slug of the organization the user edits by default ("" when none)."""
    from aluhub.accounts.selectors import primary_organization

    organization = primary_organization(user)
    return organization.slug if organization else ""
