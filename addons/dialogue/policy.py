"""Dialogue policy: answer a follow-up that leans on the previous turn ("since when?") in context.

Rules and memoized stories cannot see what "that" refers to; this policy can, since it reads the
tracker. It speaks only when addons/dialogue/context.py has an answer for the message in the
context of the previous turn, and then only for a question or an unclear message: a danger,
crisis, harm or report route (decided by addons/nlu/routing.py) and a yes/no to "Is anyone in
danger right now?" are never taken over. Otherwise it abstains and the rules decide as before.
It plays the answer's replies itself, one action per step, so they need no action server; only
an answer with figures runs action_answer_in_context (actions/context.py).
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from actions import figures
from addons.dialogue import context

logger = logging.getLogger(__name__)
ACTION = "action_answer_in_context"  # actions/context.py: answers that need figures
RECENT_EVENTS = 200  # the previous turn is always within these; a long chat is not copied whole
# Small talk is taken over only when the words ask something ("and last year" read as a yes).
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "ask_bot_capabilities"})
# The answer to "Is anyone in danger right now?" always goes to the rules: yes -> 999, no -> gov.uk/ACT.
DANGER_QUESTION = "utter_ask_immediate_danger"


def may_take_over(intent: Optional[str], text: str) -> bool:
    """A question or an unclear message; never a concern or a danger route."""
    if intent == "ask_human":
        return False
    if intent in SMALL_TALK:
        return context.kind_of(text) is not None or context.asks_what_about(text)
    return intent is None or intent.startswith("ask_") or intent in ("out_of_scope", "nlu_fallback")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # above RulePolicy (6): where both are sure, the answer in context wins
        return {"priority": 7}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.book = figures.load()  # to know whether a figure's follow-up has an answer

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        with self._model_storage.write_to(self._resource):
            pass  # nothing learnt: the table in addons/dialogue/context.py decides
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        plan = self.plan(tracker)
        done = actions_this_turn(tracker)
        if plan is not None and done == plan[: len(done)]:  # abstain if anything else has acted
            next_action = plan[len(done)] if len(done) < len(plan) else ACTION_LISTEN_NAME
            probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(probabilities)

    def plan(self, tracker: DialogueStateTracker) -> Optional[List[str]]:
        """The actions that answer the latest message in context, or None (the rules decide)."""
        message = tracker.latest_message
        if message is None or not message.text:
            return None
        if not may_take_over(message.intent.get("name"), message.text):
            return None
        terms = figures.terms_in(message.entities)
        events = [e.as_dict() for e in list(tracker.events)[-RECENT_EVENTS:]]
        previous = context.previous_turn(events)
        if DANGER_QUESTION in previous.replies:
            return None
        found = context.answer(previous, message.text, terms, self.has_follow_up, self.book.tags_of)
        logger.debug("answer in context: %s", found)
        return context.actions_for(found, ACTION) if found else None

    def has_follow_up(self, tags, kind: str) -> bool:
        return bool(self.book.follow_up(tags, kind))


def actions_this_turn(tracker: DialogueStateTracker) -> List[str]:
    """The actions run since the latest user message, in order."""
    done: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            done.append(event.action_name)
    return done[::-1]
