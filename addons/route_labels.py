"""The public route each intent leads to: the one vocabulary of metrics, the event store and reports.

Operators see routes, not the 30-odd intents. An intent missing here (a new one) is counted as
"knowledge" if it starts with ``ask_`` and as "other" otherwise, and tests/test_route_labels.py
fails until it is added.
"""

from __future__ import annotations

from typing import Optional

ROUTES = (
    "emergency",
    "report",
    "online_content",
    "radicalisation",
    "crisis",
    "refusal",
    "other_crime",
    "knowledge",
    "statistics",
    "chitchat",
    "fallback",
    "other_language",
    "other",
)

# Routes that answer a concern (a contact for it, never an explanation): held-out recall is counted on these.
CONCERN_ROUTES = (
    "emergency",
    "report",
    "online_content",
    "radicalisation",
    "crisis",
    "refusal",
    "other_crime",
    "other_language",
)

ROUTE_OF_INTENT = {
    "report_emergency": "emergency",
    "report_concern": "report",
    "report_online_content": "online_content",
    "worried_radicalisation": "radicalisation",
    "crisis": "crisis",
    "request_harm": "refusal",
    "report_other_crime": "other_crime",
    "ask_statistics": "statistics",
    "nlu_fallback": "fallback",
    "out_of_scope": "fallback",
    "greet": "chitchat",
    "goodbye": "chitchat",
    "thank": "chitchat",
    "affirm": "chitchat",
    "deny": "chitchat",
    "ask_bot_capabilities": "chitchat",
    "ask_human": "report",
    "other_language": "other_language",
}


def route_of(intent: Optional[str]) -> str:
    """The route label of a final (routed) intent name."""
    if not intent:
        return "fallback"
    if intent in ROUTE_OF_INTENT:
        return ROUTE_OF_INTENT[intent]
    return "knowledge" if intent.startswith("ask_") else "other"
