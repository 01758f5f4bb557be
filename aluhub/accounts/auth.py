"""How the API knows the caller: a personal token (``Authorization: Bearer <token>``) or the
browser session (CSRF enforced on unsafe methods). Apps' ``api.py`` import ``AUTH`` /
``OPTIONAL_AUTH`` from here (not from ``aluhub.api``, which imports the apps' routers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from aluhub.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie; CSRF is enforced for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


#: Use as ``auth=AUTH`` on endpoints that require a signed-in user.
AUTH = [BearerToken(), SessionAuth(csrf=True)]
#: Use as ``auth=OPTIONAL_AUTH`` where anonymous access is allowed but a user may be known.
OPTIONAL_AUTH = [BearerToken(), SessionAuth(csrf=False), lambda request: True]
