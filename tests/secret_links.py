"""The secret a link carries, for tests that open a subscription's or a calendar feed's page
without going through the e-mail (the database keeps no such secret: common/secret_links.py)."""

from __future__ import annotations

from typing import Any


def token_of(row: Any) -> str:
    """The secret of ``row``'s links: a subscription of any channel, or a private feed."""
    from aluhub.collab.models import CalendarFeed
    from aluhub.collab.selectors import calendar_feed_token
    from aluhub.common import subscriptions

    if isinstance(row, CalendarFeed):
        return calendar_feed_token(row)
    channel = next(c for c in subscriptions.CHANNELS.values() if isinstance(row, c.model))
    return subscriptions.link_token(channel, row)
