"""Permission cases for the member directory."""

from __future__ import annotations

from tests.permissions import Case, World


def _profile(w: World) -> object:
    from tests.directory.factories import profile

    return w.once("directory-profile", lambda: profile(w.member_org, city="Saguenay"))


def _unlisted(w: World) -> object:
    from tests.directory.factories import profile

    return w.once("directory-unlisted", lambda: profile(w.member_org, listed=False))


def _slug(w: World, make) -> str:  # type: ignore[no-untyped-def]
    return make(w).organization.slug  # type: ignore[no-any-return]


CASES = [
    Case("directory-index", lambda w: "/fr/repertoire/", expect={}, default=200),
    Case(
        "directory-find",
        lambda w: "/en/directory/find-suppliers/?region=02",
        expect={},
        default=200,
    ),
    Case("directory-export-csv", lambda w: "/fr/repertoire/export.csv", expect={}, default=200),
    Case("directory-export-xlsx", lambda w: "/en/directory/export.xlsx", expect={}, default=200),
    Case(
        "directory-profile",
        lambda w: f"/en/directory/{_slug(w, _profile)}/",
        expect={},
        default=200,
    ),
    Case(
        "directory-profile-unlisted",
        lambda w: f"/en/directory/{_slug(w, _unlisted)}/",
        expect={"staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "directory-edit",
        lambda w: f"/en/directory/{_slug(w, _profile)}/edit/",
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=403,
    ),
    Case(
        "directory-edit-post",
        lambda w: f"/en/directory/{_slug(w, _profile)}/edit/",
        method="post",
        data=lambda w: {"city": "Alma"},
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=403,
    ),
    Case(
        "directory-api", lambda w: "/api/v1/community/directory?q=saguenay", expect={}, default=200
    ),
    Case(
        "directory-api-unlisted",
        lambda w: f"/api/v1/community/directory/{_slug(w, _unlisted)}",
        expect={"staff": 200, "member": 200},
        default=404,
    ),
]
