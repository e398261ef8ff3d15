"""The local web app: ``create_app(store)`` builds it, ``serve(store, host, port)`` runs it."""
from __future__ import annotations

from .app import Limits, create_app, serve

__all__ = ["create_app", "serve", "Limits"]
