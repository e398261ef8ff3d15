"""Reporting: reporting verbs, issuing verbs and the nouns of a statement or source."""
from __future__ import annotations

# used by stages.quote_rules
REPORT_VERBS = {
    "say", "tell", "add", "state", "explain", "note", "write", "tweet", "post", "announce",
    "confirm", "claim", "insist", "argue", "warn", "report", "recall", "remark", "continue",
    "acknowledge", "admit", "deny", "assert", "declare", "stress", "emphasize", "emphasise",
    "observe", "reply", "respond", "ask", "urge", "share", "testify", "allege", "comment",
    "contend", "maintain", "complain", "recount", "quip", "shout", "yell", "holler", "cry",
    "scream", "concede", "agree", "caution", "predict", "vow", "pledge", "promise", "describe",
    "reiterate", "suggest", "conclude", "boast", "whisper", "plead", "announce", "inform",
    "answer", "mumble", "mutter", "exclaim", "murmur",
}

# used by stages.quote_rules
WEAK_REPORT_VERBS = {"answer", "continue", "describe", "suggest", "agree", "share", "ask", "cry", "predict",
                     "conclude", "maintain", "observe", "promise", "caution", "plead"}

# used by stages.quote_rules
MEDIUM_NOUNS = {"statement", "release", "message", "recording", "report", "entry", "letter", "post",
                "tweet", "video", "note", "conference", "briefing", "email", "e-mail", "website", "site",
                "page", "document", "filing", "journal", "diary", "notice", "announcement", "memo",
                "transcript", "tape", "communique", "communiqué", "bulletin", "advisory", "notebook"}

# used by stages.quote_rules
ISSUE_VERBS = {"issue", "release", "post", "publish", "send", "put", "distribute", "read", "make", "give"}

# used by stages.claims
REPORTING = {"say", "tell", "report", "state", "add", "announce", "be", "have"}

# used by stages.citations
SOURCE_NOUNS = {"report", "reports", "statement", "article", "story", "post", "tweet", "interview",
                "account", "analysis", "data", "figures", "survey", "study", "release", "video",
                "broadcast", "dispatch", "message", "letter", "filing", "documents", "document"}

# used by stages.citations
MEDIA_WORDS = {"statement", "news release", "press release", "news conference", "press conference",
               "briefing", "interview", "email", "video", "post", "letter"}

# used by stages.quotes_speaker
#: Verbs whose object is the one spoken to ('told Ruiz', 'asked Ruiz'), not the speaker.
LISTEN_VERBS = frozenset({"tell", "ask", "thank", "interview", "call"})
