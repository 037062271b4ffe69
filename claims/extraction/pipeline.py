"""Text in, candidate claims out: segmentation, boilerplate, scoring, attribution.

One spaCy pass per document (``nlp.pipe`` over its paragraphs), then cheap per-sentence
features on the tokens and entities already computed. The parser and lemmatizer are
disabled: sentences come from our own rules (see ``segment``) and the features need only
tags and entities.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .attribution import MENTION_LABELS, Attribution, Mention, SentenceInfo, attribute
from .clausal import clausal_subject
from .normalize import TextView, view_for_extraction
from .score import CLAIM_TYPES, Scored, score_span
from .segment import (
    Line,
    Sentence,
    is_boilerplate,
    is_stage_direction,
    split_lines,
    split_sentences,
)
from .version import DEFAULT_PIPELINE, DEFAULT_THRESHOLD, EXTRACTOR_VERSION

if TYPE_CHECKING:
    from .learned import LearnedScorer

__all__ = [
    "CLAIM_TYPES",
    "DEFAULT_PIPELINE",
    "DEFAULT_THRESHOLD",
    "EXTRACTOR_VERSION",
    "Candidate",
    "extract",
    "load_pipeline",
    "parse_sentences",
    "score_sentence",
    "score_sentences",
]


_EXCLUDED = ("parser", "lemmatizer", "senter")
_BATCH_SIZE = 1000  # all of a normal document's paragraphs in one batch: fastest per document


@dataclass(frozen=True)
class Candidate:
    text: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...]
    claim_type: str
    is_quote: bool
    speaker: str
    speaker_resolved: str
    entities: tuple[dict, ...]
    quantities: tuple[dict, ...]
    speaker_kind: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        data["entities"] = [dict(e) for e in self.entities]
        data["quantities"] = [dict(q) for q in self.quantities]
        return data


@functools.cache
def load_pipeline(name: str = DEFAULT_PIPELINE, *, parser: bool = False) -> Language:
    """The spaCy pipeline, loaded once per process, with the components we do not use off.
    ``parser`` keeps the dependency parser (for ``clausal``; measured, see README)."""
    excluded = [c for c in _EXCLUDED if not (parser and c == "parser")]
    return spacy.load(name, exclude=excluded)


def extract(
    text: str,
    *,
    pipeline: str = DEFAULT_PIPELINE,
    on_progress: Callable[[int, int], None] | None = None,
    progress_every: int = 25,
    author: str = "",
    kind: str = "",
    parse: bool = False,
    nlp: Language | None = None,
    scorer: LearnedScorer | None = None,
) -> list[Candidate]:
    """One Candidate per non-boilerplate sentence, document order. Calls on_progress(done, total)
    every `progress_every` sentences and at the end.

    ``author`` and ``kind`` are the document's author field and DocumentKind value: in a
    single-speaker document (see ``attribution.SINGLE_SPEAKER_KINDS``) sentences nobody else is
    said to have spoken are the author's; an article's author is the journalist, never a
    speaker. ``parse`` runs spaCy's dependency parser too, so that the subject of a verb
    governing a clause is a speaker when no pattern finds one (more quotes attributed, at the
    parser's cost: see README). ``nlp`` overrides the loaded pipeline (any object with spaCy's
    ``pipe``, e.g. a cache of parses for a benchmark). ``scorer`` None scores with the rules.
    Offsets are into ``text`` as given.
    """
    if not text.strip():
        if on_progress is not None:
            on_progress(0, 0)
        return []
    nlp = nlp if nlp is not None else load_pipeline(pipeline, parser=parse)
    view = view_for_extraction(text)
    seen = view.text
    lines = split_lines(seen, transcript=kind == "transcript")
    sentences = split_sentences(seen, lines)
    docs = nlp.pipe((seen[line.start : line.end] for line in lines), batch_size=_BATCH_SIZE)

    total = len(sentences)

    def tick(done: int) -> None:
        if on_progress is not None and done % progress_every == 0 and done < total:
            on_progress(done, total)

    kept, infos, mentions = _read_sentences(seen, lines, sentences, docs, tick)
    attributions = attribute(seen, infos, mentions, author=author, kind=kind)
    scores = _score([(span, offset) for _, _, span, offset in kept], scorer)
    candidates = [
        _candidate(text, view, start, end, scored, attribution)
        for (start, end, _, _), scored, attribution in zip(kept, scores, attributions, strict=True)
    ]
    if on_progress is not None:
        on_progress(total, total)
    return candidates


def _read_sentences(
    seen: str,
    lines: Sequence[Line],
    sentences: Sequence[Sentence],
    docs: Iterable[Doc],
    tick: Callable[[int], None],
) -> tuple[list[tuple[int, int, Span, int]], list[SentenceInfo], list[Mention]]:
    """Walk the paragraphs' parses and our own sentences together: the kept sentences as
    (start, end, span, paragraph offset) in the view's coordinates, what attribution needs
    to know of each, and the named mentions. ``tick(done)`` after every sentence."""
    kept: list[tuple[int, int, Span, int]] = []
    infos: list[SentenceInfo] = []
    mentions: list[Mention] = []
    total = len(sentences)
    position = 0
    for paragraph, (line, doc) in enumerate(zip(lines, docs, strict=True)):
        mentions.extend(
            Mention(line.start + ent.start_char, ent.text, ent.label_)
            for ent in doc.ents
            if ent.label_ in MENTION_LABELS
        )
        while position < total and sentences[position].start < line.end:
            sentence = sentences[position]
            position += 1
            piece = seen[sentence.start : sentence.end]
            if not is_boilerplate(piece) and not is_stage_direction(piece):
                span = _span(doc, line, sentence.start, sentence.end)
                if span is not None:
                    kept.append((sentence.start, sentence.end, span, line.start))
                    parsed = clausal_subject(span) if doc.has_annotation("DEP") else ""
                    infos.append(
                        SentenceInfo(sentence.start, piece, paragraph, sentence.label, parsed)
                    )
            tick(position)
    return kept, infos, mentions


def _score(spans: Sequence[tuple[Span, int]], scorer: LearnedScorer | None) -> list[Scored]:
    """Score sentences with the rules or the learned scorer; entity offsets are shifted by each
    sentence's offset (document coordinates)."""
    if scorer is None:
        return [score_span(span, offset=offset) for span, offset in spans]
    scored = scorer.score_spans([span for span, _ in spans])
    return [_shifted(s, offset) for s, (_, offset) in zip(scored, spans, strict=True)]


def _shifted(scored: Scored, offset: int) -> Scored:
    if not offset:
        return scored
    entities = tuple(
        {**e, "start": e["start"] + offset, "end": e["end"] + offset} for e in scored.entities
    )
    return replace(scored, entities=entities)


def _span(doc: Doc, line: Line, start: int, end: int) -> Span | None:
    return doc.char_span(start - line.start, end - line.start, alignment_mode="expand")


def _mapped(items: tuple[dict, ...], view: TextView) -> tuple[dict, ...]:
    if not view.spans:
        return items
    return tuple(
        {**item, "start": view.start(item["start"]), "end": view.end(item["end"])}
        if "start" in item
        else item
        for item in items
    )


def _candidate(
    text: str, view: TextView, start: int, end: int, scored: Scored, attribution: Attribution
) -> Candidate:
    start, end = view.start(start), view.end(end)
    return Candidate(
        text=text[start:end],
        start=start,
        end=end,
        score=scored.score,
        reasons=scored.reasons,
        claim_type=scored.claim_type,
        is_quote=attribution.is_quote,
        speaker=attribution.speaker,
        speaker_resolved=attribution.speaker_resolved,
        entities=_mapped(scored.entities, view),
        quantities=scored.quantities,
        speaker_kind=attribution.speaker_kind,
    )


def score_sentence(text: str, *, pipeline: str = DEFAULT_PIPELINE) -> Candidate:
    """Score one standalone sentence; offsets are relative to it."""
    return score_sentences([text], pipeline=pipeline)[0]


def score_sentences(
    texts: Iterable[str],
    *,
    pipeline: str = DEFAULT_PIPELINE,
    batch_size: int = 256,
    n_process: int = 1,
    scorer: LearnedScorer | None = None,
) -> list[Candidate]:
    """Score standalone sentences (one Candidate each, in order) with one batched spaCy pass.

    A leading transcript label ("TRUMP: ...") is taken as the speaker and left out of the
    candidate's text, as in ``extract``. ``scorer`` None scores with the rules.
    """
    units = list(
        parse_sentences(texts, pipeline=pipeline, batch_size=batch_size, n_process=n_process)
    )
    scores = _score([(doc[:], line.start) for _, line, doc in units], scorer)
    candidates = []
    for (text, line, doc), scored in zip(units, scores, strict=True):
        piece = text[line.start : line.end]
        mentions = [
            Mention(line.start + ent.start_char, ent.text, ent.label_)
            for ent in doc.ents
            if ent.label_ in MENTION_LABELS
        ]
        info = SentenceInfo(line.start, piece, 0, line.label)
        attribution = attribute(text, [info], mentions)[0]
        candidates.append(
            _candidate(text, TextView(text), line.start, line.end, scored, attribution)
        )
    return candidates


def parse_sentences(
    texts: Iterable[str],
    *,
    pipeline: str = DEFAULT_PIPELINE,
    batch_size: int = 256,
    n_process: int = 1,
) -> Iterator[tuple[str, Line, Doc]]:
    """(text, line without its transcript label, parsed line) for standalone sentences."""
    nlp = load_pipeline(pipeline)
    units: list[tuple[str, Line]] = []
    for text in texts:
        lines = split_lines(text) if text.strip() else []
        line = Line(lines[0].start, lines[-1].end, lines[0].label) if lines else Line(0, 0)
        units.append((text, line))
    docs = nlp.pipe(
        (text[line.start : line.end] for text, line in units),
        batch_size=batch_size,
        n_process=n_process,
    )
    for (text, line), doc in zip(units, docs, strict=True):
        yield text, line, doc
