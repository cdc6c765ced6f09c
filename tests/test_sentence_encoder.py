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


def test_texts_started_ahead_give_the_same_bits_as_embedded_now(encoder):
    # training must give the same model every time: the background thread multiplies on one BLAS
    # thread, as encode_many does (on two, a batch's last bits differed, and which batches it reached
    # on which depended on timing)
    subjects = ["my neighbour", "a lad at work", "someone online", "my cousin", "the man upstairs"]
    things = ["chemicals", "wires", "knives", "flags", "videos", "parcels", "bottles", "maps", "drones"]
    times = ["late at night", "every weekend", "since march", "on his own", "near the station", "again"]
    texts = [f"{s} keeps buying {t} {w}" for s in subjects for t in things for w in times]
    assert len(texts) == 270
    fresh = encoder.encode_many(texts)
    encoder.encode_ahead(texts)
    ahead = encoder.encode_many(texts)  # asked at once: most batches not begun, some under way or made
    assert np.array_equal(ahead, fresh)
