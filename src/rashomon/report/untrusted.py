"""Article text is untrusted: the characters it must never carry onto a screen.

C0/C1 control characters (terminal escape sequences start with ESC) and the
bidirectional overrides that can make text display differently from what it
is. Newline and tab are kept: they are the text's own layout.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str, replacement: str = "") -> str:
    """``text`` without control and bidi-override characters (each one replaced)."""
    return CONTROL.sub(replacement, text)
