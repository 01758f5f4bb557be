"""How the API knows the caller: a personal token (``Authorization: Bearer <token>``) or the
browser session (CSRF enforced on unsafe methods). Apps' ``api.py`` import ``AUTH`` /
``OPTIONAL_AUTH`` from here (not from ``aluhub.api``, which imports the apps' routers).
Pages past the login check take the account with :func:`signed_in_user`."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from aluhub.accounts.models import User
from aluhub.accounts.services import api_token_authenticate


def signed_in_user(request: HttpRequest) -> User:
    """The request's user as an account, for views behind ``login_required`` (or a staff check).

    ``request.user`` is typed as "a user or an anonymous one"; past the login check it is an
    account, and this says so once for every app instead of a ``cast`` in each views module.
    """
    return cast(User, request.user)


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
