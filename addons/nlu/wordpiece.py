"""BERT's uncased WordPiece tokenizer, in plain Python, for the sentence encoder.

The same steps as Hugging Face's BertTokenizer with do_lower_case (clean, split CJK characters,
lower-case, strip accents, split punctuation, then greedy longest-match WordPiece), so the encoder
sees the token ids it was trained on without pulling in `transformers` or `tokenizers`.
"""

import unicodedata
from pathlib import Path
from typing import Dict, List

CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
_MAX_WORD_CHARS = 100  # as BertTokenizer: a longer "word" is [UNK]


class WordPiece:
    def __init__(self, vocab_path: Path) -> None:
        words = Path(vocab_path).read_text(encoding="utf-8").splitlines()
        self.ids: Dict[str, int] = {word: index for index, word in enumerate(words)}
        for special in (CLS, SEP, UNK):
            if special not in self.ids:
                raise ValueError(f"{vocab_path} is not a BERT vocabulary: it has no {special}")

    def encode(self, text: str, max_tokens: int) -> List[int]:
        """Token ids with [CLS] and [SEP], at most max_tokens in all."""
        pieces = [piece for word in basic_words(text) for piece in self._word_pieces(word)]
        pieces = pieces[: max_tokens - 2]
        return [self.ids[CLS]] + [self.ids[piece] for piece in pieces] + [self.ids[SEP]]

    def _word_pieces(self, word: str) -> List[str]:
        if len(word) > _MAX_WORD_CHARS:
            return [UNK]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    break
                end -= 1
            if end == start:
                return [UNK]  # one unknown piece makes the whole word unknown, as in BERT
            pieces.append(piece)
            start = end
        return pieces


def basic_words(text: str) -> List[str]:
    """Lower-cased, accent-free words and single punctuation marks."""
    text = "".join(_spaced_if_cjk(char) for char in _cleaned(text))
    words = []
    for word in text.split():
        word = "".join(
            char for char in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(char) != "Mn"
        )
        words.extend(_split_on_punctuation(word))
    return words


def _cleaned(text: str) -> str:
    out = []
    for char in text:
        if char in "\t\n\r" or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif ord(char) == 0 or ord(char) == 0xFFFD or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        else:
            out.append(char)
    return "".join(out)


def _split_on_punctuation(word: str) -> List[str]:
    parts: List[str] = []
    current = ""
    for char in word:
        if _is_punctuation(char):
            if current:
                parts.append(current)
            parts.append(char)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    # BERT counts every non-alphanumeric ASCII symbol as punctuation, e.g. "$" and "^"
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _spaced_if_cjk(char: str) -> str:
    code = ord(char)
    cjk = (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )
    return f" {char} " if cjk else char
