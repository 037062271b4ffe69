"""Measure speaker labels on transcripts rendered from sentences labelled with their speaker.

A CheckThat! 2020 task 5 TSV (columns ``text``, ``source``, ``speaker``, one row per sentence
of a debate or interview, in order) is turned back into transcripts, one per source, in each
label layout that real transcripts use:

* ``inline``: ``BOB SCHIEFFER: Good evening ...``;
* ``own-line``: the label alone on its line (``BOB SCHIEFFER``), the words below;
* ``own-line-colon``: a mixed-case label with a colon on its own line (``Bob Schieffer:``).

Consecutive sentences of one speaker form a turn, written as paragraphs of up to four
sentences (only the first carries the label). Rows of the speaker ``SYSTEM`` are stage
directions (``[ applause ]``) and become a paragraph of their own. A sentence is right when
the speaker the project gives the sentence covering it most shares a name word with its
label; stage directions are right when no candidate with a speaker covers them. The texts
are extracted as documents of kind "transcript", as they would be ingested.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .attribution_eval import covering, name_words

__all__ = ["LAYOUTS", "Rendered", "evaluate_transcripts", "read_sources", "render"]

LAYOUTS = ("inline", "own-line", "own-line-colon")
_STAGE = "SYSTEM"
_PARAGRAPH = 4


@dataclass(frozen=True)
class Rendered:
    text: str
    sentences: tuple[tuple[int, int, str], ...]  # (start, end, speaker label; "" for stage)


def read_sources(path: Path) -> dict[str, list[tuple[str, str]]]:
    """source -> [(speaker, sentence), ...] in file order."""
    sources: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            text = " ".join((row.get("text") or "").split())
            if text:
                sources.setdefault(row["source"], []).append((row["speaker"].strip(), text))
    return sources


def _label(speaker: str, layout: str) -> str:
    if layout == "inline":
        return f"{speaker}: "
    if layout == "own-line":
        return f"{speaker}\n"
    return f"{speaker.title() if speaker.isupper() else speaker}:\n"


def render(rows: Sequence[tuple[str, str]], layout: str) -> Rendered:
    """One transcript text and where each sentence of it is."""
    parts: list[str] = []
    sentences: list[tuple[int, int, str]] = []
    length = 0
    previous = None
    in_paragraph = 0
    after_stage = False

    def write(piece: str) -> int:
        nonlocal length
        parts.append(piece)
        length += len(piece)
        return length

    for speaker, sentence in rows:
        stage = speaker == _STAGE
        if stage or speaker != previous or after_stage or in_paragraph >= _PARAGRAPH:
            if parts:
                write("\n\n")
            if not stage and speaker != previous:
                write(_label(speaker, layout))
            in_paragraph = 0
        elif in_paragraph:
            write(" ")
        start = length
        sentences.append((start, write(sentence), "" if stage else speaker))
        in_paragraph += 1
        after_stage = stage
        if not stage:
            previous = speaker  # a stage direction does not end the turn it interrupts
    return Rendered("".join(parts), tuple(sentences))


def judge_sentence(start: int, end: int, label: str, candidates: Sequence) -> bool:
    found = covering(candidates, start, end)
    speaker = (found[0].speaker_resolved or found[0].speaker) if found else ""
    if not label:
        return not speaker
    return bool(name_words(speaker) & name_words(label))


@dataclass
class TranscriptReport:
    counts: Counter

    def lines(self) -> list[str]:
        result = []
        for layout in LAYOUTS:
            total = self.counts[layout, "total"] or 1
            stage = self.counts[layout, "stage"] or 1
            result.append(
                f"{layout}: sentences {self.counts[layout, 'total']} accuracy "
                f"{self.counts[layout, 'right'] / total:.3f}; stage directions "
                f"{self.counts[layout, 'stage']} without speaker "
                f"{self.counts[layout, 'stage_right'] / stage:.3f}"
            )
        return result


def evaluate_transcripts(
    path: Path, *, extract_fn: Callable[..., Sequence], limit: int | None = None
) -> TranscriptReport:
    """Sentence-level speaker accuracy per layout over the first ``limit`` sources."""
    counts: Counter = Counter()
    for index, rows in enumerate(read_sources(Path(path)).values()):
        if limit is not None and index >= limit:
            break
        for layout in LAYOUTS:
            rendered = render(rows, layout)
            candidates = extract_fn(rendered.text, kind="transcript")
            for start, end, label in rendered.sentences:
                right = judge_sentence(start, end, label, candidates)
                kind = "total" if label else "stage"
                counts[layout, kind] += 1
                counts[layout, "right" if label else "stage_right"] += right
    return TranscriptReport(counts)
