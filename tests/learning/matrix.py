"""Permission cases of Alu-Compétences (the library).

The matrix's ``teacher`` is an unverified teacher; cases whose name ends in
``-verified-teacher`` verify that teacher first (``_verified``). Restricted files must never
reach anonymous visitors (302 to the login page) or unverified users (403).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.permissions import Case, World
from tests.secret_links import token_of

ALL = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
SIGNED_IN = dict.fromkeys(ALL, 200)
# One small shared file, written once (not one per test run) under MEDIA_ROOT.
SAMPLE = "learning/matrix/sample.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _resource(world: World, slug: str, *, access: str = "open", status: str = "published") -> str:
    def make() -> str:
        from aluhub.learning import services
        from aluhub.learning.models import ResourceVersion

        resource, _ = services.resource_save(
            slug=slug,
            title_fr=f"Matrice {slug}",
            title_en=f"Matrix {slug}",
            summary_fr="Résumé",
            summary_en="Summary",
            type="document",
            level="college",
            access=access,
            status=status,
        )
        if not default_storage.exists(SAMPLE):
            default_storage.save(SAMPLE, ContentFile(PDF))
        ResourceVersion.objects.create(
            resource=resource, number=1, file=SAMPLE, file_kind="pdf", size_bytes=len(PDF)
        )
        return slug

    return str(world.once(f"learning-resource-{slug}", make))


def _verified(world: World) -> bool:
    """Verify the matrix teacher (once per test); True so it can sit in an expression."""

    def make() -> None:
        from aluhub.learning.models import TeacherProfile

        TeacherProfile.objects.create(
            user=world.teacher,
            institution="Cégep de Jonquière",
            status="verified",
            verified_by=world.staff,
            decided_at=timezone.now(),
        )

    world.once("learning-verified-teacher", make)
    return True


def _collection(world: World) -> int:
    def make() -> int:
        from aluhub.learning.models import Collection

        _verified(world)
        return Collection.objects.create(owner=world.teacher, title="Pack").pk

    return int(world.once("learning-collection", make))


def _collection_token(world: World) -> str:
    from aluhub.learning.models import Collection

    return token_of(Collection.objects.get(pk=_collection(world)))


def _report(world: World) -> int:
    def make() -> int:
        from aluhub.learning.models import ErrorReport, Resource

        resource = Resource.objects.get(slug=_resource(world, "open"))
        return ErrorReport.objects.create(resource=resource, message="x").pk

    return int(world.once("learning-report", make))


def _profile(world: World) -> int:
    def make() -> int:
        from aluhub.learning.models import TeacherProfile

        return TeacherProfile.objects.create(user=world.student, institution="Cégep").pk

    return int(world.once("learning-profile", make))


def _url(name: str, *args: object) -> str:
    return reverse(f"learning:{name}", args=args)


CURATORS = {"anonymous": 302, "staff": 200}
STAFF_PAGE = {"anonymous": 302, "staff": 200}

CASES = [
    Case("learning-index", lambda w: _url("index"), expect={}, default=200),
    Case("learning-feed", lambda w: _url("feed"), expect={}, default=200),
    Case(
        "learning-resource-open",
        lambda w: _url("resource", _resource(w, "open")),
        expect={},
        default=200,
    ),
    Case(
        "learning-resource-restricted-summary",
        lambda w: _url("resource", _resource(w, "restricted", access="teachers")),
        expect={},
        default=200,
    ),
    Case(
        "learning-resource-draft",
        lambda w: _url("resource", _resource(w, "draft", status="draft")),
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "learning-download-open",
        lambda w: _url("download", _resource(w, "open")),
        expect={},
        default=200,
    ),
    Case(
        "learning-download-restricted",
        lambda w: _url("download", _resource(w, "restricted", access="teachers")),
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
    Case(
        "learning-download-restricted-verified-teacher",
        lambda w: (_verified(w), _url("download", _resource(w, "restricted", access="teachers")))[
            1
        ],
        expect={"anonymous": 302, "staff": 200, "teacher": 200},
        default=403,
    ),
    Case(
        "learning-download-draft",
        lambda w: _url("download", _resource(w, "draft", status="draft")),
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "learning-api-list",
        lambda w: "/api/v1/learning/resources",
        expect={},
        default=200,
    ),
    Case(
        "learning-api-detail-restricted",
        lambda w: f"/api/v1/learning/resources/{_resource(w, 'restricted', access='teachers')}",
        expect={},
        default=200,
    ),
    Case(
        "learning-api-detail-draft",
        lambda w: f"/api/v1/learning/resources/{_resource(w, 'draft', status='draft')}",
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "learning-teacher-apply",
        lambda w: _url("teacher_apply"),
        expect={"anonymous": 302, **SIGNED_IN},
    ),
    Case("learning-collections", lambda w: _url("collections"), expect=CURATORS),
    Case(
        "learning-collections-verified-teacher",
        lambda w: (_verified(w), _url("collections"))[1],
        expect={**CURATORS, "teacher": 200},
    ),
    Case(
        "learning-collection-own",
        lambda w: _url("collection", _collection(w)),
        expect={"anonymous": 302, "staff": 200, "teacher": 200},
        default=404,
    ),
    Case(
        "learning-collection-edit",
        lambda w: _url("collection_edit", _collection(w)),
        method="post",
        data=lambda w: {"action": "up", "item": "0"},
        expect={"anonymous": 302, "staff": 302, "teacher": 302},
        default=404,
    ),
    Case(
        "learning-collection-shared",
        lambda w: _url("collection_shared", _collection_token(w)),
        expect={},
        default=200,
    ),
    Case(
        "learning-add-to-collection",
        lambda w: _url("add_to_collection", _resource(w, "open")),
        method="post",
        data=lambda w: {"collection": ""},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case(
        "learning-rate",
        lambda w: _url("rate", _resource(w, "open")),
        method="post",
        data=lambda w: {"stars": "4"},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case(
        "learning-rate-verified-teacher",
        lambda w: (_verified(w), _url("rate", _resource(w, "open")))[1],
        method="post",
        data=lambda w: {"stars": "4"},
        expect={"anonymous": 302, "staff": 302, "teacher": 302},
    ),
    Case(
        "learning-report",
        lambda w: _url("report", _resource(w, "open")),
        method="post",
        data=lambda w: {"message": "Erreur"},
        expect={"anonymous": 302, **dict.fromkeys(ALL, 302)},
    ),
    Case("learning-upload", lambda w: _url("upload"), expect=STAFF_PAGE),
    Case(
        "learning-new-version",
        lambda w: _url("new_version", _resource(w, "open")),
        expect=STAFF_PAGE,
    ),
    Case(
        "learning-status",
        lambda w: _url("status", _resource(w, "draft", status="draft")),
        method="post",
        data=lambda w: {"status": "in_review"},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case("learning-staff-teachers", lambda w: _url("staff_teachers"), expect=STAFF_PAGE),
    Case(
        "learning-staff-teacher-decide",
        lambda w: _url("staff_teacher_decide", _profile(w)),
        method="post",
        data=lambda w: {"decision": "reject"},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case("learning-staff-reports", lambda w: _url("staff_reports"), expect=STAFF_PAGE),
    Case(
        "learning-staff-report-resolve",
        lambda w: _url("staff_report_resolve", _report(w)),
        method="post",
        data=lambda w: {"note": ""},
        expect={"anonymous": 302, "staff": 302},
    ),
]
