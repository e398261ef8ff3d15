"""Mention candidates: the record that entity detection makes and resolution groups."""
from __future__ import annotations

from dataclasses import dataclass

PLACE_LABELS = {"GPE", "LOC", "FAC"}
APOS = "['\u2019]"


@dataclass
class Cand:
    """A mention candidate inside one document."""

    doc: str
    start: int
    end: int
    text: str
    label: str
    source: str  # spacy | nickname | pattern | alias | known | surname | stated | head
    name: str  # the name used for keys (titles and nickname removed)
    alias: int | None = None
    headline: bool = False
    initial: bool = False  # first word of a sentence
    bare: bool = False  # a lone surname of a person named in full elsewhere
    placey: bool = True  # read as a place by its context ("in X", "X, a town")
    strong_place: bool = False  # read so by an unambiguous context ("in X", "the town of X")
    ctx: str = ""  # "person" or "place" when the words around settle the type
    para: int = 0

    def overlaps(self, other: "Cand") -> bool:
        return self.start < other.end and other.start < self.end
