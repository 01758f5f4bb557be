"""The session store: Django's database sessions, keeping only a keyed hash of each key.

Django's database backend stores the session key (what the ``sessionid`` cookie holds) as
the primary key of ``django_session``: whoever reads the database or a backup could sign in
as everybody who is signed in. This store (``SESSION_ENGINE``) keeps the same table and rows
but writes in ``session_key`` an HMAC-SHA-256 of the key made with ``SECRET_KEY`` and salted
for this purpose (hex, its first 40 characters: the column's size, 160 bits). The cookie
still holds the key; each request hashes it to find the row, so a stored value opens
nothing (decision 0012).

A key hashed with a key of ``SECRET_KEY_FALLBACKS`` is still found and its row moved to the
current key's hash, so changing the secret key with the old one kept as a fallback signs
nobody out (docs/operations.md, "Changing the secret key").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.crypto import salted_hmac

#: The salt of the hash: a session key's hash matches no other keyed hash of the site.
SALT = "aluhub.accounts.session-key"
#: Characters kept of the hex digest: the size of ``django_session.session_key``.
STORED_LENGTH = 40


def stored_key(session_key: str, secret: str | None = None) -> str:
    """What the database keeps for ``session_key``: its keyed hash, never the key."""
    digest = salted_hmac(SALT, session_key, secret=secret, algorithm="sha256").hexdigest()
    return digest[:STORED_LENGTH]


def stored_keys(session_key: str) -> list[str]:
    """The hash under the current secret key, then under each fallback (newest first)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [stored_key(session_key, secret) for secret in secrets]


class SessionStore(db.SessionStore):
    """``django.contrib.sessions.backends.db`` with the key hashed wherever it meets a row."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:
            return None
        candidates = stored_keys(key)
        rows = self.model.objects.filter(session_key__in=candidates, expire_date__gt=timezone.now())
        found = {row.session_key: row for row in rows}
        row = next((found[c] for c in candidates if c in found), None)
        if row is None:
            self._session_key = None
            return None
        if row.session_key != candidates[0]:
            # Made under a fallback secret key: move it to the current key's hash.
            self.model.objects.filter(session_key=row.session_key).update(session_key=candidates[0])
            row.session_key = candidates[0]
        return row

    async def _aget_session_from_db(self) -> Any:
        from asgiref.sync import sync_to_async

        return await sync_to_async(self._get_session_from_db)()

    def exists(self, session_key: str) -> bool:
        return bool(self.model.objects.filter(session_key__in=stored_keys(session_key)).exists())

    async def aexists(self, session_key: str) -> bool:
        candidates = stored_keys(session_key)
        return bool(await self.model.objects.filter(session_key__in=candidates).aexists())

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row = super().create_model_instance(data)
        row.session_key = stored_key(row.session_key)
        return row

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        row = await super().acreate_model_instance(data)
        row.session_key = stored_key(row.session_key)
        return row

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is None:
            return
        self.model.objects.filter(session_key__in=stored_keys(key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is None:
            return
        await self.model.objects.filter(session_key__in=stored_keys(key)).adelete()
