"""One-time form tokens: a create form sent twice stores one row.

A double click, a page resubmitted after "Back" or a reload of the POST would otherwise store
the same thing twice (two identical self-assessments, two listings each e-mailing the other
side). The form carries a random hidden token (:func:`form_field`, drawn anew each time a
blank form is shown and kept when the form comes back with errors, since nothing was stored);
the service stores it on the row it creates, in a unique column (:func:`token_field`), through
:func:`create_once`. The same token arriving again answers the row it made, so the view shows
the first result. A POST without a token (the API, the CLI, an old page) creates as before: the
column stays empty (NULL, which a unique index does not compare).

:func:`insert_unique` is the same guard for rows that may exist once whatever the form (one
application per student and edition, one contact per offer and buyer): two requests that
both passed the "already there?" check get the service's own refusal, not a database error.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

#: Length of :func:`new_token` (32 random bytes, URL-safe base64).
TOKEN_LENGTH = 43

M = TypeVar("M", bound=models.Model)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_field() -> Any:
    """The model column that remembers which form made a row (declared as ``form_token``)."""
    return models.CharField(
        _("form token"), max_length=TOKEN_LENGTH, unique=True, null=True, blank=True, editable=False
    )


def form_field() -> forms.CharField:
    """The hidden form field (named ``form_token``) that carries the token."""
    return forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=TOKEN_LENGTH, initial=new_token
    )


def create_once(model: type[M], *, token: str | None, create: Callable[[], M], **owner: Any) -> M:
    """``create()``, or the row of ``model`` that already has this ``form_token`` (and the
    ``owner`` fields). ``create`` stores ``token`` (or None) as the row's ``form_token``; it
    runs in a savepoint, and the unique column decides, even for two requests that arrive
    together: the second insert fails, its savepoint rolls back (with anything ``create``
    scheduled) and the first row is answered. A token of another owner's row is not answered
    (the IntegrityError stands)."""
    if not token:
        return create()
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        prior = model._default_manager.filter(form_token=token, **owner).first()
        if prior is None:
            raise
        return prior


def insert_unique(create: Callable[[], M], *, taken: Callable[[], bool], refusal: str) -> M:
    """``create()`` in a savepoint; when a unique constraint refuses it because another request
    stored the same row first (``taken()`` is now true), ``ValidationError(refusal)`` instead
    of the IntegrityError (a 500). Any other IntegrityError stands. The caller checks
    ``taken()`` first as before: this covers two requests that both passed that check."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        if taken():
            raise ValidationError(refusal, code="duplicate") from None
        raise
