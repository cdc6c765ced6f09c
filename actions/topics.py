"""Custom action: answer a question that names several topics, each with its own reply, in order.

Thin by design: which topics a question names, and the reply for each, live in
addons/nlu/topics.py (the routing table uses the same table to send the question here).
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import statistics
from addons.nlu import topics

FALLBACK_RESPONSE = "utter_fallback"  # no topic found after all: say what the bot can do


class ActionExplainTopics(Action):
    def __init__(self, book=None) -> None:
        self.book = book or statistics.BOOK

    def name(self) -> Text:
        return "action_explain_topics"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        named = topics.topics_named(tracker.latest_message.get("text"))
        for topic in named:
            dispatcher.utter_message(response=topics.RESPONSE[topic])
            if topic == "prevent_ideologies":  # its reply ends "Here are the figures."
                dispatcher.utter_message(text=statistics.figures_text(self.book.ideology_split))
        if not named:
            dispatcher.utter_message(response=FALLBACK_RESPONSE)
        dispatcher.utter_message(response=statistics.SIGNPOST_RESPONSE)
        return []
