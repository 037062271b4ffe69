"""Measure speaker attribution on human-annotated news quotes (PolNeAR layout).

A directory holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann`` (brat
standoff: ``T..`` lines for Source, Cue and Content spans, ``E..`` lines tying them into one
attribution). An article annotated by several annotators counts once: the first annotator's
file in sorted order.

Every annotated attribution with a Content and a Source span is one *quote*. The project is
run over the whole article (``extract`` yields every non-boilerplate sentence, whatever its
check-worthiness, so this measures attribution and not the scorer). The project's speaker of
a quote is that of the sentence it covers most (the next most covered sentence if that one has
none): the resolved name, else the written form. A bare pronoun ("he", resolved to nothing)
is the project saying it cannot decide: counted as *undecided*, not as a speaker.

A quote is *right* when the project's speaker shares a name word (a content word that is not a
pronoun, title, determiner or function word; case-insensitive, possessives dropped) with a
*referent* of the annotated Source:

* the Source text itself ("Spokeswoman Haley Morris", "the campaign", "Trump");
* for a Source naming someone by one word ("Morris", "Mr. Trump"), the nearest earlier full
  mention of that word in the article: a run of two to four capitalised words ending in it;
* for a Source without a capitalised name ("he", "she", "they", "it", "the senator", "a
  senior aide"): the nearest earlier annotated Source in the article that has one (expanded as
  above), and for a personal pronoun also the nearest earlier full name (two to four
  capitalised words) written in the text before it. Both are the plausible antecedents a
  reader would pick; PolNeAR links no coreference, so either counts.

Coverage is the share of quotes given any speaker, accuracy the share right over ALL quotes;
the rest are wrong (a speaker not matching), undecided, or none. PolNeAR annotates beliefs and
stances too ("he's been ratcheting up his critique of"), so a last line gives the same figures
for *speech* only: Content with a quotation mark in it, or a cue of saying, telling, adding,
writing, asking, tweeting, "according to", "in a statement" or a colon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Article",
    "Quote",
    "Report",
    "covering",
    "evaluate_dirs",
    "judge",
    "load_articles",
    "name_words",
    "read_ann",
]

_PRONOUNS = frozenset(
    """he she they it i we you him her them his hers their theirs its us me who""".split()  # noqa: SIM905
)
_FUNCTION = frozenset(
    """the a an of and or in on at for to by with from as that this these those one another
    some many several other others s former new top senior said says spokesman
    spokeswoman spokesperson""".split()  # noqa: SIM905
)
_TITLES = frozenset(
    """mr mrs ms miss dr sen senator rep gov governor president vice prime minister
    secretary gen general judge justice mayor chairman chairwoman chair sir lady lord
    rev""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[\w’'\-.]+")
_FULL_NAME = re.compile(r"(?:[A-Z][\w’'\-.]+\s){1,3}[A-Z][\w’'\-]+")


@dataclass(frozen=True)
class Quote:
    start: int  # the Content span
    end: int
    source_start: int
    source_end: int
    source: str
    cue: str = ""


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    quotes: tuple[Quote, ...]


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    speech: Counter = field(default_factory=Counter)  # the same, for speech only
    articles: int = 0

    @property
    def quotes(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        total = self.quotes or 1
        given = self.counts["right"] + self.counts["wrong"]
        speech = sum(self.speech.values()) or 1
        return [
            f"articles: {self.articles}",
            f"quotes: {self.quotes}",
            f"coverage: {given / total:.3f}",
            f"accuracy: {self.counts['right'] / total:.3f}",
            *(
                f"{kind}: {self.counts[kind]} ({self.counts[kind] / total:.3f})"
                for kind in ("right", "wrong", "undecided", "none")
            ),
            f"speech quotes: {sum(self.speech.values())} (accuracy "
            f"{self.speech['right'] / speech:.3f}, coverage "
            f"{(self.speech['right'] + self.speech['wrong']) / speech:.3f})",
        ]


_SPEECH_CUE = re.compile(
    r"^(?:\w+\s){0,2}(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|"
    r"write|writes|wrote|ask|asks|asked|according|in\sa\sstatement|tweet|tweeted|:)",
    re.IGNORECASE,
)


def is_speech(text: str, quote: Quote) -> bool:
    """Speech proper, as opposed to beliefs and stances: a quotation, or a speech cue."""
    content = text[quote.start : quote.end]
    return any(mark in content for mark in '“”"') or bool(_SPEECH_CUE.match(quote.cue))


def name_words(text: str) -> set[str]:
    """Lower-case content words of a name or description, possessives dropped."""
    words = set()
    for raw in _WORD.findall(text):
        word = re.sub(r"[’']s?$", "", raw).strip(".-").lower()
        if word and word not in _PRONOUNS and word not in _FUNCTION and word not in _TITLES:
            words.add(word)
    return words


def _capitalised_names(text: str) -> list[str]:
    return [
        w
        for w in (re.sub(r"[’']s?$", "", raw).strip(".") for raw in _WORD.findall(text))
        if w[:1].isupper()
        and w.lower() not in _TITLES
        and w.lower() not in _PRONOUNS
        and w.lower() not in _FUNCTION
    ]


def read_ann(path: Path, text: str) -> tuple[Quote, ...]:
    """The attributions of one brat file that have both a Content and a Source span."""
    spans: dict[str, tuple[str, int, int]] = {}
    links: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, *offsets = parts[1].replace(";", " ").split()
            numbers = [int(o) for o in offsets]
            spans[parts[0]] = (kind, min(numbers), max(numbers))
        elif line.startswith("E") and len(parts) >= 2:
            links.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    quotes = []
    for link in links:
        content, source = spans.get(link.get("Content", "")), spans.get(link.get("Source", ""))
        if content is None or source is None:
            continue
        cue = spans.get(link.get("Cue", ""))
        cue_text = " ".join(text[cue[1] : cue[2]].split()) if cue else ""
        source_text = text[source[1] : source[2]]
        quotes.append(Quote(content[1], content[2], source[1], source[2], source_text, cue_text))
    return tuple(sorted(quotes, key=lambda q: (q.start, q.end)))


def load_articles(directory: Path, *, limit: int | None = None) -> list[Article]:
    """The articles of one PolNeAR-layout directory, one annotator each, sorted by name."""
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{directory} needs text/ and attributions/ subdirectories")
    articles = []
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        articles.append(Article(text_path.stem, text, read_ann(anns[0], text)))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _expand(text: str, source: Quote | str, before: int) -> set[str]:
    """A one-word name ("Morris") with the nearest earlier full mention of it ("Haley Morris")."""
    written = source if isinstance(source, str) else source.source
    words = name_words(written)
    names = _capitalised_names(written)
    if len(names) == 1:
        pattern = re.compile(rf"(?:[A-Z][\w’'\-.]+\s){{1,3}}{re.escape(names[0])}\b")
        found = list(pattern.finditer(text, 0, before))
        if found:
            words |= name_words(found[-1].group())
    return words


def referents(article: Article, quote: Quote) -> list[set[str]]:
    """Name-word sets, any of which the project's speaker may match (see the module doc)."""
    text = article.text
    own = _expand(text, quote.source, quote.source_start)
    result = [own] if own else []
    if _capitalised_names(quote.source):
        return result
    earlier = [
        q
        for q in article.quotes
        if q.source_end <= quote.source_start and _capitalised_names(q.source)
    ]
    if earlier:
        nearest = max(earlier, key=lambda q: q.source_start)
        result.append(_expand(text, nearest, nearest.source_start))
    if quote.source.strip().lower() in ("he", "she", "him", "her", "his"):
        names = list(_FULL_NAME.finditer(text, 0, quote.source_start))
        if names:
            result.append(name_words(names[-1].group()))
    return [r for r in result if r]


def covering(candidates: Sequence, start: int, end: int) -> list:
    """The candidates overlapping [start, end), the one covering most of it first."""
    return sorted(
        (c for c in candidates if c.start < end and c.end > start),
        key=lambda c: -(min(c.end, end) - max(c.start, start)),
    )


def judge(article: Article, quote: Quote, candidates: Sequence) -> str:
    """ "right", "wrong", "undecided" or "none" for one quote."""
    overlapping = covering(candidates, quote.start, quote.end)
    chosen = next((c for c in overlapping if c.speaker_resolved or c.speaker), None)
    if chosen is None:
        return "none"
    speaker = chosen.speaker_resolved or chosen.speaker
    words = name_words(speaker)
    if not words:
        return "undecided"
    if any(words & referent for referent in referents(article, quote)):
        return "right"
    return "wrong"


def evaluate_dirs(
    directories: Iterable[Path],
    *,
    extract_fn: Callable[[str], Sequence],
    limit: int | None = None,
    on_article: Callable[[Article, list[tuple[Quote, str]]], None] | None = None,
) -> Report:
    """Run ``extract_fn`` over every article and count each quote's outcome."""
    report = Report()
    for directory in directories:
        for article in load_articles(Path(directory), limit=limit):
            candidates = extract_fn(article.text)
            outcomes = [(q, judge(article, q, candidates)) for q in article.quotes]
            report.counts.update(outcome for _, outcome in outcomes)
            report.speech.update(o for q, o in outcomes if is_speech(article.text, q))
            report.articles += 1
            if on_article is not None:
                on_article(article, outcomes)
    return report
