# Size: one engine (BoM parsing, content, carbon, member checks, messages).
"""Design checker for the Structure-Al Challenge: material content and embodied carbon.

Input: a bill of materials (BoM). Line ``i`` gives a material, a ``quantity`` q_i and a
per-unit mass m_i (kg) or volume v_i (m3); the other is derived from the material's density
rho (kg/m3): m_i = rho v_i, v_i = m_i / rho. Totals per line: M_i = q_i m_i, V_i = q_i v_i.

Outputs, with S the lines in scope (scope not listed in ``exclude_scopes``) and Al the
lines whose material category is aluminium:

    aluminium share by mass   = 100 * sum_{Al and S} M_i / sum_{S} M_i     (%)
    aluminium share by volume = 100 * sum_{Al and S} V_i / sum_{S} V_i     (%)
    embodied carbon           = sum_{all lines} M_i * f_i                  (kg CO2e)

where f_i is the material's cradle-to-gate factor (kg CO2e/kg). A blank factor is never
guessed: the line's carbon is reported as unknown and the total as a lower bound. Rules:
``min_aluminium_pct`` (on the ``basis`` mass or volume) and ``max_embodied_kgco2e``.
A line that gives both m_i and v_i keeps both; when |m_i / v_i - rho| > 0.10 rho
(:data:`DENSITY_TOLERANCE`) a warning names it (code ``mass_volume_mismatch``).

Indicative member checks (aluminium, axial force only), after CSA S157-05 (R2015), in N, mm,
MPa; resistances in kN. They are INDICATIVE, for the students' own cross-check, and never a
design approval:

* tension, clause 9.2: T_r = min(phi_y A_g F_y, phi_u A_n F_u [, phi_u A_g F_wu if welded]),
  phi_y = 0.9, phi_u = 0.75;
* compression, clauses 9.3 and 9.4.1: lambda = kL/r, F_e = pi^2 E / lambda^2,
  lambda_ob = sqrt(F_o / F_e), beta = (1 + alpha (lambda_ob - 0.3) + lambda_ob^2) /
  (2 lambda_ob^2), F_ob = beta - sqrt(beta^2 - 1/lambda_ob^2) (at most 1),
  C_r = phi_c A F_ob F_o with phi_c = 0.9, F_o = F_y (F_wy when welded), alpha = 0.2 for
  heat-treated tempers (T...) and 0.4 otherwise. Local and torsional buckling are not checked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import Note, format_significant, lang_of

Lang = Literal["fr", "en"]
Basis = Literal["mass", "volume"]
ALUMINIUM_CATEGORIES = frozenset({"aluminium", "aluminum"})

#: A line that gives both a mass and a volume whose ratio m/v is more than this fraction away
#: from its material's density rho (|m/v - rho| > 0.10 rho) gets a ``mass_volume_mismatch``
#: warning. The table's densities are nominal (its aluminium rows note most alloys within
#: 5 % of 2,700 kg/m3), so 10 % leaves room for a product's own figures, while a unit slip
#: (litres for m3, g for kg) is off by a factor of 1,000. The figures are used as given.
DENSITY_TOLERANCE = 0.10

PHI_Y = 0.9  # CSA S157-05 cl. 5.5, resistance factor on yield
PHI_U = 0.75  # CSA S157-05 cl. 5.5, resistance factor on ultimate
PHI_C = 0.9  # CSA S157-05 cl. 5.5(b), column buckling
LAMBDA_OBO = 0.3  # CSA S157-05 cl. 9.3.3, columns and beams
METHOD_SOURCES = (
    "https://github.com/Ewdy/Structural-Design/blob/b4bf079c2153e7fcac9f09e8b8aafd8400e411c1/"
    "Aluminum/RT_3x2x0.25/Member_3_Tensile_Resistance.ipynb",
    "https://github.com/Ewdy/Structural-Design/blob/b4bf079c2153e7fcac9f09e8b8aafd8400e411c1/"
    "Aluminum/RT_3x2x0.25/Members_in_Compression.ipynb",
)


@dataclass(frozen=True, slots=True)
class Material:
    id: str
    name: str
    category: str
    density_kg_m3: float | None
    kgco2e_per_kg: float | None
    source_url: str = ""
    note: str = ""

    @property
    def is_aluminium(self) -> bool:
        return _is_aluminium(self.category)


def _is_aluminium(category: str) -> bool:
    return category.strip().lower() in ALUMINIUM_CATEGORIES


@dataclass(frozen=True, slots=True)
class AlloyTemper:
    alloy_temper: str
    product: str
    ftu_mpa: float | None
    fty_mpa: float | None
    ftuw_mpa: float | None
    ftyw_mpa: float | None
    e_mpa: float | None
    source_url: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    check: Literal["tension", "compression"]
    alloy_temper: str
    area_mm2: float
    load_kn: float
    welded: bool = False
    net_area_mm2: float | None = None
    length_mm: float | None = None
    radius_of_gyration_mm: float | None = None
    k: float = 1.0
    row: int | None = None


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    material: Material
    quantity: float
    mass_kg: float | None
    volume_m3: float | None
    scope: str | None = None
    member: Member | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    min_aluminium_pct: float | None = None
    basis: Basis = "mass"
    exclude_scopes: tuple[str, ...] = ()
    max_embodied_kgco2e: float | None = None


@dataclass(frozen=True, slots=True)
class BomProblem:
    rules: Rules
    items: tuple[Item, ...]
    tempers: tuple[AlloyTemper, ...] = ()
    overridden: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberResult:
    check: str
    status: Literal["ok", "exceeds", "cannot_check"]
    label: str
    method: str
    alloy_temper: str
    resistance_kn: float | None
    load_kn: float
    utilisation: float | None
    clauses: tuple[str, ...]
    steps: tuple[tuple[str, float], ...]
    properties: tuple[tuple[str, float | None], ...]
    sources: tuple[str, ...]
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "indicative": True,
            "label": self.label,
            "status": self.status,
            "method": self.method,
            "alloy_temper": self.alloy_temper,
            "load_kN": self.load_kn,
            "resistance_kN": self.resistance_kn,
            "utilisation": self.utilisation,
            "clauses": list(self.clauses),
            "steps": dict(self.steps),
            "properties_MPa": dict(self.properties),
            "sources": list(self.sources),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    name: str
    material: str
    category: str
    quantity: float
    mass_kg: float
    volume_m3: float | None
    kgco2e: float | None
    in_scope: bool
    scope: str | None
    member: MemberResult | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "material": self.material,
            "category": self.category,
            "quantity": self.quantity,
            "mass_kg": _r(self.mass_kg),
            "volume_m3": _r(self.volume_m3),
            "kgco2e": _r(self.kgco2e),
            "in_scope": self.in_scope,
            "scope": self.scope,
            "member_check": self.member.to_dict() if self.member else None,
        }


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    status: Literal["pass", "fail", "unknown"]
    value: float | None
    threshold: float
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "status": self.status,
            "value": _r(self.value),
            "threshold": self.threshold,
        }
        if self.basis is not None:
            out["basis"] = self.basis
        return out


@dataclass(frozen=True, slots=True)
class DesignReport:
    total_mass_kg: float
    in_scope_mass_kg: float
    aluminium_mass_pct: float | None
    aluminium_volume_pct: float | None
    embodied_kgco2e: float
    embodied_is_lower_bound: bool
    rules: tuple[RuleResult, ...]
    items: tuple[ItemResult, ...]
    warnings: tuple[str, ...] = field(default=())
    # The warnings as codes (not in ``to_dict``: the CLI's and the API's output stays as it
    # was); a saved report keeps them to say its warnings in each reader's language. Their
    # parameters: ``name`` (a line's name), ``material`` (a material id), ``total`` (kg CO2e),
    # ``count`` (lines), ``rule`` (a rule code), ``why`` (a ``why_*`` message code).
    notes: tuple[Note, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total_mass_kg": _r(self.total_mass_kg),
            "in_scope_mass_kg": _r(self.in_scope_mass_kg),
            "aluminium_mass_pct": _r(self.aluminium_mass_pct),
            "aluminium_volume_pct": _r(self.aluminium_volume_pct),
            "embodied_kgco2e": _r(self.embodied_kgco2e),
            "embodied_is_lower_bound": self.embodied_is_lower_bound,
            "rules": [r.to_dict() for r in self.rules],
            "items": [i.to_dict() for i in self.items],
            "warnings": list(self.warnings),
        }


def _r(x: float | None) -> float | None:
    # 9 significant decimals: far below the 0.01 point / 0.1 % tolerances, and no float noise.
    return None if x is None else round(x, 9)


# --------------------------------------------------------------------------------------
# Messages

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "carbon_unknown": (
            "Embodied carbon of '{name}' is unknown: material {material} has no carbon factor "
            "in the materials table (add it in `materials` from a product declaration)."
        ),
        "carbon_lower_bound": (
            "The embodied carbon total ({total} kg CO2e) is a lower bound: {count} lines "
            "have an unknown carbon factor."
        ),
        "carbon_lower_bound_one": (
            "The embodied carbon total ({total} kg CO2e) is a lower bound: {count} line "
            "has an unknown carbon factor."
        ),
        "volume_unknown": (
            "Volume of '{name}' is unknown (material {material} has no density), so the "
            "aluminium share by volume cannot be computed."
        ),
        "no_scope": "No line is in scope: the aluminium share cannot be computed.",
        "mass_volume_mismatch": (
            "Line '{name}': its mass ({mass_kg} kg) and its volume ({volume_m3} m3) give a "
            "density of {implied} kg/m3, more than {tolerance_pct} % away from the "
            "{density} kg/m3 of material {material}. The share by mass counts the mass and the "
            "share by volume the volume, as given: check both figures and the material."
        ),
        "override": "Material {material} given in the input replaces the table entry.",
        "rule_unknown": "Rule {rule} cannot be decided: {why}",
        "why_volume": "the aluminium share by volume is unknown.",
        "why_mass": "the aluminium share by mass is unknown.",
        "why_carbon": "the embodied carbon is only known as a lower bound below the threshold.",
        "label": (
            "INDICATIVE check (CSA S157-05 style, axial force only) to help the team cross-check "
            "its calculation notes; not a design approval."
        ),
        "method_tension": "CSA S157-05 (R2015) cl. 9.2, factored tensile resistance",
        "method_compression": (
            "CSA S157-05 (R2015) cl. 9.3 and 9.4.1, flexural buckling of a column "
            "(local and torsional buckling not checked)"
        ),
        "blank_property": (
            "Cannot check: {prop} of {alloy} is blank in aluminium_tempers.csv (never guessed)."
        ),
        "not_aluminium": "Cannot check: the line's material is not aluminium.",
        "net_area_assumed": "net area A_n taken equal to A_g (no net area given)",
        "row_min": (
            "several rows for {alloy}: the lowest value of each property is used (conservative)"
        ),
    },
    "fr": {
        "carbon_unknown": (
            "Le carbone intrinsèque de «\u00a0{name}\u00a0» est inconnu\u00a0: le matériau "
            "{material} n’a pas "
            "de facteur carbone dans la table des matériaux (l’ajouter dans `materials` à partir "
            "d’une déclaration environnementale de produit)."
        ),
        "carbon_lower_bound": (
            "Le total de carbone intrinsèque ({total}\u00a0kg\u00a0CO2e) est une borne "
            "inférieure\u00a0: {count} lignes ont un facteur carbone inconnu."
        ),
        "carbon_lower_bound_one": (
            "Le total de carbone intrinsèque ({total}\u00a0kg\u00a0CO2e) est une borne "
            "inférieure\u00a0: {count} ligne a un facteur carbone inconnu."
        ),
        "volume_unknown": (
            "Le volume de «\u00a0{name}\u00a0» est inconnu (le matériau {material} n’a pas de "
            "masse volumique)\u00a0: la part d’aluminium en volume ne peut pas être calculée."
        ),
        "no_scope": (
            "Aucune ligne n’est dans le périmètre\u00a0: la part d’aluminium ne peut pas être "
            "calculée."
        ),
        "mass_volume_mismatch": (
            "Ligne «\u00a0{name}\u00a0»\u00a0: sa masse ({mass_kg}\u00a0kg) et son volume "
            "({volume_m3}\u00a0m3) donnent une masse volumique de {implied}\u00a0kg/m3, à plus "
            "de {tolerance_pct}\u00a0% des {density}\u00a0kg/m3 du matériau {material}. La part "
            "en masse compte la masse et la part en volume le volume, tels quels\u00a0: "
            "vérifiez ces deux valeurs et le matériau."
        ),
        "override": "Le matériau {material} fourni en entrée remplace celui de la table.",
        "rule_unknown": "La règle {rule} ne peut pas être tranchée\u00a0: {why}",
        "why_volume": "la part d’aluminium en volume est inconnue.",
        "why_mass": "la part d’aluminium en masse est inconnue.",
        "why_carbon": (
            "le carbone intrinsèque n’est connu que comme borne inférieure, sous le seuil."
        ),
        "label": (
            "Vérification INDICATIVE (selon CSA S157-05, effort axial seulement) pour aider "
            "l’équipe à recouper ses notes de calcul\u202f; ce n’est pas une approbation de "
            "conception."
        ),
        "method_tension": "CSA S157-05 (R2015) art. 9.2, résistance pondérée en traction",
        "method_compression": (
            "CSA S157-05 (R2015) art. 9.3 et 9.4.1, flambement en flexion d’un poteau "
            "(voilement local et flambement en torsion non vérifiés)"
        ),
        "blank_property": (
            "Vérification impossible\u00a0: {prop} de {alloy} est vide dans aluminium_tempers.csv "
            "(jamais deviné)."
        ),
        "not_aluminium": "Vérification impossible\u00a0: le matériau de la ligne n’est pas "
        "l’aluminium.",
        "net_area_assumed": "aire nette A_n prise égale à A_g (aucune aire nette donnée)",
        "row_min": (
            "plusieurs lignes pour {alloy}\u00a0: la plus faible valeur de chaque propriété est "
            "retenue (prudent)"
        ),
    },
}


def _msg(lang: Lang, key: str, **kwargs: object) -> str:
    return MESSAGES[lang][key].format(**kwargs)


#: The code of a note that carries a sentence as it was stored (``params["text"]``): a
#: warning saved before reports had notes that no message template reads.
VERBATIM = "text"


def note_text(note: Note | Mapping[str, Any], lang: str) -> str:
    """The sentence of ``note`` (a :class:`Note` or its ``to_dict()``) in ``lang``,
    from the message table above: the carbon total written the language's way (``12,5`` /
    ``12.5``), the reason of an undecided rule in words, a count of one in the singular."""
    if isinstance(note, Note):
        code, params = note.code, note.params
    else:
        code, params = str(note.get("code", "")), note.get("params") or {}
    language: Lang = lang_of(lang)
    if code not in MESSAGES[language]:
        return str(params.get("text", code))
    values = dict(params)
    for key in ("mass_kg", "volume_m3", "density", "implied", "tolerance_pct"):
        if isinstance(params.get(key), int | float):
            values[key] = format_significant(float(params[key]), language, digits=4)
    if "total" in params:
        values["total"] = format_significant(float(params["total"]), language)
    if "why" in params:
        values["why"] = _msg(language, str(params["why"]))
    if params.get("count") == 1 and f"{code}_one" in MESSAGES[language]:
        code = f"{code}_one"  # « 1 ligne a » / "1 line has"
    return _msg(language, code, **values)


# --------------------------------------------------------------------------------------
# Parsing


def _number(
    obj: Mapping[str, Any], key: str, path: str, *, required: bool = False, positive: bool = False
) -> float | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise EngineInputError(path, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EngineInputError(path, "must be a finite number", code="not_a_number")
    if positive and value <= 0:
        raise EngineInputError(path, "must be > 0", code="not_positive")
    if value < 0:
        raise EngineInputError(path, "must be >= 0", code="negative")
    return float(value)


def _string(obj: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise EngineInputError(path, "is required (non-empty string)")
    return value.strip()


def _parse_member(raw: Any, path: str, tempers: Sequence[AlloyTemper]) -> Member:
    if not isinstance(raw, Mapping):
        raise EngineInputError(path, "must be an object")
    check = raw.get("check")
    if check not in ("tension", "compression"):
        raise EngineInputError(f"{path}.check", "must be 'tension' or 'compression'")
    alloy = _string(raw, "alloy_temper", f"{path}.alloy_temper")
    known = sorted({t.alloy_temper for t in tempers})
    if alloy.upper() not in {k.upper() for k in known}:
        raise EngineInputError(
            f"{path}.alloy_temper", f"unknown alloy-temper {alloy!r} (known: {', '.join(known)})"
        )
    alloy = next(k for k in known if k.upper() == alloy.upper())
    welded = raw.get("welded", False)
    if not isinstance(welded, bool):
        raise EngineInputError(f"{path}.welded", "must be true or false")
    row = raw.get("row")
    if row is not None:
        count = sum(1 for t in tempers if t.alloy_temper == alloy)
        if not isinstance(row, int) or isinstance(row, bool) or not 1 <= row <= count:
            raise EngineInputError(f"{path}.row", f"must be an integer from 1 to {count}")
    area = _number(raw, "area_mm2", f"{path}.area_mm2", required=True, positive=True)
    load = _number(raw, "load_kN", f"{path}.load_kN", required=True)
    length = _number(raw, "length_mm", f"{path}.length_mm", positive=True)
    radius = _number(raw, "radius_of_gyration_mm", f"{path}.radius_of_gyration_mm", positive=True)
    if check == "compression":
        if length is None:
            raise EngineInputError(f"{path}.length_mm", "is required for a compression check")
        if radius is None:
            raise EngineInputError(
                f"{path}.radius_of_gyration_mm", "is required for a compression check"
            )
    k = _number(raw, "k", f"{path}.k", positive=True)
    net = _number(raw, "net_area_mm2", f"{path}.net_area_mm2", positive=True)
    if area is None or load is None:  # pragma: no cover - required=True raised already
        raise EngineInputError(path, "area_mm2 and load_kN are required")
    if net is not None and net > area:
        raise EngineInputError(f"{path}.net_area_mm2", "must not exceed area_mm2")
    return Member(
        check=check,
        alloy_temper=alloy,
        area_mm2=area,
        load_kn=load,
        welded=welded,
        net_area_mm2=net,
        length_mm=length,
        radius_of_gyration_mm=radius,
        k=1.0 if k is None else k,
        row=row,
    )


def _parse_material(raw: Any, path: str) -> Material:
    if not isinstance(raw, Mapping):
        raise EngineInputError(path, "must be an object")
    mat_id = _string(raw, "id", f"{path}.id")
    category = _string(raw, "category", f"{path}.category")
    return Material(
        id=mat_id,
        name=_string(raw, "material", f"{path}.material", required=False) or mat_id,
        category=category,
        density_kg_m3=_number(raw, "density_kg_m3", f"{path}.density_kg_m3", positive=True),
        kgco2e_per_kg=_number(raw, "embodied_kgco2e_per_kg", f"{path}.embodied_kgco2e_per_kg"),
        source_url=_string(raw, "source_url", f"{path}.source_url", required=False),
        note=_string(raw, "note", f"{path}.note", required=False),
    )


def parse_bom(
    data: Any,
    materials: Sequence[Material],
    tempers: Sequence[AlloyTemper] = (),
) -> BomProblem:
    """Validate a BoM document against the materials table (plus the input's own materials)."""
    if not isinstance(data, Mapping):
        raise EngineInputError("$", "the bill of materials must be a JSON object")
    rules_raw = data.get("rules") or {}
    if not isinstance(rules_raw, Mapping):
        raise EngineInputError("rules", "must be an object")
    min_pct = _number(rules_raw, "min_aluminium_pct", "rules.min_aluminium_pct")
    if min_pct is not None and min_pct > 100:
        raise EngineInputError("rules.min_aluminium_pct", "must be between 0 and 100")
    basis = rules_raw.get("basis", "mass")
    if basis not in ("mass", "volume"):
        raise EngineInputError("rules.basis", "must be 'mass' or 'volume'")
    scopes = rules_raw.get("exclude_scopes") or []
    if not isinstance(scopes, Sequence) or isinstance(scopes, str):
        raise EngineInputError("rules.exclude_scopes", "must be a list of strings")
    for j, s in enumerate(scopes):
        if not isinstance(s, str):
            raise EngineInputError(f"rules.exclude_scopes[{j}]", "must be a string")
    rules = Rules(
        min_aluminium_pct=min_pct,
        basis=basis,
        exclude_scopes=tuple(s.strip() for s in scopes),
        max_embodied_kgco2e=_number(rules_raw, "max_embodied_kgco2e", "rules.max_embodied_kgco2e"),
    )

    catalog = {m.id: m for m in materials}
    overridden: list[str] = []
    extra = data.get("materials") or []
    if not isinstance(extra, Sequence) or isinstance(extra, str):
        raise EngineInputError("materials", "must be a list")
    seen: set[str] = set()
    for j, raw in enumerate(extra):
        mat = _parse_material(raw, f"materials[{j}]")
        if mat.id in seen:
            raise EngineInputError(f"materials[{j}].id", f"duplicate material id {mat.id!r}")
        seen.add(mat.id)
        if mat.id in catalog:
            overridden.append(mat.id)
        catalog[mat.id] = mat

    raw_items = data.get("items")
    if not isinstance(raw_items, Sequence) or isinstance(raw_items, str) or not raw_items:
        raise EngineInputError("items", "must be a non-empty list", code="no_items")
    items: list[Item] = []
    for i, raw in enumerate(raw_items):
        path = f"items[{i}]"
        if not isinstance(raw, Mapping):
            raise EngineInputError(path, "must be an object")
        name = _string(raw, "name", f"{path}.name", required=False) or f"#{i + 1}"
        mat_id = raw.get("material")
        if not isinstance(mat_id, str) or mat_id.strip() not in catalog:
            raise EngineInputError(
                f"{path}.material",
                f"unknown material {mat_id!r} on line '{name}' (not in materials.csv nor in "
                "`materials`)",
                code="unknown_material",
                params={"material": mat_id if isinstance(mat_id, str) else ""},
            )
        material = catalog[mat_id.strip()]
        quantity = _number(raw, "quantity", f"{path}.quantity", positive=True)
        mass = _number(raw, "mass_kg", f"{path}.mass_kg")
        volume = _number(raw, "volume_m3", f"{path}.volume_m3")
        for key, given in (("mass_kg", mass), ("volume_m3", volume)):
            # A zero is no measure: a line of 0 kg would leave the totals (a concrete slab
            # written "0" beside its volume made the aluminium share 100 %).
            if given == 0:
                raise EngineInputError(f"{path}.{key}", "must be > 0", code="not_positive")
        if mass is None and volume is None:
            raise EngineInputError(
                f"{path}.mass_kg",
                f"line '{name}' gives neither mass_kg nor volume_m3",
                code="no_quantity",
            )
        if mass is None and material.density_kg_m3 is None:
            raise EngineInputError(
                f"{path}.volume_m3",
                f"line '{name}': material {material.id} has no density, give mass_kg "
                "(or add the material with its density in `materials`)",
                code="no_density",
                params={"material": material.id},
            )
        scope = raw.get("scope")
        if scope is not None and not isinstance(scope, str):
            raise EngineInputError(f"{path}.scope", "must be a string")
        member = raw.get("member")
        items.append(
            Item(
                name=name,
                material=material,
                quantity=1.0 if quantity is None else quantity,
                mass_kg=mass,
                volume_m3=volume,
                scope=scope.strip() if scope else None,
                member=None if member is None else _parse_member(member, f"{path}.member", tempers),
            )
        )
    return BomProblem(
        rules=rules, items=tuple(items), tempers=tuple(tempers), overridden=tuple(overridden)
    )


# --------------------------------------------------------------------------------------
# Member checks


def _properties(member: Member, tempers: Sequence[AlloyTemper]) -> tuple[AlloyTemper, bool]:
    rows = [t for t in tempers if t.alloy_temper == member.alloy_temper]
    if member.row is not None:
        return rows[member.row - 1], False
    if len(rows) == 1:
        return rows[0], False

    def low(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return min(known) if known else None

    merged = AlloyTemper(
        alloy_temper=member.alloy_temper,
        product=" | ".join(r.product for r in rows),
        ftu_mpa=low([r.ftu_mpa for r in rows]),
        fty_mpa=low([r.fty_mpa for r in rows]),
        ftuw_mpa=low([r.ftuw_mpa for r in rows]),
        ftyw_mpa=low([r.ftyw_mpa for r in rows]),
        e_mpa=low([r.e_mpa for r in rows]),
        source_url=" ; ".join(r.source_url for r in rows),
    )
    return merged, True


def check_member(
    member: Member, tempers: Sequence[AlloyTemper], lang: Lang = "fr", aluminium: bool = True
) -> MemberResult:
    """Indicative axial resistance of an aluminium member (see the module docstring)."""
    props, merged = _properties(member, tempers)
    method = _msg(lang, f"method_{member.check}")
    prop_list: list[tuple[str, float | None]] = [
        ("Fu", props.ftu_mpa),
        ("Fy", props.fty_mpa),
        ("Fwu", props.ftuw_mpa),
        ("Fwy", props.ftyw_mpa),
        ("E", props.e_mpa),
    ]
    table_sources = [s.strip() for s in props.source_url.split(";") if s.strip()]
    sources = tuple(dict.fromkeys([*table_sources, *METHOD_SOURCES]))
    notes: list[str] = []
    if merged:
        notes.append(_msg(lang, "row_min", alloy=member.alloy_temper))

    def cannot(reason: str, clauses: tuple[str, ...]) -> MemberResult:
        return MemberResult(
            check=member.check,
            status="cannot_check",
            label=_msg(lang, "label"),
            method=method,
            alloy_temper=member.alloy_temper,
            resistance_kn=None,
            load_kn=member.load_kn,
            utilisation=None,
            clauses=clauses,
            steps=(),
            properties=tuple(prop_list),
            sources=sources,
            reason=" ; ".join([reason, *notes]),
        )

    def blank(prop: str, clauses: tuple[str, ...]) -> MemberResult:
        return cannot(_msg(lang, "blank_property", prop=prop, alloy=member.alloy_temper), clauses)

    if not aluminium:
        return cannot(_msg(lang, "not_aluminium"), ())
    steps: list[tuple[str, float]] = []
    area = member.area_mm2
    if member.check == "tension":
        clauses: tuple[str, ...] = ("CSA S157-05 9.2(a)", "CSA S157-05 9.2(b)")
        if member.welded:
            clauses += ("CSA S157-05 9.2(c)",)
        if props.fty_mpa is None:
            return blank("Fy (Fty)", clauses)
        if props.ftu_mpa is None:
            return blank("Fu (Ftu)", clauses)
        net = member.net_area_mm2
        if net is None:
            net = area
            notes.append(_msg(lang, "net_area_assumed"))
        tr_a = PHI_Y * area * props.fty_mpa / 1000.0
        tr_b = PHI_U * net * props.ftu_mpa / 1000.0
        steps += [("A_g_mm2", area), ("A_n_mm2", net), ("Tr_a_kN = phi_y*A_g*F_y", tr_a)]
        steps.append(("Tr_b_kN = phi_u*A_n*F_u", tr_b))
        resistance = min(tr_a, tr_b)
        if member.welded:
            if props.ftuw_mpa is None:
                return blank("Fwu (Ftuw)", clauses)
            tr_c = PHI_U * area * props.ftuw_mpa / 1000.0
            steps.append(("Tr_c_kN = phi_u*A_g*F_wu", tr_c))
            resistance = min(resistance, tr_c)
    else:
        clauses = (
            "CSA S157-05 9.4.2.1",
            "CSA S157-05 9.3.1",
            "CSA S157-05 9.3.2(a)" if not member.welded else "CSA S157-05 9.3.2(f)",
            "CSA S157-05 9.3.3",
            "CSA S157-05 9.4.1",
        )
        if props.e_mpa is None:
            return blank("E", clauses)
        f_o = props.ftyw_mpa if member.welded else props.fty_mpa
        if f_o is None:
            return blank("Fwy (Ftyw)" if member.welded else "Fy (Fty)", clauses)
        length = member.length_mm or 0.0  # both required for compression by parse_bom
        radius = member.radius_of_gyration_mm or 1.0
        slender = member.k * length / radius
        alpha = 0.2 if member.alloy_temper.split("-")[-1].upper().startswith("T") else 0.4
        f_e = math.pi**2 * props.e_mpa / slender**2
        lam = math.sqrt(f_o / f_e)
        beta = (1 + alpha * (lam - LAMBDA_OBO) + lam**2) / (2 * lam**2)
        f_ob = min(1.0, beta - math.sqrt(beta**2 - 1 / lam**2))
        resistance = PHI_C * area * f_ob * f_o / 1000.0
        steps += [
            ("lambda = kL/r", slender),
            ("F_o_MPa", f_o),
            ("F_e_MPa = pi^2*E/lambda^2", f_e),
            ("lambda_ob = sqrt(F_o/F_e)", lam),
            ("alpha", alpha),
            ("beta", beta),
            ("F_ob", f_ob),
            ("C_r_kN = phi_c*A*F_ob*F_o", resistance),
        ]
    utilisation = abs(member.load_kn) / resistance
    return MemberResult(
        check=member.check,
        status="ok" if utilisation <= 1.0 else "exceeds",
        label=_msg(lang, "label"),
        method=method,
        alloy_temper=member.alloy_temper,
        resistance_kn=round(resistance, 6),
        load_kn=member.load_kn,
        utilisation=round(utilisation, 6),
        clauses=clauses,
        steps=tuple((k, round(v, 6)) for k, v in steps),
        properties=tuple(prop_list),
        sources=sources,
        reason=" ; ".join(notes),
    )


# --------------------------------------------------------------------------------------
# The check


def _density_mismatch(item: Item) -> Note | None:
    """The warning of a line whose mass and volume contradict its material's density by
    more than :data:`DENSITY_TOLERANCE` (None when one is missing or they agree)."""
    density = item.material.density_kg_m3
    if item.mass_kg is None or not item.volume_m3 or not density:
        return None
    implied = item.mass_kg / item.volume_m3
    if abs(implied - density) <= DENSITY_TOLERANCE * density:
        return None
    return Note(
        "mass_volume_mismatch",
        {
            "name": item.name,
            "material": item.material.id,
            "mass_kg": item.mass_kg,
            "volume_m3": item.volume_m3,
            "density": density,
            "implied": _r(implied),
            "tolerance_pct": round(DENSITY_TOLERANCE * 100),
        },
    )


def check_design(problem: BomProblem, lang: Lang = "fr") -> DesignReport:
    """Compute masses, aluminium shares, embodied carbon and rule outcomes of a BoM."""
    notes = [Note("override", {"material": m}) for m in problem.overridden]
    excluded = set(problem.rules.exclude_scopes)
    results: list[ItemResult] = []
    unknown_carbon = 0
    for item in problem.items:
        mat = item.material
        q = item.quantity
        if item.mass_kg is not None:
            mass = q * item.mass_kg
        else:
            # parse_bom guarantees a volume and a density here.
            mass = q * (item.volume_m3 or 0.0) * (mat.density_kg_m3 or 0.0)
        if item.volume_m3 is not None:
            volume: float | None = q * item.volume_m3
        elif mat.density_kg_m3 is not None:
            volume = mass / mat.density_kg_m3
        else:
            volume = None
        mismatch = _density_mismatch(item)
        if mismatch is not None:
            notes.append(mismatch)
        in_scope = item.scope not in excluded
        if volume is None and in_scope:
            notes.append(Note("volume_unknown", {"name": item.name, "material": mat.id}))
        if mat.kgco2e_per_kg is None:
            carbon = None
            unknown_carbon += 1
            notes.append(Note("carbon_unknown", {"name": item.name, "material": mat.id}))
        else:
            carbon = mass * mat.kgco2e_per_kg
        member = (
            check_member(item.member, problem.tempers, lang, aluminium=mat.is_aluminium)
            if item.member is not None
            else None
        )
        results.append(
            ItemResult(
                name=item.name,
                material=mat.id,
                category=mat.category,
                quantity=q,
                mass_kg=mass,
                volume_m3=volume,
                kgco2e=carbon,
                in_scope=in_scope,
                scope=item.scope,
                member=member,
            )
        )
    scoped = [r for r in results if r.in_scope]
    scope_mass = math.fsum(r.mass_kg for r in scoped)
    al_mass = math.fsum(r.mass_kg for r in scoped if _is_aluminium(r.category))
    mass_pct = 100.0 * al_mass / scope_mass if scope_mass > 0 else None
    volume_pct: float | None = None
    if scoped and all(r.volume_m3 is not None for r in scoped):
        scope_vol = math.fsum(r.volume_m3 or 0.0 for r in scoped)
        al_vol = math.fsum(r.volume_m3 or 0.0 for r in scoped if _is_aluminium(r.category))
        volume_pct = 100.0 * al_vol / scope_vol if scope_vol > 0 else None
    if not scoped:
        notes.append(Note("no_scope"))
    carbon_total = math.fsum(r.kgco2e for r in results if r.kgco2e is not None)
    if unknown_carbon:
        notes.append(
            Note("carbon_lower_bound", {"total": _r(carbon_total), "count": unknown_carbon})
        )

    rules: list[RuleResult] = []
    rule_set = problem.rules
    if rule_set.min_aluminium_pct is not None:
        value = mass_pct if rule_set.basis == "mass" else volume_pct
        threshold = rule_set.min_aluminium_pct
        if value is None:
            why = "why_mass" if rule_set.basis == "mass" else "why_volume"
            notes.append(Note("rule_unknown", {"rule": "min_aluminium_pct", "why": why}))
            status: Literal["pass", "fail", "unknown"] = "unknown"
        else:
            # A share equal to the threshold passes ("at least"); 1e-9 absorbs float noise.
            status = "pass" if value >= threshold - 1e-9 else "fail"
        rules.append(RuleResult("min_aluminium_pct", status, value, threshold, rule_set.basis))
    if rule_set.max_embodied_kgco2e is not None:
        limit = rule_set.max_embodied_kgco2e
        if carbon_total > limit + 1e-9:
            status = "fail"
        elif unknown_carbon:
            status = "unknown"
            notes.append(Note("rule_unknown", {"rule": "max_embodied_kgco2e", "why": "why_carbon"}))
        else:
            status = "pass"
        rules.append(RuleResult("max_embodied_kgco2e", status, carbon_total, limit))
    return DesignReport(
        total_mass_kg=math.fsum(r.mass_kg for r in results),
        in_scope_mass_kg=scope_mass,
        aluminium_mass_pct=mass_pct,
        aluminium_volume_pct=volume_pct,
        embodied_kgco2e=carbon_total,
        embodied_is_lower_bound=unknown_carbon > 0,
        rules=tuple(rules),
        items=tuple(results),
        warnings=tuple(note_text(note, lang) for note in notes),
        notes=tuple(notes),
    )
