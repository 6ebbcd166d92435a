"""When a story happened, and relative dates completed from sibling articles.

An undated article's "on Saturday" cannot be resolved alone. Once it is grouped with
an article that states the date ("on June 12, 2021"), the two are read together: if
June 12, 2021 was a Saturday and the undated article was not published long after,
"on Saturday" is that day. The same holds for a year-less "On July 3" when another
article of the story says "July 3, 2021". The story's date records which articles
fixed it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from rashomon.model import (
    Annotation,
    DateCompletion,
    DatePrecision,
    MentionType,
    Resolution,
    StoryDate,
)
from rashomon.stories.profile import EventProfile
from rashomon.understand.relative import Relation

# document dates coarser than a day, which date a story by when it was written
_COARSE = (DatePrecision.MONTH, DatePrecision.YEAR)

# "on Saturday" in an article published this many days after the stated date can
# still mean that Saturday.
WEEKDAY_REACH_DAYS = 7


def story_date(
    profiles: Sequence[EventProfile], annotations: Mapping[str, Annotation] | None = None
) -> StoryDate:
    """The day most member leads state for the happening; else the earliest publication;
    else the earliest month or year a member was written in (``written``: a
    metadata date coarser than a day, or a year read from the text, see
    :mod:`rashomon.understand.textyear`), which is as precise as the articles allow."""
    stated = Counter(p.event_day for p in profiles if p.event_day is not None)
    if stated:
        best = max(stated.items(), key=lambda item: (item[1], -item[0].toordinal()))[0]
        sources = tuple(sorted(p.article_id for p in profiles if p.event_day == best))
        return StoryDate(best.isoformat(), DatePrecision.DAY, "stated", sources)
    published = sorted((p.published, p.article_id) for p in profiles if p.published)
    if published:
        day, article = published[0]
        return StoryDate(day.isoformat(), DatePrecision.DAY, "published", (article,))
    written = []
    for profile in profiles:
        annotation = annotations.get(profile.article_id) if annotations is not None else None
        found = annotation.document_date if annotation is not None else None
        if found is not None and found.value and found.precision in _COARSE:
            written.append((found.value, found.precision, profile.article_id))
    written.sort()
    if written:
        value, precision, _ = written[0]
        sources = tuple(article for v, _, article in written if v == value)
        return StoryDate(value, precision, "written", sources)
    return StoryDate(None, None, "none")


def complete_dates(
    date_of_story: StoryDate,
    profiles: Sequence[EventProfile],
    annotations: Mapping[str, Annotation],
) -> list[DateCompletion]:
    """Unresolved weekday and month-day mentions of members, resolved from the stated date."""
    if date_of_story.basis != "stated" or date_of_story.value is None:
        return []
    day = date.fromisoformat(date_of_story.value)
    anchor = date_of_story.sources[0]
    found: list[DateCompletion] = []
    for profile in profiles:
        annotation = annotations.get(profile.article_id)
        if annotation is None or profile.article_id in date_of_story.sources:
            continue
        if profile.published and not 0 <= (profile.published - day).days <= WEEKDAY_REACH_DAYS:
            continue
        for mention in annotation.mentions:
            if (
                mention.type is not MentionType.DATE
                or mention.resolution is not Resolution.UNRESOLVED
            ):
                continue
            relation = Relation.from_note(mention.note)
            if relation is None or not _agrees(relation, day):
                continue
            found.append(
                DateCompletion(
                    article=profile.article_id,
                    start=mention.start,
                    end=mention.end,
                    text=mention.text,
                    value=day.isoformat(),
                    precision=DatePrecision.DAY,
                    anchor_article=anchor,
                )
            )
    return found


def _agrees(relation: Relation, day: date) -> bool:
    if relation.kind == "weekday":
        return relation.weekday == day.isoweekday() and relation.direction in ("", "past", "last")
    if relation.kind == "monthday":
        return relation.month == day.month and relation.day == day.day
    return False
