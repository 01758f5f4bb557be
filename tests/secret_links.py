"""The secret a link carries, for tests that open a subscription's, a calendar feed's, a CeiAl
evaluation's or a shared course pack's page without going through the e-mail or the owner's
page (the database keeps no such secret: common/secret_links.py)."""

from __future__ import annotations

from typing import Any


def token_of(row: Any) -> str:
    """The secret of ``row``'s links: a subscription of any channel, a private feed, a CeiAl
    registration (its evaluation) or a course pack (its share link)."""
    from aluhub.collab.models import CalendarFeed
    from aluhub.collab.selectors import calendar_feed_token
    from aluhub.common import subscriptions
    from aluhub.learning.models import Collection
    from aluhub.learning.selectors import collection_share_token
    from aluhub.workforce.models import Registration
    from aluhub.workforce.selectors import evaluation_token

    if isinstance(row, CalendarFeed):
        return calendar_feed_token(row)
    if isinstance(row, Registration):
        return evaluation_token(row)
    if isinstance(row, Collection):
        return collection_share_token(row)
    channel = next(c for c in subscriptions.CHANNELS.values() if isinstance(row, c.model))
    return subscriptions.link_token(channel, row)


def stored_texts(row: Any) -> list[str]:
    """Every value ``row``'s table holds for it, as text: none of them may open a link."""
    values = type(row).objects.filter(pk=row.pk).values().get()
    return [str(v) for v in values.values() if v not in (None, "")]
