"""Reads of "Find suppliers": the directory's listed profiles ranked against a buyer's need,
in SQL through the search token index, one page at a time.

The rule is the engine's (:mod:`aluhub.engines.suppliers`): a process or alloy the need asks
for and the profile does not show excludes it; the score is the share of the need's weights
met (certification, region, yearly capacity at least the quantity); ties go to the more
complete profile, then to the name (``str.casefold`` order). Here the exclusions are facet
tokens of what the viewer may see (the directory's own rule: :func:`selectors._facet_q`),
the weights met are one SQL expression per profile (the same facet tokens; the capacity
when the viewer may see it), and the database sorts by (weights met, completeness,
name). Since every weight is a multiple of 5 and the weights asked add up to at most 100,
two different sums of weights met never round to the same score: sorting by the sum is
sorting by the score. The name order is the engine's: the stored ``name_key`` (the
organization's name ``casefold``-ed, kept by the profile service) in code point order (a
binary collation); so a page is one ordered slice of the ranking, and the engine scores
and explains the profiles of the page alone (its reasons and gaps, in the viewer's
language)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, overload

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Collate
from django.db.models.lookups import In

from aluhub.accounts.models import Membership
from aluhub.accounts.selectors import AnyUser
from aluhub.common import search
from aluhub.engines import suppliers as engine

from .models import FIELDS, VISIBILITY_VALUES, DirectoryProfile
from .selectors import (
    SEES,
    TOKEN_KINDS,
    VisibleProfile,
    _facet_q,
    _listed,
    _token_value,
    own_profile_ids,
    profile_visible,
    viewer_level,
)


class SupplierResults:
    """The profiles meeting ``need``, best first, for one viewer: ``count()`` and slicing
    (Django's ``Paginator``); a slice is a list of :class:`engine.Match`."""

    def __init__(self, user: AnyUser, need: engine.Need, *, lang: str) -> None:
        self._need = need
        self._lang = lang
        self._level = viewer_level(user)
        self._own: frozenset[int] = frozenset()
        if user.is_authenticated:
            self._own = frozenset(
                Membership.objects.filter(user=user).values_list("organization_id", flat=True)
            )
        self._qs = self._ranked()

    @property
    def _column(self) -> str:
        return "facets_members" if self._level == "members" else "facets_public"

    def _has(self, prefix: str, value: str) -> Q:
        return _facet_q(self._own, self._column, f"{prefix}:{_token_value(value)}")

    def _required(self) -> list[tuple[str, str]]:
        """The facets a supplier must hold (the others only add to its score)."""
        need = self._need
        required = []
        if need.process:
            required.append(("process", need.process))
        if need.alloy:
            required.append(("alloy", need.alloy.strip().upper().replace(" ", "")))
        return required

    def _capacity_shown(self) -> Case:
        """1 where the viewer may see the yearly capacity (``visibility_of``'s rule: a
        missing or unknown visibility is the field's default; the viewer's own
        organizations show every field), else 0. The visibility is read once per row as
        text (the ranking repeats this expression in its sort and filters)."""
        level = SEES[self._level]
        shown = KeyTextTransform("capacity_tonnes", "visibility")
        whens = [When(organization_id__in=self._own, then=Value(1))] if self._own else []
        whens.append(When(In(shown, sorted(level)), then=Value(1)))
        hidden = sorted(VISIBILITY_VALUES - level)
        if hidden:
            whens.append(When(In(shown, hidden), then=Value(0)))
        return Case(
            *whens,
            default=Value(1 if FIELDS["capacity_tonnes"] in level else 0),
            output_field=IntegerField(),
        )

    def _ranked(self) -> QuerySet[Any]:  # annotated with ``met``
        need, weights = self._need, engine.WEIGHTS
        qs = _listed()
        met: Any = Value(0)
        for name, value in self._required():
            qs = qs.filter(self._has(name, value))
            met += Value(weights[name])
        for name, prefix in (("certification", "cert"), ("region", "region")):
            wanted = getattr(need, name)
            if wanted:
                met += Case(
                    When(self._has(prefix, wanted), then=Value(weights[name])),
                    default=Value(0),
                )
        if need.quantity_tonnes is not None:
            qs = qs.annotate(capacity_shown=self._capacity_shown())
            met += Case(
                When(
                    capacity_shown=1,
                    capacity_tonnes__gte=need.quantity_tonnes,
                    then=Value(weights["quantity"]),
                ),
                default=Value(0),
            )
        # Equal scores: the casefold name in code point order (binary collation), as the
        # engine sorts them; then as listed (folded name, id).
        binary = "C" if connection.vendor == "postgresql" else "BINARY"
        return qs.annotate(met=met).order_by(
            "-met", "-completeness", Collate(F("name_key"), binary), "sort_name", "pk"
        )

    @cached_property
    def _total(self) -> int:
        required = self._required()
        if not required:
            return int(self._qs.count())
        # Only a listed profile holds tokens (services.index_tokens): the matches are the
        # records holding every required facet token as the viewer sees them (the level's
        # column; every field for the viewer's own organizations' profiles), counted from
        # the token index alone instead of reading every listed profile's wide row.
        tokens = [f"{name}:{_token_value(value)}" for name, value in required]
        mine = own_profile_ids(self._own) if self._own else []

        def holding(column: str) -> QuerySet[Any]:
            kind = TOKEN_KINDS[column]
            ids = search.token_ids(kind, tokens[0])
            for token in tokens[1:]:
                ids = ids.filter(object_id__in=search.token_ids(kind, token))
            return ids

        total = holding(self._column).exclude(object_id__in=mine).count()
        if mine:
            total += holding("facets_all").filter(object_id__in=mine).count()
        return int(total)

    def count(self) -> int:
        return self._total

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[engine.Match]:
        for start in range(0, self.count(), 500):
            yield from self[start : start + 500]

    @overload
    def __getitem__(self, index: int) -> engine.Match: ...

    @overload
    def __getitem__(self, index: slice) -> list[engine.Match]: ...

    def __getitem__(self, index: int | slice) -> engine.Match | list[engine.Match]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        wanted = list(self._qs.values_list("pk", flat=True)[start:stop])
        profiles = DirectoryProfile.objects.select_related("organization").in_bulk(wanted)
        suppliers = [self._supplier(profiles[pk]) for pk in wanted]
        return engine.rank_suppliers(self._need, suppliers, lang=self._lang)

    def _supplier(self, profile: DirectoryProfile) -> engine.Supplier:
        level = "own" if profile.organization_id in self._own else self._level
        return engine_supplier(profile_visible(profile, level))


def engine_supplier(visible: VisibleProfile) -> engine.Supplier:
    """The engine's view of a profile: only what the viewer may see (``visible``)."""
    f = visible.fields
    capacity = f.get("capacity_tonnes")
    return engine.Supplier(
        key=visible.slug,
        name=visible.name,
        processes=frozenset(f.get("processes") or []),
        alloys=frozenset(f.get("alloys") or []),
        certifications=frozenset(f.get("certifications") or []),
        region=f.get("region") or "",
        capacity_tonnes=float(capacity) if capacity is not None else None,
        completeness=visible.completeness,
    )


def supplier_search(user: AnyUser, need: engine.Need, *, lang: str) -> SupplierResults:
    """The listed profiles meeting ``need`` as ``user`` may see them, best first (paginate
    the answer)."""
    return SupplierResults(user, need, lang=lang)
