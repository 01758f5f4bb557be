"""Reading a refused page in tests: its status must be 403 and its text is compared as words."""

from __future__ import annotations

from html import unescape

from django.test import Client

from aluhub.accounts.models import User

#: The 403 template's heading above the ways to ask for access.
HOW = {"fr": "Comment obtenir l'accès", "en": "How to get access"}


def refused(client: Client, user: User, method: str, url: str, data: dict[str, str]) -> str:
    """The refused page's text as ``user`` sees it (asserts the 403)."""
    client.force_login(user)
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 403, url
    # One space between words and one apostrophe: the assertions compare the wording.
    return " ".join(unescape(response.content.decode()).replace("\u2019", "'").split())
