"""Follow-ups that lean on the previous answer: "since when?", "who funds it?", "and last year?".

The NLU step reads one message at a time, so "since when" after the threat level looked like
nothing at all. What such a message asks (its kind) is in its words; what it is about is in the
previous bot turn. This table joins the two. Pure (no Rasa): addons/dialogue/policy.py decides
with it whether to answer in context and plays the replies of domain.yml it names; figures are
looked up by actions/context.py.
"""

import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from addons.nlu import topics

FIGURE_SLOT = "figure_terms"  # set by the statistics actions: the tags of the figure last given
SAME = "same"  # answer with the previous reply again: it holds the fact asked for

# What a follow-up asks, first match wins ("how many per year" is per_year, not how_many).
KINDS: Tuple[Tuple[str, str], ...] = (
    ("different", r"\b(differen\w*|differ|compared?|vs|versus|same (thing )?as)\b"),
    ("split", r"\b(split|breakdown|broken down|ideolog\w*|what kind of (people|terrorists))\b"),
    (
        "total",
        r"\b(since it (started|began)|since the start|since (it was )?set up|altogether|in total|overall|all time)\b",
    ),
    ("earlier", r"\b(last year|previous year|year before|the year before that|before that)\b"),
    ("later", r"\b(this year|so far this year|since then)\b"),
    ("per_year", r"\b(per (year|yr|annum)|a year|each year|every year|yearly|annually)\b"),
    (
        "when",
        r"\b(since (when|wen)|when (did|was|were|has|does|do|is)|how long|what year|since what|start(ed)? when)\b",
    ),
    (
        "next",
        r"\b(the rest|the others|what happens (next|then|to them|to the rest|after\w*)|then what|what then|"
        r"go anywhere|get anywhere|anything happen|followed up|acted on|after that)\b",
    ),
    ("how_many", r"\b(how many|hw many|how much|what number of|how big|how common)\b"),
    ("meaning", r"\b(mean|means|meaning|what do you mean|in plain english)\b"),
    ("funding", r"\b(funds?|funded|funding|pays? for|paid for|money|budget)\b"),
    ("who", r"\b(who|whos|who's|which (countries|ones|states))\b"),
    ("yours", r"\b(you deal with|you (cover|handle|do)\b|your (job|department|area)|for you)"),
    ("more", r"\b(tell me more|more (info\w*|detail\w*)|go on|like what|such as|why|how come|how so)\b"),
)
_KINDS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in KINDS]

# Words that point back: "that", "it", "they", "the rest" ...; or a reply that only makes sense
# after another ("and last year", "since when", "why").
_POINTS_BACK = re.compile(
    r"\b(that|this|it|its|it's|they|them|their|those|these|the rest|the others|he|she|him|her)\b"
    r"|^\W*(and|but|so|also|then|ok(ay)?,? (and|so|but)|what about|how about)\b"
    r"|^\W*(since when|why|how come|how so|really|like|such as|go on|tell me more)\b",
    re.IGNORECASE,
)
# "what about women?" right after a figure: another figure, one the page does not give
_ANOTHER_FIGURE = re.compile(r"^\W*(and\s+)?(what|how) about\b", re.IGNORECASE)


def asks_what_about(text: Optional[str]) -> bool:
    """ "what about women?", "and how about last year": small talk to the classifier, a follow-up here."""
    return bool(_ANOTHER_FIGURE.search(text or ""))


MAX_WORDS = 9  # "i was shouted at in the street for wearing a headscarf..." is a new message, not a follow-up

# Concern replies: a follow-up to one ("can I send it to you?", "it's just for a project") gets
# the same routes again, whatever it asks.
CONCERN_REPLIES = frozenset(
    {
        "utter_signpost_emergency",
        "utter_signpost_report",
        "utter_signpost_no_danger",
        "utter_signpost_online_content",
        "utter_signpost_radicalisation",
        "utter_signpost_crisis",
        "utter_refuse_harm",
        "utter_signpost_other_crime",
    }
)

# Knowledge replies: for each kind of follow-up, the reply that answers it (SAME: the reply
# itself holds the fact, e.g. "since February 2022"), or "figures:" and the figure keys of
# actions/figures.yml. Every fact stays in its one place; this table only points to it.
KNOWLEDGE: Dict[str, Dict[str, str]] = {
    "utter_explain_ctp": {"who": SAME, "more": SAME, "funding": SAME},
    # the page: HM Government funds CTP to deliver CONTEST's police part (utter_explain_ctp says so)
    "utter_explain_contest": {"who": SAME, "more": SAME, "funding": "utter_explain_ctp"},
    "utter_explain_prevent": {
        "who": SAME,
        "how_many": "figures:prevent_referrals_per_year",
        "per_year": "figures:prevent_referrals_per_year",
        "next": "utter_explain_prevent_process",
        "more": "utter_explain_prevent_process",
        "when": "utter_explain_prevent_duty",
    },
    "utter_explain_pursue": {"who": SAME, "how_many": "figures:live_investigations,subjects_of_interest"},
    "utter_explain_protect": {"more": SAME},
    "utter_explain_prepare": {"more": SAME},
    "utter_explain_mi5": {"who": SAME, "how_many": "figures:live_investigations,subjects_of_interest"},
    "utter_explain_state_threats": {"who": SAME, "more": SAME},
    "utter_explain_war_crimes": {"how_many": SAME, "who": SAME},
    "utter_explain_threat_level": {"when": SAME, "meaning": SAME, "more": SAME},
    "utter_explain_attack_response": {"more": SAME, "who": SAME},
    "utter_explain_ideologies": {"how_many": "figures:ideology_split", "more": "figures:ideology_split"},
    "utter_explain_prevent_ideologies": {
        "how_many": "figures:ideology_split",
        "more": "figures:ideology_split",
    },
    "utter_explain_prevent_process": {
        "how_many": "figures:prevent_referrals_per_year,prevent_passed_to_other_services_share",
        "next": "figures:channel_cases_per_year",
    },
    "utter_explain_channel": {
        "who": SAME,
        "how_many": "figures:channel_cases_per_year,channel_people_supported_since_2015",
        "per_year": "figures:channel_cases_per_year",
        "when": "figures:channel_people_supported_since_2015",
    },
    "utter_explain_prevent_duty": {"when": SAME, "how_many": "figures:channel_people_supported_since_2015"},
    "utter_explain_report_outcome": {"next": SAME, "how_many": "figures:public_contacts_last_year"},
    "utter_explain_ctiru": {"how_many": "figures:ctiru_referrals_2024,ctiru_referrals_since_2025"},
}
# After a figure, these kinds follow the links in actions/figures.yml (`follow_ups`); "when" and "who"
# repeat the figure, whose period and source say when and who said it.
FIGURE_KINDS = frozenset(
    {"when", "who", "earlier", "later", "per_year", "next", "how_many", "split", "total"}
)
# Whether the figures file answers a follow-up of a kind to the figure with these tags.
FigureLinks = Callable[[Tuple[str, ...], str], bool]
# The tags (actions/figures.yml `about`) of the figures with these keys.
FigureTags = Callable[[Sequence[str]], frozenset]


def kind_of(text: Optional[str]) -> Optional[str]:
    """What a follow-up asks ("since when" -> when), or None."""
    for name, pattern in _KINDS:
        if pattern.search(text or ""):
            return name
    return None


# A very short question of one of these kinds has nothing else to be about ("how long for?", "how many?");
# "who are you" or "what does gov.uk/ACT mean" can, so they need a word that points back.
ELLIPTIC_KINDS = frozenset({"when", "earlier", "later", "per_year", "next", "how_many", "split", "total"})
ELLIPTIC_MAX_WORDS = 6  # "how many people a year": answer() still refuses one naming a term


def leans_on_context(text: Optional[str]) -> bool:
    """Short, and points back at the previous answer ("who funds it", "and last year", "how long for")."""
    text = text or ""
    words = len(text.split())
    if not 0 < words <= MAX_WORDS:
        return False
    return bool(_POINTS_BACK.search(text)) or (
        words <= ELLIPTIC_MAX_WORDS and kind_of(text) in ELLIPTIC_KINDS
    )


@dataclass(frozen=True)
class PreviousTurn:
    """What the bot said in the turn before the latest message."""

    replies: Tuple[str, ...]  # domain.yml response names, in order, without the signpost line
    figure_tags: Tuple[str, ...]  # tags of a figure given in that turn; () if none


@dataclass(frozen=True)
class Answer:
    replies: Tuple[str, ...] = ()  # domain.yml responses to send
    figures: Tuple[str, ...] = ()  # figure keys (or "ideology_split") to send
    figure_kind: Optional[str] = None  # follow the previous figure's link of this kind
    signpost_line: bool = True  # concern replies carry their own routes
    no_figure: bool = False  # "what about women?" after a figure the page does not give: say so


# the lines of routes said under an answer: not themselves an answer a follow-up could lean on
SIGNPOST_FOOTERS = ("utter_signpost_line", "utter_signpost_every_route")


def previous_turn(events: Sequence[dict]) -> PreviousTurn:
    """The bot's replies between the last two user messages (events as dicts, oldest first)."""
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return PreviousTurn((), ())
    turn = events[users[-2] + 1 : users[-1]]
    replies, tags = [], ()
    for event in turn:
        name = (event.get("metadata") or {}).get("utter_action")
        if event.get("event") == "bot" and name and name not in SIGNPOST_FOOTERS:
            replies.append(name)
        if event.get("event") == "slot" and event.get("name") == FIGURE_SLOT and event.get("value"):
            tags = tuple(event["value"])
    return PreviousTurn(tuple(replies), tags)


def answer(
    previous: PreviousTurn,
    text: str,
    terms: Iterable[str],
    figure_links: FigureLinks,
    figure_tags: Optional[FigureTags] = None,
) -> Optional[Answer]:
    """The answer to a follow-up in the context of the previous turn, or None (not a follow-up
    we can answer: the message keeps its own route)."""
    if not leans_on_context(text):
        return None
    kind = kind_of(text)
    named = [topics.RESPONSE[t] for t in topics.topics_named(text)]
    terms = frozenset(terms)
    if kind == "different":  # "how is that different from Prevent?": the last topic, then Prevent
        last = next((r for r in previous.replies if r in KNOWLEDGE and r not in named), None)
        return Answer(replies=(last, *named)) if last and named else None
    if named:  # "ok so what is Prevent": a new question, with its own route
        return None
    if terms:  # "how many referrals do they get" after CTIRU: its referrals, not Prevent's
        return _figures_of_the_last_topic(previous, kind, terms, figure_tags)
    concern = next((r for r in previous.replies if r in CONCERN_REPLIES), None)
    if concern:
        return Answer(replies=(concern,), signpost_line=False)
    if previous.figure_tags and kind in FIGURE_KINDS and figure_links(previous.figure_tags, kind):
        return Answer(figure_kind=kind)
    if previous.figure_tags and kind is None and asks_what_about(text):
        return Answer(no_figure=True)
    found = _knowledge_target(previous, kind)
    return _pointed(*found) if found else None


def _knowledge_target(previous: PreviousTurn, kind: Optional[str]) -> Optional[Tuple[str, str]]:
    """The first knowledge reply of the previous turn that answers this kind, and what it points to."""
    return next(
        ((reply, KNOWLEDGE[reply][kind]) for reply in previous.replies if kind in KNOWLEDGE.get(reply, {})),
        None,
    )


def _figure_keys(target: str) -> Tuple[str, ...]:
    """The figure keys a "figures:" target names; () for a reply."""
    return tuple(target[len("figures:") :].split(",")) if target.startswith("figures:") else ()


def _figures_of_the_last_topic(
    previous: PreviousTurn, kind: Optional[str], terms: frozenset, figure_tags: Optional[FigureTags]
) -> Optional[Answer]:
    """A follow-up naming only what the last topic's figures are about; otherwise a new question (None)."""
    found = _knowledge_target(previous, kind)
    if figure_tags is None or previous.figure_tags or not found:  # after a figure, its own links decide
        return None
    keys = [k for k in _figure_keys(found[1]) if k != "ideology_split"]
    return _pointed(*found) if keys and terms <= figure_tags(keys) else None


def _pointed(reply: str, target: str) -> Answer:
    if target == SAME:
        return Answer(replies=(reply,))
    if _figure_keys(target):
        return Answer(figures=_figure_keys(target))
    return Answer(replies=(target,))


def actions_for(found: Answer, figures_action: str) -> List[str]:
    """The actions that give an answer: its replies straight from domain.yml (so a concern's routes
    come back even when the action server is down), or the action that looks up figures."""
    if found.figure_kind or found.figures or found.no_figure:
        return [figures_action]  # it sends the replies, the figures and the signpost line
    return list(found.replies) + (["utter_signpost_line"] if found.signpost_line else [])
