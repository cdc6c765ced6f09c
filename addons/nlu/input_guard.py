"""Messages no classifier should guess at: they get the fallback reply (addons/nlu/routing.py).

Empty or whitespace-only text, text with no letters (emoji, symbols), text with markup in it,
and very long text get nlu_fallback, whose reply says what the bot can do and carries the
signposts. Danger words are checked before this, so a long message that mentions danger still gets 999.
"""

import re

from addons import settings

_LETTER = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")


def default_max_chars() -> int:
    # Questions are short; a long message is usually someone trying to report here.
    return settings.get_int("GUARD_MAX_CHARS")  # defaults.env


def needs_fallback(text: str, max_chars: int) -> bool:
    text = (text or "").strip()
    return not _LETTER.search(text) or len(text) > max_chars or bool(_MARKUP.search(text))
