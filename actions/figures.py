"""The figures file: load, check and look up official figures. Knows nothing of Rasa.

Each figure has tags (`about`) saying what it is about. A question brings its own tags (the
domain terms found in it) and gets the figures that share the most of them. If no tag
matches at all, there is no figure: the bot says so rather than guess a number.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Tuple

import yaml

DEFAULT_FILE = Path(__file__).with_name("figures.yml")
FILE_ENV_VAR = "ACT_FIGURES_FILE"  # lets tests and deployments point at another copy
REQUIRED = ("value", "says", "period", "source", "about")
# A value is a number as published: digits, or the page's own words for a rough count ("thousands").
NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundreds|thousands|millions)\b")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Tags that mean "statistics in general", not one figure.
GENERAL_TAGS = frozenset({"overview"})
TERM_ENTITY = "term"  # the entity addons/nlu/domain_terms.py gives each domain term (its value: the tag)


class FiguresFileError(Exception):
    """The figures file is missing or malformed. The message names the file and the entry."""


@dataclass(frozen=True)
class Figure:
    key: str
    value: str
    says: str
    period: str
    source: str
    about: FrozenSet[str]
    # Phrases (regular expressions) that ask for this figure without naming a domain term,
    # e.g. "subjects of interest": a message that matches one gets this figure first.
    asked_as: Tuple[str, ...] = ()
    # "and last year?", "what happens to the rest?": the figures that answer a follow-up of each kind
    # (addons/dialogue/context.py names the kinds); "when" and "who" need none: period and source say it.
    follow_ups: Dict[str, Tuple[str, ...]] = field(default_factory=dict)

    def asked_in(self, text: str) -> bool:
        return any(re.search(p, text, re.IGNORECASE) for p in self.asked_as)

    def sentence(self) -> str:
        return self.says.format(value=self.value)

    def citation(self) -> str:
        return f"Period: {self.period}. Source: {self.source}."


class FigureBook:
    def __init__(
        self, figures: Iterable[Figure], overview: Iterable[str], ideology_split: Iterable[str] = ()
    ):
        self.figures: Dict[str, Figure] = {f.key: f for f in figures}
        self.overview = [self.figures[k] for k in overview]
        # "Is Prevent just for Muslims?": the split of prisoners and investigations by ideology
        self.ideology_split = [self.figures[k] for k in ideology_split]

    def find(self, tags: Iterable[str], previous: Iterable[str] = (), text: str = "") -> List[Figure]:
        """The figures that answer a question with these tags; [] if none.

        A figure whose `asked_as` phrase is in the question's text comes first.

        Best: the most tags in common with the question, then the fewest tags the question
        did not mention. `previous` (the tags of the last answer) breaks a remaining tie,
        so "what about far right?" after a prison figure stays on prisons.
        """
        asked = [f for f in self.figures.values() if text and f.asked_in(text)]
        if asked:
            return asked
        tags = frozenset(tags) - GENERAL_TAGS
        scores = {key: (len(f.about & tags), -len(f.about - tags)) for key, f in self.figures.items()}
        best = max(scores.values(), default=(0, 0))
        if best[0] == 0:
            return []
        found = [f for key, f in self.figures.items() if scores[key] == best]
        previous = frozenset(previous)
        if len(found) > 1 and previous:
            shared = {f.key: len(f.about & previous) for f in found}
            if max(shared.values()) > 0:
                found = [f for f in found if shared[f.key] == max(shared.values())]
        return found

    def find_follow_up(self, tags: Iterable[str], previous: Iterable[str], text: str = "") -> List[Figure]:
        """A follow-up naming a new term ("and in investigations?" after the prison split): the new
        tags take the place of their like in the last answer's, so the split stays a split."""
        tags = frozenset(tags) - GENERAL_TAGS
        kept = [f for f in self.find(tags | frozenset(previous), text=text) if tags <= f.about]
        return kept or self.find(tags, previous=previous, text=text)

    def find_each(self, parts: List[Tuple[str, List[str]]], previous: Iterable[str] = ()) -> List[Figure]:
        """The figures for each question of a message, in order: each part on its own, and a part
        naming nothing gets nothing ("how many ... and how many of those ..." needs the first part)."""
        if len(parts) == 1:
            text, tags = parts[0]
            return self.find(tags, previous=previous, text=text)
        found: List[Figure] = []
        for text, tags in parts:
            found += [f for f in self.find(tags, previous=previous, text=text) if f not in found]
            previous = tags or previous  # "and how many of them are islamist" leans on the part before
        return found

    def tags_of(self, keys: Iterable[str]) -> frozenset:
        """Every tag of the figures with these keys (unknown keys have none)."""
        return frozenset().union(*(self.figures[k].about for k in keys if k in self.figures))

    def follow_up(self, tags: Iterable[str], kind: str) -> List[Figure]:
        """The figures that answer a follow-up of this kind to the figure(s) with these tags."""
        given = self.find(tags)
        if kind in ("when", "who"):  # the period and the source say it
            return given
        if kind == "split" and {f.key for f in given} & {f.key for f in self.ideology_split}:  # after a share
            return self.ideology_split
        keys = [k for f in given for k in f.follow_ups.get(kind, ())]
        return [self.figures[k] for k in dict.fromkeys(keys)]


# "how many arrests a year and how many are in prison", "how many arrests, how many in prison, and how
# many live investigations", "whats prevent + how many referrals": each figure question after the first
# starts where it is joined on (a comma, "and", "n", "plus", "&", "+")
_JOINED_ON = r"(?:\s*,\s*(?:and\s+|also\s+|plus\s+)?|\s+(?:and|also|plus|n|&)\s+|\s*\+\s*)"
_FIGURE_QUESTION = (
    r"(?:how (?:many|much|often)|hw many|what (?:percent(?:age)?|proportion|share|fraction|number))\b"
)
_NEXT_QUESTION = re.compile(_JOINED_ON + "(?=" + _FIGURE_QUESTION + ")", re.IGNORECASE)


def terms_in(entities: Iterable[dict]) -> List[str]:
    """The domain-term tags among a message's entities, in order."""
    return [e.get("value") for e in entities or [] if e.get("entity") == TERM_ENTITY]


def question_parts(text: str, entities: Iterable[dict]) -> List[Tuple[str, List[str]]]:
    """The questions in a message, each with the tags (term entities) inside it; one part if one question."""
    text = text or ""
    entities = [e for e in entities if e.get("entity") == TERM_ENTITY]
    cuts = [0] + [m.start() for m in _NEXT_QUESTION.finditer(text) if m.start() > 0] + [len(text)]
    return [
        (
            text[start:end],
            [
                e.get("value")
                for e in entities
                if (e.get("start") or 0) >= start and (e.get("end") or 0) <= end
            ],
        )
        for start, end in zip(cuts, cuts[1:], strict=False)  # pairs of neighbouring cuts
    ]


def load(path=None) -> FigureBook:
    path = Path(path or os.environ.get(FILE_ENV_VAR) or DEFAULT_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FiguresFileError(f"{path}: cannot read figures file: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict) or not data["figures"]:
        raise FiguresFileError(f"{path}: expected a 'figures:' mapping with at least one figure")

    figures = [_figure(path, key, entry) for key, entry in data["figures"].items()]
    for figure in figures:
        unknown = [k for keys in figure.follow_ups.values() for k in keys if k not in data["figures"]]
        if unknown:
            raise FiguresFileError(
                f"{path}: figure '{figure.key}': 'follow_ups' names unknown figures {unknown}"
            )
    overview = _figure_list(path, data, "overview", required=True)
    return FigureBook(figures, overview, _figure_list(path, data, "ideology_split", required=False))


def _figure_list(path: Path, data: dict, name: str, required: bool) -> List[str]:
    keys = data.get(name) or []
    unknown = [k for k in keys if k not in data["figures"]] if isinstance(keys, list) else []
    if not isinstance(keys, list) or (required and not keys) or unknown:
        raise FiguresFileError(f"{path}: '{name}' must list figure keys; unknown: {unknown}")
    return keys


def _figure(path: Path, key, entry) -> Figure:
    where = f"{path}: figure '{key}'"
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise FiguresFileError(f"{where}: key must be lower_case_with_underscores")
    if not isinstance(entry, dict):
        raise FiguresFileError(f"{where}: expected a mapping with {', '.join(REQUIRED)}")
    missing = [field for field in REQUIRED if not entry.get(field)]
    if missing:
        raise FiguresFileError(f"{where}: missing {', '.join(missing)}")
    for name in ("value", "says", "period", "source"):
        if not isinstance(entry[name], str):
            raise FiguresFileError(f"{where}: '{name}' must be text (quote numbers)")
    if not NUMBER.search(entry["value"]):
        raise FiguresFileError(f"{where}: value '{entry['value']}' has no number in it")
    try:
        entry["says"].format(value=entry["value"])
    except (KeyError, IndexError, ValueError):
        raise FiguresFileError(f"{where}: 'says' may use only the placeholder {{value}}") from None
    if "{value}" not in entry["says"]:
        raise FiguresFileError(f"{where}: 'says' must contain {{value}}")
    about = entry["about"]
    if not isinstance(about, list) or not all(isinstance(t, str) and KEY_PATTERN.match(t) for t in about):
        raise FiguresFileError(f"{where}: 'about' must be a list of tags like [prevent, referrals]")
    asked_as = entry.get("asked_as") or []
    if not isinstance(asked_as, list) or not all(isinstance(p, str) for p in asked_as):
        raise FiguresFileError(f"{where}: 'asked_as' must be a list of phrases")
    for phrase in asked_as:
        try:
            re.compile(phrase)
        except re.error as error:
            raise FiguresFileError(f"{where}: 'asked_as' phrase {phrase!r}: {error}") from None
    follow_ups = entry.get("follow_ups") or {}
    if not isinstance(follow_ups, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in follow_ups.items()
    ):
        raise FiguresFileError(f"{where}: 'follow_ups' must map a kind to a list of figure keys")
    return Figure(
        key=key,
        value=entry["value"],
        says=entry["says"],
        period=entry["period"],
        source=entry["source"],
        about=frozenset(about),
        asked_as=tuple(asked_as),
        follow_ups={kind: tuple(keys) for kind, keys in follow_ups.items()},
    )
