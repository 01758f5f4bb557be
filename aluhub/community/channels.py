"""The news channel of the subscriptions core: new published bulletins of the subscribed
categories, one digest e-mail per delivery."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aluhub.common.subscriptions import Channel

from .models import Bulletin, Category, Delivery, Subscription

NEWS_CHANNEL = "news"

#: A new subscriber also receives what was published in the days before subscribing.
WELCOME_WINDOW = dt.timedelta(days=30)


class NewsChannel(Channel):
    key = NEWS_CHANNEL
    model = Subscription
    title = gettext_lazy("AluHub news")
    confirm_subject = gettext_lazy("Confirm your AluHub news subscription")
    url_prefix = "community:"
    home_url_name = "community:index"
    delivery_log = (Delivery, "subscription", "bulletin")
    template = "community/email/digest.txt"
    item_name = "bulletins"
    subject_one = "%(title)s"
    subject_many = gettext_lazy("AluHub news: %(count)d new bulletins")
    item_order = ("published_at", "pk")

    def describe(self, subscription: Any) -> list[str]:
        names = [str(Category(c).label) for c in subscription.categories if c in Category.values]
        return [_("Categories: %(names)s") % {"names": ", ".join(names)}] if names else []

    def watched(self, subscription: Any, *, now: dt.datetime) -> QuerySet[Bulletin]:
        # The delivery log says what was sent: a bulletin published before the last
        # delivery in a category added since then is still new to this subscriber.
        return Bulletin.objects.filter(
            published_at__isnull=False,
            published_at__lte=now,
            published_at__gte=subscription.created_at - WELCOME_WINDOW,
            category__in=subscription.categories,
        )
