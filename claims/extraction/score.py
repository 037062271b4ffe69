"""Check-worthiness of one sentence: named features, hand-set weights, a logistic squash.

Every point of the score comes from a feature in ``WEIGHTS`` and carries a reason a person
can read ("year: 1953"). The weights are set by hand, looking at what a fact-checker would
check (numbers, records, comparisons, named actors doing reported things) against what they
would not (opinions, questions, courtesies, pledges, hedged predictions). They were sanity
checked on the ClaimBuster debate sentences but deliberately kept few and round: a scorer
fitted to those rows would not carry over to news text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from . import cues

__all__ = ["BIAS", "WEIGHTS", "Scored", "score_span"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Feature name -> weight. A feature fires at most once per sentence, except where noted in
# ``_CAPS`` (named entities and quantities add up to a cap).
WEIGHTS: dict[str, float] = {
    # checkable content
    "money": 1.6,
    "percent": 1.6,
    "number": 1.0,
    "large number": 0.6,
    "year": 1.0,
    "date": 0.5,
    "ordinal": 0.4,
    "superlative": 0.9,
    "record": 0.9,
    "comparison": 0.8,
    "change": 0.8,
    "legislation": 0.8,
    "statistic": 0.6,
    "named entity": 0.45,
    "reported action": 0.8,
    "attribution": 0.5,
    "existence": 0.3,
    # what makes a sentence not a checkable claim
    "question": -2.0,
    "opinion": -1.4,
    "intent": -1.2,
    "prediction": -0.6,
    "hedge": -0.6,
    "courtesy": -2.0,
    "procedure": -2.0,
    "feeling": -1.2,
    "accusation": -1.0,
    "imperative": -1.0,
    "value judgement": -0.5,
    "second person": -0.3,
    "first person": -0.4,
    "short": -1.0,
}
BIAS = -1.0
_CAPS = {"named entity": 2, "number": 2}

CLAIM_TYPES = (
    "quantity",
    "comparison",
    "event",
    "causal",
    "prediction",
    "rule",
    "personal",
    "other",
)


@dataclass(slots=True)
class Scored:
    score: float
    reasons: tuple[str, ...]
    claim_type: str
    features: dict[str, int] = field(default_factory=dict)
    entities: tuple[dict, ...] = ()
    quantities: tuple[dict, ...] = ()


_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "FAC", "LOC", "PRODUCT"})
_QUANTITY_LABELS = {
    "MONEY": "money",
    "PERCENT": "percent",
    "CARDINAL": "number",
    "QUANTITY": "quantity",
    "DATE": "date",
    "TIME": "time",
    "ORDINAL": "ordinal",
}
_VAGUE_DATES = frozenset(
    (
        "today",
        "tonight",
        "now",
        "yesterday",
        "tomorrow",
        "recently",
        "currently",
        "daily",
        "annually",
        "yearly",
        "weekly",
        "the day",
        "these days",
        "this time",
        "this evening",
        "this morning",
        "the future",
        "the past",
        "one day",
        "some day",
        "once",
        "a day",
    )
)
_VAGUE_NUMBERS = frozenset({"one", "1", "a", "two", "both"})
_SUPERLATIVE_SKIP = frozenset({"least", "most", "best", "worst"})
_MENTAL_OR_SPEECH = _wordset(
    """said say says think thought believe believed know knew felt feel want wanted hope hoped
    guess mean meant wish wished told tell asked ask talked talk added noted stated argued
    claimed warned insisted cautioned stressed explained replied answered remarked"""
)


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def _snippet(match: re.Match[str]) -> str:
    return " ".join(match.group().split())


def _superlative(span: Span) -> str:
    """The first superlative as written, with its hyphenated compound ("highest-ranking")."""
    tokens = list(span)
    for i, token in enumerate(tokens):
        if token.tag_ not in ("JJS", "RBS"):
            continue
        lower = token.lower_
        if lower == "least" and i > 0 and tokens[i - 1].lower_ == "at":
            continue
        if lower in _SUPERLATIVE_SKIP:
            # "most dangerous" is a superlative; "most people" or "my best" is not.
            if i + 1 < len(tokens) and tokens[i + 1].tag_ in ("JJ", "RB"):
                return f"{token.text} {tokens[i + 1].text}"
            continue
        j = i + 1
        end = token.idx + len(token.text)
        while (
            j + 1 < len(tokens)
            and tokens[j].text == "-"
            and tokens[j].idx == end
            and tokens[j + 1].idx == end + 1
        ):
            end = tokens[j + 1].idx + len(tokens[j + 1].text)
            j += 2
        return span.doc.text[token.idx : end]
    return ""


def _reported_action(span: Span) -> str:
    """A past-tense or perfect verb that is not speech, thought or desire ("voted", "cut")."""
    for token in span:
        if token.tag_ == "VBD" or (token.tag_ == "VBN" and token.i > span.start):
            lower = token.lower_
            if lower in _MENTAL_OR_SPEECH or lower in ("was", "were", "had", "did", "got", "been"):
                continue
            if token.tag_ == "VBN":
                prev = span.doc[token.i - 1].lower_
                if prev not in ("has", "have", "had", "'ve", "'s", "was", "were", "been"):
                    continue
            return token.text
    return ""


class _Fired:
    """The features that fired for one sentence, each once, with the reason an editor sees.
    Called as ``fire(name, detail, count)``; the first call for a name wins."""

    def __init__(self) -> None:
        self.features: dict[str, int] = {}
        self.reasons: dict[str, str] = {}

    def __call__(self, name: str, detail: str = "", count: int = 1) -> None:
        if name in self.features:
            return
        self.features[name] = min(count, _CAPS.get(name, 1))
        self.reasons[name] = f"{name}: {detail}" if detail else name


@dataclass(slots=True)
class _Found:
    """What a sentence's entities say, before the text cues are read."""

    entities: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def score_span(span: Span, *, offset: int = 0) -> Scored:
    """Score one sentence. ``offset`` is added to entity offsets (document coordinates)."""
    text = span.text
    fire = _Fired()
    found = _read_entities(span, offset, fire)
    _fire_figures(span, found, fire)
    _fire_cues(span, found, fire)
    features = fire.features
    _fire_discounts(span, fire, features)
    if len(cues.WORD.findall(text)) < 6:
        fire("short")

    total = BIAS + sum(WEIGHTS[name] * count for name, count in features.items())
    score = round(_sigmoid(total), 4)
    ordered = sorted(features, key=lambda name: -abs(WEIGHTS[name] * features[name]))
    return Scored(
        score=score,
        reasons=tuple(fire.reasons[name] for name in ordered),
        claim_type=claim_type(text, features),
        features=features,
        entities=tuple(found.entities),
        quantities=tuple(found.quantities),
    )


def _read_entities(span: Span, offset: int, fire: _Fired) -> _Found:
    """The sentence's entities in document coordinates, its quantities, and the names,
    numbers and dates the features below count (vague ones like "one" or "today" left out)."""
    found = _Found()
    for ent in span.ents:
        label = ent.label_
        start = ent.start_char + offset
        found.entities.append(
            {"text": ent.text, "label": label, "start": start, "end": start + len(ent.text)}
        )
        kind = _QUANTITY_LABELS.get(label)
        if kind is not None:
            if kind == "date" and cues.YEAR.fullmatch(ent.text.strip()):
                kind = "year"
            found.quantities.append({"text": ent.text, "kind": kind})
        if label in _NAMED:
            found.named.append(ent.text)
        elif label in ("CARDINAL", "QUANTITY"):
            list_marker = ent.start == span.start and cues.LIST_MARKER.match(ent.text)
            if ent.text.lower() not in _VAGUE_NUMBERS and not list_marker:
                found.numbers.append(ent.text)
        elif label in ("DATE", "TIME"):
            if ent.text.lower() not in _VAGUE_DATES:
                found.dates.append(ent.text)
        elif label == "ORDINAL" and ent.start > span.start:
            fire("ordinal", ent.text)
    return found


def _fire_figures(span: Span, found: _Found, fire: _Fired) -> None:
    """Money, percentages, years, numbers and dates. Leaves ``found.numbers`` without the
    percentages and ``found.dates`` without bare years (counted once, above)."""
    text = span.text
    if (m := cues.MONEY.search(text) or cues.MONEY_WORDS.search(text)) is not None:
        fire("money", _snippet(m))
    else:
        money = next((e["text"] for e in found.entities if e["label"] == "MONEY"), None)
        if money:
            fire("money", money)
    if (m := cues.PERCENT.search(text)) is not None:
        fire("percent", _snippet(m))
    if (m := cues.YEAR.search(text)) is not None:
        fire("year", m.group())
        if not any(q["kind"] == "year" for q in found.quantities):
            found.quantities.append({"text": m.group(), "kind": "year"})
    found.numbers = [n for n in found.numbers if "percent" not in n.lower() and "%" not in n]
    if found.numbers:
        fire("number", found.numbers[0], len(found.numbers))
    elif not fire.features.keys() & {"money", "percent"} and cues.DIGIT.search(text):
        digits = [t.text for t in span if t.like_num and cues.DIGIT.search(t.text)]
        digits = [d for d in digits if not cues.YEAR.fullmatch(d)]
        if digits:
            fire("number", digits[0])
            found.quantities.append({"text": digits[0], "kind": "number"})
    if (m := cues.LARGE.search(text)) is not None:
        fire("large number", _snippet(m))
    found.dates = [d for d in found.dates if not cues.YEAR.fullmatch(d)]
    if found.dates:
        fire("date", found.dates[0])


def _fire_cues(span: Span, found: _Found, fire: _Fired) -> None:
    """Superlatives, records, comparisons, change, legislation, statistics, names, reported
    actions, attribution and existence."""
    text = span.text
    if sup := _superlative(span):
        fire("superlative", sup)
    for name, pattern in (
        ("record", cues.RECORD),
        ("comparison", cues.COMPARISON),
        ("change", cues.CHANGE),
        ("legislation", cues.LEGISLATION),
    ):
        if (m := pattern.search(text)) is not None:
            fire(name, _snippet(m))
    if (m := cues.STATISTIC.search(text)) is not None and (
        found.numbers or "percent" in fire.features
    ):
        fire("statistic", _snippet(m))
    if found.named:
        unique = list(dict.fromkeys(found.named))
        fire("named entity", ", ".join(unique[:2]), len(unique))
    if action := _reported_action(span):
        fire("reported action", action)
    if (m := cues.ATTRIBUTION.search(text)) is not None:
        fire("attribution", _snippet(m))
    if (m := cues.EXISTENCE.search(text)) is not None:
        fire("existence", _snippet(m))


def _fire_discounts(span: Span, fire: Callable[..., None], features: dict[str, int]) -> None:
    """The features that make a sentence less of a checkable claim. A question that states a
    figure ("Did you know 40 percent of ...?") still carries a claim; so does a sentence whose
    feelings come with figures."""
    text = span.text
    figures = bool(features.keys() & {"money", "percent"}) or (
        "number" in features and bool(features.keys() & {"statistic", "comparison", "change"})
    )
    stripped = text.rstrip("\"”’') ")
    question = stripped.endswith("?") or (cues.QUESTION_START.match(text) and "?" in text)
    if question and not figures:
        fire("question")
    if (m := cues.OPINION.search(text)) is not None:
        fire("opinion", _snippet(m))
    if (m := cues.INTENT.search(text)) is not None:
        fire("intent", _snippet(m))
    if (m := cues.PREDICTION.search(text)) is not None:
        fire("prediction", _snippet(m))
    if (m := cues.HEDGE.search(text)) is not None:
        fire("hedge", _snippet(m))
    elif modal := _modal_hedge(span):
        fire("hedge", modal)
    if (m := cues.COURTESY.search(text)) is not None:
        fire("courtesy", _snippet(m))
    if (m := cues.PROCEDURE.search(text)) is not None:
        fire("procedure", _snippet(m))
    if not figures and (m := cues.FEELING.search(text)) is not None:
        fire("feeling", _snippet(m))
    if (m := cues.ACCUSATION.search(text)) is not None:
        fire("accusation", _snippet(m))
    if (m := cues.IMPERATIVE_START.match(text.lstrip("\"“‘'(—–- "))) is not None:
        fire("imperative", _snippet(m))
    if (m := cues.VALUE.search(text)) is not None:
        fire("value judgement", _snippet(m))
    if (m := cues.SECOND_PERSON.search(text)) is not None:
        fire("second person", _snippet(m))
    if (m := cues.FIRST_PERSON_SUBJECT.search(text)) is not None:
        fire("first person", _snippet(m).strip(",;:—–- "))


def _modal_hedge(span: Span) -> str:
    """ "may", "might" or "could" used as a modal verb: not the month, not Theresa May."""
    for token in span:
        if token.lower_ in cues.MODALS and token.tag_ == "MD":
            if token.text == "May" and token.i > span.start:
                continue
            return token.text
    return ""


def claim_type(text: str, features: dict[str, int]) -> str:
    """The kind of claim, from the features that fired and a few cue words."""
    if "question" in features or "courtesy" in features:
        return "other"
    if cues.CAUSAL.search(text):
        return "causal"
    if "comparison" in features or "superlative" in features or "record" in features:
        return "comparison"
    if features.keys() & {"money", "percent", "number", "large number"}:
        return "quantity"
    if cues.RULE.search(text):
        return "rule"
    if "prediction" in features or "intent" in features:
        return "prediction"
    if "first person" in features:
        return "personal"
    if features.keys() & {"reported action", "year", "date", "change", "attribution"}:
        return "event"
    return "other"
