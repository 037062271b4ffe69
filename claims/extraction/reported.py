"""Reported speech in news text: who a sentence says is speaking, as written.

Patterns, in the order tried on each sentence:

* ``“…,” Abe said`` / ``“…,” said Kazuhiro Maeshima, a professor`` (after a closing quote);
* ``Pence said: “…”`` (before an opening quote);
* ``Maeshima said it is hard …`` / ``…, a Japanese official told reporters`` (reported speech);
* ``Smith, a professor at Yale, said …`` (an apposition between the speaker and the verb);
* ``One red-state Democrat, Montana Sen. Jon Tester, said …`` (the name in apposition);
* ``according to the ministry``, ``in a statement, Facebook …``.

The verbs are a broad list of speech, report and stance verbs in their usual forms, not
only "said": reported speech in news uses dozens of them.
"""

from __future__ import annotations

import re

__all__ = ["find_speaker"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _forms(stems: str) -> str:
    """ "say:said:says add +warn" -> a regex alternation of the forms: irregular ones listed,
    regular ones with -ed and -s, "+" a base form that also takes a plural subject."""
    forms: list[str] = []
    for item in stems.split():
        if ":" in item:
            forms.extend(item.split(":"))
        elif item.startswith("+"):
            forms.append(item[1:])  # the base form too: "officials say"
        else:
            base = item[:-1] if item.endswith("e") else item
            forms.extend(
                [f"{base}ed", f"{item}s" if not item.endswith(("s", "sh")) else f"{item}es"]
            )
    return "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"


_VERBS = _forms(
    """say:said:says tell:told:tells write:wrote:writes add note explain state argue claim ask
    warn insist continue recall remark reply:replied:replies answer declare announce
    emphasize emphasise stress acknowledge caution observe suggest counter concede
    testify:testified:testifies tweet post predict promise vow pledge urge conclude contend
    confirm deny:denied:denies report describe call accuse criticize criticise praise
    blame complain assert maintain allege explain reiterate respond lament question
    estimate forecast project acknowledge boast charge joke mock tout hint
    indicate signal vow threaten demand propose recommend advise caution dismiss defend
    reject welcome endorse recount detail mention think:thought:thinks
    believe fear worry:worried:worries hope expect reckon feel:felt:feels know:knew:knows
    agree disagree announce conclude reveal disclose comment predict warn urge assure
    declare proclaim stress observe muse shout yell scream whisper exclaim
    admit:admitted:admits quip:quipped:quips brag:bragged:brags
    +say +tell +write +argue +warn +believe +think +claim +insist +note +agree +fear +hope
    +expect +know +feel +add +ask +worry +predict +urge +contend +suggest +maintain +complain
    +estimate want +want support +support oppose +oppose favor +favor embrace admire
    echo:echoed:echoes express voice cite point:pointed:points +believe
    decline refuse seek:sought:seeks offer speak:spoke:speaks show:showed:shows:shown
    find:found:finds discuss +show +find +want +plan plan:planned:plans"""
)
_NAME = (
    r"(?:[A-Z][\w.’'\-]*(?:\s(?:of\s(?:the\s)?|de\s|van\s|von\s|bin\s|al-|da\s)?"
    r"[A-Z][\w.’'\-]*){0,5})"
)
_DESC = (
    r"(?:(?:the|a|an|another|one|his|her|their|its|The|A|An|Another|One|His|Her|Their|Its|"
    r"(?:[A-Z][\w.\-]*\s){0,3}[A-Z][\w\-]*['’]s)\s"  # "Mrs. Clinton's advisers"
    r"(?:(?!(?:and|but|or)\s)[\w.’'\-]+\s){0,7}?(?!(?:and|but|or)\b)[\w’'\-]+)"
)
_PRON = r"(?:he|she|they|it|He|She|They|It|I|we|We)"
# "Orlando coach Oscar Pareja", "Republican presidential candidate Marco Rubio".
_ROLE = (
    r"(?i:coach|writer|delegate|supervisor|organizer|lobbyist|operative|manager|chief|executive|officer|spokesman|spokeswoman|spokesperson|director|"
    r"president|chairman|chairwoman|minister|secretary|senator|governor|founder|analyst|"
    r"economist|professor|lawyer|attorney|leader|captain|striker|quarterback|star|author|"
    r"editor|researcher|scientist|official|mayor|commissioner|ambassador|general|head|"
    r"candidate|hopeful|nominee|front-?runner|pollster|strategist|aide|adviser|advisor|"
    r"consultant|activist|host|anchor|correspondent|reporter|columnist|commentator|"
    r"employee|friend|owner|partner|member|representative|congressman|congresswoman|"
    r"chair|expert|actor|actress|singer|rapper|comedian|businessman|businesswoman|"
    r"billionaire|investor|pastor|preacher|veteran|student|voter|supporter|resident)"
)
_ROLE_NAME = (
    rf"(?:(?:[A-Z][\w.’'\-]*\s){{0,3}}(?:[a-z][\w\-]*\s){{0,2}}{_ROLE}(?:\s{_ROLE}){{0,2}}"
    rf"\s{_NAME})"
)
# "said lead author Dr. Allan Garland": a role in lower case before the name.
# "said former Massachusetts congressman Barney Frank": any few words before the role.
_LOWER_ROLE_NAME = rf"(?:(?:[\w.’'\-]+\s){{0,4}}?{_ROLE}\s{_NAME})"
# "officials", "Law enforcement officials", "some Republicans": a group as the speaker.
_GROUP = (
    r"(?:(?:(?!(?:where|when|which|who|that|as|and|but|if|while|because)\b)[\w\-]+\s){0,3}"
    r"(?i:officials|experts|analysts|critics|supporters|aides|advisers|"
    r"residents|voters|economists|researchers|scientists|sources|observers|lawmakers|"
    r"investigators|witnesses|officers|prosecutors|authorities|police|Republicans|Democrats|"
    r"leaders|organizers|activists|protesters|doctors|historians|strategists|insiders|"
    r"delegates|candidates|proponents|opponents|people|members|donors|senators|students|"
    r"parents|workers|conservatives|liberals|progressives|evangelicals|Americans|allies)"
    # "Some delegates at the convention in Philadelphia", "Proponents of the bill, however,".
    r"(?:\s(?:of|at|in|with|from|for|on)\s[^,;:“”\"]{1,60}?)?(?:,\s(?:however|though|too),)?)"
)
# "Rep. Chris Collins (R-NY)": a party tag after a name.
_PARTY = r"(?:\s\([RDI]-[\w.]+\)|,\s[RDI]-[\w.]+,)?"
_SPEAKER = rf"(?:{_PRON}|{_DESC}|(?:{_ROLE_NAME}|{_NAME}){_PARTY}|{_GROUP})"
_ADVERB = (
    r"(?:\s(?:also|later|then|further|again|previously|once|has|had|have|recently|repeatedly|"
    r"often|publicly|privately|earlier|separately|long|would|will|quickly|immediately|"
    r"simply|flatly|bluntly|angrily|sharply|herself|himself|too|subsequently|still|never|"
    r"always|reportedly|initially|first|only|even|just|apparently|however|nonetheless|"
    r"openly|told\sreporters|(?:on|last|this|late|early)\s(?:[A-Z][a-z]+day|week|month|year|"
    r"night|morning|evening)|[A-Z][a-z]+day|in\sa\sstatement|in\san\sinterview)){0,2}"
)
# Headlines in title case: "Trump Says He Will Win".
_TITLE_VERBS = r"(?:Says|Said|Tells|Warns|Claims|Argues|Insists|Admits|Denies|Vows|Urges|"
_TITLE_VERBS += r"Predicts|Thinks|Believes|Wants|Slams|Accuses|Calls|Blasts|Defends|Rejects)"

_AFTER_QUOTE = re.compile(
    rf"(?:[,!?…—–-]?”|[,!?…—–-]\")\s*(?:(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}\b"
    rf"|{_VERBS}\s(?P<sp2>{_PRON}|{_DESC}|{_LOWER_ROLE_NAME}|{_NAME})"
    rf"(?=[,.;:!?]|\s(?:in|at|on|during|after|before|to|of|who|as)\b|$))"
)
# "Cruz barnstormed Texas, said Mark Jones, a political scientist": inverted, no quote.
_INVERTED = re.compile(
    rf",\s(?:said|says|added|wrote|noted|explained|argued|observed)\s"
    rf"(?P<sp>{_LOWER_ROLE_NAME}|{_NAME})(?=[,.;:]|\s(?:in|at|on|of)\b|$)"
)
_BEFORE_QUOTE = re.compile(rf"(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}[,:]?\s[“\"]")
_REPORTED = re.compile(
    rf"(?:^|[,;:]\s|\s[—–-]\s|\b(?:and|but|But|And|[Ww]hile|[Aa]lthough|[Tt]hough|[Bb]ecause|"
    rf"[Ww]hen|which|that)\s)"
    rf"[“\"]?(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}\b(?!\s(?:by|about)\b)"
)
# "Smith, a professor at Yale, said ...", "Butz, 49, told ...", "Hunter, meanwhile, told",
# "Bachmann, Republican of Minnesota, told", "Joyce — who is listed as ... — told".
_APPOSITIVE = re.compile(
    rf"(?:^|[”\"]\s*|[,;]\s)(?P<sp>{_ROLE_NAME}|{_NAME}|{_DESC})"
    rf"(?:,\s(?:[a-z\d]|[A-Z][\w\-]+\s(?:of|from)\b)[^“”\"]{{0,100}}?,"
    rf"|\s[—–]\s[^—–“”\"]{{1,120}}?\s[—–])\s(?:also\s)?{_VERBS}\b"
)
# "according to the ministry", "according to people familiar with the plans", "according
# to data from the U.S. Department of Education".
_ACCORDING = re.compile(
    r"\b[Aa]ccording\sto\s(?P<sp>(?:[\w’'\-]|\.\w|\.\s[A-Z])(?:[^,;:!?“”\"(.]|\.\w|\.\s[A-Z]){0,100}?)"
    r"(?=[,;:!?(]|(?<!\b[A-Z])(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!Sen)(?<!Rep)(?<!Gov)(?<!Jr)"
    r"\.(?:\s|$)|$)"
)
_HEADLINE = re.compile(rf"^(?P<sp>{_NAME})\s{_TITLE_VERBS}\s[A-Z0-9‘“\"']")

# "Mr. Obama revised his plans, saying that ...": the subject of the clause that the
# participle hangs on.
_PARTICIPLES = (
    r"(?:saying|adding|arguing|noting|telling|calling|insisting|warning|claiming|declaring|"
    r"explaining|writing|stating|asserting|suggesting|predicting|promising|vowing|urging|"
    r"accusing|describing|charging)"
)
_PARTICIPLE = re.compile(
    rf"^[“\"]?(?:(?:But|And|Yet|So|Still|Instead|Later|Meanwhile|On\s\w+),?\s)?"
    rf"(?P<sp>{_ROLE_NAME}|{_NAME}|{_PRON})\s[^“”\"]{{1,150}}?,\s{_PARTICIPLES}\b"
)
# "Reid caucused in Nevada on Saturday and says he voted": the subject of the first verb.
_COORDINATED = re.compile(
    rf"^[“\"]?(?:(?:But|And|Yet|So|Still|Instead|Later|Meanwhile|On\s\w+),?\s)?"
    rf"(?P<sp>{_ROLE_NAME}|{_NAME}|{_PRON}|{_DESC})\s[^“”\"]{{1,150}}?\s(?:and|but)"
    rf"(?:\s(?:also|later|then|now|still))?\s{_VERBS}\b(?!\s(?:by|about)\b)"
)
# "One red-state Democrat, Montana Sen. Jon Tester, said" / "said his best friend at
# Lehigh, Bruce Turry, who ...": the name in apposition to a description.
_NAMED_APPOSITION = re.compile(
    rf"(?:(?:^|[”\"]\s*|[,;]\s){_DESC},\s(?P<sp>{_ROLE_NAME}|{_NAME}),{_ADVERB}\s{_VERBS}\b"
    rf"|{_VERBS}\s{_DESC},\s(?P<sp2>{_ROLE_NAME}|{_NAME})(?=[,.;:]))"
)
# "Ted Cruz, who said he would ...": the relative pronoun's antecedent.
_RELATIVE = re.compile(rf"(?P<sp>{_ROLE_NAME}|{_NAME}|{_DESC}),\swho{_ADVERB}\s{_VERBS}\b")


# Every pattern needs one of these: most sentences are ruled out by one quick search.
_ANY_CUE = re.compile(rf"\b(?:{_VERBS}|{_TITLE_VERBS}|{_PARTICIPLES}|[Aa]ccording\sto)\b")


# Quick checks for the costly unanchored patterns: the cue they end with must be there.
_QUOTE_CUE = re.compile(rf"{_VERBS}[,:]?\s[“\"]")
_RELATIVE_CUE = re.compile(rf",\swho{_ADVERB}\s{_VERBS}\b")


def _patterns(sentence: str) -> list[re.Pattern]:
    """The patterns worth trying: each needs a mark (a quote, a comma, ...) to match at all."""
    quote = any(mark in sentence for mark in '“”"')
    comma = "," in sentence
    return [
        pattern
        for pattern, needed in (
            (_NAMED_APPOSITION, comma),
            (_AFTER_QUOTE, quote),
            (_BEFORE_QUOTE, quote and _QUOTE_CUE.search(sentence) is not None),
            (_REPORTED, True),
            (_APPOSITIVE, comma or "—" in sentence or "–" in sentence),
            (_INVERTED, comma),
            (_ACCORDING, "ccording to" in sentence),
            (_HEADLINE, True),
            (_PARTICIPLE, comma),
            (_RELATIVE, ", who" in sentence and _RELATIVE_CUE.search(sentence) is not None),
            (_COORDINATED, " and " in sentence or " but " in sentence),
        )
        if needed
    ]


def find_speaker(sentence: str) -> str:
    """The speaker of one sentence as written, or "" when nothing attributes it."""
    if _ANY_CUE.search(sentence) is None:
        return ""
    for pattern in _patterns(sentence):
        match = pattern.search(sentence)
        if match is None:
            continue
        speaker = match.group("sp") if match.group("sp") else ""
        if not speaker and "sp2" in pattern.groupindex:
            speaker = match.group("sp2") or ""
        speaker = _LEADING.sub("", _PARTY_TAG.sub("", speaker.strip())).rstrip(",.;:")
        if speaker and (pattern is _ACCORDING or _plausible(speaker)):
            return speaker
    return ""


_PARTY_TAG = re.compile(r"\s?\([RDI]-[\w.]+\)|,\s[RDI]-[\w.]+,?$|,\s(?:however|though|too),?$")
# "But President Barack Obama": a conjunction or adverb opening the sentence is no name.
_LEADING = re.compile(
    r"^(?:(?:But|And|So|Yet|Still|However|Meanwhile|Now|Then|Also|Instead|Later|Earlier|"
    r"Today|Yesterday|Indeed|Thus|Already|Even|Only),?\s)+(?=[A-Z])"
)
_NOT_SPEAKERS = _wordset(
    """this that there what which who these those here everyone nobody anyone somebody
    someone"""
)


# "The law says ...": things that "say" without being a speaker. A poll, survey, study or
# report that "found" or "shows" something is the claim's source, as news cites it.
_NOT_SPEAKER_HEADS = _wordset(
    """law laws rule rules bill act statement document book article letter sign constitution
    policy plan agreement treaty text website map chart record list story paper evidence
    bible label contract"""
)


def _plausible(speaker: str) -> bool:
    words = speaker.lower().split()
    if words[0] in _NOT_SPEAKERS or len(words) > 8:
        return False
    return not (words[0] in ("the", "a", "an", "this", "that") and words[-1] in _NOT_SPEAKER_HEADS)
