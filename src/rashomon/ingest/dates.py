"""Publication dates as ISO 8601 strings, whatever shape the input gave them in.

Inputs carry dates as ISO strings, RFC 2822 strings (feeds, e-mail), YAML
dates, ``time.struct_time`` (feedparser) or free text. We keep what the input
says, at the precision it says it: a date stays a date (``2024-03-09``), a
timestamp stays a timestamp with its offset.
"""

from __future__ import annotations

import datetime as dt
import time
from email.utils import parsedate_to_datetime

_MIN_YEAR = 1800
_MAX_YEAR = 2200


def normalise_published(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 date or datetime, or None if it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _checked(value)
    if isinstance(value, dt.date):
        return _checked(value)
    if isinstance(value, time.struct_time):
        return _checked(dt.datetime(*value[:6], tzinfo=dt.UTC))
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return _checked(dt.datetime.fromtimestamp(value, tz=dt.UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    return _parse_string(value.strip())


def _parse_string(text: str) -> str | None:
    if not text or len(text) > 64:
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        if len(candidate) == 10:
            return _checked(dt.date.fromisoformat(candidate))
        return _checked(dt.datetime.fromisoformat(candidate))
    except ValueError:
        pass
    try:
        return _checked(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser as date_parser
    except ImportError:  # pragma: no cover - dateutil comes with trafilatura
        return None
    try:
        parsed = date_parser.parse(text, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1:
        return None
    if parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None:
        return _checked(parsed.date())
    return _checked(parsed)


def _checked(value: dt.date) -> str | None:
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value.isoformat()
