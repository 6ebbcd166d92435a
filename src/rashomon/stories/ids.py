"""Story and storyline ids derived from their content, not from run order.

A story's id comes from its *founder*, the earliest member (by event or publication
day, then article id): reruns and increments that form the same story give it the
same id. When a later article turns out to be earlier still, or two stories merge,
the old id is kept as an alias of the new one, so a citation never breaks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from rashomon.stories.profile import EventProfile, window_day

_LATEST = date.max


def founder(profiles: Sequence[EventProfile]) -> EventProfile:
    return min(profiles, key=lambda p: (window_day(p) or _LATEST, p.article_id))


def story_id(founder_article: str) -> str:
    return "st-" + _digest(founder_article)


def storyline_id(founder_story: str) -> str:
    return "sl-" + _digest(founder_story)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
