"""The site's menus, declared once: the main navigation and the account menu, per role.

Each entry names the page it opens and who may use it, through the owning app's own access
function (the one its view calls), so a menu never offers a page that answers 403 to the
person reading it. ``menu()`` filters the declaration for one user; the shell template reads
it through the ``nav_menu`` template tag (templatetags/nav.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import ResolverMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Role, User
from aluhub.challenge import selectors as challenge
from aluhub.circular import selectors as circular
from aluhub.common.access import is_staff
from aluhub.funding.curation import selectors as curation
from aluhub.learning import selectors as learning

AnyUser = User | AnonymousUser


def everyone(user: AnyUser) -> bool:
    return True


def signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated)


def visitor(user: AnyUser) -> bool:
    return not user.is_authenticated


def _role(user: AnyUser, role: str) -> bool:
    """The user's own role (staff reach these pages through their dashboard and queues)."""
    return bool(user.is_authenticated and getattr(user, "role", "") == role and not is_staff(user))


def _short_name(user: AnyUser) -> str:
    return user.get_short_name() if isinstance(user, User) else ""


def _jury_url(user: AnyUser) -> str | None:
    """The jury space of the latest edition the user judges (None: judges none)."""
    edition = challenge.jury_editions(user).order_by("-year").first()
    return reverse("challenge:jury", args=[edition.year]) if edition else None


@dataclass(frozen=True)
class Entry:
    key: str
    label: Promise | Callable[[AnyUser], str]
    url: str | Callable[[AnyUser], str | None]  # a URL name, or a function for URLs with arguments
    allowed: Callable[[AnyUser], bool] = everyone
    # The page is "current" when the request resolved to one of these apps or URL names.
    apps: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # view names, with their namespace ("accounts:profile")
    css: str = ""


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url: str
    current: bool
    css: str = ""


MENUS: dict[str, tuple[Entry, ...]] = {
    "main": (
        Entry("funding", _("Funding"), "funding:finder", apps=("funding", "funding_plans")),
        Entry("innovation", _("Innovation 4.0"), "innovation:index", apps=("innovation",)),
        Entry(
            "workforce",
            _("Workforce"),
            "workforce",
            apps=("challenge", "learning", "workforce"),
            names=("workforce",),
        ),
        Entry("circular", _("Valorization & recycling"), "circular:index", apps=("circular",)),
        # The traceability pages are a signed-in business's tools (visitors go to the login).
        Entry("trace", _("Traceability"), "trace:index", signed_in, apps=("trace",)),
        Entry("news", _("News"), "community:index", apps=("community",)),
        # Each role's own tool, one click from every page.
        Entry(
            "exchange",
            _("Scrap exchange"),
            "circular:listings",
            allowed=lambda u: _role(u, Role.MEMBER) and circular.can_use_exchange(u),
        ),
        Entry(
            "my_challenge",
            _("My challenge"),
            "challenge:my",
            allowed=lambda u: _role(u, Role.STUDENT),
        ),
        Entry(
            "course_packs",
            _("My course packs"),
            "learning:collections",
            allowed=lambda u: _role(u, Role.TEACHER) and learning.can_curate(u),
        ),
        Entry("jury", _("Jury space"), _jury_url, allowed=lambda u: _role(u, Role.JURY)),
        Entry(
            "assigned",
            _("Requests assigned to me"),
            "innovation:request_list",
            allowed=lambda u: _role(u, Role.EXPERT),
        ),
        Entry(
            "proposals",
            _("Program proposals"),
            "funding:proposal_list",
            allowed=lambda u: _role(u, Role.PARTNER) and curation.can_propose(u),
        ),
    ),
    "account": (
        Entry("dashboard", _("My dashboard"), "dashboard:index", signed_in, apps=("dashboard",)),
        Entry("alerts", _("My alerts"), "my_alerts", signed_in, names=("my_alerts",)),
        Entry(
            "profile",
            _short_name,
            "accounts:profile",
            signed_in,
            names=("accounts:profile",),
        ),
        Entry("admin", _("Administration"), "admin:index", is_staff),
        Entry("login", _("Log in"), "accounts:login", visitor),
        Entry("signup", _("Sign up"), "accounts:signup", visitor, css="button button-small"),
    ),
}


def _current(entry: Entry, match: ResolverMatch | None) -> bool:
    if match is None:
        return False
    return (bool(match.app_name) and match.app_name in entry.apps) or match.view_name in entry.names


def menu(name: str, user: AnyUser, match: ResolverMatch | None = None) -> list[Link]:
    """The entries of menu ``name`` this user may use, in their declared order."""
    links = []
    for entry in MENUS[name]:
        if not entry.allowed(user):
            continue
        url = reverse(entry.url) if isinstance(entry.url, str) else entry.url(user)
        if url is None:
            continue
        label = str(entry.label) if isinstance(entry.label, Promise) else entry.label(user)
        links.append(Link(entry.key, label, url, _current(entry, match), entry.css))
    return links
