"""The pages of e-mail subscriptions, shared by every channel (see
:mod:`aluhub.common.subscriptions` for the consent rules they apply): a channel's subscribe
view is :func:`subscribe_view` (:func:`subscribe_page`, GET and POST only, rate limited by
:func:`~aluhub.common.subscriptions.rate_limited`);
:func:`confirm_view`, :func:`unsubscribe_view` (RFC 8058 one-click POST) and
:func:`manage_view` are mounted by the channel's ``urls.py`` through :func:`subscription_urls`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from aluhub.common.forms import apply_validation_error
from aluhub.common.subscriptions import (
    LANGUAGE_CHOICES,
    Channel,
    Frequency,
    SubscribeOutcome,
    change_settings,
    confirm,
    get_channel,
    path_to,
    rate_limited,
    subscription_by_token,
    subscriptions_for_email,
    unsubscribe,
)

if TYPE_CHECKING:  # django-stubs' name for a lazy translated string (gettext_lazy)
    from django_stubs_ext import StrPromise


class SubscriptionSettingsForm(forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("Frequency"), choices=Frequency.choices)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the emails"), choices=LANGUAGE_CHOICES
    )


def _page(request: HttpRequest, channel: Channel, template: str, **context: Any) -> HttpResponse:
    context.setdefault("status", 200)
    status = context.pop("status")
    context.update(channel_title=channel.title, home=reverse(channel.home_url_name))
    return render(request, f"common/subscriptions/{template}", context, status=status)


def subscribed_context(channel: Channel, outcome: SubscribeOutcome) -> dict[str, Any]:
    """Context of ``common/subscriptions/subscribed.html`` for a channel's subscribe view."""
    return {
        "channel_title": channel.title,
        "home": reverse(channel.home_url_name),
        "outcome": outcome,
        "email": outcome.subscription.email,
    }


def subscribed_page(request: HttpRequest, channel: str, outcome: SubscribeOutcome) -> HttpResponse:
    """The page after a subscribe request: what happens next (confirm, check the inbox)."""
    return render(
        request,
        "common/subscriptions/subscribed.html",
        subscribed_context(get_channel(channel), outcome),
    )


def subscribe_page(
    request: HttpRequest,
    *,
    channel: str,
    form_class: type[forms.Form],
    request_subscription: Callable[..., SubscribeOutcome],
    template: str,
    initial: Mapping[str, Any] | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """A channel's subscribe page (its view is :func:`subscribe_view`): the
    form (pre-filled with the page language, weekly, the signed-in user's address and
    ``initial``), then ``request_subscription(user=..., **cleaned_data)`` (the channel's
    service), its ``ValidationError`` shown on the form, and :func:`subscribed_page`."""
    user = request.user if request.user.is_authenticated else None
    start: dict[str, Any] = {
        "language": translation.get_language() or "fr",
        "frequency": Frequency.WEEKLY,
        **(initial or {}),
    }
    if user is not None:
        start["email"] = user.email
    form = form_class(request.POST or None, initial=start)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = request_subscription(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return subscribed_page(request, channel, outcome)
    status = invalid_status if request.method == "POST" else 200
    return render(request, template, {"form": form}, status=status)


def subscribe_view(
    *,
    channel: str,
    form_class: type[forms.Form],
    request_subscription: Callable[..., SubscribeOutcome],
    template: str,
    initial: Callable[[HttpRequest], Mapping[str, Any]] | None = None,
    invalid_status: int = 200,
) -> Callable[[HttpRequest], HttpResponse]:
    """A channel's subscribe view: GET and POST only, a POST over the sending limits refused
    (:func:`rate_limited`), then :func:`subscribe_page` with ``initial(request)``. Every
    channel gets the same limits: a new one cannot forget them."""

    @require_http_methods(["GET", "POST"])
    @rate_limited
    def view(request: HttpRequest) -> HttpResponse:
        return subscribe_page(
            request,
            channel=channel,
            form_class=form_class,
            request_subscription=request_subscription,
            template=template,
            initial=initial(request) if initial is not None else None,
            invalid_status=invalid_status,
        )

    return view


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str, channel: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    chan = get_channel(channel)
    if request.method == "POST":
        sub = confirm(channel=chan, token=token)
    else:
        sub = subscription_by_token(channel=chan, token=token)
    if sub is None:
        return _page(request, chan, "bad_link.html", status=404)
    if sub.unsubscribed_at is not None:
        # An old confirmation link opened after unsubscribing confirms nothing (consent was
        # withdrawn): the page says so and how to subscribe again, instead of a button.
        return _page(request, chan, "stopped.html", subscription=sub)
    if request.method == "POST":
        return _page(request, chan, "confirmed.html", subscription=sub)
    return _page(request, chan, "confirm.html", subscription=sub, lines=chan.describe(sub))


@csrf_exempt  # RFC 8058: the mail client POSTs without our cookie; the token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str, channel: str) -> HttpResponse:
    """GET shows a one-button page; POST (a mail client's one-click POST too) unsubscribes."""
    chan = get_channel(channel)
    if request.method == "POST":
        sub = unsubscribe(channel=chan, token=token)
        if sub is None:
            return _page(request, chan, "bad_link.html", status=404)
        return _page(request, chan, "unsubscribed.html")
    if subscription_by_token(channel=chan, token=token) is None:
        return _page(request, chan, "bad_link.html", status=404)
    return _page(request, chan, "unsubscribe.html", token=token)


@require_http_methods(["GET", "POST"])
def manage_view(request: HttpRequest, token: str, channel: str) -> HttpResponse:
    """The settings page reached by the subscription's own link: frequency and language."""
    chan = get_channel(channel)
    sub = subscription_by_token(channel=chan, token=token)
    if sub is None:
        return _page(request, chan, "bad_link.html", status=404)
    form = SubscriptionSettingsForm(
        request.POST or None, initial={"frequency": sub.frequency, "language": sub.language}
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            change_settings(subscription=sub, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            saved = True
    return _page(
        request,
        chan,
        "manage.html",
        subscription=sub,
        lines=chan.describe(sub),
        form=form,
        saved=saved,
        unsubscribe=path_to(chan, "unsubscribe", sub),
    )


@login_required
def my_alerts_view(request: HttpRequest) -> HttpResponse:
    """ "My alerts": every subscription of the signed-in user's address, with links to each
    one's settings and unsubscribe pages. Shown only once the address is verified: the
    subscriptions belong to the mailbox, not to the account."""
    user = request.user
    verified = bool(getattr(user, "email_verified", False))
    held = subscriptions_for_email(getattr(user, "email", "")) if verified else []
    return render(request, "common/subscriptions/mine.html", {"held": held, "verified": verified})


def subscription_urls(
    channel: str,
    *,
    confirm: str | StrPromise,
    unsubscribe: str | StrPromise,
    manage: str | StrPromise,
) -> list[URLPattern]:
    """The URL patterns of a channel's three shared pages, at the app's own (translated) paths
    ``confirm``, ``unsubscribe`` and ``manage``, each ending in ``<str:token>/``: named as the
    channel's ``url_prefix`` says (``collab:alert_`` -> ``alert_confirm`` ...), which is what
    the channel reverses for the links of its e-mails."""
    prefix = get_channel(channel).url_prefix.partition(":")[2]
    kwargs = {"channel": channel}
    return [
        path(confirm, confirm_view, kwargs, name=f"{prefix}confirm"),
        path(unsubscribe, unsubscribe_view, kwargs, name=f"{prefix}unsubscribe"),
        path(manage, manage_view, kwargs, name=f"{prefix}manage"),
    ]
