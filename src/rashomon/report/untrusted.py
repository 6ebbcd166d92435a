"""Article text is untrusted: the characters it must never carry onto a screen.

- C0/C1 control characters: terminal escape sequences start with ESC (U+001B) or
  CSI (U+009B);
- bidirectional controls, which make text display differently from what it is
  (the "Trojan Source" trick): the embeddings and overrides U+202A-U+202E, the
  isolates U+2066-U+2069, and the marks LRM/RLM (U+200E/U+200F) and ALM (U+061C);
- invisible characters that hide or join what is shown: zero-width space, joiners
  and non-joiners (U+200B-U+200D), the word joiner and invisible operators
  (U+2060-U+2064), the byte-order mark (U+FEFF), and the line and paragraph
  separators (U+2028/U+2029) that some terminals treat as line breaks.

Newline and tab are kept: they are the text's own layout. Only what is *shown*
is filtered; stored text and exported data keep every character (JSON escapes
them instead: :func:`json_safe`).
"""

from __future__ import annotations

import re

CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def strip_controls(text: str, replacement: str = "") -> str:
    """``text`` without control, bidi and invisible characters (each one replaced)."""
    return CONTROL.sub(replacement, text)


def json_safe(document: str) -> str:
    """JSON text with every such character written as a ``\\uXXXX`` escape.

    Still the same JSON (a parser reads the same strings back), but nothing in it
    can act on a terminal it is printed to. Valid because these characters can
    only occur inside JSON strings.
    """
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
