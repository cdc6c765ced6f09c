"""Cleaning the channel applies before anything else, and the look-alike fold used for matching."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_SURROGATES = re.compile("[\ud800-\udfff]")


_ZWJ = "\u200d"


def _is_emoji_part(ch: str) -> bool:
    return bool(ch) and (
        unicodedata.category(ch) == "So" or ch == "\ufe0f" or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


def _joins_emoji(before: list, after: str) -> bool:
    return bool(before) and _is_emoji_part(before[-1]) and _is_emoji_part(after)


def clean_text(text: str) -> str:
    """NFKC-normalise, drop control/format characters and lone surrogates, collapse whitespace."""
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        out = []
        for i, ch in enumerate(text):
            if ch.isspace():
                out.append(" ")
                continue
            if ch == _ZWJ and _joins_emoji(out, text[i + 1 : i + 2]):
                out.append(ch)  # "👨‍👩‍👧" stays one emoji; a joiner between letters or digits goes
                continue
            if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
                continue
            out.append(ch)
        text = "".join(out)
    return _WS.sub(" ", text).strip()


# One character for one character, so that spans found in the folded text are spans of the
# cleaned text too. NFKC already folds fullwidth forms; these it leaves alone.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u02d7\u2796\ufe58"
_FOLD = str.maketrans(
    {
        **{ch: "-" for ch in _DASHES},
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b7": ".",
        "\u2022": ".",
        "\u3002": ".",
        "\u2219": ".",
        "\u2044": "/",
        "\u2215": "/",
        # Cyrillic and Greek letters that look Latin ("gmаil.com" with a Cyrillic a)
        "\u0430": "a",
        "\u0435": "e",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0445": "x",
        "\u0443": "y",
        "\u0456": "i",
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0422": "T",
        "\u0425": "X",
        "\u03bf": "o",
        "\u039f": "O",
        "\u0391": "A",
        "\u0392": "B",
        "\u0395": "E",
    }
)


def fold_lookalikes(text: str) -> str:
    """Same-length copy of ``text`` with look-alike dashes, dots and letters made ASCII."""
    return text.translate(_FOLD)
