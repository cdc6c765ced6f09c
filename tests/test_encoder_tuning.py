"""Tuning the sentence encoder's top layers (addons/nlu/encoder_tuning.py), on a few real sentences."""

import numpy as np
import pytest

from addons.nlu.encoder_tuning import layer_names, tune_top_layers
from addons.nlu.sentence_encoder import SentenceEncoder, shared_encoder

# Two intents whose sentences the published encoder does not hold apart well: both are about a
# neighbour and a van. Tuning should pull each intent's sentences together.
SENTENCES = {
    "report": [
        "my neighbour loads boxes of chemicals into his van at night",
        "the man next door keeps wires and batteries in his van",
        "a neighbour's van smells of fertiliser and he hides the bags",
        "there are gas canisters piled in the van outside next door",
    ],
    "chitchat": [
        "my neighbour washed his van again, he loves that thing",
        "the man next door bought a new van, it is bright red",
        "a neighbour's van blocked my drive this morning, so annoying",
        "my neighbour's van has a funny sticker on the back",
    ],
}


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def tuned(encoder, seed=42, first_layer=4, passes=8):
    texts = [text for sentences in SENTENCES.values() for text in sentences]
    labels = [intent for intent, sentences in SENTENCES.items() for _ in sentences]
    states = encoder.states_many(texts, first_layer)
    return texts, tune_top_layers(encoder, states, labels, first_layer, passes, 0.0005, seed)


def separation(embeddings):
    """Mean cosine within an intent minus mean cosine across the two."""
    similarity = embeddings @ embeddings.T
    half = len(embeddings) // 2
    within = (similarity[:half, :half].sum() + similarity[half:, half:].sum() - len(embeddings)) / (
        2 * half * (half - 1)
    )
    return within - similarity[:half, half:].mean()


def test_tuning_pulls_each_intents_sentences_together_and_changes_only_the_top_layers(encoder):
    texts, layers = tuned(encoder)
    assert sorted(layers) == layer_names(encoder, 4)
    assert all(name.startswith(("encoder.layer.4.", "encoder.layer.5.")) for name in layers)
    assert all(layers[name].shape == encoder.w[name].shape for name in layers)
    assert any(np.abs(layers[name] - encoder.w[name]).max() > 1e-4 for name in layers)
    before = separation(encoder.encode_many(texts))
    after = separation(encoder.with_layers(layers).encode_many(texts))
    assert after > before + 0.1, (before, after)


def test_the_same_sentences_and_seed_give_the_same_layers(encoder):
    _, first = tuned(encoder, passes=2)
    _, again = tuned(encoder, passes=2)
    assert all(np.array_equal(first[name], again[name]) for name in first)


@pytest.mark.parametrize("first_layer", [0, 6, 7])
def test_a_first_layer_outside_the_encoder_is_refused(encoder, first_layer):
    with pytest.raises(ValueError, match="first_layer must be between 1 and 5"):
        tune_top_layers(encoder, [np.zeros((3, 384), np.float32)], ["report"], first_layer, 1, 0.001, 0)


def test_tuning_needs_an_intent_for_every_sentence(encoder):
    with pytest.raises(ValueError, match="one intent per sentence"):
        tune_top_layers(encoder, [np.zeros((3, 384), np.float32)], [], 4, 1, 0.001, 0)
