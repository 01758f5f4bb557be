"""Size classes of a business, from its number of employees.

micro: fewer than 10 employees; small: 10 to 99; medium: 100 to 499; large: 500 or more.
"PME" (SME) means fewer than 500. Every module uses these bounds.
"""

from __future__ import annotations

from typing import Literal

SizeClass = Literal["micro", "small", "medium", "large"]
SIZE_CLASSES: tuple[SizeClass, ...] = ("micro", "small", "medium", "large")
SIZE_BOUNDS: dict[SizeClass, tuple[int, int | None]] = {
    "micro": (0, 9),
    "small": (10, 99),
    "medium": (100, 499),
    "large": (500, None),
}


def size_class(employees: int) -> SizeClass:
    """Return the size class of a business with ``employees`` employees (>= 0)."""
    if employees < 0:
        raise ValueError("employees must be >= 0")
    if employees < 10:
        return "micro"
    if employees < 100:
        return "small"
    if employees < 500:
        return "medium"
    return "large"
