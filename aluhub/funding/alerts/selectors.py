"""Reads and access rules of funding alerts: ``get_alert_for_user`` (its owner or staff);
the programs of a saved finder query."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, QueryDict

from aluhub.accounts.models import User
from aluhub.accounts.selectors import is_staff
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.forms import FinderForm
from aluhub.funding.models import Program
from aluhub.funding.selectors import ProgramFilters

from .models import AlertSubscription

AnyUser = User | AnonymousUser


# ------------------------------------------------------------------ searches


def filters_from_query(query: str) -> ProgramFilters:
    """The finder's filters of a saved query string (the finder's own form parses it, so
    an alert filters exactly as the page it was saved from)."""
    return FinderForm(QueryDict(query or "")).filters()


def programs_for_query(query: str, *, today: date | None = None) -> list[Program]:
    """The published programs matching a finder query string, in the finder's order."""
    result = funding_selectors.search_programs(filters_from_query(query), today=today)
    return funding_selectors.programs_by_ids(result.ids)


# ------------------------------------------------------------------ alerts


def alerts_for_user(user: AnyUser) -> QuerySet[AlertSubscription]:
    if not user.is_authenticated:
        return AlertSubscription.objects.none()
    return AlertSubscription.objects.filter(user=user, unsubscribed_at__isnull=True)


def get_alert_for_user(user: AnyUser, pk: int) -> AlertSubscription:
    alert = AlertSubscription.objects.filter(pk=pk).first()
    if alert is None or not user.is_authenticated:
        raise Http404
    if alert.user_id != user.pk and not is_staff(user):
        raise Http404
    return alert
