"""Check-worthiness of one sentence: named features, hand-set weights, a logistic squash.

Every point of the score comes from a feature in ``WEIGHTS`` and carries a reason a person
can read ("year: 1953"). The weights are set by hand, looking at what a fact-checker would
check (numbers, records, comparisons, named actors doing reported things) against what they
would not (opinions, questions, courtesies, pledges, hedged predictions). They were sanity
checked on the ClaimBuster debate sentences but deliberately kept few and round: a scorer
fitted to those rows would not carry over to news text.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Span

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


def _words(*groups: str) -> str:
    return "|".join(w for group in groups for w in group.split())


_I = re.IGNORECASE
_MONEY = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|[mbk]n?)\b)?", _I)
_MONEY_WORDS = re.compile(
    r"\b\d[\d,.]*\s(?:million\s|billion\s|trillion\s)?(?:dollars|euros|pounds|yen)\b", _I
)
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|percent\b|per\scent\b)|\b\w+(?:-\w+)?\spercent\b", _I)
_YEAR = re.compile(
    r"(?<![\d$.,])(?:1[6-9]\d\d|20\d\d)(?:s\b|(?![\d%]))|\b'\d0s\b|\b(?:19|20)\d0s\b"
)
_LARGE = re.compile(r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens)\b", _I)
_DIGIT = re.compile(r"\d")
_RECORD = re.compile(
    r"\b(?:record(?:-\w+)?|for\sthe\sfirst\stime|first\stime|the\sfirst\s\w+|the\sonly\s\w+"
    r"|ever\s(?:since|before|recorded)|never\sbefore|since\s(?:the\s)?(?:\d{4}|\w+\s(?:war|crisis|depression))"
    r"|(?:highest|lowest|largest|biggest|smallest|worst|best|most|fewest)\s(?:\w+\s){0,3}(?:since|ever|in\s(?:history|\d+\s(?:years|decades)))"
    r"|all-time|unprecedented)\b",
    _I,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|faster|slower"
    r"|cheaper|stronger|weaker|older|younger|\w+er)\s(?:\w+\s){0,4}?than\b"
    r"|\b(?:twice|three\stimes|half)\sas\b|\b(?:doubled|tripled|quadrupled|halved)\b"
    r"|\bcompared\s(?:to|with)\b|\bas\s(?:many|much)\sas\b|\b(?:outpaced|outnumber\w*)\b",
    _I,
)
_CHANGE = re.compile(
    r"\b(?:(?:has|have|had|was|were|been)\s(?:\w+\s)?)?(?:increased|decreased|reduced|raised|"
    r"cut|cuts|doubled|tripled|halved|grew|grown|fell|fallen|rose|risen|dropped|declined|"
    r"lost|created|gained|eliminated|slashed|boosted|expanded|shrunk|shrank|soared|"
    r"plummeted|tripled|climbed|went\s(?:up|down))\b",
    _I,
)
_LEGISLATION = re.compile(
    r"\b(?:voted|votes?|vetoe?d?|vetoes|bills?|laws?|legislation|statutes?|acts?|amendments?|"
    r"treaty|treaties|ratified|signed|passed|enacted|repealed|supreme\scourt|ruled|ruling|"
    r"constitution(?:al)?|illegal|unconstitutional|regulations?|mandates?|banned|bans?|"
    r"sanctions|tariffs?)\b",
    _I,
)
_STATISTIC = re.compile(
    r"\b(?:rate|rates|deficits?|debt|unemployment|unemployed|jobs|budget|taxes|tax|spending|"
    r"average|median|population|gdp|income|incomes|wages?|growth|inflation|poverty|crime|"
    r"murders?|deaths?|died|killed|casualties|troops|exports?|imports?|prices?|cost|costs|"
    r"premiums?|revenue|surplus|economy|per\scapita|percentage|statistics?|survey|poll|"
    r"studies|study|census|barrels?|emissions|tons|miles|acres|households|families|workers|"
    r"people|americans|citizens|students|children|seniors|veterans|members)\b",
    _I,
)
_ATTRIBUTION = re.compile(
    r"\b(?:according\sto|said|says|reported|announced|stated|told|testified|confirmed|"
    r"acknowledged|admitted|estimated|found\sthat|shows?\sthat|showed)\b",
    _I,
)
_EXISTENCE = re.compile(
    r"\b(?:there\s(?:are|were|is|was|have\sbeen|has\sbeen)|(?:we|they)\s(?:have|had|'ve)\s(?:got\s)?"
    r"(?:\d|a\s(?:million|billion|thousand|hundred)|more|less|fewer|over|nearly|almost|about))",
    _I,
)
_QUESTION_START = re.compile(
    r"^(?:why|what|how|who|whom|whose|when|where|which|is|are|was|were|do|does|did|can|could|"
    r"would|will|should|shall|have|has|had|isn't|aren't|don't|doesn't|didn't|won't)\b",
    _I,
)
_OPINION = re.compile(
    r"\b(?:i|we)\s(?:really\s|do\s|don't\s|do\snot\s|still\s|also\s|strongly\s|just\s|firmly\s|"
    r"honestly\s|sincerely\s|personally\s)?(?:think|thought|believe|believed|feel|felt|guess|"
    r"suppose|hope|wish|doubt|trust|suspect|consider|expect|know|understand|agree|disagree|"
    r"support|oppose|favor|favour|like|love|hate)\b"
    r"|\b(?:in\smy|in\sour)\s(?:view|opinion|judgment|judgement|mind)\b|\bi'm\s(?:sure|convinced|"
    r"confident|afraid|proud|not\ssure|happy|glad)\b|\bit\s(?:seems|appears)\sto\sme\b"
    r"|\bi\sam\s(?:sure|convinced|confident|proud|opposed|in\sfavor)\b|\bmy\sbelief\b",
    _I,
)
_INTENT = re.compile(
    r"\b(?:i|we)(?:\s(?:will|shall|must|should|need\sto|have\sto|want\sto|ought\sto|would|'ll|"
    r"'d|am\sgoing\sto|are\sgoing\sto|'m\sgoing\sto|'re\sgoing\sto|'ve\sgot\sto|have\sgot\sto|"
    r"intend\sto|plan\sto|promise|pledge|propose|can)|'ll|'d|'m\sgoing\sto|'re\sgoing\sto|"
    r"'ve\sgot\sto)\b|\blet(?:'s|\sus|\sme)\b|\bi\swant\b|\bwe\swant\b|\bi\swould\slike\b",
    _I,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|would|shall|going\sto|gonna|is\sexpected\sto|are\sexpected\sto|"
    r"likely\sto|plans\sto|set\sto)\b|\b(?:next|coming)\s(?:year|month|week|decade)\b",
    _I,
)
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|possibly|probably|might|may|could|seems?|appears?|likely|unlikely|"
    r"potentially|presumably|somewhat|some\speople|if|whether|sort\sof|kind\sof)\b",
    _I,
)
_COURTESY = re.compile(
    r"\b(?:thank|thanks|thanking|congratulat\w*|good\s(?:evening|morning|afternoon|night)|"
    r"welcome|appreciate|pleasure|honou?red|nice\sto|privilege|grateful|applause|laughter|"
    r"ladies\sand\sgentlemen|god\sbless|excuse\sme|i'm\ssorry|pardon)\b",
    _I,
)
_IMPERATIVE_START = re.compile(
    r"^(?:(?:well|now|so|and|but|look|listen|okay|ok|yes|no),?\s)?(?:let|look|listen|imagine|"
    r"remember|think|consider|go|take|give|tell|ask|understand|don't|do\snot|make|keep|get|"
    r"vote|join|help|read|see|call|stop)\b",
    _I,
)
_VALUE = re.compile(
    r"\b(?:great|wrong|right|terrible|horrible|good|bad|wonderful|important|essential|fair|"
    r"unfair|ridiculous|disaster|disgrace|shame|tragedy|tragic|outrageous|wise|foolish|"
    r"crucial|vital|strong|weak|incredible|amazing|beautiful|failed|failure|mistake|"
    r"dangerous|serious|critical|better|worse|best|worst|proud)\b",
    _I,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've)\b", _I)
_FIRST_PERSON_SUBJECT = re.compile(
    r"(?:^|[,;:—–-]\s|\b(?:and|but|so|well|now)\s)(?:i|i'm|i've|i'd|my)\b", _I
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_CAUSAL = re.compile(
    r"\b(?:because|caused|causes|cause\sof|led\sto|leads\sto|due\sto|as\sa\sresult|result\sof|"
    r"resulted\sin|responsible\sfor|thanks\sto|therefore|consequently|blamed|contributed\sto)\b",
    _I,
)
_RULE = re.compile(
    r"\b(?:law|laws|illegal|legal|bill|legislation|regulations?|requires?|required|mandates?|"
    r"banned|bans?|prohibit\w*|constitution\w*|allowed|permitted|ruling|treaty|statute)\b",
    _I,
)


class _Found:
    """The part of a match that scoring reads: the text as written."""

    __slots__ = ("_text",)

    def __init__(self, text: str):
        self._text = text

    def group(self) -> str:
        return self._text


class _CaseFolded:
    """A case-insensitive pattern searched as a case-sensitive one over the lowercased text,
    which Python's re does about twice as fast. Every such pattern here is written in lower
    case; a text whose lowercase form changes length falls back to the original pattern."""

    def __init__(self, pattern: re.Pattern[str]):
        self.original = pattern
        self.folded = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def _run(self, method: str, text: str) -> _Found | re.Match[str] | None:
        lower = _lowercase(text)
        if len(lower) != len(text):
            return getattr(self.original, method)(text)
        match = getattr(self.folded, method)(lower)
        return None if match is None else _Found(text[match.start() : match.end()])

    def search(self, text: str):
        return self._run("search", text)

    def match(self, text: str):
        return self._run("match", text)


@functools.lru_cache(maxsize=4)
def _lowercase(text: str) -> str:
    return text.lower()


for _name, _value in list(globals().items()):
    if isinstance(_value, re.Pattern) and _value.flags & re.IGNORECASE:
        globals()[_name] = _CaseFolded(_value)

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


def score_span(span: Span, *, offset: int = 0) -> Scored:
    """Score one sentence. ``offset`` is added to entity offsets (document coordinates)."""
    text = span.text
    features: dict[str, int] = {}
    reasons: dict[str, str] = {}

    def fire(name: str, detail: str = "", count: int = 1) -> None:
        if name in features:
            return
        features[name] = min(count, _CAPS.get(name, 1))
        reasons[name] = f"{name}: {detail}" if detail else name

    entities: list[dict] = []
    quantities: list[dict] = []
    named: list[str] = []
    numbers: list[str] = []
    dates: list[str] = []
    for ent in span.ents:
        label = ent.label_
        start = ent.start_char + offset
        entities.append(
            {"text": ent.text, "label": label, "start": start, "end": start + len(ent.text)}
        )
        kind = _QUANTITY_LABELS.get(label)
        if kind is not None:
            if kind == "date" and _YEAR.fullmatch(ent.text.strip()):
                kind = "year"
            quantities.append({"text": ent.text, "kind": kind})
        if label in _NAMED:
            named.append(ent.text)
        elif label in ("CARDINAL", "QUANTITY"):
            if ent.text.lower() not in _VAGUE_NUMBERS:
                numbers.append(ent.text)
        elif label in ("DATE", "TIME"):
            if ent.text.lower() not in _VAGUE_DATES:
                dates.append(ent.text)
        elif label == "ORDINAL" and ent.start > span.start:
            fire("ordinal", ent.text)

    if (m := _MONEY.search(text) or _MONEY_WORDS.search(text)) is not None:
        fire("money", _snippet(m))
    else:
        money = next((e["text"] for e in entities if e["label"] == "MONEY"), None)
        if money:
            fire("money", money)
    if (m := _PERCENT.search(text)) is not None:
        fire("percent", _snippet(m))
    if (m := _YEAR.search(text)) is not None:
        fire("year", m.group())
        if not any(q["kind"] == "year" for q in quantities):
            quantities.append({"text": m.group(), "kind": "year"})
    numbers = [n for n in numbers if "percent" not in n.lower() and "%" not in n]
    if numbers:
        fire("number", numbers[0], len(numbers))
    elif "money" not in features and "percent" not in features and _DIGIT.search(text):
        digits = [t.text for t in span if t.like_num and _DIGIT.search(t.text)]
        digits = [d for d in digits if not _YEAR.fullmatch(d)]
        if digits:
            fire("number", digits[0])
            quantities.append({"text": digits[0], "kind": "number"})
    if (m := _LARGE.search(text)) is not None:
        fire("large number", _snippet(m))
    dates = [d for d in dates if not _YEAR.fullmatch(d)]
    if dates:
        fire("date", dates[0])
    if sup := _superlative(span):
        fire("superlative", sup)
    if (m := _RECORD.search(text)) is not None:
        fire("record", _snippet(m))
    if (m := _COMPARISON.search(text)) is not None:
        fire("comparison", _snippet(m))
    if (m := _CHANGE.search(text)) is not None:
        fire("change", _snippet(m))
    if (m := _LEGISLATION.search(text)) is not None:
        fire("legislation", _snippet(m))
    if (m := _STATISTIC.search(text)) is not None and (numbers or "percent" in features):
        fire("statistic", _snippet(m))
    if named:
        unique = list(dict.fromkeys(named))
        fire("named entity", ", ".join(unique[:2]), len(unique))
    if action := _reported_action(span):
        fire("reported action", action)
    if (m := _ATTRIBUTION.search(text)) is not None:
        fire("attribution", _snippet(m))
    if (m := _EXISTENCE.search(text)) is not None:
        fire("existence", _snippet(m))

    stripped = text.rstrip("\"”’') ")
    if stripped.endswith("?") or (_QUESTION_START.match(text) and "?" in text):
        fire("question")
    if (m := _OPINION.search(text)) is not None:
        fire("opinion", _snippet(m))
    if (m := _INTENT.search(text)) is not None:
        fire("intent", _snippet(m))
    if (m := _PREDICTION.search(text)) is not None:
        fire("prediction", _snippet(m))
    if (m := _HEDGE.search(text)) is not None:
        fire("hedge", _snippet(m))
    if (m := _COURTESY.search(text)) is not None:
        fire("courtesy", _snippet(m))
    if (m := _IMPERATIVE_START.match(text.lstrip("\"“‘'(—–- "))) is not None:
        fire("imperative", _snippet(m))
    if (m := _VALUE.search(text)) is not None:
        fire("value judgement", _snippet(m))
    if (m := _SECOND_PERSON.search(text)) is not None:
        fire("second person", _snippet(m))
    if (m := _FIRST_PERSON_SUBJECT.search(text)) is not None:
        fire("first person", _snippet(m).strip(",;:—–- "))
    if len(_WORD.findall(text)) < 6:
        fire("short")

    total = BIAS + sum(WEIGHTS[name] * count for name, count in features.items())
    score = round(_sigmoid(total), 4)
    ordered = sorted(features, key=lambda name: -abs(WEIGHTS[name] * features[name]))
    return Scored(
        score=score,
        reasons=tuple(reasons[name] for name in ordered),
        claim_type=claim_type(text, features),
        features=features,
        entities=tuple(entities),
        quantities=tuple(quantities),
    )


def claim_type(text: str, features: dict[str, int]) -> str:
    """The kind of claim, from the features that fired and a few cue words."""
    if "question" in features or "courtesy" in features:
        return "other"
    if _CAUSAL.search(text):
        return "causal"
    if "comparison" in features or "superlative" in features or "record" in features:
        return "comparison"
    if features.keys() & {"money", "percent", "number", "large number"}:
        return "quantity"
    if _RULE.search(text):
        return "rule"
    if "prediction" in features or "intent" in features:
        return "prediction"
    if "first person" in features:
        return "personal"
    if features.keys() & {"reported action", "year", "date", "change", "attribution"}:
        return "event"
    return "other"
