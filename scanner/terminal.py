"""Text that is safe to show on a terminal: attacker-typed values never become escapes or markup.

Applicants control spreadsheet cells, document text and page content. Written to a terminal as
is, an ESC starts a control sequence (retitle the window, clear the screen, an OSC 8 link that
shows one address and opens another), and bidi controls reorder what is shown. Rich markup
(`[link=…]`, `[/]`) is a second language inside the same strings. So every value is cleaned
with `terminal_safe` and handed to rich only as `rich.text.Text`, never as a markup string.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["clean_field", "one_line", "plain", "terminal_safe"]

# C0 controls but tab and newline, DEL, C1 controls (0x9B is a one-byte CSI), zero-width
# characters and every bidi embedding, override, isolate and mark.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def terminal_safe(text: object) -> str:
    """`text` without control, zero-width or bidi characters; tabs and newlines are kept."""
    s = str(text)
    return _UNSAFE.sub("", s) if _UNSAFE.search(s) else s


def one_line(text: object) -> str:
    """`terminal_safe`, on one line (for messages on stderr and list rows)."""
    return " ".join(terminal_safe(text).split())


def clean_field(value: str) -> str:
    """An input field (a spreadsheet cell, an application field) as data: control and bidi
    characters dropped, tabs as spaces, line breaks kept."""
    if value.isprintable():
        return value  # no control, zero-width or bidi character, no tab: nothing to drop
    return terminal_safe(value).replace("\t", " ")


def plain(text: object, style: str = "") -> Any:
    """A rich `Text` of `text`: shown exactly as written, never parsed as markup."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)
