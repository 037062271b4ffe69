"""Reading other organisations' fact-checks: schema.org ClaimReview and the lab's TSV.

Pure parsing (no database): `parse(data, filename=...)` yields a `Record` per fact-check, or a
`RecordError` naming the record and what is wrong with it. Accepted:

- JSON-LD: one ClaimReview, a list of them, an `@graph`, or a DataFeed (`dataFeedElement[].item`);
- an HTML page with `<script type="application/ld+json">` blocks holding any of the above;
- TSV with a header `id vclaim [title date speaker truth_label]` (tab separated, no quoting).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

TSV_REQUIRED = ("id", "vclaim")
TSV_OPTIONAL = ("title", "date", "speaker", "truth_label")


class FormatError(ValueError):
    """The file as a whole cannot be read (not one bad record)."""


@dataclass(frozen=True)
class Record:
    where: str  # "line 12", "item 3": how the error messages name it
    claim_text: str
    url: str = ""
    external_id: str = ""
    publisher: str = ""
    title: str = ""
    speaker: str = ""
    claim_date: date | None = None
    review_date: date | None = None
    rating_text: str = ""
    language: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RecordError:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def parse(data: bytes | str) -> Iterator[Record | RecordError]:
    """Records of `data`, whose format is recognised from its first character."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(f"The file is not UTF-8 text ({error.reason}).") from None
    text = data.lstrip("\ufeff \t\r\n")
    if not text:
        raise FormatError("The file is empty.")
    if text[0] == "<":
        return _from_html(text)
    if text[0] in "[{":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise FormatError(f"Not valid JSON: {error}.") from None
        return _from_json_ld(document, prefix="")
    return _from_tsv(text)


# --- TSV ---


def _from_tsv(text: str) -> Iterator[Record | RecordError]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in TSV_REQUIRED if name not in header]
    if missing:
        raise FormatError(
            f"Not a ClaimReview file and not the TSV layout: the header lacks {', '.join(missing)}"
            f" (expected columns {' '.join(TSV_REQUIRED + TSV_OPTIONAL)})."
        )
    return _tsv_rows(reader, header)


def _tsv_rows(reader, header: list[str]) -> Iterator[Record | RecordError]:
    for number, row in enumerate(reader, start=2):
        where = f"line {number}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield RecordError(where, f"{len(row)} columns where the header has {len(header)}.")
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=True))
        if not values["id"]:
            yield RecordError(where, "the id is empty.")
            continue
        try:
            claim_date = parse_date(values.get("date", ""))
        except ValueError as error:
            yield RecordError(where, f"date: {error}")
            continue
        yield Record(
            where=where,
            claim_text=values["vclaim"],
            external_id=values["id"],
            title=values.get("title", ""),
            speaker=values.get("speaker", ""),
            claim_date=claim_date,
            rating_text=values.get("truth_label", ""),
        )


def parse_date(value: Any) -> date | None:
    """A date from an ISO date or date-time string ("" -> None); ValueError otherwise."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date.")
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"“{value[:40]}” is not an ISO date (YYYY-MM-DD).") from None
    if not 1800 <= parsed.year <= 2200:
        raise ValueError(f"the year {parsed.year} is out of range.")
    return parsed


# --- JSON-LD ---


def _types(node: dict) -> list:
    kind = node.get("@type", "")
    return kind if isinstance(kind, list) else [kind]


def _claim_reviews(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(where, node) for every ClaimReview in a JSON-LD document, however nested."""
    if isinstance(node, list):
        for position, item in enumerate(node, start=1):
            yield from _claim_reviews(item, f"{path}item {position}")
        return
    if not isinstance(node, dict):
        return
    types = _types(node)
    if "ClaimReview" in types:
        yield path.rstrip(" ,") or "record 1", node
    if "DataFeed" in types:
        elements = node.get("dataFeedElement") or []
        for position, element in enumerate(elements if isinstance(elements, list) else []):
            item = element.get("item", element) if isinstance(element, dict) else None
            yield from _claim_reviews(item, f"{path}dataFeedElement {position + 1}, ")
    if "@graph" in node:
        yield from _claim_reviews(node["@graph"], f"{path}@graph ")


def _from_json_ld(document: Any, prefix: str) -> Iterator[Record | RecordError]:
    for where, node in _claim_reviews(document, prefix):
        try:
            yield _claim_review_record(where, node)
        except ValueError as error:
            yield RecordError(where, str(error))


def _name(value: Any) -> str:
    """The name of a schema.org Person/Organization (or a plain string, or the first of a list)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or ""
    return value.strip() if isinstance(value, str) else ""


def _text(node: dict, key: str) -> str:
    value = node.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ValueError(f"{key} should be text, not {type(value).__name__}.")
    return str(value).strip()


def _rating(rating: Any) -> str:
    if not isinstance(rating, dict):
        return _name(rating)
    label = _text(rating, "alternateName") or _text(rating, "name")
    if label:
        return label
    value, best = _text(rating, "ratingValue"), _text(rating, "bestRating")
    return f"{value}/{best}" if value and best else value


def _claim_review_record(where: str, node: dict) -> Record:
    claim_text = _text(node, "claimReviewed")
    if not claim_text:
        raise ValueError("claimReviewed (the claim as checked) is missing.")
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    try:
        review_date = parse_date(node.get("datePublished"))
    except ValueError as error:
        raise ValueError(f"datePublished: {error}") from None
    try:
        claim_date = parse_date(item.get("datePublished"))
    except ValueError as error:
        raise ValueError(f"itemReviewed.datePublished: {error}") from None
    language = node.get("inLanguage", "")
    return Record(
        where=where,
        claim_text=claim_text,
        url=_text(node, "url"),
        external_id=_text(node, "identifier") or _text(node, "@id"),
        publisher=_name(node.get("author")) or _name(node.get("publisher")),
        title=_text(node, "headline") or _text(node, "name"),
        speaker=_name(item.get("author")),
        claim_date=claim_date,
        review_date=review_date,
        rating_text=_rating(node.get("reviewRating")),
        language=_name(language) if not isinstance(language, str) else language.strip(),
    )


# --- HTML pages with embedded JSON-LD ---


class _JsonLdScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _from_html(text: str) -> Iterator[Record | RecordError]:
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    if not parser.blocks:
        raise FormatError('The page has no <script type="application/ld+json"> block.')
    return _html_blocks(parser.blocks)


def _html_blocks(blocks: list[str]) -> Iterator[Record | RecordError]:
    for number, block in enumerate(blocks, start=1):
        try:
            document = json.loads(block)
        except json.JSONDecodeError as error:
            yield RecordError(f"script block {number}", f"not valid JSON: {error}.")
            continue
        prefix = f"script block {number}, " if len(blocks) > 1 else ""
        yield from _from_json_ld(document, prefix)
