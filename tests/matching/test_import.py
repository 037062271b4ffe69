"""Importing other organisations' fact-checks: every format, idempotent, bad records skipped."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from claims.factchecks import factchecks_import
from claims.models import ExternalFactCheck, MatchVector
from tests.matching.conftest import EARLIER, UNRELATED, review

pytestmark = pytest.mark.django_db

TSV = (
    "id\tvclaim\ttitle\tdate\tspeaker\ttruth_label\n"
    "vclaim-pol-1\tSays crime doubled in 2020.\tCrime did not double\t2021-01-05\tAnn Lee\tfalse\n"
    "vclaim-pol-2\tThe state has 40,000 teachers.\tTeachers count\t2020-03-01\tBob Roe\ttrue\n"
    "vclaim-pol-3\tToo few columns\n"
    "vclaim-pol-4\tA claim with a bad date.\tTitle\t2020-13-45\tX\tfalse\n"
)


def test_tsv_rows_become_fact_checks_and_a_second_import_changes_nothing():
    result = factchecks_import(data=TSV, filename="politifact_vclaims.tsv")
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert [str(e) for e in result.errors] == [
        "line 4: 2 columns where the header has 6.",
        "line 5: date: “2020-13-45” is not an ISO date (YYYY-MM-DD).",
    ]
    crime = ExternalFactCheck.objects.get(external_id="vclaim-pol-1")
    assert crime.source == "politifact_vclaims" and crime.publisher == "PolitiFact"
    assert (crime.speaker, crime.rating_text, crime.claim_date) == (
        "Ann Lee",
        "false",
        date(2021, 1, 5),
    )
    assert MatchVector.objects.filter(owner_kind="external").count() == 2
    again = factchecks_import(data=TSV, filename="politifact_vclaims.tsv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert ExternalFactCheck.objects.count() == 2 and MatchVector.objects.count() == 2


def test_a_changed_record_is_updated_in_place_with_a_new_vector():
    factchecks_import(data=TSV, filename="politifact_vclaims.tsv")
    old_vector = MatchVector.objects.get(
        object_id=ExternalFactCheck.objects.get(external_id="vclaim-pol-2").pk
    )
    changed = TSV.replace("The state has 40,000 teachers.", "The state has 41,000 teachers.")
    result = factchecks_import(data=changed, filename="politifact_vclaims.tsv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    teachers = ExternalFactCheck.objects.get(external_id="vclaim-pol-2")
    assert teachers.claim_text == "The state has 41,000 teachers."
    assert MatchVector.objects.get(object_id=teachers.pk).pk > old_vector.pk


@pytest.mark.parametrize(
    "shape",
    [
        lambda items: items,
        lambda items: {"@context": "https://schema.org", "@graph": items},
        lambda items: {
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": i} for i in items],
        },
    ],
    ids=["a list", "@graph", "DataFeed"],
)
def test_claim_review_json_ld_in_every_shape(shape):
    items = [EARLIER, UNRELATED]
    result = factchecks_import(data=json.dumps(shape(items)), filename="feed.json")
    assert result.created == len(items) and not result.errors
    earlier = ExternalFactCheck.objects.get(url=EARLIER["url"])
    assert earlier.publisher == "Example Checks" and earlier.rating_text == "True"
    assert earlier.speaker == "Jane Mayor" and earlier.claim_date == date(2019, 5, 30)
    assert earlier.review_date == date(2019, 6, 2)
    assert earlier.title == "Yes, unemployment hit 3.9% in 2019"
    again = factchecks_import(data=json.dumps(shape(items)), filename="other-name.json")
    assert again.created == 0 and again.unchanged == len(items)


def test_one_claim_review_object():
    result = factchecks_import(data=json.dumps(EARLIER).encode(), filename="one.json")
    assert result.created == 1 and ExternalFactCheck.objects.get().rating_text == "True"


def test_html_page_with_embedded_json_ld():
    page = (
        "<html><head><title>Fact check</title>"
        '<script type="application/ld+json">{"@type": "WebPage", "name": "x"}</script>'
        f'<script type="application/ld+json">{json.dumps(EARLIER)}</script>'
        '<script type="application/ld+json">{not json</script>'
        "</head><body><p>Text</p></body></html>"
    )
    result = factchecks_import(data=page.encode(), filename="page.html")
    assert result.created == 1
    assert [e.where for e in result.errors] == ["script block 3"]
    assert ExternalFactCheck.objects.get().url == EARLIER["url"]


def test_malformed_records_are_reported_and_skipped_the_rest_imported():
    bad = [
        review(url="https://ok.example.org/1"),
        review(url="https://ok.example.org/2", claimReviewed=""),
        review(url="javascript:alert(1)"),
        review(url="https://ok.example.org/3", datePublished="yesterday"),
        review(url="", identifier=""),
        review(url="https://ok.example.org/4", claimReviewed={"text": "nested"}),
    ]
    result = factchecks_import(data=json.dumps(bad), filename="feed.json")
    assert result.created == 1
    messages = {e.where: e.message for e in result.errors}
    assert set(messages) == {"item 2", "item 3", "item 4", "item 5", "item 6"}
    assert "claimReviewed" in messages["item 2"]
    assert messages["item 3"].startswith("url:")
    assert messages["item 4"].startswith("datePublished:")
    assert "neither a url nor an id" in messages["item 5"]


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe\x00bad", b"{not json", b"<html><p>no json-ld</p></html>", b"a\tb\n1\t2\n"],
)
def test_an_unreadable_file_is_one_error_naming_the_file(data):
    with pytest.raises(ValidationError) as error:
        factchecks_import(data=data, filename="x")
    assert "file" in error.value.message_dict
    assert ExternalFactCheck.objects.count() == 0


def test_import_command_prints_progress_and_errors(tmp_path, capsys):
    path = tmp_path / "snopes_vclaims.tsv"
    path.write_text(TSV, encoding="utf-8")
    call_command("import_factchecks", str(path))
    captured = capsys.readouterr()
    assert "2 new, 0 updated, 0 unchanged, 2 skipped" in captured.out
    assert "line 4: 2 columns" in captured.err and "records read" in captured.err
    assert ExternalFactCheck.objects.filter(publisher="Snopes").count() == 2
    call_command("import_factchecks", str(path))
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_match_vectors_fills_in_what_is_missing(capsys):
    from tests.factories import ClaimFactory

    factchecks_import(data=TSV, filename="politifact_vclaims.tsv")
    claim = ClaimFactory()
    MatchVector.objects.filter(owner_kind="external").first().delete()
    call_command("match_vectors")
    out = capsys.readouterr().out
    assert "claim: 1 vectors stored" in out and "external: 1 vectors stored" in out
    assert MatchVector.objects.filter(owner_kind="claim", object_id=claim.pk).exists()
    call_command("match_vectors")
    assert "claim: 0 vectors stored" in capsys.readouterr().out
