"""Text hygiene for the REST channel: what a message may carry into Rasa.

Order (``prepare_text``): cut the raw text first (cheap, bounds the cost of everything after),
decode ``\\uXXXX`` escapes, redact (``addons.redaction.redact`` also cleans: NFKC, control and
format characters), then make sure Rasa cannot read the text as an ``/intent{json}`` command
unless it is exactly one of the loaded domain's button payloads.

Also reads the loaded domain: the fallback response and the button payloads.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, MutableMapping, Optional

from addons.redaction import redact_counted

# Rasa's RegexMessageHandler parses text that starts with this (after strip()) as /intent{entities}
COMMAND_PREFIX = "/"
# a word cut in half at the limit is dropped: its remaining half could slip past redaction
_WORD_SLACK = 64
# the tail of a cut message: drop trailing tokens that could be part of a number or address
_DETAIL_TOKEN = re.compile(r"[\d@]")
_MAX_TAIL_TOKENS = 6
# JSON-style escapes a person never types; decoded so redaction sees what they spell
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


class DomainResponseError(ValueError):
    """The loaded domain lacks a response the channel needs."""


def cut(text: str, limit: int) -> str:
    """The first ``limit`` characters, without a half word or the start of a split detail."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if not text[limit].isspace():
        space = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        if space >= limit - _WORD_SLACK:
            head = head[:space]
    # "call 07912 345|678": the part before the cut is not a whole number any more
    tokens = head.rstrip().split(" ")
    dropped = 0
    while len(tokens) > 1 and dropped < _MAX_TAIL_TOKENS and _DETAIL_TOKEN.search(tokens[-1]):
        tokens.pop()
        dropped += 1
    return " ".join(tokens)


def decode_escapes(text: str) -> str:
    r"""``\u0030\u0037`` -> ``07``: so a number spelt in escapes is redacted like any other."""
    if "\\u" not in text:
        return text
    return _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def strip_command(text: str, payloads: FrozenSet[str]) -> str:
    """Plain text unless ``text`` is exactly a button payload: no ``/intent{json}`` from users."""
    if text.strip() in payloads:
        return text.strip()
    while True:
        plain = text.lstrip().lstrip(COMMAND_PREFIX)
        if plain == text:
            return plain
        text = plain


def prepare_text(
    raw: str, limit: int, payloads: FrozenSet[str], redacted: Optional[MutableMapping[str, int]] = None
) -> str:
    """The text Rasa may see: cut, escapes decoded, redacted, never a command.
    ``redacted`` (a Counter) gets how many details of each category were replaced (metrics)."""
    text = cut(raw, limit)
    if text.strip() in payloads:
        return text.strip()
    text, found = redact_counted(decode_escapes(text))
    if redacted is not None:
        redacted.update(found)
    return strip_command(text, payloads)[:limit].rstrip()


# --------------------------------------------------------------------------- #
# the loaded domain
# --------------------------------------------------------------------------- #
def button_payloads(domain: Any) -> FrozenSet[str]:
    """Every button payload of every response in the loaded domain (e.g. ``/affirm``)."""
    found = set()
    for variations in (getattr(domain, "responses", None) or {}).values():
        for variation in variations or []:
            for button in (variation or {}).get("buttons") or []:
                payload = (button or {}).get("payload")
                if isinstance(payload, str) and payload.startswith(COMMAND_PREFIX):
                    found.add(payload.strip())
    return frozenset(found)


def domain_response(domain: Any, name: str, channel: str = "rest") -> Dict[str, Any]:
    """The first variation of response ``name`` usable on ``channel``, from the loaded domain."""
    responses = getattr(domain, "responses", None) or {}
    for variation in responses.get(name) or []:
        if not isinstance(variation, dict) or variation.get("channel") not in (None, channel):
            continue
        if variation.get("text") or variation.get("custom"):
            keep = ("text", "buttons", "image", "custom")
            return {k: variation[k] for k in keep if variation.get(k)}
    raise DomainResponseError(
        f"SafeRestInput: the loaded model's domain has no response '{name}' with a text. "
        f"Add it to domain.yml (responses: {name}: - text: ...) and retrain."
    )


class DomainCache:
    """Fallback reply and button payloads of the agent's current domain (re-read if it changes)."""

    def __init__(self, fallback_name: str) -> None:
        self.fallback_name = fallback_name
        self._domain_id: Optional[int] = None
        self.fallback: Dict[str, Any] = {}
        self.payloads: FrozenSet[str] = frozenset()

    def update(self, domain: Any) -> bool:
        """True when ``domain`` is usable; raises DomainResponseError if the fallback is missing."""
        if domain is None:
            return False
        if id(domain) != self._domain_id:
            self.fallback = domain_response(domain, self.fallback_name)
            self.payloads = button_payloads(domain)
            self._domain_id = id(domain)
        return True
