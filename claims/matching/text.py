"""Text cleaning and terms for matching: what a query and a fact-check are compared on.

Handles, links and stop words carry no claim; a hashtag's word does (#Obamacare -> obamacare);
numbers are kept, they are often the claim itself.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 2000

_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|gov|ly|co|io)/\S*", re.IGNORECASE
)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Words and numbers; "3.5", "1,000", "9/11" stay whole.
_TERM = re.compile(r"\d+(?:[.,/]\d+)*%?|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block (readable long lists)."""
    return frozenset(words.split())


STOP_WORDS = word_set(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further get got had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd
    i'll i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself
    no nor not now of off on once only or other ought our ours ourselves out over own rt same
    say says said shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're they've this
    those through to too under until up upon us very via was wasn't we we'd we'll we're we've were
    weren't what what's when when's where where's which while who who's whom why why's will with
    won't would wouldn't you you'd you'll you're you've your yours yourself yourselves amp"""
)


def clean(text: str) -> str:
    """Text without links, handles and control characters; hashtags become their words."""
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_QUERY_CHARS])
    text = _CONTROL.sub(" ", text)
    # Most claims have no link, handle or hashtag: a substring test is cheaper than a regex pass.
    if "/" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(lambda match: _CAMEL.sub(" ", match.group(1)), text)
    return _SPACES.sub(" ", text).strip()


def stem(word: str) -> str:
    """A light English suffix stripper: plurals and the commonest verb endings.

    Enough for "taxes"/"tax", "cuts"/"cut", "raised"/"raise"; a full stemmer buys little on claims.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + replacement
            break
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def terms(text: str) -> list[str]:
    """The lexical terms of a text: cleaned, lower-cased, stop words out, stemmed, numbers kept."""
    found = []
    for match in _TERM.finditer(clean(text).replace("\u2019", "'")):
        word = match.group(0).lower()
        if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        if word[0].isdigit():
            found.append(word.replace(",", "").rstrip("%"))
        else:
            found.append(stem(word.split("'")[0]))
    return found
