"""Expertise tags as people read them: the category codes (``joining_welding``), the maturity
dimension codes (``connectivity_data``) and the free tags of our own vocabulary
(``DIMENSION_TAGS``) in the active language; any other free tag as its author typed it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from aluhub.innovation.models import Category
from aluhub.innovation.questionnaire import load_questionnaire

#: The free tags the expert matching knows (services.DIMENSION_TAGS and the demo experts).
FREE_TAGS: dict[str, Promise] = {
    "automation": _("automation"),
    "robotics": _("robotics"),
    "iiot": _("industrial internet of things (IIoT)"),
    "data": _("data"),
    "cybersecurity": _("cybersecurity"),
    "mes": _("manufacturing execution system (MES)"),
    "quality": _("quality"),
    "traceability": _("traceability"),
    "maintenance": _("maintenance"),
    "digital strategy": _("digital strategy"),
    "training": _("training"),
    "change management": _("change management"),
    "energy": _("energy"),
    "carbon": _("carbon"),
    "friction stir": _("friction stir welding"),
    "mig": pgettext_lazy("tag", "MIG welding"),
}


def tag_label(tag: str) -> str:
    """One tag in the active language."""
    code = str(tag).strip()
    if code in Category.values:
        return str(Category(code).label)
    if code.lower() in FREE_TAGS:
        return str(FREE_TAGS[code.lower()])
    questionnaire = load_questionnaire()
    if code in questionnaire.dimension_codes:
        name = questionnaire.dimension(code).name
        return name.en if (get_language() or "fr").startswith("en") else name.fr
    return code


def tag_labels(tags: Iterable[str]) -> list[str]:
    return [tag_label(t) for t in tags]
