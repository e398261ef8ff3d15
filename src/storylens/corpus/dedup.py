"""Exact and near-duplicate articles, folded onto the first copy seen (its origin).

Exact copies share the hash of their normalised body text; near copies are found with
MinHash LSH (datasketch) over word shingles and confirmed by the estimated Jaccard
similarity. Memory stays flat: only the last ``window`` origins are kept in the index
(older ones are evicted first in, first out), so a copy is caught when it arrives within
that many articles of its origin.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

SCHEME = "affine32"  # the datasketch MinHash scheme features.minhash_of uses


@dataclass(frozen=True)
class DedupConfig:
    threshold: float = 0.7  # estimated Jaccard of 5-word shingles at or above which two texts are copies
    num_perm: int = 128
    window: int = 10_000  # origins kept in the index (memory stays flat beyond this)


class Deduplicator:
    """Says, for each new article, which earlier origin it copies (or None)."""

    def __init__(self, cfg: DedupConfig = DedupConfig()):
        from datasketch import MinHashLSH

        self.cfg = cfg
        self.lsh = MinHashLSH(threshold=cfg.threshold, num_perm=cfg.num_perm)
        self.exact: dict[str, str] = {}
        # key -> (text hash, minhash values, payload such as the origin's event id)
        self.order: "OrderedDict[str, tuple[str, np.ndarray, object]]" = OrderedDict()

    def _mh(self, values: np.ndarray):  # type: ignore[no-untyped-def]
        from datasketch import MinHash

        return MinHash(num_perm=self.cfg.num_perm, hashvalues=values, scheme=SCHEME)

    def check(self, key: str, text_hash: str, minhash: np.ndarray) -> tuple[str | None, str]:
        """(origin key, why) when the article copies a kept origin, else (None, "").
        Call :meth:`add` for an article that is an origin."""
        if text_hash in self.exact:
            return self.exact[text_hash], "exact copy"
        best, best_j = None, 0.0
        for cand in self.lsh.query(self._mh(minhash)):
            j = float(np.mean(self.order[cand][1] == minhash))
            if j >= self.cfg.threshold and (j > best_j or (j == best_j and str(cand) < str(best))):
                best, best_j = cand, j
        if best is not None:
            return best, f"near copy (estimated Jaccard {best_j:.2f})"
        return None, ""

    def payload(self, key: str) -> object:
        """What was stored with a kept origin."""
        return self.order[key][2]

    def set_payload(self, key: str, payload: object) -> None:
        """Replace what is stored with a kept origin."""
        h, mh, _ = self.order[key]
        self.order[key] = (h, mh, payload)

    def add(self, key: str, text_hash: str, minhash: np.ndarray, payload: object = None) -> None:
        """Keep an origin (evicting the oldest beyond ``window``)."""
        self.exact[text_hash] = key
        self.order[key] = (text_hash, minhash, payload)
        self.lsh.insert(key, self._mh(minhash), check_duplication=False)
        while len(self.order) > self.cfg.window:
            old, (h, _, _) = self.order.popitem(last=False)
            self.lsh.remove(old)
            if self.exact.get(h) == old:
                del self.exact[h]

    def __len__(self) -> int:
        return len(self.order)
