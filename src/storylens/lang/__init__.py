"""Language data, kept apart from the algorithms that use it (one package per language)."""
