"""Custom action: answer a question that names several topics, each with its own reply, in order.

Also answers a follow-up ("what about Channel?") that does not come after a figure: what the topic
is, or, when it names no topic of addons/nlu/topics.py ("what about prisons?"), its figure.

Thin by design: which topics a question names, and the reply for each, live in
addons/nlu/topics.py (the routing table uses the same table to send the question here).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import statistics
from addons.nlu import topics


class ActionExplainTopics(Action):
    def __init__(self, book=None) -> None:
        self.book = book or statistics.BOOK

    def name(self) -> Text:
        return "action_explain_topics"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        named = topics.topics_named(tracker.latest_message.get("text"))
        if not named:  # "what about people in prison" with no figure before it: the figure
            return statistics.ActionGiveStatistic(self.book).run(dispatcher, tracker, domain)
        for topic in named:
            statistics.utter_topic(dispatcher, topic, self.book)
        dispatcher.utter_message(response=statistics.SIGNPOST_RESPONSE)
        return []
