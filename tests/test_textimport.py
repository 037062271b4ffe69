"""Uploaded and fetched files to plain text: what is kept, what is dropped, and refusals
that name the field."""

import pytest
from django.core.exceptions import ValidationError

from claims.textimport import decode_text, text_from_file, text_from_html


def test_html_gives_its_readable_text_in_paragraphs_and_its_title():
    html = (
        "<html><head><title> Budget \n day </title><style>p{}</style></head><body>"
        "<nav>Home | News</nav><h1>Budget</h1><p>Spending rose by   4%.</p>"
        "<script>track()</script><p>Taxes &amp; duties fell.</p></body></html>"
    )
    text, title = text_from_html(html)
    assert title == "Budget day"
    # Blocks are separated by blank lines (ingest normalizes their number).
    assert [line for line in text.split("\n") if line] == [
        "Budget",
        "Spending rose by 4%.",
        "Taxes & duties fell.",
    ]
    assert "\n\n" in text and "Home" not in text and "track" not in text


def test_an_html_upload_is_read_as_html_whatever_the_case_of_its_suffix():
    text, title = text_from_file("Story.HTML", b"<title>T</title><p>One.</p><p>Two.</p>")
    assert title == "T"
    assert [line for line in text.split("\n") if line] == ["One.", "Two."]


def test_a_text_upload_is_kept_as_written_without_its_byte_order_mark():
    data = "\ufeffLine one.\n\n  Line   two.".encode()
    assert text_from_file("notes.txt", data) == ("Line one.\n\n  Line   two.", "")
    assert text_from_file("notes.md", b"# Heading") == ("# Heading", "")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"%PDF-1.7", "Upload a .txt, .md or .html file."),
        ("report.txt", b"PK\x03\x04\x00\x00", "binary file"),
        ("report.txt", b"caf\xe9 au lait", "not UTF-8 text (invalid byte at position 3)"),
    ],
)
def test_unreadable_files_are_refused_on_the_field_they_came_in(name, data, message):
    with pytest.raises(ValidationError) as refused:
        text_from_file(name, data, field="upload")
    errors = refused.value.message_dict
    assert list(errors) == ["upload"]
    assert message in errors["upload"][0]


def test_decoding_only_looks_for_nul_bytes_near_the_start():
    late_nul = b"a" * 9000 + b"\x00"
    assert decode_text(late_nul) == "a" * 9000 + "\x00"
