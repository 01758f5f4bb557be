"""AluHub's own date formats per language (settings.FORMAT_MODULE_PATH): what they do not set
comes from Django's locale formats (docs/decisions/0009-numeric-dates-iso.md)."""
