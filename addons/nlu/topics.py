"""The topics a knowledge question names, in the order it names them, and the reply for each.

"What's the difference between Prevent and Pursue?" names two topics; the classifier can pick
only one intent, so it answered Pursue alone. A question that joins two or more known topics
("and", "vs", "difference between") goes to one route whose action (actions/topics.py) utters
each topic's own reply from domain.yml, in order. Pure: no Rasa; the routing table and the
action both read this table, so they agree on what a topic is.
"""

import re
from typing import List, Optional, Tuple

# (topic, pattern, domain.yml response). Earlier rows win where patterns overlap: "prevent duty"
# is one topic, not Prevent plus something else.
TOPICS: Tuple[Tuple[str, str, str], ...] = (
    ("prevent_ideologies", r"\b(muslims?|islam|islamophobic)\b", "utter_explain_prevent_ideologies"),
    ("prevent_duty", r"\bprevent duty\b", "utter_explain_prevent_duty"),
    (
        "prevent_referral",
        r"\b(how|where|who)\b[\w\s']{0,20}\b(refer|report)\b",
        "utter_signpost_radicalisation",
    ),
    ("contest", r"\b(contest|four p'?s|4 p'?s)\b", "utter_explain_contest"),
    ("prevent", r"\bprevent\b", "utter_explain_prevent"),
    ("pursue", r"\bpursue\b", "utter_explain_pursue"),
    ("protect", r"\bprotect\b", "utter_explain_protect"),
    ("prepare", r"\bprepare\b", "utter_explain_prepare"),
    ("channel", r"\bchann?el\b", "utter_explain_channel"),
    ("mi5", r"\bmi5\b", "utter_explain_mi5"),
    ("ctiru", r"\b(ctiru|internet referral unit)\b", "utter_explain_ctiru"),
    ("threat_level", r"\bthreat level\b", "utter_explain_threat_level"),
    ("state_threats", r"\bstate threats?\b", "utter_explain_state_threats"),
    ("war_crimes", r"\bwar crimes?\b", "utter_explain_war_crimes"),
    ("ctp", r"\bwhat (do|does) (the police|you|ctp|counter[- ]terrorism policing) do\b", "utter_explain_ctp"),
)
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE), response) for name, pattern, response in TOPICS]
RESPONSE = {name: response for name, _, response in TOPICS}
# Words that join two questions or set two things side by side.
_JOINED = re.compile(r"\b(and|vs\.?|versus|difference|differ|different|compared?|or)\b", re.IGNORECASE)


def topics_named(text: Optional[str]) -> List[str]:
    """The distinct topics in the text, in the order they first appear."""
    text = text or ""
    taken: List[Tuple[int, int]] = []
    found: List[Tuple[int, str]] = []
    for name, pattern, _ in _COMPILED:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue  # inside a longer topic already found ("prevent duty")
            taken.append(match.span())
            if name not in {n for _, n in found}:
                found.append((match.start(), name))
    return [name for _, name in sorted(found)]


_WHAT_IS = re.compile(r"\b(what\s*(is|'s|s|are)|explain)\s+(the\s+)?$", re.IGNORECASE)


def asked_what_is(text: Optional[str]) -> List[str]:
    """Topics the text asks what they are, next to another question joined by "and"
    ("what's Channel and how many people go on it"): the figure's answer starts with them."""
    text = text or ""
    if not re.search(r"\band\b", text, re.IGNORECASE):
        return []
    found = []
    for name, pattern, _ in _COMPILED:
        match = pattern.search(text)
        if match and _WHAT_IS.search(text[: match.start()]) and name not in found:
            found.append(name)
    return found


def asks_about_several(text: Optional[str]) -> bool:
    """Two or more known topics, joined ("Prevent and Channel", "Prevent vs Pursue")."""
    return len(topics_named(text)) >= 2 and bool(_JOINED.search(text or ""))


# the first question is itself about the topic ("is", "what", "who", "does"), not "how many Prevent ..."
_ASKS_ABOUT = re.compile(
    r"^\W*(is|are|what|whats|what's|who|whos|who's|does|do|explain|tell me)\b", re.IGNORECASE
)


def topics_asked_about(first: Optional[str]) -> List[str]:
    """The topics the first of two questions is about, when it asks about them ("is Prevent only for
    Muslims", before "and how many are referred"; actions/figures.py question_parts splits them)."""
    first = first or ""
    named = topics_named(first)
    if "prevent_ideologies" in named:  # its reply is about Prevent: the general one would repeat it
        named = [t for t in named if t != "prevent"]
    return named if _ASKS_ABOUT.search(first) else []
