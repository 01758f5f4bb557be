"""Every write of the library: resources and versions, teachers, course packs, feedback."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import search, secret_links
from aluhub.common.mail import send_email, site_url
from aluhub.common.reference import ProgressFactory, no_progress

from . import files, selectors
from .models import (
    Access,
    Collection,
    CollectionItem,
    Discipline,
    DisciplineCode,
    ErrorReport,
    FileKind,
    LastVisit,
    Level,
    Rating,
    ReportStatus,
    Resource,
    ResourceDownload,
    ResourceLanguage,
    ResourceType,
    ResourceVersion,
    Status,
    TeacherProfile,
    Topic,
    TopicCode,
    VerificationStatus,
)

#: Allowed moves of the publication workflow.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
    Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.RETIRED},
    Status.RETIRED: {Status.PUBLISHED, Status.DRAFT},
}

#: A visit older than this starts a new one ("new since your last visit" moves on).
VISIT_GAP = timedelta(minutes=30)


# --- Resources ------------------------------------------------------------------
def _index_parts(resource: Resource) -> list[str]:
    parts = [
        resource.title_fr or "",  # type: ignore[attr-defined]
        resource.title_en or "",  # type: ignore[attr-defined]
        resource.summary_fr or "",  # type: ignore[attr-defined]
        resource.summary_en or "",  # type: ignore[attr-defined]
        resource.authors,
    ]
    codes = [d.code for d in resource.disciplines.all()] + [t.code for t in resource.topics.all()]
    for lang in ("fr", "en"):
        with translation.override(lang):
            parts.append(str(ResourceType(resource.type).label))
            parts.append(str(Level(resource.level).label))
            for code in codes:
                choices = DisciplineCode if code in DisciplineCode.values else TopicCode
                parts.append(str(choices(code).label))
    return parts


def resource_reindex(*, resource: Resource) -> None:
    text = search.document(_index_parts(resource))
    Resource.objects.filter(pk=resource.pk).update(search_text=text)
    resource.search_text = text


def _check_choices(data: dict[str, Any]) -> None:
    checks = {
        "type": ResourceType.values,
        "level": Level.values,
        "language": ResourceLanguage.values,
        "access": Access.values,
        "status": Status.values,
    }
    errors = {
        field: _("Unknown value %(value)s.") % {"value": data[field]}
        for field, allowed in checks.items()
        if field in data and data[field] not in allowed
    }
    for field, allowed in (("disciplines", DisciplineCode.values), ("topics", TopicCode.values)):
        bad = [c for c in data.get(field, []) if c not in allowed]
        if bad:
            errors[field] = _("Unknown value %(value)s.") % {"value": ", ".join(bad)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resource_save(
    *,
    slug: str,
    title_fr: str,
    title_en: str,
    summary_fr: str,
    summary_en: str,
    type: str,
    level: str,
    disciplines: Iterable[str] = (),
    topics: Iterable[str] = (),
    language: str = ResourceLanguage.FR,
    access: str = Access.OPEN,
    license: str = "CC BY 4.0",
    authors: str = "",
    duration_minutes: int | None = None,
    video_url: str = "",
    sources: str | None = None,
    is_demo: bool = False,
    status: str | None = None,
    organizations: Iterable[Organization] | None = None,
) -> tuple[Resource, bool]:
    """Create or update a resource by slug; returns ``(resource, created)``.

    ``status`` None keeps the current status (new resources start as drafts); ``sources``
    and ``organizations`` None keep what the resource has (staff set them in the admin, which
    a manifest or a reference run does not know; a new resource starts without).
    """
    disciplines, topics = list(disciplines), list(topics)
    fields: dict[str, Any] = {
        "title_fr": title_fr,
        "title_en": title_en,
        "summary_fr": summary_fr,
        "summary_en": summary_en,
        "type": type,
        "level": level,
        "language": language,
        "access": access,
        "license": license,
        "authors": authors,
        "duration_minutes": duration_minutes,
        "video_url": video_url,
        "is_demo": is_demo,
    }
    if sources is not None:
        fields["sources"] = sources
    _check_choices({**fields, "disciplines": disciplines, "topics": topics})
    resource = Resource.objects.filter(slug=slug).first()
    created = resource is None
    if resource is None:
        resource = Resource(slug=slug)
    for name, value in fields.items():
        setattr(resource, name, value)
    if status is not None:
        _check_choices({"status": status})
        resource.status = status
        if status == Status.PUBLISHED and resource.published_at is None:
            resource.published_at = timezone.now()
    resource.full_clean(exclude=["search_text"])
    resource.save()
    resource.disciplines.set(Discipline.objects.filter(code__in=disciplines))
    resource.topics.set(Topic.objects.filter(code__in=topics))
    if organizations is not None:
        resource.organizations.set(list(organizations))
    resource_reindex(resource=resource)
    return resource, created


@transaction.atomic
def resource_set_status(*, resource: Resource, status: str) -> Resource:
    if status not in TRANSITIONS.get(resource.status, set()):
        labels = dict(Status.choices)
        raise ValidationError(
            {
                "status": _("A resource cannot go from “%(old)s” to “%(new)s”.")
                % {"old": labels[resource.status], "new": labels.get(status, status)}
            }
        )
    resource.status = status
    if status == Status.PUBLISHED and resource.published_at is None:
        resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at", "updated_at"])
    return resource


def _thumbnail_for(version: ResourceVersion) -> None:
    """Store a PNG of page 1 next to a PDF version when pdftoppm exists (else: nothing)."""
    if version.file_kind != FileKind.PDF or not files.pdftoppm_available():
        return
    try:
        path = default_storage.path(version.file.name)
    except NotImplementedError:
        return
    png = files.render_pdf_first_page(Path(path))
    if png:
        name = version.file.name.rsplit(".", 1)[0] + "-page1.png"
        version.thumbnail.save(name, ContentFile(png), save=True)


@transaction.atomic
def resource_version_add(
    *,
    resource: Resource,
    content: IO[bytes],
    filename: str,
    note: str = "",
    note_en: str | None = None,
    user: User | None = None,
) -> ResourceVersion:
    """Validate a file (type by content, size) and store it as the next version.

    ``note`` is the French note (or the author's, as written); ``note_en`` its English
    wording when AluHub writes it (otherwise the author's note serves both languages)."""
    content.seek(0, 2)
    size = content.tell()
    content.seek(0)
    kind = files.validate_upload(content, name=filename, size=size)
    digest = hashlib.sha256()
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
    content.seek(0)
    # Lock the resource row so two uploads do not get the same number.
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    number = (resource.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ResourceVersion(
        resource=resource,
        number=number,
        file_kind=kind,
        size_bytes=size,
        sha256=digest.hexdigest(),
        note_fr=note,
        note_en=note if note_en is None else note_en,
        created_by=user,
    )
    version.file.save(get_valid_filename(filename), File(content), save=False)
    try:
        version.save()
        _thumbnail_for(version)
    except BaseException:
        # The transaction rolls back: the files written for a version that is not kept go too.
        for stored in (version.file, version.thumbnail):
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return version


def resource_version_sync(
    *, resource: Resource, data: bytes, filename: str, note: str, note_en: str | None = None
) -> ResourceVersion | None:
    """Add ``data`` as a new version unless the current file has the same bytes (idempotent)."""
    current = resource.current_version
    digest = hashlib.sha256(data).hexdigest()
    if (
        current is not None
        and current.sha256 == digest
        and default_storage.exists(current.file.name)
    ):
        return None
    from io import BytesIO

    return resource_version_add(
        resource=resource, content=BytesIO(data), filename=filename, note=note, note_en=note_en
    )


@dataclass(frozen=True)
class ResourceImportRow:
    """One checked row of a bulk import (``aluhub import_resources``): ``fields`` are
    :func:`resource_save`'s keywords, ``path`` its file (None: a video link only) and ``note``
    the note of the file's version; ``number`` and ``line`` name it in an error."""

    number: int
    line: int
    fields: dict[str, Any]
    path: Path | None = None
    note: str = ""


@dataclass(frozen=True)
class ResourceImportCounts:
    created: int
    updated: int
    versions: int


def resources_import(
    *,
    rows: Sequence[ResourceImportRow],
    publish: bool = False,
    progress: ProgressFactory = no_progress,
) -> ResourceImportCounts:
    """Create or update each row's resource by slug and add its file as a version when the
    bytes changed, all rows in one transaction: a row refused here raises ``ValidationError``
    (``row N (line L): field: message``) and nothing is imported. New resources are drafts,
    or published with ``publish``; an existing one keeps its status."""
    created = updated = versions = 0
    with transaction.atomic():
        for row in progress(rows, total=len(rows), desc="import"):
            try:
                is_new = not selectors.resource_slug_taken(row.fields["slug"])
                resource, _created = resource_save(
                    **row.fields, status=Status.PUBLISHED if (is_new and publish) else None
                )
                if row.path is not None and resource_version_sync(
                    resource=resource,
                    data=row.path.read_bytes(),
                    filename=row.path.name,
                    note=row.note or "Import en lot",
                    note_en=None if row.note else "Bulk import",
                ):
                    versions += 1
            except ValidationError as exc:
                messages = (
                    "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                    if hasattr(exc, "error_dict")
                    else " ".join(exc.messages)
                )
                raise ValidationError(f"row {row.number} (line {row.line}): {messages}") from exc
            if is_new:
                created += 1
            else:
                updated += 1
    return ResourceImportCounts(created=created, updated=updated, versions=versions)


@transaction.atomic
def resource_download_record(*, resource: Resource, reader: str, day: date | None = None) -> bool:
    """Count a download of ``resource`` by ``reader`` (``"user:<id>"`` or ``"session:<hash>"``)
    once per day (``day``: today in the site's time zone): a reload, a second click or a
    download of another version the same day does not count again. Answers whether it
    counted. The rows of earlier days go: they no longer decide anything."""
    day = day or timezone.localdate()
    ResourceDownload.objects.filter(day__lt=day).delete()
    try:
        with transaction.atomic():  # a savepoint: a refused row leaves the transaction usable
            ResourceDownload.objects.create(resource=resource, reader=reader, day=day)
    except IntegrityError:
        return False  # this reader's download was counted today already
    # F() keeps concurrent downloads from losing counts.
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    return True


# --- Teachers -------------------------------------------------------------------
@transaction.atomic
def teacher_apply(
    *, user: User, institution: str, department: str = "", institution_email: str = ""
) -> TeacherProfile:
    """Ask to be verified as a teacher; changing the institution or the institutional e-mail
    (what staff checked) asks again."""
    profile = TeacherProfile.objects.filter(user=user).first()
    if profile is None:
        profile = TeacherProfile(user=user)
    changed = (
        profile.institution != institution
        or profile.institution_email.casefold() != institution_email.casefold()
    )
    profile.institution = institution
    profile.department = department
    profile.institution_email = institution_email
    if profile.status == VerificationStatus.REJECTED or (
        changed and profile.status == VerificationStatus.VERIFIED
    ):
        profile.status = VerificationStatus.PENDING
        profile.verified_by, profile.decided_at = None, None
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def teacher_decide(
    *, profile: TeacherProfile, staff: User, verified: bool, reason: str = "", notify: bool = True
) -> TeacherProfile:
    """Verify or refuse a teacher profile and tell the teacher (see :func:`teacher_notify`;
    ``notify=False`` for the demo data)."""
    profile.status = VerificationStatus.VERIFIED if verified else VerificationStatus.REJECTED
    profile.verified_by = staff
    profile.decided_at = timezone.now()
    profile.save(update_fields=["status", "verified_by", "decided_at"])
    if notify:
        teacher_notify(profile=profile, reason="" if verified else reason.strip())
    return profile


def teacher_notify(*, profile: TeacherProfile, reason: str = "") -> None:
    """E-mail the teacher the decision in their account's language, queued in the outbox:
    verified, what they can now do and a link; refused, the reason staff gave (if any) and
    whom to ask (the cluster's contact address, also the reply address, and contact page)."""
    user = profile.user
    verified = profile.status == VerificationStatus.VERIFIED
    contact_email = settings.CONTACT_EMAIL
    with translation.override(user.preferred_language or "fr"):
        context = {
            "user": user,
            "profile": profile,
            "verified": verified,
            "reason": reason,
            "link": site_url(reverse("learning:index")),
            "apply_link": site_url(reverse("learning:teacher_apply")),
            "contact_email": contact_email,
            "contact_link": site_url(reverse("contact")),
        }
        if verified:
            subject = _("Alu-Compétences: your teacher profile is verified")
        else:
            subject = _("Alu-Compétences: your teacher profile was not verified")
        body = render_to_string("learning/email/teacher_decision.txt", context)
    send_email(
        to=[user.email],
        subject=subject,
        body=body,
        reply_to=[contact_email] if contact_email and not verified else None,
    )


# --- Course packs -----------------------------------------------------------------
@transaction.atomic
def collection_create(*, owner: User, title: str, description: str = "") -> Collection:
    collection = Collection(owner=owner, title=title, description=description)
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_add(*, collection: Collection, resource: Resource) -> CollectionItem:
    item = CollectionItem.objects.filter(collection=collection, resource=resource).first()
    if item is not None:
        return item
    last = collection.items.aggregate(m=Max("position"))["m"]
    item = CollectionItem.objects.create(
        collection=collection, resource=resource, position=0 if last is None else last + 1
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def collection_remove(*, collection: Collection, item_id: int) -> None:
    collection.items.filter(pk=item_id).delete()
    _renumber(collection)


def _renumber(collection: Collection) -> None:
    for position, item in enumerate(collection.items.order_by("position", "pk")):
        if item.position != position:
            CollectionItem.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def collection_move(*, collection: Collection, item_id: int, direction: str) -> None:
    """Swap an item with its neighbour (``up`` or ``down``); at an end nothing moves."""
    _renumber(collection)
    items = list(collection.items.order_by("position", "pk"))
    index = next((i for i, it in enumerate(items) if it.pk == item_id), None)
    if index is None:
        return
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return
    a, b = items[index], items[other]
    CollectionItem.objects.filter(pk=a.pk).update(position=b.position)
    CollectionItem.objects.filter(pk=b.pk).update(position=a.position)


@transaction.atomic
def collection_delete(*, collection: Collection) -> None:
    collection.delete()


@transaction.atomic
def collection_new_share_link(*, collection: Collection) -> Collection:
    """A new share link: a new version, and the former clear token forgotten, so that no link
    given before opens the pack."""
    collection.token_version = secret_links.new_version()
    collection.legacy_token_hash = None
    collection.save(update_fields=["token_version", "legacy_token_hash", "updated_at"])
    return collection


# --- Feedback -------------------------------------------------------------------
@transaction.atomic
def rating_set(*, resource: Resource, user: User, stars: int, comment: str = "") -> Rating:
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give between 1 and 5 stars.")})
    rating, _created = Rating.objects.update_or_create(
        resource=resource, user=user, defaults={"stars": stars, "comment": comment}
    )
    return rating


@transaction.atomic
def error_report_create(*, resource: Resource, reporter: User, message: str) -> ErrorReport:
    if not message.strip():
        raise ValidationError({"message": _("Describe the error.")})
    return ErrorReport.objects.create(resource=resource, reporter=reporter, message=message)


@transaction.atomic
def error_report_resolve(*, report: ErrorReport, staff: User, note: str = "") -> ErrorReport:
    report.status = ReportStatus.RESOLVED
    report.resolved_by = staff
    report.resolved_at = timezone.now()
    report.resolution_note = note
    report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
    return report


# --- Visits ---------------------------------------------------------------------
@transaction.atomic
def visit_record(*, user: User, now: datetime | None = None) -> datetime | None:
    """Note a visit; return the start of the previous visit (None on a first visit)."""
    now = now or timezone.now()
    visit = LastVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        LastVisit.objects.create(user=user, seen_at=now)
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_seen_at"])
    return visit.previous_seen_at
