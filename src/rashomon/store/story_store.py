"""Stories in the database: article event profiles, story membership, stories, aliases,
storylines and the corpus term frequencies the stage keeps between runs.

Each increment is written in one transaction (:meth:`StoryStore.write_increment`), so an
interrupted run leaves the stories as they were before it and the next run redoes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rashomon.model import (
    Apart,
    DateCompletion,
    DatePrecision,
    PairDecision,
    Signal,
    Story,
    StoryDate,
    Storyline,
)
from rashomon.store.database import LOOKUP_CHUNK, Database, utc_now
from rashomon.store.records import digest_of
from rashomon.store.schema import (
    article_annotations,
    articles,
    stories,
    story_aliases,
    story_members,
    story_profiles,
    story_state,
    storylines,
)

_FREQUENCIES = "frequencies"


@dataclass(frozen=True)
class StoryOutline:
    """What linking stories into storylines needs, without a story's explanations."""

    id: str
    title: str
    date: str | None
    size: int
    names: frozenset[str]  # its actors and places, case-folded


@dataclass(frozen=True)
class ProfileRow:
    article_id: str
    day: str | None
    vector: np.ndarray
    profile: dict[str, Any]


class StoryStore:
    """The stories tables of a rashomon database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- what is left to do ----------------------------------------------------

    def unprofiled(self) -> list[str]:
        """Annotated original articles without an event profile, in the order of their
        own date (undated last), so that increments run roughly in time order. Articles
        recorded as not analysed (too long to parse) have nothing to profile."""
        query = (
            sa.select(articles.c.id, article_annotations.c.document_date)
            .join(article_annotations, article_annotations.c.article_id == articles.c.id)
            .outerjoin(story_profiles, story_profiles.c.article_id == articles.c.id)
            .where(
                story_profiles.c.article_id.is_(None),
                articles.c.duplicate_of.is_(None),
                article_annotations.c.skipped.is_(None),
            )
        )
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
        return [r.id for r in sorted(rows, key=lambda r: ((r.document_date or "~")[:10], r.id))]

    def unassigned_copies(self) -> list[tuple[str, str]]:
        """Syndicated copies (copy, original) not yet in a story."""
        query = (
            sa.select(articles.c.id, articles.c.duplicate_of)
            .outerjoin(story_members, story_members.c.article_id == articles.c.id)
            .where(articles.c.duplicate_of.is_not(None), story_members.c.article_id.is_(None))
        )
        with self.database.reading() as connection:
            return [(row.id, row.duplicate_of) for row in connection.execute(query)]

    # -- profiles ------------------------------------------------------------------

    def profiles(self, ids: Sequence[str]) -> list[ProfileRow]:
        found: list[ProfileRow] = []
        with self.database.reading() as connection:
            for start in range(0, len(ids), LOOKUP_CHUNK):
                query = sa.select(story_profiles).where(
                    story_profiles.c.article_id.in_(list(ids[start : start + LOOKUP_CHUNK]))
                )
                found.extend(_profile_row(row) for row in connection.execute(query))
        return found

    def window(self, first: str, last: str) -> list[ProfileRow]:
        """Profiles whose day falls in [first, last], and every undated one."""
        query = sa.select(story_profiles).where(
            sa.or_(story_profiles.c.day.is_(None), story_profiles.c.day.between(first, last))
        )
        with self.database.reading() as connection:
            return [_profile_row(row) for row in connection.execute(query)]

    def frequencies(self) -> tuple[np.ndarray | None, int]:
        with self.database.reading() as connection:
            row = connection.execute(
                sa.select(story_state).where(story_state.c.name == _FREQUENCIES)
            ).first()
        if row is None:
            return None, 0
        return np.frombuffer(row.value, dtype=np.int32).astype(np.int64), int(row.documents)

    # -- membership -------------------------------------------------------------------

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        keys = list(ids)
        found: dict[str, str] = {}
        with self.database.reading() as connection:
            for start in range(0, len(keys), LOOKUP_CHUNK):
                query = sa.select(story_members).where(
                    story_members.c.article_id.in_(keys[start : start + LOOKUP_CHUNK])
                )
                found.update((r.article_id, r.story_id) for r in connection.execute(query))
        return found

    def members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        keys = list(story_ids)
        found: dict[str, list[str]] = {}
        with self.database.reading() as connection:
            for start in range(0, len(keys), LOOKUP_CHUNK):
                query = (
                    sa.select(story_members)
                    .where(story_members.c.story_id.in_(keys[start : start + LOOKUP_CHUNK]))
                    .order_by(story_members.c.article_id)
                )
                for row in connection.execute(query):
                    found.setdefault(row.story_id, []).append(row.article_id)
        return found

    def write_increment(
        self,
        *,
        profiles: Sequence[ProfileRow],
        model: str,
        frequencies: tuple[np.ndarray, int],
        membership: Mapping[str, str],
        written: Sequence[Story],
        removed: Mapping[str, str],
    ) -> None:
        """One increment, atomically: new profiles, the updated frequencies, new or changed
        memberships, rewritten stories, and stories that no longer exist (old id -> the
        story that took over most of its articles, kept as an alias so citations resolve)."""
        counts, documents = frequencies
        with self.database.writing() as connection:
            if profiles:
                connection.execute(
                    story_profiles.insert(),
                    [
                        {
                            "article_id": p.article_id,
                            "day": p.day,
                            "model": model,
                            "vector": p.vector.astype(np.float32).tobytes(),
                            "profile": p.profile,
                        }
                        for p in profiles
                    ],
                )
            connection.execute(story_state.delete().where(story_state.c.name == _FREQUENCIES))
            connection.execute(
                story_state.insert().values(
                    name=_FREQUENCIES,
                    documents=documents,
                    value=counts.astype(np.int32).tobytes(),
                )
            )
            self._write_membership(connection, membership)
            stale = list(removed) + [s.id for s in written]
            for start in range(0, len(stale), LOOKUP_CHUNK):
                connection.execute(
                    stories.delete().where(stories.c.id.in_(stale[start : start + LOOKUP_CHUNK]))
                )
            if written:
                connection.execute(stories.insert(), [_story_row(s) for s in written])
            self._write_aliases(connection, removed, {s.id for s in written})

    def _write_membership(self, connection: Connection, membership: Mapping[str, str]) -> None:
        keys = list(membership)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            connection.execute(
                story_members.delete().where(
                    story_members.c.article_id.in_(keys[start : start + LOOKUP_CHUNK])
                )
            )
        if keys:
            connection.execute(
                story_members.insert(),
                [{"article_id": a, "story_id": s} for a, s in membership.items()],
            )

    def _write_aliases(
        self, connection: Connection, removed: Mapping[str, str], alive: set[str]
    ) -> None:
        if alive:
            # a story id that exists again is no longer an alias
            connection.execute(
                story_aliases.delete().where(story_aliases.c.old_id.in_(list(alive)))
            )
        for old, new in removed.items():
            if old in alive:
                continue
            connection.execute(story_aliases.delete().where(story_aliases.c.old_id == old))
            connection.execute(story_aliases.insert().values(old_id=old, story_id=new))
            # earlier aliases that pointed at the removed story follow it
            connection.execute(
                story_aliases.update().where(story_aliases.c.story_id == old).values(story_id=new)
            )

    def add_members(self, membership: Mapping[str, str]) -> None:
        with self.database.writing() as connection:
            self._write_membership(connection, membership)

    def centroids(self) -> dict[str, np.ndarray]:
        """Each story's mean lead embedding (unit length), from its original articles."""
        query = sa.select(story_members.c.story_id, story_profiles.c.vector).join(
            story_profiles, story_profiles.c.article_id == story_members.c.article_id
        )
        sums: dict[str, np.ndarray] = {}
        with self.database.reading() as connection:
            for row in connection.execute(query):
                vector = np.frombuffer(row.vector, dtype=np.float32)
                if row.story_id in sums:
                    sums[row.story_id] = sums[row.story_id] + vector
                else:
                    sums[row.story_id] = vector.copy()
        return {k: v / (float(np.linalg.norm(v)) or 1.0) for k, v in sums.items()}

    def clear(self) -> None:
        """Forget every story, profile and storyline (the next run groups from scratch)."""
        with self.database.writing() as connection:
            for table in (
                story_members,
                story_aliases,
                stories,
                storylines,
                story_profiles,
                story_state,
            ):
                connection.execute(table.delete())

    def write_storylines(self, found: Sequence[Storyline]) -> None:
        with self.database.writing() as connection:
            connection.execute(storylines.delete())
            connection.execute(stories.update().values(storyline=None))
            if found:
                connection.execute(
                    storylines.insert(),
                    [{"id": s.id, "title": s.title, "stories": list(s.stories)} for s in found],
                )
            for line in found:
                for start in range(0, len(line.stories), LOOKUP_CHUNK):
                    chunk = list(line.stories[start : start + LOOKUP_CHUNK])
                    connection.execute(
                        stories.update().where(stories.c.id.in_(chunk)).values(storyline=line.id)
                    )

    # -- reading stories ------------------------------------------------------------

    def resolve(self, story_id: str) -> str | None:
        """The current id of a story: itself, or what an old id now points at."""
        with self.database.reading() as connection:
            if connection.execute(sa.select(stories.c.id).where(stories.c.id == story_id)).first():
                return story_id
            row = connection.execute(
                sa.select(story_aliases.c.story_id).where(story_aliases.c.old_id == story_id)
            ).first()
            if row is not None:
                return str(row.story_id)
            matches = connection.execute(
                sa.select(stories.c.id).where(stories.c.id.like(f"{story_id}%")).limit(2)
            ).all()
        return str(matches[0].id) if len(matches) == 1 else None

    def stories(self, ids: Sequence[str] | None = None) -> list[Story]:
        """Stories (all, or ``ids``), largest first, then by date."""
        query = sa.select(stories)
        if ids is not None:
            query = query.where(stories.c.id.in_(list(ids)))
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
            # all of them: every member in one scan, not a lookup per chunk of stories
            every = _every_member(connection) if ids is None else None
        members = every if every is not None else self.members([r.id for r in rows])
        found = [_story_from_row(r, members.get(r.id, [])) for r in rows]
        return sorted(found, key=lambda s: _order(len(s.articles), s.date.value, s.id))

    def digests(self) -> dict[str, str]:
        """A digest of every story's stored record (its row and its members), in the
        order of :meth:`stories`: equal digests, equal :class:`Story` records. The
        explanations are hashed as stored, not decoded, so this costs a small part of
        reading the stories."""
        columns = [c for c in stories.c if c.name not in ("detail", "updated_at")]
        query = sa.select(*columns, sa.cast(stories.c.detail, sa.Text).label("detail"))
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
            members = _every_member(connection)
        found = []
        for row in rows:
            held = sorted(members.get(row.id, []))  # in Python's order, whatever the database's
            record = json.dumps([list(row), held], ensure_ascii=False)
            found.append((_order(len(held), row.date_value, row.id), digest_of([record])))
        return {order[-1]: digest for order, digest in sorted(found)}

    def outlines(self) -> list[StoryOutline]:
        """Every story in brief (the explanations, the bulk of a story row, stay unread)."""
        query = sa.select(
            stories.c.id,
            stories.c.title,
            stories.c.date_value,
            stories.c.size,
            stories.c.detail["actors"].label("actors"),
            stories.c.detail["places"].label("places"),
        ).order_by(stories.c.id)
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
        return [
            StoryOutline(
                id=r.id,
                title=r.title,
                date=r.date_value,
                size=int(r.size),
                names=frozenset(str(n).casefold() for n in [*(r.actors or []), *(r.places or [])]),
            )
            for r in rows
        ]

    def storylines(self) -> list[Storyline]:
        with self.database.reading() as connection:
            rows = connection.execute(sa.select(storylines).order_by(storylines.c.id)).all()
        return [Storyline(r.id, r.title, tuple(r.stories)) for r in rows]

    def count(self) -> int:
        with self.database.reading() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(stories)).scalar_one()
            )


def _every_member(connection: Connection) -> dict[str, list[str]]:
    """Every story's members, by story, each list in article order (one scan)."""
    members: dict[str, list[str]] = {}
    for story_id, article_id in connection.execute(
        sa.select(story_members.c.story_id, story_members.c.article_id).order_by(
            story_members.c.article_id
        )
    ):
        members.setdefault(story_id, []).append(article_id)
    return members


def _order(size: int, date: str | None, story_id: str) -> tuple[int, str, str]:
    """Where a story is listed: largest first, then by date (undated last), then id."""
    return -size, date or "9999", story_id


def _profile_row(row: Any) -> ProfileRow:
    return ProfileRow(
        article_id=row.article_id,
        day=row.day,
        vector=np.frombuffer(row.vector, dtype=np.float32),
        profile=row.profile,
    )


def _decision_json(decision: PairDecision) -> dict[str, Any]:
    return {
        "article": decision.article,
        "other": decision.other,
        "probability": decision.probability,
        "signals": [[s.name, s.weight, s.detail] for s in decision.signals],
    }


def _decision_from_json(data: Mapping[str, Any]) -> PairDecision:
    return PairDecision(
        article=data["article"],
        other=data["other"],
        probability=float(data["probability"]),
        signals=tuple(Signal(str(n), float(w), str(d)) for n, w, d in data["signals"]),
    )


def _story_row(story: Story) -> dict[str, Any]:
    detail = {
        "date_basis": story.date.basis,
        "date_sources": list(story.date.sources),
        "outlets": list(story.outlets),
        "actors": list(story.actors),
        "places": list(story.places),
        "joins": [_decision_json(d) for d in story.joins],
        "apart": [
            {
                "story": a.story,
                "probability": a.probability,
                "pairs": a.pairs,
                "closest": _decision_json(a.closest),
                "decisive": _decision_json(a.decisive),
            }
            for a in story.apart
        ],
        "completions": [
            {
                "article": c.article,
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "value": c.value,
                "precision": c.precision.value,
                "anchor_article": c.anchor_article,
            }
            for c in story.completions
        ],
    }
    return {
        "id": story.id,
        "founder": story.articles[0],
        "title": story.title,
        "date_value": story.date.value,
        "date_precision": story.date.precision.value if story.date.precision else None,
        "storyline": story.storyline,
        "size": len(story.articles),
        "detail": detail,
        "updated_at": utc_now(),
    }


def _story_from_row(row: Any, members: list[str]) -> Story:
    detail = row.detail
    founder = row.founder
    ordered = (
        [founder, *sorted(m for m in members if m != founder)] if founder in members else members
    )
    return Story(
        id=row.id,
        title=row.title,
        date=StoryDate(
            value=row.date_value,
            precision=DatePrecision(row.date_precision) if row.date_precision else None,
            basis=detail["date_basis"],
            sources=tuple(detail["date_sources"]),
        ),
        articles=tuple(ordered),
        outlets=tuple(detail["outlets"]),
        actors=tuple(detail["actors"]),
        places=tuple(detail["places"]),
        storyline=row.storyline,
        joins=tuple(_decision_from_json(d) for d in detail["joins"]),
        apart=tuple(
            Apart(
                story=a["story"],
                probability=float(a["probability"]),
                pairs=int(a["pairs"]),
                closest=_decision_from_json(a["closest"]),
                decisive=_decision_from_json(a["decisive"]),
            )
            for a in detail["apart"]
        ),
        completions=tuple(
            DateCompletion(
                article=c["article"],
                start=int(c["start"]),
                end=int(c["end"]),
                text=c["text"],
                value=c["value"],
                precision=DatePrecision(c["precision"]),
                anchor_article=c["anchor_article"],
            )
            for c in detail["completions"]
        ),
    )
