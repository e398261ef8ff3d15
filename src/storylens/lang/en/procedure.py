"""Procedure: words of the later steps of an incident (arrests, charges, courts, the victim's
death, identification and burial), the words a follow-up report leads with."""
from __future__ import annotations

# used by corpus.cluster: word forms (lower case) of a step taken after an incident was first
# reported; a report whose title and opening hold them is probably about an earlier incident
LATER_STEP_WORDS = frozenset({
    # arrest and custody
    "arrest", "arrests", "arrested", "apprehended", "jailed", "booked", "surrendered", "extradited",
    "warrant", "warrants", "manhunt",
    # charges and prosecution
    "charge", "charges", "charged", "indicted", "indictment", "indictments", "arraigned", "arraignment",
    "accused", "prosecutor", "prosecutors", "prosecution", "prosecuted", "attorney",
    # courts and sentences
    "court", "courtroom", "judge", "jury", "jurors", "trial", "hearing", "hearings", "testimony", "testified",
    "testifies", "plea", "pleads", "pleaded", "pled", "guilty", "verdict", "convicted", "conviction", "acquitted",
    "sentenced", "sentencing", "sentence", "bond", "bail", "lawsuit", "sued", "probation", "parole",
    # the victim's death, identification and burial
    "identified", "identifies", "succumbed", "dies", "autopsy", "coroner", "examiner",
    "funeral", "funerals", "vigil", "vigils", "memorial", "mourn", "mourners", "mourned", "buried", "laid",
    "remembered", "honored", "honoured", "tribute", "tributes",
})
