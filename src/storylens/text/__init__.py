"""Shared text algorithms over the language data in :mod:`storylens.lang`."""
