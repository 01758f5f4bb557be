"""Reads of the member directory and its one visibility rule.

:func:`profile_visible` is the ONLY function that reads a profile's fields for a viewer:
the pages, the CSV/XLSX exports, the API, the facets, the map and "Find suppliers" all
call it, so a field marked hidden (or members-only, for a visitor) never leaves here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import astuple, dataclass, field
from typing import Any, TypeVar, overload

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from aluhub.accounts.models import Membership, Organization
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common import search, token_sets
from aluhub.common.regions import REGION_CODES, region_name
from aluhub.engines import suppliers as engine

from . import counting
from .counting import TOKEN_KINDS, CountedState
from .models import FIELDS, Certification, DirectoryProfile, Process, ValueChainRole

T = TypeVar("T")

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


def profile_visible_fields(profile: DirectoryProfile, level: str) -> dict[str, Any]:
    """The fields ``level`` may see: the others are absent (not blank)."""
    allowed = SEES[level]
    raw = _raw(profile)
    return {name: raw[name] for name in FIELDS if profile.visibility_of(name) in allowed}


def profile_visible(profile: DirectoryProfile, level: str) -> VisibleProfile:
    """The profile as ``level`` may see it: fields it may not see are absent (not blank)."""
    return VisibleProfile(
        slug=profile.organization.slug,
        name=profile.organization.name,
        fields=profile_visible_fields(profile, level),
        completeness=profile_completeness(profile).percent,
    )


def profile_completeness(profile: DirectoryProfile) -> engine.Completeness:
    raw = _raw(profile)
    return engine.completeness({name: bool(raw.get(name)) for name in engine.SEARCHED_FIELDS})


def search_document(profile: DirectoryProfile, level: str) -> str:
    """The search text of what ``level`` may see (names, labels in both languages)."""
    texts: list[str] = [profile.organization.name]
    labels: list[object] = []
    for name, value in profile_visible_fields(profile, level).items():
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

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> DirectoryFilters:
        """The API's query parameters (a facet value nobody holds simply matches nothing)."""
        text = {name: str(params.get(name) or "") for name in cls.__dataclass_fields__}
        return cls(**{**text, "q": text["q"][:200], "alloy": text["alloy"][:20]})


#: Facet name -> (field of FIELDS it reads, prefix of its tokens).
FACETS: dict[str, tuple[str, str]] = {
    "role": ("role", "role"),
    "process": ("processes", "process"),
    "alloy": ("alloys", "alloy"),
    "certification": ("certifications", "cert"),
    "region": ("region", "region"),
    "size": ("size_class", "size"),
}
_PREFIX_FACET = {prefix: name for name, (_field, prefix) in FACETS.items()}


def _token_value(value: object) -> str:
    """One facet value as a token part: lower case, no spaces ("A356.0" -> "a356.0")."""
    return "_".join(str(value).casefold().split())


def facet_document(profile: DirectoryProfile, level: str) -> str:
    """The facet tokens of what ``level`` may see (" role:recycler process:mig region:02 ")."""
    fields = profile_visible_fields(profile, level)
    tokens: dict[str, None] = {}
    for _name, (field_name, prefix) in FACETS.items():
        value = fields.get(field_name)
        for v in value if isinstance(value, list) else [value]:
            if v not in (None, ""):
                tokens.setdefault(f"{prefix}:{_token_value(v)}", None)
    return " " + " ".join(tokens) + " " if tokens else ""


def _listed() -> QuerySet[DirectoryProfile]:
    return DirectoryProfile.objects.filter(listed=True).select_related("organization")


def own_profile_ids(own: frozenset[int]) -> list[int]:
    """The profile ids of the organizations ``own`` (a viewer's few organizations)."""
    return list(
        DirectoryProfile.objects.filter(organization_id__in=own).values_list("pk", flat=True)
    )


def _facet_q(own: frozenset[int], level_column: str, token: str) -> Q:
    """Profiles holding the facet ``token`` as the viewer sees them: in the viewer's level
    column, or, for the viewer's own organizations, in ``facets_all``."""
    found = Q(pk__in=search.token_ids(TOKEN_KINDS[level_column], token))
    if not own:
        return found
    mine = Q(pk__in=search.token_ids(TOKEN_KINDS["facets_all"], token))
    return (Q(organization_id__in=own) & mine) | (~Q(organization_id__in=own) & found)


class DirectoryResults:
    """The listed profiles matching a search, in name order, read lazily: only the slice
    shown (a page, an API window) is read and turned into :class:`VisibleProfile`. The
    total and the facet counts come from the viewer level's facet sets
    (:func:`counting.facet_sets`, bitmaps of profile ids) and the words' records read from
    the token index, whatever the number of matches. Works with Django's ``Paginator`` and
    the API's ``LimitOffsetPagination`` (``count()``, ``len()``, slicing)."""

    def __init__(
        self,
        qs: QuerySet[DirectoryProfile],
        level: str,
        own: frozenset[int],
        filters: DirectoryFilters | None = None,
    ):
        self._qs = qs.order_by("sort_name", "pk")
        self._level = level
        self._own = own
        self._filters = filters
        # The search as the change-by-change update reads it (see _matches).
        self._query = search.parse_query(filters.q) if filters else ()
        self._search_column = "search_members" if level == "members" else "search_public"
        self._facet_column = "facets_members" if level == "members" else "facets_public"
        self._wanted = [
            f"{prefix}:{_token_value(getattr(filters, name))}"
            for name, (_field, prefix) in FACETS.items()
            if filters and getattr(filters, name)
        ]
        self._count: int | None = None
        self._facets: dict[str, int] | None = None
        self._stamp: tuple[str, int] | None = None
        self._changes: dict[tuple[int, int], Any] = {}
        self._found: tuple[counting.FacetSets, int, list[dict[str, Any]]] | None = None

    def _now(self) -> tuple[str, int]:
        if self._stamp is None:  # one stamp for the whole request
            self._stamp = counting.directory_stamp()
        return self._stamp

    def _cached(
        self,
        name: str,
        compute: Callable[[], T],
        update: Callable[[T, list[tuple[CountedState, CountedState]]], T | None],
    ) -> T:
        """``compute()`` kept in Django's cache for this viewer's level and own
        organizations and the filters, with the number of the directory's change it
        counts (:func:`counting.directory_stamp`). Counted at an earlier number, it is
        brought up to date by ``update(value, changes)`` with the profiles those changes
        touched; counted too long ago, it is counted again. A value is stored only when
        the number did not move while counting, so it always holds for its number."""
        if self._filters is None:
            return compute()
        stamp = self._now()
        epoch, now = stamp
        parts = (self._level, sorted(self._own), astuple(self._filters))
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()
        key = f"directory:{name}:{epoch}:{digest}"
        found = cache.get(key)
        if found is not None:
            number, value = found
            if number == now:
                return value
            if now - counting.MAX_CHANGES <= number < now:
                if (number, now) not in self._changes:
                    self._changes[number, now] = counting.directory_changes(number, now)
                changes = self._changes[number, now]
                updated = None if changes is None else update(value, list(changes.values()))
                if updated is not None:
                    cache.set(key, (now, updated), settings.FRAGMENT_CACHE_SECONDS)
                    return updated
        value = compute()
        if counting.directory_stamp() == stamp:  # no change committed while counting
            cache.set(key, (now, value), settings.FRAGMENT_CACHE_SECONDS)
        return value

    def _matches(self, state: CountedState) -> bool:
        """Whether a profile in ``state`` matches the search for this viewer: the rule of
        :func:`_matching` (words in the level's search tokens, facets in its facet tokens,
        every facet for the viewer's own organizations) over the stored columns."""
        if state is None or self._filters is None:
            return False
        if self._query and not search.matches(self._query, state[self._search_column]):
            return False
        tokens = self._facet_tokens(state)
        return all(token in tokens for token in self._wanted)

    def _facet_tokens(self, state: dict[str, Any]) -> set[str]:
        """The facet tokens a profile in ``state`` shows this viewer, as the index keeps
        them (``search.index_documents``: cut to the token length)."""
        column = "facets_all" if state["org"] in self._own else self._facet_column
        return counting.shown_tokens(state, column)

    def _update_count(
        self, count: int, changes: list[tuple[CountedState, CountedState]]
    ) -> int | None:
        for before, after in changes:
            count += self._matches(after) - self._matches(before)
        return count if count >= 0 else None

    def _update_facets(
        self, facets: dict[str, int], changes: list[tuple[CountedState, CountedState]]
    ) -> dict[str, int] | None:
        counts = Counter(facets)
        for before, after in changes:
            if before is not None and self._matches(before):
                counts.subtract(self._facet_tokens(before))
            if after is not None and self._matches(after):
                counts.update(self._facet_tokens(after))
        if any(n < 0 for n in counts.values()):
            return None  # not what was counted: count again
        return {token: n for token, n in counts.items() if n}

    def _matched(self) -> tuple[counting.FacetSets, int, list[dict[str, Any]]]:
        """The viewer level's facet sets, the matching profiles of other organizations
        (a bitmap: listed, holding the words in the level's search tokens and the facets
        in the level's facet tokens) and the matching states of the viewer's own listed
        profiles (the same rule with every facet: :meth:`_matches`). Read once a request,
        only when a count is not in the cache."""
        if self._found is None:
            sets = counting.facet_sets(self._facet_column, self._now())
            others = sets.listed
            for token in self._wanted:
                others &= sets.tokens.get(token, 0)
            if others and self._filters is not None and self._query:
                words = token_sets.query_bitmap(TOKEN_KINDS[self._search_column], self._filters.q)
                if words is not None:
                    others &= words
            mine: list[dict[str, Any]] = []
            if self._own:
                profiles = DirectoryProfile.objects.filter(organization_id__in=self._own)
                for own_profile in profiles:
                    others &= ~(1 << own_profile.pk)
                    state = counting.counted_state(own_profile)
                    if state is not None and self._matches(state):
                        mine.append(state)
            self._found = (sets, others, mine)
        return self._found

    def _count_matches(self) -> int:
        _sets, others, mine = self._matched()
        return others.bit_count() + len(mine)

    def count(self) -> int:
        if self._count is None:
            self._count = self._cached("count", self._count_matches, self._update_count)
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> VisibleProfile: ...

    @overload
    def __getitem__(self, index: slice) -> list[VisibleProfile]: ...

    def __getitem__(self, index: int | slice) -> VisibleProfile | list[VisibleProfile]:
        if isinstance(index, slice):
            return [self._visible(p) for p in self._qs[index]]
        return self._visible(self._qs[index])

    def __iter__(self) -> Iterator[VisibleProfile]:
        for profile in self._qs.iterator(chunk_size=500):
            yield self._visible(profile)

    def _visible(self, profile: DirectoryProfile) -> VisibleProfile:
        level = "own" if profile.organization_id in self._own else self._level
        return profile_visible(profile, level)

    def facet_token_counts(self) -> Counter[str]:
        """How many matching profiles show each facet token to this viewer (kept in the
        cache for the directory's version)."""
        if self._facets is None:
            self._facets = self._cached("facets", self._count_facet_tokens, self._update_facets)
        return Counter(self._facets)

    def _count_facet_tokens(self) -> dict[str, int]:
        sets, others, mine = self._matched()
        counts: Counter[str] = Counter()
        if others:
            for token, bits in sets.tokens.items():
                n = (bits & others).bit_count()
                if n:
                    counts[token] = n
        for state in mine:
            counts.update(self._facet_tokens(state))
        return dict(counts)


def directory_search(user: AnyUser, filters: DirectoryFilters) -> DirectoryResults:
    """Listed profiles matching ``filters``, as the viewer may see them, sorted by name.

    Words go through the stored search column of the viewer's level, facets through the
    stored facet column of that level (the viewer's own organizations: every field): a
    field the viewer may not see neither matches nor counts."""
    level = viewer_level(user)
    own: frozenset[int] = frozenset()
    if user.is_authenticated:
        own = frozenset(
            Membership.objects.filter(user=user).values_list("organization_id", flat=True)
        )
    return DirectoryResults(_matching(filters, level, own), level, own, filters)


def _matching(
    filters: DirectoryFilters, level: str, own: frozenset[int]
) -> QuerySet[DirectoryProfile]:
    """The listed profiles matching ``filters`` for this viewer, in the form that reads the
    first page fastest (in name order)."""
    qs = _listed()
    if filters.q:
        column = "search_members" if level == "members" else "search_public"
        qs = search.filter_indexed(qs, TOKEN_KINDS[column], filters.q)
    facet_column = "facets_members" if level == "members" else "facets_public"
    for name, (_field, prefix) in FACETS.items():
        wanted = getattr(filters, name)
        if wanted:
            qs = qs.filter(_facet_q(own, facet_column, f"{prefix}:{_token_value(wanted)}"))
    return qs


def facet_counts(results: DirectoryResults) -> dict[str, Counter[str]]:
    """Per facet, how many matching profiles show each value (alloys in capitals)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for token, n in results.facet_token_counts().items():
        prefix, _sep, value = token.partition(":")
        name = _PREFIX_FACET.get(prefix)
        if name is not None:
            counts[name][value.upper() if name == "alloy" else value] += n
    return counts


def region_counts(counts: dict[str, Counter[str]]) -> dict[str, int]:
    """Every region code with its count (0 when none) from :func:`facet_counts`."""
    return {code: counts["region"].get(code, 0) for code in REGION_CODES}


def can_edit_profile(user: AnyUser, organization: Organization) -> bool:
    """May ``user`` edit the organization's directory profile: its members and staff."""
    return is_staff(user) or viewer_level(user, organization) == "own"


def require_profile_editor(user: AnyUser, organization: Organization) -> None:
    """Editing an organization's directory profile is for its members and staff (403)."""
    from django.core.exceptions import PermissionDenied

    if not can_edit_profile(user, organization):
        raise PermissionDenied


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


def directory_completeness_summary() -> dict[str, int]:
    """For the staff dashboard: listed profiles and their average completeness (%)."""
    # The stored completeness (kept by the profile service): one aggregate, no profile read.
    found = DirectoryProfile.objects.filter(listed=True).aggregate(
        profiles=Count("pk"), total=Sum("completeness")
    )
    count, total = found["profiles"], found["total"] or 0
    return {"profiles": count, "average": round(total / count) if count else 0}


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
