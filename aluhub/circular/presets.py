"""Worked examples for the charge optimizer, so a first visit shows a real result.

Each preset fills the optimizer's form: a target alloy of the registry, the primary metal and a
pasted stock list. The assays and prices are ILLUSTRATIVE (the page says so): they are chosen to
look like a melt shop's stock, not taken from a price index. The pasted lists are written with
French keywords and decimal commas in French and with English ones in English, which also shows
that the paste box reads both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Preset:
    key: str
    title: str | Promise
    alloy: str
    mass_kg: str
    primary_price: str
    primary_fe: str
    primary_si: str
    lines_en: tuple[str, ...]
    lines_fr: tuple[str, ...]

    def form_data(self) -> dict[str, str]:
        """The form's boxes as a visitor would type them on the page: decimal commas on
        French pages ("0,20"), points on English ones."""
        french = (get_language() or "fr").startswith("fr")

        def number(text: str) -> str:
            return text.replace(".", ",") if french else text

        return {
            "alloy": self.alloy,
            "mass_kg": self.mass_kg,
            "primary_price": number(self.primary_price),
            "primary_fe": number(self.primary_fe),
            "primary_si": number(self.primary_si),
            "materials_text": "\n".join(self.lines_fr if french else self.lines_en),
            "confidence": "0.95",  # a choice (90 %, 95 %, 99 %), not a typed number
            "safety_margin_pct": "5",
            "min_recycled_pct": "",
        }


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            key="6063",
            title=_("6063 extrusion billet"),
            alloy="6063",
            mass_kg="10000",
            primary_price="3.55",
            primary_fe="0.20",
            primary_si="0.10",
            lines_en=(
                "6063 extrusion scrap; scrap; 2.70; 5000; 0.97; Si=0.45±0.03 Fe=0.19±0.02 "
                "Mg=0.52±0.03 Cu=0.02 Mn=0.03 Zn=0.02 Cr=0.01 Ti=0.01",
                "Old painted 6xxx profiles; scrap; 2.05; 4000; 0.92; Si=0.55±0.08 Fe=0.32±0.06 "
                "Mg=0.62±0.08 Cu=0.06±0.02 Mn=0.06±0.02 Zn=0.07±0.02 Cr=0.03 Ti=0.02",
                "Magnesium 99.8; alloying; 5.80; ; 0.95; Mg=99.8",
            ),
            lines_fr=(
                "Retailles d’extrusion 6063 ; retaille ; 2,70 ; 5000 ; 0,97 ; Si=0,45±0,03 "
                "Fe=0,19±0,02 Mg=0,52±0,03 Cu=0,02 Mn=0,03 Zn=0,02 Cr=0,01 Ti=0,01",
                "Vieux profilés 6xxx peints ; retaille ; 2,05 ; 4000 ; 0,92 ; Si=0,55±0,08 "
                "Fe=0,32±0,06 Mg=0,62±0,08 Cu=0,06±0,02 Mn=0,06±0,02 Zn=0,07±0,02 Cr=0,03 "
                "Ti=0,02",
                "Magnésium 99,8 ; alliage ; 5,80 ; ; 0,95 ; Mg=99,8",
            ),
        ),
        Preset(
            key="A356",
            title=_("A356 casting"),
            alloy="A356.0",
            mass_kg="5000",
            primary_price="3.55",
            primary_fe="0.12",
            primary_si="0.06",
            lines_en=(
                "A356 foundry returns; scrap; 2.40; 2500; 0.96; Si=7.0±0.15 Mg=0.32±0.03 "
                "Fe=0.13±0.02 Cu=0.02 Mn=0.02 Zn=0.03 Ti=0.12",
                "Silicon metal; alloying; 3.20; ; 0.98; Si=98.5 Fe=0.40",
                "Magnesium 99.8; alloying; 5.80; ; 0.95; Mg=99.8",
            ),
            lines_fr=(
                "Retours de fonderie A356 ; retaille ; 2,40 ; 2500 ; 0,96 ; Si=7,0±0,15 "
                "Mg=0,32±0,03 Fe=0,13±0,02 Cu=0,02 Mn=0,02 Zn=0,03 Ti=0,12",
                "Silicium métal ; alliage ; 3,20 ; ; 0,98 ; Si=98,5 Fe=0,40",
                "Magnésium 99,8 ; alliage ; 5,80 ; ; 0,95 ; Mg=99,8",
            ),
        ),
        Preset(
            key="3105",
            title=_("3105 sheet"),
            alloy="3105",
            mass_kg="20000",
            primary_price="3.55",
            primary_fe="0.20",
            primary_si="0.10",
            lines_en=(
                "Painted siding (Tale); scrap; 1.90; 9000; 0.92; Si=0.30±0.05 Fe=0.55±0.08 "
                "Cu=0.15±0.04 Mn=0.40±0.06 Mg=0.45±0.06 Zn=0.20±0.05 Cr=0.05 Ti=0.02",
                "3xxx clippings; scrap; 2.30; 6000; 0.97; Si=0.25±0.03 Fe=0.50±0.03 "
                "Cu=0.10±0.03 Mn=0.55±0.03 Mg=0.40±0.03 Zn=0.05 Cr=0.02 Ti=0.02",
                "Manganese 75 % briquettes; alloying; 4.00; ; 0.90; Mn=75 Fe=0.5",
                "Magnesium 99.8; alloying; 5.80; ; 0.95; Mg=99.8",
            ),
            lines_fr=(
                "Parement peint (Tale) ; retaille ; 1,90 ; 9000 ; 0,92 ; Si=0,30±0,05 "
                "Fe=0,55±0,08 Cu=0,15±0,04 Mn=0,40±0,06 Mg=0,45±0,06 Zn=0,20±0,05 Cr=0,05 "
                "Ti=0,02",
                "Chutes 3xxx ; retaille ; 2,30 ; 6000 ; 0,97 ; Si=0,25±0,03 Fe=0,50±0,03 "
                "Cu=0,10±0,03 Mn=0,55±0,03 Mg=0,40±0,03 Zn=0,05 Cr=0,02 Ti=0,02",
                "Briquettes de manganèse 75 % ; alliage ; 4,00 ; ; 0,90 ; Mn=75 Fe=0,5",
                "Magnésium 99,8 ; alliage ; 5,80 ; ; 0,95 ; Mg=99,8",
            ),
        ),
    )
}
DEFAULT_PRESET = "6063"
