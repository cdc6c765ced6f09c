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

_MATERIAL = (
    r"(making|videos?|footage|memes?|guides?|manuals?|instructions|tutorials?|propaganda|content|posts?)\b"
)

_EMERGENCY = [
    # someone has or shows a weapon
    # (not "bomb making guides" or "gun videos": material about weapons is online content, not a weapon here)
    rf"\b(has|have|had|got|carrying|carries|with|holding|waving|swinging|wielding|brandishing|pulled|pulling|"
    rf"there'?s|there is|there are|theres|i see|can see|saw|planted|left|found|spotted|noticed)\b"
    rf"(\s+[\w'-]+){{0,5}}?\s+{_WEAPON}\b(?!\s*-?\s*{_MATERIAL})",
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
    r"\bno point (in )?(living|being alive|going on)\b",
    r"\b(kill|hurt|harm)\s+(herself|himself|themselves|themself)\b",  # someone else's crisis: 999 first too
    r"\b(dark|suicidal) thoughts\b",
]

# Asking for help to do harm: always refused, whatever the classifier thought.
_HARM = [
    r"\b(make|making|build|building|buy|buying|get hold of|obtain|assemble)\b(\s+[\w'-]+){0,3}?\s+"
    r"(bombs?|explosives?|ieds?|pipe ?bombs?|guns?|firearms?|weapons?|poisons?|ricin)\b",
    r"\bjoin(ing)?\s+(isis|islamic state|al[- ]?qa[ei]da|the taliban|a terror(ist)? (group|cell|organisation))",
    r"\b(avoid|evade|dodge|hide from|get past)\s+(the\s+)?(police|surveillance|mi5|counter terrorism|being watched)",
    r"\bwithout (getting caught|being caught|being traced|it being traced|anyone (knowing|finding out))\b",
    r"\b(cause|do) the most (damage|harm|casualties)\b",
    r"\b(worst|weakest|least|no|poor) security\b",
    r"\bdeserve to be (attacked|killed|hurt|bombed)\b",
]

_EMERGENCY_RE = re.compile("|".join(f"(?:{p})" for p in _EMERGENCY), re.IGNORECASE)
_CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _CRISIS), re.IGNORECASE)
_HARM_RE = re.compile("|".join(f"(?:{p})" for p in _HARM), re.IGNORECASE)
_ATTACK_NOW_RE = re.compile(_ATTACK_NOW, re.IGNORECASE)
_LIKELIHOOD_RE = re.compile(_LIKELIHOOD, re.IGNORECASE)


def says_crisis(text: Optional[str]) -> bool:
    """Someone says they may hurt or kill themselves."""
    return bool(text and _CRISIS_RE.search(text))


# "no, nobody is in danger": the answer to the danger question, not an emergency
_NOT_IN_DANGER_RE = re.compile(
    r"\b(no ?one|nobody|noone|not|isn'?t|aren'?t|no)\b(\s+(is|are|'s|was|were|anyone|one|really))*\s+in danger\b",
    re.IGNORECASE,
)


# "a video of hostages being executed", "a livestream of an attack": what material shows is online
# content, not danger here and now (a threat "about" tomorrow stays a threat: only "of"/"showing")
_DEPICTED_RE = re.compile(
    r"\b(videos?|vids?|livestreams?|live ?streams?|footage|clips?|pictures?|photos?|images?|recordings?)\b"
    r"(\s+[\w'-]+){0,2}?\s+(of|showing)\b(\s+[\w'-]+){0,4}",
    re.IGNORECASE,
)


def says_emergency(text: Optional[str]) -> bool:
    """Someone is in danger now: a weapon, an attack under way, a threat, a suspicious item."""
    if not text:
        return False
    text = _DEPICTED_RE.sub(" ", _NOT_IN_DANGER_RE.sub(" ", text))
    return bool(
        _EMERGENCY_RE.search(text) or (_ATTACK_NOW_RE.search(text) and not _LIKELIHOOD_RE.search(text))
    )


def asks_for_harm(text: Optional[str]) -> bool:
    """Someone asks for help to make a weapon, join a terrorist group or evade the police."""
    return bool(text and _HARM_RE.search(text))
