"""How long free text may be, so no form stores a 100,000-character title or comment.

Every form's text field has a ``max_length`` (a test walks every form); model
``CharField``s already carry one, and ModelForms give ``TextField``s
:data:`TEXT_MAX_LENGTH` through ``Meta.formfield_callback = capped_formfield``. Past the
limit the form shows Django's own translated error ("at most N characters").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from aluhub.common.forms import number_formfield

#: A multi-line text: a description, a comment, a news text (about 8 printed pages).
TEXT_MAX_LENGTH = 20_000
#: A pasted list read line by line (materials, an assay).
LIST_MAX_LENGTH = 100_000
#: A short list typed on one line (codes, slugs).
LINE_MAX_LENGTH = 2_000
#: Any pass phrase fits; hashing a megabyte-long "password" is refused.
PASSWORD_MAX_LENGTH = 1_024


def capped_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """``Meta.formfield_callback`` of ModelForms: text without a model limit gets one, and
    numbers read the page's language (``common.forms.number_formfield``)."""
    if isinstance(db_field, models.TextField) and db_field.max_length is None:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    return number_formfield(db_field, **kwargs)
