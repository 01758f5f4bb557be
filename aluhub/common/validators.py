"""Model validators shared by the apps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.deconstruct import deconstructible

from aluhub.common.lang import active_lang
from aluhub.engines import text


@deconstructible(path="aluhub.common.validators.MaxValue")
class MaxValue(MaxValueValidator):
    """Django's ``MaxValueValidator`` whose message writes the limit the page's way: « … inférieure
    ou égale à 10 000 000. » / "… less than or equal to 10,000,000." (Django writes 10000000)."""

    def __call__(self, value: Any) -> None:
        cleaned = self.clean(value)
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(cleaned, limit):
            shown = text.format_number(limit, active_lang())
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": shown, "show_value": cleaned, "value": value},
            )
