"""Claim checker: which environmental claims a lot's data supports, worded in FR or EN.

Three claims, each allowed only when the data carries it (nothing is guessed):

* recycled content ``X % (pre Y %, post Z %, ISO 14021)``: only with both the pre- and the
  post-consumer shares known (% by mass; X = Y + Z);
* "low-carbon aluminium": only at ``co2e_per_kg <= 4.0`` kg CO2e per kg with the boundary
  stated and cradle-to-gate; the 4.0 threshold is an industry convention, not a legal one,
  and the statement says so;
* "ASI certified": only with an ASI Chain of Custody certificate number and a positive
  mass-balance balance (kg) at the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aluhub.engines import text

LOW_CARBON_MAX = 4.0  # kg CO2e per kg aluminium, cradle-to-gate (industry convention)
KINDS = ("recycled", "low_carbon", "asi")


@dataclass(frozen=True, slots=True)
class LotFacts:
    pre_consumer_pct: float | None
    post_consumer_pct: float | None
    co2e_per_kg: float | None
    co2e_boundary: str
    certification: str  # none / asi_coc / other
    certificate_number: str
    balance_kg: float | None  # the site's mass-balance balance; None = unknown


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    statements: dict[str, str] = field(default_factory=dict)
    refusals: dict[str, str] = field(default_factory=dict)


def _num(value: float, lang: str) -> str:
    return text.format_number(value, lang, decimals=1)


def _pct(value: float, lang: str) -> str:
    """A share in percent: « 36,0 % » (no-break space) / "36.0%"."""
    return text.format_percent(value, lang, decimals=1)


TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "recycled": "Contenu recyclé {x} (préconsommation {y}, postconsommation {z}, ISO 14021)",
        "recycled_no": "le contenu recyclé préconsommation et postconsommation doit être connu",
        "low_carbon": "Aluminium bas carbone\u00a0: {v}\u00a0kg\u00a0CO2e/kg, {b} (seuil de "
        "4,0\u00a0kg\u00a0CO2e/kg\u00a0: convention de l’industrie, pas un seuil légal)",
        "low_carbon_unknown": "l’empreinte carbone du lot est inconnue",
        "low_carbon_boundary": "la frontière de l’empreinte (berceau à la porte) doit être "
        "indiquée",
        "low_carbon_high": "{v}\u00a0kg\u00a0CO2e/kg dépasse 4,0\u00a0kg\u00a0CO2e/kg "
        "(convention de l’industrie, pas un seuil légal)",
        "asi": "Certifié ASI (chaîne de traçabilité, certificat {n})",
        "asi_no_cert": "un numéro de certificat ASI Chain of Custody est requis",
        "asi_no_balance": "le solde du bilan massique du site doit être positif",
    },
    "en": {
        "recycled": "Recycled content {x} (pre-consumer {y}, post-consumer {z}, ISO 14021)",
        "recycled_no": "both the pre-consumer and the post-consumer recycled content must be known",
        "low_carbon": "Low-carbon aluminium: {v} kg CO2e/kg, {b} (the 4.0 kg CO2e/kg threshold "
        "is an industry convention, not a legal threshold)",
        "low_carbon_unknown": "the lot's carbon footprint is unknown",
        "low_carbon_boundary": "the footprint boundary (cradle-to-gate) must be stated",
        "low_carbon_high": "{v} kg CO2e/kg is above 4.0 kg CO2e/kg (an industry convention, "
        "not a legal threshold)",
        "asi": "ASI certified (Chain of Custody, certificate {n})",
        "asi_no_cert": "an ASI Chain of Custody certificate number is required",
        "asi_no_balance": "the site's mass-balance balance must be positive",
    },
}


def is_cradle_to_gate(boundary: str) -> bool:
    """Whether a stated footprint boundary is cradle-to-gate (in French or English)."""
    text = boundary.strip().lower().replace("-", " ")
    return "cradle to gate" in text or "berceau" in text


def check_claims(
    facts: LotFacts, wanted: set[str], *, lang: Literal["fr", "en"] = "fr"
) -> ClaimCheck:
    """The statement for each supported claim in ``wanted``, the reason for each refused one."""
    t = TEXT["en" if lang == "en" else "fr"]
    statements: dict[str, str] = {}
    refusals: dict[str, str] = {}
    if "recycled" in wanted:
        pre, post = facts.pre_consumer_pct, facts.post_consumer_pct
        if pre is None or post is None:
            refusals["recycled"] = t["recycled_no"]
        else:
            statements["recycled"] = t["recycled"].format(
                x=_pct(pre + post, lang), y=_pct(pre, lang), z=_pct(post, lang)
            )
    if "low_carbon" in wanted:
        value = facts.co2e_per_kg
        boundary = facts.co2e_boundary.strip()
        if value is None:
            refusals["low_carbon"] = t["low_carbon_unknown"]
        elif not is_cradle_to_gate(boundary):
            refusals["low_carbon"] = t["low_carbon_boundary"]
        elif value > LOW_CARBON_MAX:
            refusals["low_carbon"] = t["low_carbon_high"].format(v=_num(value, lang))
        else:
            statements["low_carbon"] = t["low_carbon"].format(v=_num(value, lang), b=boundary)
    if "asi" in wanted:
        if facts.certification != "asi_coc" or not facts.certificate_number.strip():
            refusals["asi"] = t["asi_no_cert"]
        elif facts.balance_kg is None or facts.balance_kg <= 0:
            refusals["asi"] = t["asi_no_balance"]
        else:
            statements["asi"] = t["asi"].format(n=facts.certificate_number.strip())
    return ClaimCheck(statements, refusals)
