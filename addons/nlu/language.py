"""Is a message written in a language other than English? (issue 9)

The assistant answers in English only; a message in another language must get 999, gov.uk/ACT and
the hotline, never a guessed intent. Pure and offline: lingua-language-detector (its models are
inside the wheel) and spaCy's English word lists from spacy-lookups-data; built once, on first use.

Three steps, cheapest first, each conservative towards English (a false positive tells an English
speaker "this assistant answers in English"):
1. Script: letters mostly outside the Latin alphabet (Arabic, Gurmukhi, Bengali, Han, ...) are
   never English.
2. Romanised Urdu/Punjabi ("mera bhai ajeeb baatein kar raha hai"), which no detector knows:
   enough of its common words that are not English words.
3. Latin script: lingua must be confident of a language other than English AND most words must
   be unknown to an English dictionary, so typos and text-speak ("wat is prevent") stay English.
Fewer than MIN_WORDS words is too little to tell: treated as English.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import unicodedata
from functools import lru_cache
from importlib.resources import files
from typing import Dict, FrozenSet, Optional

from lingua import Language, LanguageDetectorBuilder

# Languages of the UK (census main languages) that lingua 2.1 knows; Pashto, Kurdish, Tigrinya,
# Amharic are unknown to it but caught by their script. Fewer languages = less memory, fewer mix-ups.
UK_LANGUAGES = (
    Language.ENGLISH,
    Language.WELSH,
    Language.IRISH,
    Language.POLISH,
    Language.ROMANIAN,
    Language.LITHUANIAN,
    Language.LATVIAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.GERMAN,
    Language.DUTCH,
    Language.TURKISH,
    Language.SOMALI,
    Language.ALBANIAN,
    Language.CZECH,
    Language.SLOVAK,
    Language.HUNGARIAN,
    Language.CROATIAN,
    Language.TAGALOG,
    Language.YORUBA,
    Language.SWAHILI,
    Language.VIETNAMESE,
    Language.ARABIC,
    Language.URDU,
    Language.PERSIAN,
    Language.PUNJABI,
    Language.BENGALI,
    Language.GUJARATI,
    Language.TAMIL,
    Language.HINDI,
    Language.CHINESE,
    Language.GREEK,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.BULGARIAN,
)

# Low accuracy mode uses trigrams only: less memory and time; the vocabulary check carries the rest.
LOW_ACCURACY = True
MIN_WORDS = 2  # one word ("hola", "diolch", "Llanfair") is too little to tell
MIN_NON_LATIN_LETTERS = 2  # one stray symbol-like letter is not a message in another script
# lingua's confidence in its top language (relative among UK_LANGUAGES) and the most English
# words allowed: at most half when lingua is fairly sure, at most 3 in 5 (cognates: "suspect",
# "videos") when it is near certain. Measured on the dev set and data/nlu.yml (language.md).
MIN_CONFIDENCE = 0.5
MAX_ENGLISH_SHARE = 0.5
STRONG_CONFIDENCE = 0.95
MAX_ENGLISH_SHARE_STRONG = 0.6
# The first 40 words / 300 characters are evidence enough; bounds the time on long text.
MAX_WORDS_CHECKED = 40
MAX_CHARS_CHECKED = 300
MAX_INPUT_CHARS = 1000
MIN_TYPO_LETTERS = 5  # a word this long one edit away from an English word is an English typo
MIN_ROMAN_URDU_WORDS = 2
MIN_ROMAN_URDU_SHARE = 0.34

# Common Urdu/Punjabi/Hindi words as typed in Latin letters; those that are English words
# ("main", "do", "par", "bag") never count, see _roman_urdu_words.
ROMAN_URDU = frozenset(
    """
mujhe mujhko mujhay mera meri mere tera teri tere hamara hamari hamare humara tumhara aap aapka
aapki apna apni apne hai hain hay hoon hun tha thi kya kyun kyu kaise kese kahan kab kuch koi
kisi nahi nahin nai mein ko ka ki ke se aur bhi yeh woh wo raha rahi rahe karna karni karta karti
karte kar sakta sakti sakte chahiye chahta chahti chahte bahut bohat bohot abhi yahan wahan bhai
behen behan beta beti baat baatein log logon dar madad ghar paas wala wali gaya gayi hua hui hona
ek dekh dekho dekhta dekhti dekhte bata batana batao samajh theek acha accha haan ji jee ajeeb
pada padi mainu menu tuhanu sanu kithe kiven kida tusi asi nu vich
""".split()
)

# Everyday function words of the UK's Latin-script languages that an English dictionary also lists
# (WordNet has "la", "el", "con", "un", "de" ...): never evidence of English. Words English chat
# really uses ("no", "do", "as", "me", "hay", "ma", "da", "y") are left out.
FOREIGN_FUNCTION_WORDS = frozenset(
    """
le la les un une des du de il elle je tu nous vous ils est et ce mon mes ses dans sur pas ne qui
que au aux el los las del en con por para es mi su al lo se os um uma dos das com meu di che
della gli și în cu pe este nu sa să ca că din w z nie jest się jak ale yr mae fy ei eu dw ac
ond ir yra kad der das und ist nicht mit zu o
""".split()
)

_URL_OR_HANDLE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|@\w+|\b[\w-]+\.(?:uk|com|org|net)\S*", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LOOKUPS = ("en_lemma_lookup", "en_lemma_index", "en_lemma_exc", "en_lexeme_norm")
# Text-speak the dictionaries lack; English, so never a reason to answer "we answer in English".
_TEXT_SPEAK = frozenset(
    """
u ur r ya yh ye yeah yep yup nah k kk ok okay thx thnx ty pls plz lol omg idk tbh btw wat wot wut
abt bc cuz coz cos gonna wanna gotta dunno innit bruv fam tho thru rn imo ngl smth sth summat
nowt owt aye ta hiya m8 hun luv brb wtf gimme lemme im ive dont cant wont isnt didnt doesnt
theres thats whats hes shes theyre youre hw mny ppl pple wen wht whn shud cud wud nd b4 gd tht
smthing sumthing sumfin bcoz bcos
""".split()
)
# Function words the lemmatizer tables lack (they hold nouns, verbs, adjectives, adverbs). Listed
# here rather than importing spacy.lang.en, which imports spaCy and TensorFlow (8 s).
_FUNCTION_WORDS = frozenset(
    """
the a an of to for from with without into onto upon via per than if unless whether since during
although whereas among amongst against toward towards beside nor cannot should my myself your yours
yourself her hers herself him his its itself our ours ourselves their theirs themselves they we she
what when whenever which whom whose whoever anyone anything everyone everything something else
""".split()
)


# English contractions: "what's", "i'm", "don't" are English when the part before is.
_CONTRACTION_ENDINGS = ("s", "re", "ve", "ll", "d", "m", "t")
# Acronyms and terms of this assistant's domain (nlp/terms.yml) that the dictionary lacks.
_ACRONYMS = frozenset("ctp act ct ctiru mi5 mi6 gchq nca erwt isis daesh da'esh uk gov stat".split())
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


@lru_cache(maxsize=1)
def _english_words() -> FrozenSet[str]:
    """Every word form in spaCy's English lemmatizer tables (spacy-lookups-data), lower case."""
    data = files("spacy_lookups_data") / "data"
    words = set(_FUNCTION_WORDS | _TEXT_SPEAK | _ACRONYMS)
    for name in _LOOKUPS:
        table = json.loads(gzip.decompress((data / f"{name}.json.gz").read_bytes()))
        words.update(_strings_in(table))
    words = {w.lower() for w in words if w.isalpha() or "'" in w}
    return frozenset(words - FOREIGN_FUNCTION_WORDS)


def _is_english(word: str) -> bool:
    """In the English word list, a contraction of one, or one typo away from one."""
    english = _english_words()
    if word in english:
        return True
    stem, apostrophe, ending = word.partition("'")
    if apostrophe:
        return stem in english and ending in _CONTRACTION_ENDINGS
    return len(word) >= MIN_TYPO_LETTERS and any(edit in english for edit in _one_edit(word))


def _one_edit(word: str):
    """Every string one deletion, transposition, substitution or insertion away (Norvig's edits1)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            if len(right) > 1:
                yield left + right[1] + right[0] + right[2:]
            for c in _LETTERS:
                yield left + c + right[1:]
        for c in _LETTERS:
            yield left + c + right


def _strings_in(table) -> list:
    """Every string in a lookups table, keys and values, at any depth (lemma_index, lemma_exc nest)."""
    found = []
    for key, value in table.items() if isinstance(table, dict) else enumerate(table):
        if isinstance(key, str):
            found.append(key)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (dict, list)):
            found.extend(_strings_in(value))
    return found


_lock = threading.Lock()
_built = None


def _detector():
    """The lingua detector, built once (thread-safe): loading its models is the slow part."""
    global _built
    if _built is None:
        with _lock:
            if _built is None:
                _english_words()
                builder = LanguageDetectorBuilder.from_languages(*UK_LANGUAGES)
                if LOW_ACCURACY:
                    builder = builder.with_low_accuracy_mode()
                # All models loaded now, so no message pays for loading one.
                _built = builder.with_preloaded_language_models().build()
    return _built


def warm_up() -> None:
    """Build everything now (at component load), not on the first user's message."""
    _detector()


def _is_name_like(token: str) -> bool:
    return token[0].isupper() and not token.isupper()


def _roman_urdu_words(words) -> int:
    english = _english_words()
    return sum(1 for w in words if w in ROMAN_URDU and w not in english)


def explain(text: str) -> Dict[str, object]:
    """The measurements behind detect(): for tests, the benchmark and debugging."""
    if not isinstance(text, str):
        raise TypeError(f"language detection needs a str, got {type(text).__name__}")
    # the opening of a message is evidence enough; the cut bounds the time on any input (64 KiB: ms)
    plain = _URL_OR_HANDLE.sub(" ", text[:MAX_INPUT_CHARS])
    letters = [c for c in plain if c.isalpha()]
    non_latin = sum(1 for c in letters if not _is_latin(c))
    tokens = [w.replace("’", "'") for w in _WORD.findall(plain)][:MAX_WORDS_CHECKED]
    # Capitalised words no English dictionary knows are names ("Merthyr Tydfil", "Siobhan"):
    # they say nothing about the language the message is written in.
    words = [w.lower() for w in tokens if not (_is_name_like(w) and not _is_english(w.lower()))]
    facts: Dict[str, object] = {
        "letters": len(letters),
        "non_latin": non_latin,
        "words": len(words),
        "names": len(tokens) - len(words),
    }
    if not words:
        return facts
    facts["english_share"] = round(sum(1 for w in words if _is_english(w)) / len(words), 2)
    facts["roman_urdu"] = _roman_urdu_words(words)
    # letters English does not write ("padėti", "mówisz"): with lingua sure and not English at all,
    # they outweigh short words that happen to be English ("ar", "man", "po")
    facts["accented"] = sum(1 for c in letters if _is_latin(c) and not c.isascii())
    confidences = _detector().compute_language_confidence_values(plain[:MAX_CHARS_CHECKED])
    top = confidences[0] if confidences else None
    facts["top"] = top.language.iso_code_639_1.name.lower() if top else None
    facts["confidence"] = round(top.value, 3) if top else 0.0
    facts["english_confidence"] = round(
        next((c.value for c in confidences if c.language == Language.ENGLISH), 0.0), 3
    )
    return facts


def detect(text: str) -> Optional[str]:
    """ISO 639-1 code of the message's language when it is surely not English, else None.

    The code is lingua's best guess among UK_LANGUAGES (Pashto may come back "fa"); "und" when the
    script is not Latin and lingua has no guess. Route on is_other_language(), not on the code.
    """
    facts = explain(text)
    if facts["non_latin"] >= MIN_NON_LATIN_LETTERS and facts["non_latin"] * 2 > facts["letters"]:
        top = facts.get("top")
        return top if top and top != "en" else "und"
    if facts["words"] < MIN_WORDS:
        return None
    if (
        facts["roman_urdu"] >= MIN_ROMAN_URDU_WORDS
        and facts["roman_urdu"] >= MIN_ROMAN_URDU_SHARE * facts["words"]
    ):
        return "ur"
    if facts["top"] in (None, "en"):
        return None
    if facts["accented"] and facts["confidence"] >= STRONG_CONFIDENCE and facts["english_confidence"] == 0.0:
        return facts["top"]
    # unsure which language ("Há uma mochila ... está a sair fumo": Swahili 0.45 in low accuracy mode), but
    # letters English does not write, English ruled out, and most words not English: surely not English
    if (
        facts["accented"]
        and facts["english_confidence"] == 0.0
        and facts["english_share"] <= MAX_ENGLISH_SHARE
    ):
        return facts["top"]
    # lingua alone calls many short English messages French or Italian: the words decide.
    if facts["confidence"] >= STRONG_CONFIDENCE and facts["english_share"] <= MAX_ENGLISH_SHARE_STRONG:
        return facts["top"]
    if facts["confidence"] >= MIN_CONFIDENCE and facts["english_share"] <= MAX_ENGLISH_SHARE:
        return facts["top"]
    return None


# "Help!" typed alone in another language: one word is too little for the detector, and it is a cry
# for help. Only words no English message uses (not "sos", "help").
HELP_WORDS = frozenset(
    "pomocy pomoc pomoći ajutor ayuda socorro auxilio aide aidez hilfe aiuto yardım yardim imdat cymorth "
    "madad مدد مساعدة النجدة সাহায্য ਮਦਦ मदद caawin caawi gargaar".split()
)


def is_other_language(text: str) -> bool:
    """True when the message is surely written in a language other than English."""
    return is_a_cry_for_help(text) or detect(text) is not None


def is_a_cry_for_help(text: str) -> bool:
    """One word, "help" in another language ("pomocy", "ajutor"): too short to detect, too urgent to miss."""
    words = (text or "").lower().strip(" !?.\n").split()
    return len(words) == 1 and words[0] in HELP_WORDS
