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


class BoostedTrees:
    """Gradient-boosted regression trees over raw features, read as a log-odds sum.

    ``feature``, ``cut``, ``left``, ``right`` and ``value`` hold one row per tree and one column
    per node (rows padded to the largest tree); a leaf sends both ways to itself, so every row
    reaches its leaf after ``depth`` steps. A row goes left when its feature is at most the cut.
    The log-odds are ``base + rate * (sum of the leaves' values)``."""

    def __init__(self, data: dict[str, Any]):
        self.feature = np.asarray(data["feature"], dtype=np.int64)
        self.cut = np.asarray(data["cut"], dtype=np.float64)
        self.left = np.asarray(data["left"], dtype=np.int64)
        self.right = np.asarray(data["right"], dtype=np.int64)
        self.value = np.asarray(data["value"], dtype=np.float64)
        self.depth = int(data["depth"])
        self.base = float(data["base"])
        self.rate = float(data["rate"])
        if not (self.feature.shape == self.cut.shape == self.left.shape == self.right.shape == self.value.shape):
            raise ValueError("boosted trees: node tables of different shapes")
        # flat node tables (tree t's node j at t * width + j): one gather per level
        width = self.feature.shape[1] if self.feature.ndim == 2 else 0
        self.start = (np.arange(len(self.feature)) * width)[:, None]
        self._feature, self._cut = self.feature.ravel(), self.cut.ravel()
        self._left, self._right = (self.left + self.start).ravel(), (self.right + self.start).ravel()
        self._value = self.value.ravel()

    def logit(self, x: Any) -> np.ndarray:
        """The log-odds of each row of ``x`` (one row per example)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        flat, row = x.ravel(), np.arange(len(x))[None, :] * x.shape[1]
        node = np.repeat(self.start, len(x), axis=1)
        for _ in range(self.depth):
            go_left = flat[row + self._feature[node]] <= self._cut[node]
            node = np.where(go_left, self._left[node], self._right[node])
        return self.base + self.rate * self._value[node].sum(axis=0)

    def prob(self, x: Any) -> np.ndarray:
        """The probability of each row of ``x``."""
        return 1.0 / (1.0 + np.exp(-self.logit(x)))
