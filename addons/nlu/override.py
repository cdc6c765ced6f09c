"""Shared by the NLU guards: replace the predicted intent, keeping the classifier's ranking."""
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def force_intent(message: Message, name: str) -> None:
    forced = {"name": name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced] + ranking, add_to_output=True)


def intent_name(message: Message):
    return (message.get(INTENT) or {}).get("name")
