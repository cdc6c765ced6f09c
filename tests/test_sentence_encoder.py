"""The NumPy sentence encoder gives the same tokens and embeddings as the reference implementation."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from addons.nlu.sentence_encoder import (
    DIMENSIONS,
    EncoderMissing,
    SentenceEncoder,
    model_dir,
    shared_encoder,
)

REFERENCE = json.loads(
    (Path(__file__).parent / "fixtures" / "minilm_reference.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


@pytest.mark.parametrize("case", REFERENCE["sentences"], ids=lambda case: case["text"][:30])
def test_tokens_and_embedding_match_sentence_transformers(encoder, case):
    assert encoder.tokens.encode(case["text"], 256) == case["ids"]
    embedding = encoder.encode(case["text"])
    assert embedding.shape == (DIMENSIONS,)
    assert np.abs(embedding - np.array(case["embedding"])).max() < 1e-4


def test_a_concern_in_new_words_is_nearer_a_concern_than_a_question(encoder):
    concern = encoder.encode("someone on my street keeps ordering weird chemicals and i'm worried")
    paraphrase = encoder.encode("my neighbour is buying odd chemicals")
    question = encoder.encode("how many people are arrested each year")
    assert concern @ paraphrase > 0.4 > concern @ question


def test_long_text_is_cut_to_the_model_limit(encoder):
    ids = encoder.tokens.encode("word " * 600, 256)
    assert (
        len(ids) == 256 and ids[0] == encoder.tokens.ids["[CLS]"] and ids[-1] == encoder.tokens.ids["[SEP]"]
    )
    assert encoder.encode("word " * 600).shape == (DIMENSIONS,)


def test_weights_other_than_the_published_ones_are_refused(tmp_path):
    shutil.copy(model_dir() / "vocab.txt", tmp_path / "vocab.txt")
    (tmp_path / "model.safetensors").write_bytes(b"not the published weights")
    with pytest.raises(EncoderMissing, match="not the published all-MiniLM-L6-v2"):
        SentenceEncoder(tmp_path)


def assert_reference_embeddings(texts, embeddings):
    assert embeddings.shape == (len(texts), DIMENSIONS)
    for text, row in zip(texts, embeddings, strict=True):
        reference = next(case for case in REFERENCE["sentences"] if case["text"] == text)
        assert np.abs(row - np.array(reference["embedding"])).max() < 1e-4


def test_many_texts_shared_among_threads_give_each_its_own_embedding(encoder):
    texts = [case["text"] for case in REFERENCE["sentences"]]
    texts = texts + texts[:3]  # repeated texts get their row each time
    assert_reference_embeddings(texts, encoder.encode_many(texts))


def test_texts_of_one_length_go_through_together_as_each_would_alone(encoder):
    words = ["chemicals", "fertiliser", "knives", "leaflets", "videos", "parcels", "bottles", "wires"]
    texts = [f"my neighbour keeps buying {word} late at night" for word in words]
    length = len(encoder.tokens.encode(texts[0], 256))
    same = [text for text in texts if len(encoder.tokens.encode(text, 256)) == length]
    assert len(same) >= 3  # one batch of several texts
    together = encoder.encode_many(same)
    for text, row in zip(same, together, strict=True):
        assert np.abs(row - encoder.encode(text)).max() < 1e-5


def test_texts_started_ahead_come_back_as_if_embedded_now(encoder):
    texts = [case["text"] for case in REFERENCE["sentences"]]
    encoder.encode_ahead(texts[:4])
    asked = texts[2:] + ["a text not started ahead"]
    embeddings = encoder.encode_many(asked)
    assert_reference_embeddings(asked[:-1], embeddings[:-1])
    assert np.abs(embeddings[-1] - encoder.encode("a text not started ahead")).max() < 1e-5
    assert_reference_embeddings(texts[:2], encoder.encode_many(texts[:2]))  # taken once, then forgotten


def test_states_after_some_layers_then_the_rest_give_the_embedding(encoder):
    texts = [case["text"] for case in REFERENCE["sentences"]]
    for layers in (1, 4):
        states = encoder.states_many(texts, layers)
        assert [state.shape for state in states] == [
            (len(encoder.tokens.encode(t, 256)), DIMENSIONS) for t in texts
        ]
        assert_reference_embeddings(texts, encoder.finish_many(states, layers))


def test_states_started_ahead_come_back_as_if_computed_now(encoder):
    texts = [case["text"] for case in REFERENCE["sentences"]]
    encoder.encode_ahead(texts[:3], 4)
    encoder.encode_ahead(texts[3:5])  # embeddings, not states: not taken for states
    states = encoder.states_many(texts, 4)
    assert_reference_embeddings(texts, encoder.finish_many(states, 4))
    assert_reference_embeddings(texts[3:5], encoder.encode_many(texts[3:5]))


def test_replaced_layers_change_the_embedding_and_leave_the_published_encoder_alone(encoder):
    text = REFERENCE["sentences"][0]["text"]
    name = "encoder.layer.5.output.dense.bias"
    # not one constant: the layer norm after it would take that away
    shifted = encoder.with_layers({name: np.asarray(encoder.w[name]) + np.linspace(-1, 1, DIMENSIONS)})
    assert np.abs(shifted.encode(text) - encoder.encode(text)).max() > 1e-3
    assert_reference_embeddings([text], encoder.encode_many([text]))
    same = encoder.with_layers({name: np.asarray(encoder.w[name])})
    assert np.abs(same.encode(text) - encoder.encode(text)).max() < 1e-6


def test_weights_the_encoder_does_not_have_are_refused(encoder):
    with pytest.raises(ValueError, match="not weights of this encoder"):
        encoder.with_layers({"encoder.layer.9.output.dense.bias": np.zeros(DIMENSIONS, dtype=np.float32)})
