"""Custom action: a follow-up answered with figures, in the context of the previous turn ("and last year?").

Thin by design: addons/dialogue/context.py says which figures of actions/figures.yml answer it;
addons/dialogue/policy.py chose to run this action (it plays answers made of domain.yml replies itself).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import figures, statistics
from addons.dialogue import context


class ActionAnswerInContext(Action):
    def __init__(self, book=None) -> None:
        self.book = book or statistics.BOOK

    def name(self) -> Text:
        return "action_answer_in_context"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        terms = figures.terms_in(message.get("entities"))
        previous = context.previous_turn(tracker.events)
        found = context.answer(
            previous,
            message.get("text") or "",
            terms,
            lambda tags, kind: bool(self.book.follow_up(tags, kind)),
            self.book.tags_of,
        )
        if found is None:  # the policy and this action read the same table: only if they disagree
            dispatcher.utter_message(response="utter_fallback")
            dispatcher.utter_message(response="utter_signpost_every_route")
            return []
        # the policy plays answers made of domain.yml replies itself; this action gets those with figures
        given = self.figures_for(found, previous)
        if given:
            dispatcher.utter_message(text=statistics.figures_text(given))
        else:  # "what about women?" after a figure: never a guessed number
            dispatcher.utter_message(text=statistics.NO_FIGURE_TEXT)
        dispatcher.utter_message(response=statistics.SIGNPOST_RESPONSE)
        return [SlotSet(statistics.SLOT, sorted(set().union(*(f.about for f in given))))] if given else []

    def figures_for(self, found: context.Answer, previous: context.PreviousTurn):
        if found.figure_kind:
            return self.book.follow_up(previous.figure_tags, found.figure_kind)
        given = []
        for key in found.figures:
            given += self.book.ideology_split if key == "ideology_split" else [self.book.figures[key]]
        return given
