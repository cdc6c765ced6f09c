"""Readability of every reply the assistant can give: domain responses and statistics texts."""

import re
import statistics
import sys
from pathlib import Path

import textstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
ADDRESS_DOT = re.compile(r"(?<=\w)\.(?=\w)")  # the dots in gov.uk/ACT, not a full stop
sys.path.insert(0, str(ROOT))
from actions import figures  # noqa: E402
from actions.statistics import NO_FIGURE_TEXT, figures_text, overview_text  # noqa: E402


def all_replies():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, variants in domain["responses"].items():
        for variant in variants:
            yield name, variant["text"]
    book = figures.load()
    for key, figure in book.figures.items():
        yield f"figure:{key}", figures_text([figure])
    yield "statistics:overview", overview_text(book)
    yield "statistics:no_figure", NO_FIGURE_TEXT


def as_sentences(text):
    """Each line is a sentence to a reader; textstat only splits on punctuation, so a bullet
    list would otherwise count as one very long sentence."""
    lines = [line.strip().lstrip("-").strip() for line in text.splitlines() if line.strip()]
    joined = " ".join(line if line[-1] in ".?!:" else line + "." for line in lines)
    # A dot inside a web address (gov.uk/ACT) is not a sentence end; textstat would split
    # there and count a shorter, easier extra sentence. Dropping it keeps the address one word.
    return ADDRESS_DOT.sub("", joined)


def score(text):
    text = as_sentences(text)
    grade = textstat.flesch_kincaid_grade(text)
    # UK reading age is roughly the US grade plus 5.
    return {
        "flesch_reading_ease": round(textstat.flesch_reading_ease(text), 1),
        "fk_grade": round(grade, 1),
        "reading_age": round(grade + 5, 1),
    }


def report():
    scored = [{"name": name, **score(text)} for name, text in all_replies()]
    worst = sorted(scored, key=lambda s: -s["reading_age"])
    return {
        "replies": len(scored),
        "median_reading_age": round(statistics.median(s["reading_age"] for s in scored), 1),
        "median_flesch_reading_ease": round(statistics.median(s["flesch_reading_ease"] for s in scored), 1),
        "worst": worst[:8],
        "all": scored,
    }


if __name__ == "__main__":
    result = report()
    for item in sorted(result["all"], key=lambda s: -s["reading_age"]):
        print(f"{item['reading_age']:5}  {item['flesch_reading_ease']:6}  {item['name']}")
    print(f"median reading age {result['median_reading_age']}")
