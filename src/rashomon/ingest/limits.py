"""The size cap, and how it is explained to the user."""

from __future__ import annotations


def human_size(size: int) -> str:
    """Bytes as a short readable size: 812 B, 5.0 kB, 25 MB, 1.2 GB."""
    if size < 1000:
        return f"{size} B"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def over_cap(what: str, cap: int, size: int | None = None) -> str:
    """'the file is 5.0 kB, over the 1.0 kB size cap; skipped (raise it with --max-size)'."""
    measured = f" is {human_size(size)}," if size is not None else " is"
    return (
        f"{what}{measured} over the {human_size(cap)} size cap; skipped"
        " (raise it with --max-size, in MB)"
    )
