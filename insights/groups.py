"""Group the redacted unanswered questions by similarity (TF-IDF over words, cosine).

Greedy and deterministic: each question joins the first group whose first question is at least
SIMILAR to it, else starts a group. Good enough to see which questions come up again; a person
reviews every one before it becomes training data.
"""

from __future__ import annotations

import re
from typing import List

PLACEHOLDER = re.compile(r"\[[a-z ]+\]")
SIMILAR = 0.5  # cosine similarity of TF-IDF word vectors


def group(rows: List[dict], similar: float = SIMILAR) -> List[List[dict]]:
    """Lists of ``act_unanswered`` rows, biggest group first."""
    # redaction placeholders ("[phone number]") say nothing about what was asked
    texts = [PLACEHOLDER.sub(" ", r.get("text") or "").strip() for r in rows]
    if not rows:
        return []
    if not any(texts):
        return [rows]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectors = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b").fit_transform(texts)
    similarity = cosine_similarity(vectors)
    heads: List[int] = []
    groups: List[List[int]] = []
    for i in range(len(rows)):
        for head, members in zip(heads, groups, strict=True):
            if similarity[head, i] >= similar:
                members.append(i)
                break
        else:
            heads.append(i)
            groups.append([i])
    groups.sort(key=lambda members: (-len(members), members[0]))
    return [[rows[i] for i in members] for members in groups]
