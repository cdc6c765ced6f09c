"""Build the project's own small spaCy pipeline and install it as a Python package.

Ready-made spaCy models are downloaded from outside the package registries, which a
locked-down server cannot reach. So the pipeline is built here from spacy.blank("en"),
a lookup lemmatizer (data from the spacy-lookups-data package on PyPI) and an entity
ruler for domain terms (nlp/terms.yml). It is packaged with `spacy package` and
pip-installed, so Rasa's SpacyNLP finds it by name from any working directory.

Usage: python nlp/build_pipeline.py --out build/spacy
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
import yaml
from spacy.lookups import Lookups

PACKAGE_NAME = "ctp_signpost"  # spaCy prefixes the language: en_ctp_signpost
PACKAGE_VERSION = "1.0.0"
TERMS_FILE = Path(__file__).with_name("terms.yml")


def lemma_table() -> dict:
    """English lemma lookups, also keyed by Title and UPPER case forms.

    spaCy's lookup lemmatizer is case-sensitive ("Arrests" would stay "Arrests"); chat
    messages start with capitals, so each entry is added in those forms too.
    """
    import spacy_lookups_data  # the data file itself: spaCy's Table keeps only hashes of the keys
    import srsly

    data_file = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    table = dict(srsly.read_gzip_json(data_file))
    for word, lemma in list(table.items()):
        for form in (word.title(), word.upper()):
            table.setdefault(form, lemma)
    return table


def load_terms(path: Path = TERMS_FILE) -> dict:
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(terms, dict) or not terms:
        raise SystemExit(f"{path}: expected a mapping of canonical term -> list of phrases")
    for key, phrases in terms.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise SystemExit(f"{path}: term '{key}' must be a list of non-empty phrases")
    return terms


def ruler_patterns(terms: dict, lemmas: dict) -> list:
    """One token pattern per phrase; each word matches its lemma in any letter case."""
    patterns = []
    for canonical, phrases in terms.items():
        for phrase in phrases:
            tokens = spacy.blank("en")(phrase)
            pattern = []
            for token in tokens:
                lemma = lemmas.get(token.lower_, token.lower_)
                # plurals too: words missing from the lemma table ("stats") keep their -s
                bases = {lemma, token.lower_, token.lower_ + "s", token.lower_ + "es"}
                forms = sorted({form for base in bases for form in (base, base.title(), base.upper())})
                pattern.append({"LEMMA": {"IN": forms}})
            patterns.append({"label": "term", "pattern": pattern, "id": canonical})
    return patterns


def build(out_dir: Path) -> Path:
    terms = load_terms()
    lemmas = lemma_table()
    nlp = spacy.blank("en")
    nlp.meta.update(
        {
            "name": PACKAGE_NAME,
            "version": PACKAGE_VERSION,
            "description": "ACT signpost assistant: blank English + lookup lemmatizer + domain term ruler",
        }
    )
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", lemmas)
    lemmatizer.initialize(lookups=lookups)
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(terms, lemmas))

    pipeline_dir = out_dir / "pipeline"
    if pipeline_dir.exists():
        shutil.rmtree(pipeline_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(pipeline_dir)
    return pipeline_dir


def package_and_install(pipeline_dir: Path, out_dir: Path) -> None:
    packages_dir = out_dir / "packages"
    if packages_dir.exists():
        shutil.rmtree(packages_dir)
    packages_dir.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "spacy", "package", str(pipeline_dir), str(packages_dir), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (package_src,) = packages_dir.glob(f"en_{PACKAGE_NAME}-*")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--force-reinstall",
            str(package_src),
        ],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/spacy"))
    args = parser.parse_args()
    print("spaCy pipeline: building from spacy.blank('en') + spacy-lookups-data ...", flush=True)
    pipeline_dir = build(args.out)
    print(
        f"spaCy pipeline: saved to {pipeline_dir}; packaging and installing en_{PACKAGE_NAME} ...", flush=True
    )
    package_and_install(pipeline_dir, args.out)
    nlp = spacy.load(f"en_{PACKAGE_NAME}")
    doc = nlp("How many Arrests were made after Prevent referrals to MI5?")
    print("spaCy pipeline: ready; check ->", [(e.text, e.ent_id_) for e in doc.ents], flush=True)


if __name__ == "__main__":
    main()
