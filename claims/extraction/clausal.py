"""The speaker a dependency parse shows: the subject of a verb with a clausal complement.

"Clinton believes the economy is strong", "Mr. Obama warned that troops would stay": the
subject of a verb that governs a clause (``ccomp``) is who the clause is attributed to, for
verbs no list foresees. Used only when the document was parsed (see ``pipeline``) and the
hand patterns found nothing.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

__all__ = ["clausal_subject"]

_SUBJECTS = frozenset({"nsubj"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
_NOT_SPEAKERS = frozenset({"this", "that", "there", "what", "which", "who", "these", "those"})


def _phrase(subject: Token) -> str:
    tokens = [t for t in subject.subtree if t.i <= subject.i or t.dep_ in ("flat", "compound")]
    while tokens and tokens[0].dep_ in ("det", "cc", "punct", "advmod"):
        tokens.pop(0)
    if not tokens:
        return ""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return subject.doc.text[start:end]


def _speaker_like(subject: Token) -> bool:
    lower = subject.lower_
    if lower in _PRONOUNS:
        return True
    if lower in _NOT_SPEAKERS or subject.pos_ not in ("PROPN", "NOUN"):
        return False
    return subject.ent_type_ in ("PERSON", "ORG", "NORP", "") and (
        subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG")
    )


def clausal_subject(span: Span) -> str:
    """The subject of the first verb in ``span`` that governs a clause, or ""."""
    for token in span:
        if token.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "ccomp" for c in token.children):
            continue
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and _speaker_like(subject):
            return _phrase(subject)
    return ""
