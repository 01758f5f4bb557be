"""What the directory's counts read: the numbered changes of the listed profiles and the
facet sets (per viewer level, each facet value's profiles as a bitmap).

Every write of a profile or of its organization goes through a service that numbers its
change (:class:`~aluhub.directory.models.DirectoryChangeCounter`) and keeps the profile's
counted state before and after (:class:`~aluhub.directory.models.DirectoryChange`).
Whatever is cached for a number is brought up to date from those changes: the total and
facet counts of a search (``selectors.DirectoryResults``) and the facet sets here, which
make the first count of a search cheap however many profiles it matches (a ``&`` and a
``bit_count()`` per facet value: :mod:`aluhub.common.token_sets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache, caches

from aluhub.common import token_sets
from aluhub.common.models import TOKEN_LENGTH

from .models import DirectoryChange, DirectoryChangeCounter, DirectoryProfile

#: The stored columns kept in the search token index too (``services.index_tokens``): a
#: word or a facet is then an index lookup.
TOKEN_KINDS = {
    "search_public": "directory.search.public",
    "search_members": "directory.search.members",
    "facets_public": "directory.facets.public",
    "facets_members": "directory.facets.members",
    "facets_all": "directory.facets.all",
}

#: What a listed profile counts with: its organization and its stored search and facet
#: columns (the documents of its tokens); ``None`` for a profile that is not listed.
CountedState = dict[str, Any] | None

#: Whatever was cached this many changes ago or fewer is brought up to date change by
#: change; older is counted again (the services keep twice as many changes).
MAX_CHANGES = 200


def counted_state(profile: DirectoryProfile) -> CountedState:
    """What the directory's counts read of ``profile`` (saved or about to be): a
    :class:`~aluhub.directory.models.DirectoryChange` keeps it before and after a write."""
    if not profile.listed:
        return None
    return {"org": profile.organization_id, **{c: getattr(profile, c) for c in TOKEN_KINDS}}


def shown_tokens(state: dict[str, Any], column: str) -> set[str]:
    """The tokens of ``state``'s stored ``column`` as the index keeps them (cut to the
    token length: ``search.index_documents``)."""
    return {token[:TOKEN_LENGTH] for token in state[column].split()}


def directory_stamp() -> tuple[str, int]:
    """The directory's epoch and the number of its latest change (``DirectoryChangeCounter``):
    every write of a profile or of its organization goes through a service that numbers its
    change (``profile_save``, ``profile_index``, ``organization_entry_refresh``, the admin,
    a deletion, the re-index), so what is cached for a stamp holds for it. The epoch is new
    whenever the counter row is made again (a flushed database numbers from 0 again)."""
    found = DirectoryChangeCounter.objects.filter(pk=1).values_list("epoch", "last").first()
    return found or ("", 0)


def directory_version() -> int:
    """The number of the directory's latest change (see :func:`directory_stamp`)."""
    return directory_stamp()[1]


def directory_changes(after: int, upto: int) -> dict[int, tuple[CountedState, CountedState]] | None:
    """Per profile changed by the changes ``after+1..upto`` (by id), its state before the
    first and after the last of them; ``None`` when some of those changes are no longer
    kept."""
    rows = DirectoryChange.objects.filter(seq__gt=after, seq__lte=upto).order_by("seq")
    found = list(rows.values_list("profile_id", "before", "after"))
    if len(found) != upto - after:
        return None
    net: dict[int, tuple[CountedState, CountedState]] = {}
    for profile_id, before, after_change in found:
        first = net[profile_id][0] if profile_id in net else before
        net[profile_id] = (first, after_change)
    return net


@dataclass(frozen=True)
class FacetSets:
    """For one viewer level's facet column: the listed profiles, and per facet token the
    listed profiles showing it at that level (bitmaps of profile ids)."""

    listed: int
    tokens: dict[str, int]

    def updated(
        self, column: str, changes: dict[int, tuple[CountedState, CountedState]]
    ) -> FacetSets:
        """These sets after ``changes`` (profile id -> state before, state after). Each
        profile's bit is cleared where it stood before and set where it stands after, so
        applying a change the sets already hold changes nothing."""
        listed = self.listed
        tokens = dict(self.tokens)
        for profile_id, (before, after) in changes.items():
            bit = 1 << profile_id
            if before is not None:
                listed &= ~bit
                for token in shown_tokens(before, column):
                    if token in tokens:
                        tokens[token] &= ~bit
            if after is not None:
                listed |= bit
                for token in shown_tokens(after, column):
                    tokens[token] = tokens.get(token, 0) | bit
        return FacetSets(listed, {token: bits for token, bits in tokens.items() if bits})


def read_facet_sets(column: str) -> FacetSets:
    """The sets as the database holds them now: the listed profiles' ids, and one scan of
    the facet column's token index (only listed profiles hold tokens)."""
    listed = DirectoryProfile.objects.filter(listed=True).values_list("pk", flat=True)
    return FacetSets(token_sets.bitmap(list(listed)), token_sets.kind_bitmaps(TOKEN_KINDS[column]))


def facet_sets(column: str, stamp: tuple[str, int]) -> FacetSets:
    """The facet sets of ``column`` (``facets_public`` or ``facets_members``) for the
    directory's ``stamp`` (:func:`directory_stamp`), for every search.

    Kept in this process's cache (Django's default cache) and in the ``shared`` cache (a
    table of the database: every app server and worker, and a restarted one, finds them
    there instead of reading the index again); brought up to date change by change from
    the newer of the two (the first request after an edit reads the edited profiles
    only); read from the database when neither holds them or they are too many changes
    old (a new deployment, the re-index: about 70 ms at 20,000 profiles, once). What is
    read is stored only when the stamp did not move while reading, so it holds for it;
    without expiry, as it is checked against the number on every read."""
    epoch, now = stamp
    key = f"directory:facet-sets:{epoch}:{column}"
    local = cache.get(key)
    if local is not None and local[0] == now:
        return local[1]
    shared = caches["shared"].get(key)
    if shared is not None and shared[0] == now:
        cache.set(key, shared, None)
        return shared[1]
    kept = [found for found in (local, shared) if found is not None and found[0] < now]
    if kept:
        number, sets = max(kept, key=lambda found: found[0])
        changes = directory_changes(number, now) if now - number <= MAX_CHANGES else None
        if changes is not None:
            return _keep(key, now, sets.updated(column, changes))
    sets = read_facet_sets(column)
    if directory_stamp() == stamp:  # no change committed while reading
        _keep(key, now, sets)
    return sets


def _keep(key: str, now: int, sets: FacetSets) -> FacetSets:
    cache.set(key, (now, sets), None)
    caches["shared"].set(key, (now, sets), None)
    return sets
