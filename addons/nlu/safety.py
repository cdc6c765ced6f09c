"""Danger, crisis and harm-request phrases, looked for in every message whatever the classifier says.

Routing someone in danger to 999 must not hang on one classifier guess. These patterns are
deliberately about the present and the near future ("there's a man with a knife", "he's going
to bomb it"), so that questions about figures or history mostly keep their own answer.
Which of them wins, and over what, is decided in one place: addons/nlu/routing.py.
"""

import re
from typing import Optional

_WEAPON = (
    r"(guns?|firearms?|rifles?|pistols?|shotguns?|knife|knives|machetes?|swords?|axes?|blades?|"
    r"bombs?|explosives?|grenades?|suicide vest|acid)"
)

_EMERGENCY = [
    # someone has or shows a weapon
    rf"\b(has|have|had|got|carrying|carries|with|holding|waving|swinging|wielding|brandishing|pulled|pulling|"
    rf"there'?s|there is|there are|theres|i see|can see|saw|planted|left)\b(\s+[\w'-]+){{0,4}}?\s+{_WEAPON}\b",
    r"\bgunm[ae]n\b",
    r"\barmed (man|men|woman|person|people|gang|with)\b",
    r"\b(shooting|stabbing|explosion|blast|gunfire|gun ?shots?|shots fired|stabbed|been shot|blown up|acid attack)\b",
    # an attack going on now (not "how likely is an attack now": see _LIKELIHOOD)
    r"\battack(s|ing|ed)?\b.{0,25}\b(happening|going on|in progress|underway)\b",
    r"\b(being|been|getting|under) attack",
    r"\battacking (people|someone|us|me|them|everyone)\b",
    # an imminent threat
    r"\b(will|'ll|going|gonna|about|planning|plans?|threaten(ed|ing|s)?|wants?)\s+(to\s+)?"
    r"(kill|attack|bomb|blow (up|it up|them up|us up|the)|shoot|stab|murder|massacre)\b",
    # an item that could be a bomb
    r"\b(suspicious|abandoned|unattended|strange|odd|weird)\s+([\w-]+\s+)?"
    r"(bag|package|parcel|item|object|device|rucksack|backpack|suitcase|box|holdall)\b",
    r"\b(in danger|hostage|hostages|people (are )?(running|screaming)|run,? hide,? tell)\b",
]

_ATTACK_NOW = r"\battack(s|ing|ed)?\b.{0,25}\b(now|right now)\b"
_LIKELIHOOD = r"\b(how likely|likely|likelihood|chance|risk|threat level)\b"

_CRISIS = [
    r"\b(kill|hurt|harm|cut|end)\s+(myself|meself|my ?self)\b",
    r"\bsuicid",
    r"\bself[- ]?harm",
    r"\bend (it all|my life)\b",
    r"\btake my (own )?life\b",
    r"\b(want|wanna|going) to die\b",
    r"\bdon'?t want to (live|be alive|be here)( anymore)?\b",
]

# Asking for help to do harm: always refused, whatever the classifier thought.
_HARM = [
    r"\b(make|making|build|building|buy|buying|get hold of|obtain|assemble)\b(\s+[\w'-]+){0,3}?\s+"
    r"(bombs?|explosives?|ieds?|pipe ?bombs?|guns?|firearms?|weapons?|poisons?|ricin)\b",
    r"\bjoin(ing)?\s+(isis|islamic state|al[- ]?qa[ei]da|the taliban|a terror(ist)? (group|cell|organisation))",
    r"\b(avoid|evade|dodge|hide from|get past)\s+(the\s+)?(police|surveillance|mi5|counter terrorism|being watched)",
]

_EMERGENCY_RE = re.compile("|".join(f"(?:{p})" for p in _EMERGENCY), re.IGNORECASE)
_CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _CRISIS), re.IGNORECASE)
_HARM_RE = re.compile("|".join(f"(?:{p})" for p in _HARM), re.IGNORECASE)
_ATTACK_NOW_RE = re.compile(_ATTACK_NOW, re.IGNORECASE)
_LIKELIHOOD_RE = re.compile(_LIKELIHOOD, re.IGNORECASE)


def says_crisis(text: Optional[str]) -> bool:
    """Someone says they may hurt or kill themselves."""
    return bool(text and _CRISIS_RE.search(text))


def says_emergency(text: Optional[str]) -> bool:
    """Someone is in danger now: a weapon, an attack under way, a threat, a suspicious item."""
    if not text:
        return False
    return bool(
        _EMERGENCY_RE.search(text) or (_ATTACK_NOW_RE.search(text) and not _LIKELIHOOD_RE.search(text))
    )


def asks_for_harm(text: Optional[str]) -> bool:
    """Someone asks for help to make a weapon, join a terrorist group or evade the police."""
    return bool(text and _HARM_RE.search(text))
