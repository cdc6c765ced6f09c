"""What the event store may keep of each Rasa event: a pure function, one allow-list per event type.

The broker (addons/event_broker.py) stores only what ``minimise`` returns. Nothing a user typed
is kept: a user event keeps its intent, confidence, route (addons/route_labels.py), entity
TYPES, and the values of ``term`` entities only when they are ids of the project's own domain
vocabulary (nlp/terms.yml keys such as "arrests": our words, not the user's). Bot events keep
the response name, never the text; slot events keep values only for slots the project fills
from its own vocabulary. Message metadata is always dropped. Unknown event types keep only
their type and time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import yaml

from addons import settings
from addons.route_labels import route_of

TERM_ENTITY = "term"
TERMS_FILE = settings.ROOT / "nlp" / "terms.yml"
# Slots whose values come from the project's vocabulary (set by action_give_statistic from the
# figures' `about` tags), never from what the user typed. Any other slot's value is dropped.
VOCABULARY_SLOTS = frozenset({"figure_terms"})
# First line of actions/statistics.py NO_FIGURE_TEXT (tests/test_event_privacy.py ties them).
NO_FIGURE_OPENING = "I don't have that figure."
NO_FIGURE_RESPONSE = "no_figure"  # the response name stored for that answer
ACTION_TEXT_RESPONSE = "action_text"  # any other text sent by the action server (figures)
ASK_DANGER_RESPONSE = "utter_ask_immediate_danger"  # the report funnel's question


@lru_cache(maxsize=1)
def term_vocabulary(path=TERMS_FILE) -> FrozenSet[str]:
    """The canonical ids of the domain terms (keys of nlp/terms.yml); empty if the file is absent."""
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except OSError:
        return frozenset()
    return frozenset(str(k) for k in data)


def _base(event: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "event": event.get("event"),
        "timestamp": event.get("timestamp"),
        "sender_id": event.get("sender_id"),
    }


def _entity_types(entities: Optional[Iterable[dict]]) -> List[str]:
    return sorted({str(e.get("entity")) for e in entities or [] if e.get("entity")})


def _terms(entities: Optional[Iterable[dict]], vocabulary: FrozenSet[str]) -> List[str]:
    return sorted(
        {
            e.get("value")
            for e in entities or []
            if e.get("entity") == TERM_ENTITY and e.get("value") in vocabulary
        }
    )


def _user(event: Dict[str, Any], vocabulary: FrozenSet[str]) -> Dict[str, Any]:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    name = intent.get("name")
    entities = parse.get("entities") or []
    row = {
        **_base(event),
        "intent": name,
        "confidence": _round(intent.get("confidence")),
        "route": route_of(name),
        "entities": _entity_types(entities),
        "terms": _terms(entities, vocabulary),
    }
    ranking = parse.get("intent_ranking") or []
    # The router (addons/nlu/router.py) forces an intent with confidence 1.0 and keeps the
    # classifier's ranking below it: the second row is then the classifier's own guess.
    if len(ranking) > 1 and ranking[0].get("confidence") == 1.0 and ranking[0].get("name") == name:
        guess = ranking[1]
        row["classifier"] = {"intent": guess.get("name"), "confidence": _round(guess.get("confidence"))}
    return row


def bot_response(event: Dict[str, Any]) -> Optional[str]:
    """The response name of a bot event: the domain response, or what kind of action text."""
    name = (event.get("metadata") or {}).get("utter_action")
    if name:
        return str(name)
    text = event.get("text") or ""
    if text.startswith(NO_FIGURE_OPENING):
        return NO_FIGURE_RESPONSE
    return ACTION_TEXT_RESPONSE if text else None


def _slot(event: Dict[str, Any], vocabulary: FrozenSet[str]) -> Dict[str, Any]:
    row = {**_base(event), "name": event.get("name")}
    value = event.get("value")
    if event.get("name") in VOCABULARY_SLOTS and isinstance(value, list):
        row["value"] = sorted(v for v in value if v in vocabulary)
    return row


def minimise(event: Dict[str, Any], vocabulary: Optional[FrozenSet[str]] = None) -> Dict[str, Any]:
    """The part of one published event (Rasa's dict plus ``sender_id``) that may be stored."""
    vocabulary = term_vocabulary() if vocabulary is None else vocabulary
    kind = event.get("event")
    if kind == "user":
        return _user(event, vocabulary)
    if kind == "bot":
        return {**_base(event), "response": bot_response(event)}
    if kind == "slot":
        return _slot(event, vocabulary)
    if kind == "action":
        return {
            **_base(event),
            "name": event.get("name"),
            "policy": event.get("policy"),
            "confidence": _round(event.get("confidence")),
        }
    if kind == "active_loop":
        return {**_base(event), "name": event.get("name")}
    if kind == "entities":
        return {**_base(event), "entities": _entity_types(event.get("entities"))}
    return _base(event)


def _round(value: Any) -> Optional[float]:
    return round(float(value), 4) if isinstance(value, (int, float)) else None
