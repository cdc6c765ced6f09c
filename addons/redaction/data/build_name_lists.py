"""Rebuild forenames.txt and surnames.txt (a developer step, never run by the server).

Sources, both MIT-licensed PyPI packages, unpacked somewhere on disk:
  * Faker 40.63.0 (faker/providers/person/<locale>): first and last names; en_GB's come from
    the Office for National Statistics baby-name tables.  pip download --no-deps faker==40.63.0
  * names 0.3.0 (names/dist.*): US Census 1990 name frequencies (public domain); we keep the
    most frequent names only.                               pip download --no-deps names==0.3.0
  * spaCy 3.4's English stop words (MIT) -> stop_words.txt; spacy-lookups-data's WordNet
    verbs, adjectives and adverbs (WordNet licence) -> ordinary_words.txt (only those that are
Usage: python build_name_lists.py FAKER_DIR NAMES_DIR
"""

import importlib
import re
import sys
from pathlib import Path

# locales whose names people in the UK commonly carry (Latin script only)
LOCALES = [
    "en_GB",
    "en_IE",
    "en_IN",
    "en_PK",
    "en_US",
    "en_NG",
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "it_IT",
    "fr_FR",
    "es_ES",
    "pt_PT",
    "lt_LT",
]
CENSUS_FIRST = 600  # per sex, most frequent first
CENSUS_LAST = 4000
ENGLISH_TOP = 30000
# common in the UK (ONS baby-name tables) but missing from the lists above
EXTRA_FIRST = [
    "Muhammad",
    "Mohammad",
    "Mohamed",
    "Ahmed",
    "Ahmad",
    "Yusuf",
    "Yousef",
    "Fatima",
    "Aisha",
    "Ayesha",
    "Maryam",
    "Zainab",
    "Khadija",
    "Ibrahim",
    "Ismail",
    "Hamza",
    "Bilal",
    "Imran",
    "Tariq",
    "Asif",
    "Zara",
    "Amir",
    "Amira",
    "Hassan",
    "Hussein",
    "Mustafa",
    "Yasmin",
    "Zaynab",
    "Idris",
    "Musa",
    "Isa",
    "Harpreet",
    "Gurpreet",
    "Jaspreet",
    "Mandeep",
    "Sandeep",
    "Kuldeep",
    "Rajinder",
    "Sukhvinder",
    "Kwame",
    "Chidi",
    "Oluwaseun",
    "Tomasz",
    "Piotr",
    "Krzysztof",
    "Agnieszka",
    "Katarzyna",
]
# ordinary English words that also appear in the name lists: in lower case after a lead-in
# ("my brother will", "my friend may") they are words, not names
ORDINARY_POS = ("verb", "adj", "adv")
LATIN = re.compile(r"^[A-Za-z][A-Za-z'\-]+$")


def census(path: Path, top: int):
    return [line.split()[0].title() for line in path.read_text().splitlines()[:top]]


def ordinary_words() -> set:
    """spaCy's English stop words, WordNet verbs, adjectives, adverbs and their inflections, and
    words more frequent in lower case than capitalised (spacy-lookups-data word frequencies)."""
    import gzip
    import json
    import os

    import spacy_lookups_data
    from spacy.lang.en.stop_words import STOP_WORDS

    tables = Path(os.path.dirname(spacy_lookups_data.__file__)) / "data"
    index = json.loads(gzip.open(tables / "en_lemma_index.json.gz").read())
    lemmas = {w for pos in ORDINARY_POS for w in index[pos]}
    lookup = json.loads(gzip.open(tables / "en_lemma_lookup.json.gz").read())
    inflected = {form for form, lemma in lookup.items() if lemma in lemmas}
    months = "january february march april may june july august september october november december"
    days = "monday tuesday wednesday thursday friday saturday sunday"
    # names used more often in lower case than capitalised ("summer", "hope", "price", "guy")
    prob = json.loads(gzip.open(tables / "en_lexeme_prob.json.gz").read())
    # (a name missing capitalised from the table is rare either way: only frequent words count)
    as_word = {w for w, p in prob.items() if w.islower() and p >= prob.get(w.title(), -14.0)}
    return set(STOP_WORDS) | lemmas | inflected | set(months.split()) | set(days.split()) | as_word


def english_words(names: set) -> set:
    """Common English words that are not in the name lists: an unknown capitalised word that is
    not one of these ("Okafor", "Chinedu") can be a name; one that is ("Extremism") is not."""
    import gzip
    import json
    import os

    import spacy_lookups_data

    tables = Path(os.path.dirname(spacy_lookups_data.__file__)) / "data"
    prob = json.loads(gzip.open(tables / "en_lexeme_prob.json.gz").read())
    frequent = sorted((p, w) for w, p in prob.items() if re.fullmatch(r"[a-z]+", w))[-ENGLISH_TOP:]
    index = json.loads(gzip.open(tables / "en_lemma_index.json.gz").read())
    wordnet = {w for pos in index.values() for w in pos if re.fullmatch(r"[a-z]+", w)}
    lookup = json.loads(gzip.open(tables / "en_lemma_lookup.json.gz").read())
    inflected = {f for f, lemma in lookup.items() if lemma in wordnet and re.fullmatch(r"[a-z]+", f)}
    common = {w for _, w in frequent} | ((wordnet | inflected) & set(prob))
    return {w for w in common if len(w) > 1} - names


def main(faker_dir: str, names_dir: str) -> None:
    sys.path.insert(0, faker_dir)
    first, last = set(), set()
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(getattr(provider, attr, ()))
        last.update(getattr(provider, "last_names", ()))
    first.update(EXTRA_FIRST)
    data = Path(names_dir)
    first.update(census(data / "dist.male.first", CENSUS_FIRST))
    first.update(census(data / "dist.female.first", CENSUS_FIRST))
    last.update(census(data / "dist.all.last", CENSUS_LAST))
    here = Path(__file__).parent
    names = {w.lower() for w in first | last}
    (here / "english_words.txt").write_text("\n".join(sorted(english_words(names))) + "\n")
    from spacy.lang.en.stop_words import STOP_WORDS

    (here / "stop_words.txt").write_text("\n".join(sorted(STOP_WORDS)) + "\n")
    (here / "ordinary_words.txt").write_text("\n".join(sorted(names & ordinary_words())) + "\n")
    for name, words in (("forenames.txt", first), ("surnames.txt", last)):
        kept = sorted({w.lower() for w in words if LATIN.match(w) and len(w) > 1})
        (here / name).write_text("\n".join(kept) + "\n")
        print(name, len(kept))


if __name__ == "__main__":
    main(*sys.argv[1:3])
