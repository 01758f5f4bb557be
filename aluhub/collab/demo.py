"""Demo content of the collaboration space, every row marked demo: a demo committee with the
demo accounts as members, a past meeting with minutes and an upcoming one, and a few events.
The real recycling working group (reference data) gets no invented member or meeting."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Organization, User

from . import services
from .models import ActionItem, Decision, Event, GroupKind, GroupRole, Visibility, WorkingGroup

DEMO_GROUP = "demo-comite-tracabilite"


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


EVENTS = [
    {
        "slug": "demo-webinaire-tri-des-residus",
        "title_fr": "Démo\u00a0: webinaire sur le tri des résidus d’aluminium",
        "title_en": "Demo: webinar on sorting aluminium scrap",
        "description_fr": "Événement de démonstration\u00a0: une heure sur le tri à la source.",
        "description_en": "Demo event: one hour on sorting at the source.",
        "kind": "webinar",
        "days": 10,
        "online_url": "https://example.org/demo-webinaire",
        "capacity": 2,
        "price_member_cad": Decimal("0"),
        "price_non_member_cad": Decimal("0"),
    },
    {
        "slug": "demo-visite-usine-saguenay",
        "title_fr": "Démo\u00a0: visite d’une usine d’extrusion au Saguenay",
        "title_en": "Demo: visit of an extrusion plant in Saguenay",
        "description_fr": "Événement de démonstration\u00a0: visite guidée d’une ligne "
        "d’extrusion.",
        "description_en": "Demo event: guided visit of an extrusion line.",
        "kind": "visit",
        "days": 30,
        "place": "Usine de démonstration",
        "city": "Saguenay",
        "region": "02",
        "capacity": 15,
        "audience": "members",
    },
    {
        "slug": "demo-salon-emploi-metallurgie",
        "title_fr": "Démo\u00a0: salon de l’emploi en métallurgie",
        "title_en": "Demo: metallurgy job fair",
        "description_fr": "Événement de démonstration passé\u00a0: sa page reste en ligne.",
        "description_en": "Past demo event: its page stays online.",
        "kind": "job_fair",
        "organizer": "partner",
        "organizer_name": "Organisme partenaire (démo)",
        "days": -20,
        "place": "Centre des congrès (démo)",
        "city": "Trois-Rivières",
        "region": "04",
        "audience": "students",
    },
]


def _seed_group() -> WorkingGroup:
    group, _created = WorkingGroup.objects.get_or_create(
        slug=DEMO_GROUP,
        defaults={
            "name_fr": "Démo\u00a0: comité traçabilité",
            "name_en": "Demo: traceability committee",
            "mandate_fr": "Comité de démonstration pour essayer réunions et comptes rendus.",
            "mandate_en": "Demo committee to try meetings and minutes.",
            "kind": GroupKind.COMMITTEE,
            "visibility": Visibility.PLATFORM,
            "is_demo": True,
        },
    )
    roles = [
        ("staff@demo.aluhub.ca", GroupRole.SECRETARY, None),
        ("member@demo.aluhub.ca", GroupRole.CHAIR, "demo-extrusions-saguenay"),
        ("member-en@demo.aluhub.ca", GroupRole.MEMBER, "demo-fonderie-mauricie"),
        ("partner@demo.aluhub.ca", GroupRole.OBSERVER, "demo-orpex-partenaire"),
    ]
    for email, role, org_slug in roles:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        org = Organization.objects.filter(slug=org_slug).first() if org_slug else None
        services.group_member_add(group=group, user=user, role=role, organization=org)
    if not group.meetings.exists():
        past = services.meeting_create(
            group=group,
            title="Démo\u00a0: réunion de lancement",
            starts_at=_at(-14, 9),
            ends_at=_at(-14, 11),
            video_url="https://example.org/demo-reunion",
            agenda=[("Tour de table", "information"), ("Choix des priorités", "decision")],
            is_demo=True,
        )
        secretary = User.objects.filter(email="staff@demo.aluhub.ca").first()
        owner = User.objects.filter(email="member@demo.aluhub.ca").first()
        if secretary and owner:
            Decision.objects.create(
                group=group, meeting=past, number=1, text="Démo\u00a0: adopter trois priorités."
            )
            ActionItem.objects.create(
                group=group,
                meeting=past,
                title="Démo\u00a0: rédiger la fiche des priorités",
                owner=owner,
                due_on=timezone.localdate() + timedelta(days=5),
            )
            services.minutes_publish(
                meeting=past, by=secretary, summary="Démo\u00a0: compte rendu."
            )
        services.meeting_create(
            group=group,
            title="Démo\u00a0: deuxième réunion",
            starts_at=_at(14, 9),
            ends_at=_at(14, 11),
            place="Bureaux de la grappe (démo)",
            agenda=[("Suivi des priorités", "discussion")],
            is_demo=True,
        )
    return group


DEMO_INITIATIVE = "demo-boucle-residus"


def _seed_initiative(group: WorkingGroup) -> None:
    """A demo initiative led by a demo organization, with live and entered indicators."""
    from . import services_initiatives as initiatives
    from .models import Initiative

    lead = Organization.objects.filter(slug="demo-extrusions-saguenay").first()
    if Initiative.objects.filter(slug=DEMO_INITIATIVE).exists() or lead is None:
        return
    partner = Organization.objects.filter(slug="demo-fonderie-mauricie").first()
    initiative = initiatives.initiative_create(
        slug=DEMO_INITIATIVE,
        title_fr="Démo\u00a0: boucler la boucle des résidus d’aluminium",
        title_en="Demo: closing the loop on aluminium scrap",
        summary_fr="Initiative de démonstration\u00a0: remettre en circulation les résidus des "
        "membres.",
        summary_en="Demo initiative: put members' scrap back into circulation.",
        status="active",
        working_group=group,
        partners=[(lead, "lead")] + ([(partner, "partner")] if partner else []),
        is_demo=True,
    )
    initiatives.indicator_add(
        initiative=initiative,
        name_fr="Résidus offerts sur la bourse",
        name_en="Scrap offered on the exchange",
        unit="t",
        live_source="scrap_listed_t",
    )
    initiatives.indicator_add(
        initiative=initiative,
        name_fr="Résidus échangés sur la bourse",
        name_en="Scrap exchanged on the exchange",
        unit="t",
        live_source="scrap_exchanged_t",
    )
    initiatives.indicator_add(
        initiative=initiative,
        name_fr="Charges optimisées",
        name_en="Charges optimized",
        live_source="charges_optimized",
    )
    initiatives.indicator_add(
        initiative=initiative,
        name_fr="Contenu recyclé expédié cette année",
        name_en="Recycled content shipped this year",
        unit="t",
        live_source="recycled_shipped_t",
    )
    entered = initiatives.indicator_add(
        initiative=initiative, name_fr="Entreprises participantes", name_en="Companies taking part"
    )
    today = timezone.localdate()
    initiatives.indicator_value_add(
        indicator=entered, by=None, value=Decimal(2), measured_on=today, source="Démo"
    )
    initiatives.initiative_update_add(
        initiative=initiative,
        by=None,
        on=today - timedelta(days=30),
        text="Démo\u00a0: lancement avec deux entreprises.",
        progress_pct=10,
    )
    initiative.call_open = True
    initiative.call_text_fr = "Démo\u00a0: nous cherchons un recycleur et un transporteur."
    initiative.call_text_en = "Demo: we are looking for a recycler and a carrier."
    initiative.save(update_fields=["call_open", "call_text_fr", "call_text_en"])


def seed_demo() -> list[str]:
    with transaction.atomic():
        _seed_initiative(_seed_group())
        for spec in EVENTS:
            data = dict(spec)
            slug = str(data.pop("slug"))
            if Event.objects.filter(slug=slug).exists():
                continue
            days = int(data.pop("days"))  # type: ignore[call-overload]
            services.event_create(
                slug=slug,
                starts_at=_at(days, 13),
                ends_at=_at(days, 15),
                is_demo=True,
                **data,  # type: ignore[arg-type]
            )
    return [f"1 demo committee with 2 meetings, 1 demo initiative, {len(EVENTS)} demo events."]
