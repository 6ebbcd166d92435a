"""Charts drawn as inline SVG on the server: no script, no network, the same in the
web app, the report file and a printout. Every text in them comes from articles, so
every text is escaped; colour is never the only signal (shapes and symbols carry the
same meaning, and every mark has a ``<title>``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from rashomon.report.export_model import ExportTimelineEntry
from rashomon.report.untrusted import strip_controls

if TYPE_CHECKING:
    from rashomon.report.views import Links, StoryRow

_MAX_OUTLETS = 20
_CELL = 18
_LABEL = 230


def _cut(text: str, size: int) -> str:
    text = " ".join(strip_controls(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def coverage_chart(rows: Sequence[StoryRow], links: Links) -> Markup:
    """Which outlets cover which of the listed stories: a dot where an outlet has an
    article in the story, the story's number being its row in the list; the outlets
    most present first (at most 20)."""
    if not rows:
        return Markup("")
    counts = Counter(o for r in rows for o in r.outlets)
    outlets = [o for o, _ in counts.most_common(_MAX_OUTLETS)]
    width = _LABEL + _CELL * len(rows) + 10
    height = 28 + _CELL * len(outlets)
    out = [
        f'<svg class="chart coverage" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" role="img" aria-labelledby="coverage-title">',
        '<title id="coverage-title">Which outlets cover which listed story'
        " (a dot: the outlet has an article in it)</title>",
    ]
    for k, _row in enumerate(rows):
        x = _LABEL + _CELL * k + _CELL // 2
        out.append(f'<text x="{x}" y="16" class="tick" text-anchor="middle">{k + 1}</text>')
    for j, outlet in enumerate(outlets):
        y = 28 + _CELL * j + _CELL // 2
        out.append(
            f'<text x="{_LABEL - 8}" y="{y + 4}" class="label" text-anchor="end">'
            f"{escape(_cut(outlet, 32))}</text>"
        )
        out.append(f'<line x1="{_LABEL}" x2="{width - 10}" y1="{y}" y2="{y}" class="grid"></line>')
        for k, row in enumerate(rows):
            if outlet not in row.outlets:
                continue
            x = _LABEL + _CELL * k + _CELL // 2
            title = escape(f"{_cut(outlet, 60)} — {_cut(row.digest.title, 90)}")
            out.append(
                f'<a href="{escape(links.story(row.digest.id))}"><circle cx="{x}" cy="{y}"'
                f' r="6" class="dot"><title>{title}</title></circle></a>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def _domain(days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    """The axis's first and last day: every date, unless a few lie so far off that
    the rest would crowd into a sliver (a background date decades back); then the
    middle 80% of dates with half their span again on each side, the others drawn as
    arrows at the edges."""
    first, last = days[0], days[-1]
    low, high = days[len(days) // 10], days[-1 - len(days) // 10]
    if (high - low).days * 5 < (last - first).days:
        margin = dt.timedelta(days=max((high - low).days // 2, 1))
        return max(first, low - margin), min(last, high + margin)
    return first, last


def timeline_chart(
    entries: Sequence[ExportTimelineEntry], links: Links, *, anchor_prefix: str
) -> Markup:
    """The dated happenings on a time axis, one row each: a round dot at the date;
    where sources give several dates, a dot at each joined by a bar, and where those
    cannot all be true, diamonds and a '≠'. Each row links to its line in the table
    below (``anchor_prefix`` + its index)."""
    rows = []
    for k, entry in enumerate(entries):
        days = [d for d in (parse_day(a.value) for a in entry.dates) if d is not None]
        if not days and (own := parse_day(entry.date)) is not None:
            days = [own]
        if days:
            rows.append((k, entry, sorted(set(days))))
    if not rows:
        return Markup("")
    first, last = _domain(sorted(d for _, _, days in rows for d in days))
    span = max((last - first).days, 1)
    left, right, top, step = 300, 920, 34, 20
    width, height = right + 60, top + step * len(rows) + 10

    def x(day: dt.date) -> float:
        clipped = min(max(day, first), last)
        return left + (right - left) * (clipped - first).days / span

    out = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" role="img" aria-labelledby="timeline-title">',
        '<title id="timeline-title">Timeline: each happening at the date its sources give;'
        " diamonds and ≠ where they disagree</title>",
    ]
    ticks = 6
    for t in range(ticks + 1):
        day = first + dt.timedelta(days=round(span * t / ticks))
        tx = x(day)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="22" y2="{height - 6}" class="grid"></line>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="14" class="tick" text-anchor="middle">{day.isoformat()}</text>'
        )
    for row, (k, entry, days) in enumerate(rows):
        y = top + step * row + step // 2
        disagree = entry.disagreement and len(days) > 1
        given = "; ".join(
            f"{a.value} ({len(set(a.articles))} article{'s' if len(set(a.articles)) != 1 else ''})"
            for a in entry.dates
        )
        title = escape(f"{_cut(entry.event, 120)} — {given or entry.date}")
        out.append(
            f'<a href="#{anchor_prefix}{k}"><g class="{"row disagree" if disagree else "row"}">'
        )
        out.append(f"<title>{title}</title>")
        out.append(
            f'<text x="{left - 10}" y="{y + 4}" class="label" text-anchor="end">'
            f"{escape(_cut(entry.event, 44))}</text>"
        )
        if len(days) > 1:
            out.append(
                f'<line x1="{x(days[0]):.1f}" x2="{x(days[-1]):.1f}" y1="{y}" y2="{y}"'
                ' class="bar"></line>'
            )
        for day in days:
            cx = x(day)
            if not first <= day <= last:  # off the axis: an arrow at its edge
                sign = -1 if day < first else 1
                out.append(
                    f'<polygon points="{cx + 8 * sign:.1f},{y} {cx:.1f},{y - 6}'
                    f' {cx:.1f},{y + 6}" class="mark off"></polygon>'
                )
                continue
            if disagree:
                out.append(
                    f'<polygon points="{cx:.1f},{y - 6} {cx + 6:.1f},{y} {cx:.1f},{y + 6}'
                    f' {cx - 6:.1f},{y}" class="mark"></polygon>'
                )
            else:
                out.append(f'<circle cx="{cx:.1f}" cy="{y}" r="5" class="mark"></circle>')
        if disagree:
            out.append(f'<text x="{x(days[-1]) + 10:.1f}" y="{y + 5}" class="flag">≠</text>')
        out.append("</g></a>")
    out.append("</svg>")
    return Markup("".join(out))


def parse_day(value: str) -> dt.date | None:
    """The first day of an ISO date, month or year ('2024-03' → 1 March 2024)."""
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(value[:size], fmt).date()
        except ValueError:
            continue
    return None
