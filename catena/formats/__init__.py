"""Locale format overrides (settings.FORMAT_MODULE_PATH); Django's own fill in the rest."""
