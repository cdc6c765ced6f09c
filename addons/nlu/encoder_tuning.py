"""Training only: the sentence encoder's top layers, tuned on the training intents.

Why: the second look (addons/nlu/second_look.py) reads a message's meaning from all-MiniLM-L6-v2
as published, which knows English in general, not which messages go to which of our routes.
Tuning its top layers so that training sentences of one intent lie together routed more held-out
concern messages right than any change of words, cues or sentences did (results/bench/round9.md).
The lower layers stay as published: their states are computed once, in NumPy, and only the top
layers are rebuilt in TensorFlow (installed with Rasa) to be trained, with a head that scores a
sentence by its cosine to each intent, starting at the intent's mean embedding. Only the tuned
layers are kept: at run time they run in NumPy like the rest (sentence_encoder.py), so nothing
here is imported outside training.
"""

import logging
import time
from typing import Dict, List

import numpy as np

from addons.nlu.sentence_encoder import HEADS, LAYER_NORM_EPS, LAYERS, SentenceEncoder

logger = logging.getLogger(__name__)

BATCH_SIZE = 32  # sentences of one token length per step, so no padding is needed
TEMPERATURE = 20.0  # cosines lie in [-1, 1]: scaled so the softmax can grow sure


def layer_names(encoder: SentenceEncoder, first_layer: int) -> List[str]:
    """The names of the weights of layers first_layer.. (those tuning changes)."""
    prefixes = tuple(f"encoder.layer.{layer}." for layer in range(first_layer, LAYERS))
    return sorted(name for name in encoder.w if name.startswith(prefixes))


def tune_top_layers(
    encoder: SentenceEncoder,
    states: List[np.ndarray],
    labels: List[str],
    first_layer: int,
    epochs: int,
    learning_rate: float,
    seed: int,
) -> Dict[str, np.ndarray]:
    """The weights of layers first_layer.. after `epochs` passes over the training sentences, whose
    (tokens, 384) states after the first `first_layer` layers are given, with their intents."""
    import tensorflow as tf  # training only, and only here: run time does not load TensorFlow

    if not 0 < first_layer < LAYERS:
        raise ValueError(f"first_layer must be between 1 and {LAYERS - 1}, not {first_layer}")
    if len(states) != len(labels) or not states:
        raise ValueError("tuning needs one intent per sentence, and at least one sentence")
    tf.config.experimental.enable_op_determinism()  # the same data and seed make the same model
    tf.random.set_seed(seed)
    order = np.random.default_rng(seed)
    weights = {
        name: tf.Variable(np.array(encoder.w[name], dtype=np.float32))
        for name in layer_names(encoder, first_layer)
    }
    intents = sorted(set(labels))
    targets = np.array([intents.index(label) for label in labels], dtype=np.int64)

    def layer_norm(x, name):
        mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) / tf.sqrt(variance + LAYER_NORM_EPS) * weights[name + "weight"] + weights[
            name + "bias"
        ]

    def dense(x, name):
        return tf.einsum("bti,oi->bto", x, weights[name + ".weight"]) + weights[name + ".bias"]

    def transformer_layer(x, p):
        # as sentence_encoder._transformer_layer (BERT's layer), in TensorFlow
        texts, length, size = tf.shape(x)[0], tf.shape(x)[1], x.shape[-1]
        head = size // HEADS

        def split(t):
            return tf.transpose(tf.reshape(t, [texts, length, HEADS, head]), [0, 2, 1, 3])

        q, k, v = (split(dense(x, f"{p}attention.self.{part}")) for part in ("query", "key", "value"))
        attention = tf.nn.softmax(
            tf.matmul(q, k, transpose_b=True) / np.sqrt(head).astype(np.float32), axis=-1
        )
        context = tf.reshape(tf.transpose(tf.matmul(attention, v), [0, 2, 1, 3]), [texts, length, size])
        x = layer_norm(x + dense(context, p + "attention.output.dense"), p + "attention.output.LayerNorm.")
        hidden = dense(x, p + "intermediate.dense")
        hidden = 0.5 * hidden * (1.0 + tf.math.erf(hidden / np.sqrt(2.0).astype(np.float32)))
        return layer_norm(x + dense(hidden, p + "output.dense"), p + "output.LayerNorm.")

    def embed(x):
        for layer in range(first_layer, LAYERS):
            x = transformer_layer(x, f"encoder.layer.{layer}.")
        return tf.math.l2_normalize(tf.reduce_mean(x, axis=1), axis=-1)

    start = encoder.finish_many(states, first_layer)
    centres = np.stack([start[targets == index].mean(axis=0) for index in range(len(intents))]).T
    head = tf.Variable(centres.astype(np.float32))
    bias = tf.Variable(np.zeros(len(intents), dtype=np.float32))
    trained = list(weights.values()) + [head, bias]
    optimizer = tf.keras.optimizers.Adam(learning_rate)

    @tf.function(
        input_signature=[
            tf.TensorSpec([None, None, start.shape[1]], tf.float32),
            tf.TensorSpec([None], tf.int64),
        ]
    )
    def step(x, y):
        with tf.GradientTape() as tape:
            scores = TEMPERATURE * tf.matmul(embed(x), tf.math.l2_normalize(head, axis=0)) + bias
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, scores))
        # TensorFlow's autograph rewrites zip() in a tf.function and knows no strict=
        optimizer.apply_gradients(zip(tape.gradient(loss, trained), trained))  # noqa: B905
        return loss

    by_length: Dict[int, List[int]] = {}
    for index, state in enumerate(states):
        by_length.setdefault(state.shape[0], []).append(index)
    for epoch in range(1, epochs + 1):
        began, total = time.monotonic(), 0.0
        batches = [
            rows[start_row : start_row + BATCH_SIZE]
            for rows in (order.permutation(same) for same in by_length.values())
            for start_row in range(0, len(rows), BATCH_SIZE)
        ]
        for position in order.permutation(len(batches)):
            rows = batches[position]
            total += float(step(np.stack([states[row] for row in rows]), targets[rows])) * len(rows)
        logger.info(
            "Tuning the sentence encoder's top %d layers: pass %d of %d, loss %.3f (%.0f s)",
            LAYERS - first_layer,
            epoch,
            epochs,
            total / len(states),
            time.monotonic() - began,
        )
    return {name: variable.numpy() for name, variable in weights.items()}
