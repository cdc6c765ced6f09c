"""Custom action: answer a statistics question from the figures file.

Thin by design: read the terms from the message, ask the FigureBook, send the text.
The figures file is loaded when the action server starts, so a malformed file stops it
there, with an error that names the file and the entry.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import figures
from addons.nlu import topics

SLOT = "figure_terms"
SIGNPOST_RESPONSE = "utter_signpost_line"  # the wording lives in domain.yml
FOLLOW_UP = "ask_follow_up"  # "what about people in prison" (addons/nlu/routing.py)
MAX_LISTED = 4  # more than this reads as a wall of numbers; the overview is shorter


def overview_text(book: figures.FigureBook) -> str:
    lines = ["Here are some official figures:"]
    lines += [f"- {f.sentence()} ({f.period})" for f in book.overview]
    lines.append(f"Source: {book.overview[0].source}.")
    lines.append(
        "Ask me about Prevent, Channel, prisons, or the Counter Terrorism Internet Referral Unit (CTIRU) for more."
    )
    return "\n".join(lines)


def figures_text(found: List[figures.Figure]) -> str:
    if len(found) == 1:
        return f"{found[0].sentence()}\n{found[0].citation()}"
    lines = [f"- {f.sentence()} ({f.period})" for f in found[:MAX_LISTED]]
    sources = sorted({f.source for f in found[:MAX_LISTED]})
    return "\n".join(["Here is what I have:"] + lines + [f"Source: {'; '.join(sources)}."])


NO_FIGURE_TEXT = (
    "I don't have that figure.\n"
    "I only have the figures Counter Terrorism Policing publishes. For example: arrests a year, "
    'plots stopped, Prevent referrals and Channel support. Ask "give me some statistics" to see them.'
)


def utter_topic(dispatcher: CollectingDispatcher, topic: str, book: figures.FigureBook) -> None:
    """A topic's reply (addons/nlu/topics.py); "is Prevent just for Muslims?" with its figures."""
    dispatcher.utter_message(response=topics.RESPONSE[topic])
    if topic == "prevent_ideologies":  # its reply ends "Here are the figures."
        dispatcher.utter_message(text=figures_text(book.ideology_split))


class ActionGiveStatistic(Action):
    def __init__(self, book: figures.FigureBook = None) -> None:
        self.book = book or BOOK

    def name(self) -> Text:
        return "action_give_statistic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        terms = figures.terms_in(tracker.latest_message.get("entities"))
        text = tracker.latest_message.get("text") or ""
        parts = figures.question_parts(text, tracker.latest_message.get("entities", []))
        # "what's Channel and how many go on it", "is Prevent only for Muslims, and how many are
        # referred": what it is, then how many
        first_of_two = parts[0][0] if len(parts) > 1 else ""
        for topic in topics.asked_what_is(text) or topics.topics_asked_about(first_of_two):
            utter_topic(dispatcher, topic, self.book)
        previous = tracker.get_slot(SLOT) or []
        if (tracker.latest_message.get("intent") or {}).get("name") == FOLLOW_UP and previous:
            found = self.book.find_follow_up(terms, previous, text=text)
        else:
            found = self.book.find_each(parts, previous=previous)
        if found:
            text, about = figures_text(found), sorted(set().union(*(f.about for f in found)))
        elif set(terms) & figures.GENERAL_TAGS:  # "give me some statistics"
            text, about = overview_text(self.book), None
        else:  # a figure we don't hold: never guess a number
            text, about = NO_FIGURE_TEXT, None
        dispatcher.utter_message(text=text)
        # Sent from here, not by a rule: if the action server is down, the user must see
        # the "can't fetch figures" reply, which a rule's signpost line would hide.
        dispatcher.utter_message(response=SIGNPOST_RESPONSE)
        return [SlotSet(SLOT, about)]


class ActionGiveIdeologySplit(Action):
    """After "Is Prevent just for Muslims?": the split of prisoners and investigations by ideology."""

    def __init__(self, book: figures.FigureBook = None) -> None:
        self.book = book or BOOK

    def name(self) -> Text:
        return "action_give_ideology_split"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=figures_text(self.book.ideology_split))
        dispatcher.utter_message(response=SIGNPOST_RESPONSE)
        return [SlotSet(SLOT, sorted(set().union(*(f.about for f in self.book.ideology_split))))]


# Loaded once, when the action server imports this module.
BOOK = figures.load()
