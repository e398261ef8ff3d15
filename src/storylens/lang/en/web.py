"""Words of web pages around a story: the controls of players, galleries and share bars, and
the labels of a page's dates."""
from __future__ import annotations

# the controls of a video player, photo gallery or share bar (general web-interface words)
WIDGET_WORDS = frozenset("""autoplay auto play pause replay resume mute unmute volume fullscreen full screen exit
close skip ad ads advertisement sponsored next previous prev back forward up now playing watch video videos
gallery galleries slideshow slide photo photos image images view expand collapse enlarge toggle caption
captions subtitles cc hd settings quality speed loading share shares shared tweet email e-mail print copy link
embed facebook twitter x whatsapp messenger pinterest linkedin reddit telegram sms comment comments save saved
live more menu sound on off of in seconds sec secs s min mins""".split())

# the labels before a page's date ("Updated: ...", "First published on ..."), longest first
DATE_LABELS = ("first published", "originally published", "first posted", "last updated", "last modified",
               "published", "posted", "updated", "modified", "date", "created", "released", "issued")
