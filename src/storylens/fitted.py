"""Logistic models fitted offline (the ``bench/fit_*.py`` scripts) and applied with numpy.

A model is plain JSON: ``mean`` and ``scale`` standardise each feature, ``coef`` and
``intercept`` weigh them. The figure chooser, the quote speaker model and the corpus join
model all read theirs through :class:`Logistic`.
"""
from __future__ import annotations

from typing import Any

import numpy as np


class Logistic:
    """Logistic regression over standardised features (a zero scale counts as 1)."""

    def __init__(self, data: dict[str, Any]):
        self.mean = np.asarray(data["mean"], dtype=np.float64)
        scale = np.asarray(data["scale"], dtype=np.float64)
        self.scale = np.where(scale == 0, 1.0, scale)
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = float(data["intercept"])

    def logit(self, x: Any) -> np.ndarray:
        """The linear score of each row of ``x`` (one row per example)."""
        return ((np.atleast_2d(np.asarray(x, dtype=np.float64)) - self.mean) / self.scale) @ self.coef \
            + self.intercept

    def prob(self, x: Any) -> np.ndarray:
        """The probability of each row of ``x``."""
        return 1.0 / (1.0 + np.exp(-self.logit(x)))
