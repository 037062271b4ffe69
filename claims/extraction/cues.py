"""The cue patterns of the rule scorer: what each named feature looks for in a sentence.

Case-insensitive patterns are written in lower case and searched over the lowercased
sentence (see ``CaseFolded``), which Python's re runs about twice as fast.
"""

from __future__ import annotations

import functools
import re

_I = re.IGNORECASE
MONEY = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|[mbk]n?)\b)?", _I)
MONEY_WORDS = re.compile(
    r"\b\d[\d,.]*\s(?:million\s|billion\s|trillion\s)?(?:dollars|euros|pounds|yen)\b", _I
)
PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|percent\b|per\scent\b)|\b\w+(?:-\w+)?\spercent\b", _I)
YEAR = re.compile(r"(?<![\d$.,])(?:1[6-9]\d\d|20\d\d)(?:s\b|(?![\d%]))|\b'\d0s\b|\b(?:19|20)\d0s\b")
LARGE = re.compile(r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens)\b", _I)
DIGIT = re.compile(r"\d")
RECORD = re.compile(
    # "for the record" and "off the record" are figures of speech, not records
    r"\b(?:(?<!for\sthe\s)(?<!off\sthe\s)(?<!on\sthe\s)record(?:-\w+)?"
    r"|for\sthe\sfirst\stime|first\stime|the\sfirst\s\w+|the\sonly\s\w+"
    r"|ever\s(?:since|before|recorded)|never\sbefore|since\s(?:the\s)?(?:\d{4}|\w+\s(?:war|crisis|depression))"
    r"|(?:highest|lowest|largest|biggest|smallest|worst|best|most|fewest)\s(?:\w+\s){0,3}(?:since|ever|in\s(?:history|\d+\s(?:years|decades)))"
    r"|all-time|unprecedented)\b",
    _I,
)
COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|faster|slower"
    r"|cheaper|stronger|weaker|older|younger|\w+er)\s(?:\w+\s){0,4}?than\b"
    r"|\b(?:twice|three\stimes|half)\sas\b|\b(?:doubled|tripled|quadrupled|halved)\b"
    r"|\bcompared\s(?:to|with)\b|\bas\s(?:many|much)\sas\b|\b(?:outpaced|outnumber\w*)\b",
    _I,
)
CHANGE = re.compile(
    r"\b(?:(?:has|have|had|was|were|been)\s(?:\w+\s)?)?(?:increased|decreased|reduced|raised|"
    r"cut|cuts|doubled|tripled|halved|grew|grown|fell|fallen|rose|risen|dropped|declined|"
    r"lost|created|gained|eliminated|slashed|boosted|expanded|shrunk|shrank|soared|"
    r"plummeted|tripled|climbed|went\s(?:up|down))\b",
    _I,
)
LEGISLATION = re.compile(
    r"\b(?:voted|votes?|vetoe?d?|vetoes|bills?|laws?|legislation|statutes?|acts?|amendments?|"
    r"treaty|treaties|ratified|signed|passed|enacted|repealed|supreme\scourt|ruled|ruling|"
    r"constitution(?:al)?|illegal|unconstitutional|regulations?|mandates?|banned|bans?|"
    r"sanctions|tariffs?)\b",
    _I,
)
STATISTIC = re.compile(
    r"\b(?:rate|rates|deficits?|debt|unemployment|unemployed|jobs|budget|taxes|tax|spending|"
    r"average|median|population|gdp|income|incomes|wages?|growth|inflation|poverty|crime|"
    r"murders?|deaths?|died|killed|casualties|troops|exports?|imports?|prices?|cost|costs|"
    r"premiums?|revenue|surplus|economy|per\scapita|percentage|statistics?|survey|poll|"
    r"studies|study|census|barrels?|emissions|tons|miles|acres|households|families|workers|"
    r"people|americans|citizens|students|children|seniors|veterans|members)\b",
    _I,
)
ATTRIBUTION = re.compile(
    r"\b(?:according\sto|said|says|reported|announced|stated|told|testified|confirmed|"
    r"acknowledged|admitted|estimated|found\sthat|shows?\sthat|showed)\b",
    _I,
)
EXISTENCE = re.compile(
    r"\b(?:there\s(?:are|were|is|was|have\sbeen|has\sbeen)|(?:we|they)\s(?:have|had|'ve)\s(?:got\s)?"
    r"(?:\d|a\s(?:million|billion|thousand|hundred)|more|less|fewer|over|nearly|almost|about))",
    _I,
)
QUESTION_START = re.compile(
    r"^(?:why|what|how|who|whom|whose|when|where|which|is|are|was|were|do|does|did|can|could|"
    r"would|will|should|shall|have|has|had|isn't|aren't|don't|doesn't|didn't|won't)\b",
    _I,
)
OPINION = re.compile(
    r"\b(?:i|we)\s(?:really\s|do\s|don't\s|do\snot\s|still\s|also\s|strongly\s|just\s|firmly\s|"
    r"honestly\s|sincerely\s|personally\s)?(?:think|thought|believe|believed|feel|felt|guess|"
    r"suppose|hope|wish|doubt|trust|suspect|consider|expect|know|understand|agree|disagree|"
    r"support|oppose|favor|favour|like|love|hate)\b"
    r"|\b(?:in\smy|in\sour)\s(?:view|opinion|judgment|judgement|mind)\b|\bi'm\s(?:sure|convinced|"
    r"confident|afraid|proud|not\ssure|happy|glad)\b|\bit\s(?:seems|appears)\sto\sme\b"
    r"|\bi\sam\s(?:sure|convinced|confident|proud|opposed|in\sfavor)\b|\bmy\sbelief\b",
    _I,
)
INTENT = re.compile(
    r"\b(?:i|we)(?:\s(?:will|shall|must|should|need\sto|have\sto|want\sto|ought\sto|would|'ll|"
    r"'d|am\sgoing\sto|are\sgoing\sto|'m\sgoing\sto|'re\sgoing\sto|'ve\sgot\sto|have\sgot\sto|"
    r"intend\sto|plan\sto|promise|pledge|propose|can)|'ll|'d|'m\sgoing\sto|'re\sgoing\sto|"
    r"'ve\sgot\sto)\b|\blet(?:'s|\sus|\sme)\b|\bi\swant\b|\bwe\swant\b|\bi\swould\slike\b",
    _I,
)
PREDICTION = re.compile(
    r"\b(?:will|won't|would|shall|going\sto|gonna|is\sexpected\sto|are\sexpected\sto|"
    r"likely\sto|plans\sto|set\sto)\b|\b(?:next|coming)\s(?:year|month|week|decade)\b",
    _I,
)
HEDGE = re.compile(
    r"\b(?:maybe|perhaps|possibly|probably|seems?|appears?|likely|unlikely|"
    r"potentially|presumably|somewhat|some\speople|if|whether|sort\sof|kind\sof)\b",
    _I,
)
# A debate's format and running order, said by a moderator: never a claim.
PROCEDURE = re.compile(
    r"\b(?:\w+[\s-](?:minutes?|seconds?)\sto\s(?:respond|answer|reply)|rebuttals?|"
    r"(?:opening|closing)\sstatements?|(?:tonight's|this)\s(?:debate|forum|town\shall)|"
    r"(?:the|our)\s(?:moderator|moderators|audience|format|next\squestion|next\ssegment)|"
    r"(?:first|second|third|next|final|last)\ssegment|commission\son\spresidential\sdebates|"
    r"coin\stoss|(?:your|the)\stime\sis\s(?:up|over)|"
    r"(?:move|turn|go)\s(?:on\s)?to\s(?:the\s)?(?:next|first|second|third|final|last)\b)",
    _I,
)
# Feelings and qualities a speaker claims for a team or a crowd ("passion and hunger").
FEELING = re.compile(
    r"\b(?:passion|passionate|hunger|hungry|energy|enthusiasm|determination|determined|spirit|"
    r"courage|commitment|dedication|optimism|optimistic|excitement|excited|heart|compassion|"
    r"resolve|grit|pride|anger|angry|frustration|frustrated|fear|afraid|love|dream|dreams)\b",
    _I,
)
ACCUSATION = re.compile(
    r"\b(?:liar|liars|lying|lies|lied|dishonest|untruthful|fake\snews)\b",
    _I,
)
# "Number one, ..." and "Number two: ..." open a list; they count nothing.
LIST_MARKER = re.compile(r"number\s(?:one|two|three|four|five|\d)$", _I)
MODALS = frozenset({"may", "might", "could"})
COURTESY = re.compile(
    r"\b(?:thank|thanks|thanking|congratulat\w*|good\s(?:evening|morning|afternoon|night)|"
    r"welcome|appreciate|pleasure|honou?red|nice\sto|privilege|grateful|applause|laughter|"
    r"ladies\sand\sgentlemen|god\sbless|excuse\sme|i'm\ssorry|pardon)\b",
    _I,
)
IMPERATIVE_START = re.compile(
    r"^(?:(?:well|now|so|and|but|look|listen|okay|ok|yes|no),?\s)?(?:let|look|listen|imagine|"
    r"remember|think|consider|go|take|give|tell|ask|understand|don't|do\snot|make|keep|get|"
    r"vote|join|help|read|see|call|stop)\b",
    _I,
)
VALUE = re.compile(
    r"\b(?:great|wrong|right|terrible|horrible|good|bad|wonderful|important|essential|fair|"
    r"unfair|ridiculous|disaster|disgrace|shame|tragedy|tragic|outrageous|wise|foolish|"
    r"crucial|vital|strong|weak|incredible|amazing|beautiful|failed|failure|mistake|"
    r"dangerous|serious|critical|better|worse|best|worst|proud)\b",
    _I,
)
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've)\b", _I)
FIRST_PERSON_SUBJECT = re.compile(
    r"(?:^|[,;:—–-]\s|\b(?:and|but|so|well|now)\s)(?:i|i'm|i've|i'd|my)\b", _I
)
WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
CAUSAL = re.compile(
    r"\b(?:because|caused|causes|cause\sof|led\sto|leads\sto|due\sto|as\sa\sresult|result\sof|"
    r"resulted\sin|responsible\sfor|thanks\sto|therefore|consequently|blamed|contributed\sto)\b",
    _I,
)
RULE = re.compile(
    r"\b(?:law|laws|illegal|legal|bill|legislation|regulations?|requires?|required|mandates?|"
    r"banned|bans?|prohibit\w*|constitution\w*|allowed|permitted|ruling|treaty|statute)\b",
    _I,
)


class Found:
    """The part of a match that scoring reads: the text as written."""

    __slots__ = ("_text",)

    def __init__(self, text: str):
        self._text = text

    def group(self) -> str:
        return self._text


class CaseFolded:
    """A case-insensitive pattern searched as a case-sensitive one over the lowercased text,
    which Python's re does about twice as fast. Every such pattern here is written in lower
    case; a text whose lowercase form changes length falls back to the original pattern."""

    def __init__(self, pattern: re.Pattern[str]):
        self.original = pattern
        self.folded = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def _run(self, method: str, text: str) -> Found | re.Match[str] | None:
        lower = _lowercase(text)
        if len(lower) != len(text):
            return getattr(self.original, method)(text)
        match = getattr(self.folded, method)(lower)
        return None if match is None else Found(text[match.start() : match.end()])

    def search(self, text: str):
        return self._run("search", text)

    def match(self, text: str):
        return self._run("match", text)


@functools.lru_cache(maxsize=4)
def _lowercase(text: str) -> str:
    return text.lower()


for _name, _value in list(globals().items()):
    if isinstance(_value, re.Pattern) and _value.flags & re.IGNORECASE:
        globals()[_name] = CaseFolded(_value)
