"""Secret links whose secret the database does not hold: the e-mail subscriptions' links
(confirm, unsubscribe, settings) and the private calendar feeds (decision 0011).

A link carries a value signed with ``SECRET_KEY`` (:mod:`django.core.signing`, salted per
purpose, e.g. ``aluhub.subscription.news``): the row's id and its ``token_version``, a short
random string that opens nothing without the key. To read a link: check the signature (the
keys of ``SECRET_KEY_FALLBACKS`` too, so links survive a key rotation), load the row by id and
compare its version. A new version (:func:`new_version`, with ``legacy_token_hash`` cleared)
revokes every link made before.

Links sent before the change carry the row's former clear token; the migrations kept only
its SHA-256 (:func:`hash_token`) in ``legacy_token_hash``, which :func:`row_by_link` accepts
as long as the row keeps it.

Who reads the database (a backup, the admin) finds an id, a version and a hash: none of them,
put in a link, opens anything.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, TypeVar

from django.core import signing
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

#: Between the id and the version in the signed value, and before the signature.
_SEP = "."


def hash_token(secret: str) -> str:
    """The SHA-256 of a secret, as stored in place of it (API tokens, invitations, the
    former clear tokens of links)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_version() -> str:
    """A row's link version: 12 random URL-safe characters."""
    return secrets.token_urlsafe(9)


def version_field() -> Any:
    """The column of a row's link version (declared as ``token_version``)."""
    return models.CharField(_("link version"), max_length=16, default=new_version, editable=False)


def legacy_hash_field() -> Any:
    """The column of the SHA-256 of a row's former clear token (``legacy_token_hash``)."""
    return models.CharField(
        _("hash of the former link secret"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=purpose, sep=_SEP)


def signed_value(purpose: str, row: Any) -> str:
    """The value a link to ``row`` carries for ``purpose``."""
    return _signer(purpose).sign(f"{row.pk}{_SEP}{row.token_version}")


def row_by_link(queryset: QuerySet[M], *, purpose: str, value: str) -> M | None:
    """The row of ``queryset`` a link's ``value`` opens for ``purpose``, or None: a signed
    value of this purpose whose version is the row's, or a former clear token whose hash the
    row kept."""
    try:
        pk_text, _sep, version = _signer(purpose).unsign(value).partition(_SEP)
        pk = int(pk_text)
    except (signing.BadSignature, ValueError):
        return queryset.filter(legacy_token_hash=hash_token(value)).first()
    row = queryset.filter(pk=pk).first()
    if row is None or not secrets.compare_digest(str(getattr(row, "token_version", "")), version):
        return None
    return row
