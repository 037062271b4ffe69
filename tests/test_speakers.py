"""Speakers: name keys, resolution at extraction time, and the speaker services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import speakers
from claims.extraction.pipeline import Candidate
from claims.models import Claim, ClaimEvent, ExtractionJob, Speaker
from claims.services import claims as claim_services
from claims.services import jobs as job_services
from claims.speakernames import parse
from claims.speakers import Mention
from claims.workflow import PermissionRefused, StaleVersion, WorkflowError
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def resolve(*names, kind=""):
    mentions = [Mention(n, kind) if isinstance(n, str) else Mention(*n) for n in names]
    result = speakers.speakers_resolve(mentions)
    return [result[m] for m in mentions]


def speaker(name, kind="person", **fields):
    item = Speaker(name=name, kind=kind, **fields)
    speakers.refresh_keys(item)
    item.save()
    return item


# --- Name keys ---


@pytest.mark.parametrize(
    "written, key",
    [
        ("Joe Biden", "joe biden"),
        ("Vice President Joe Biden", "joe biden"),
        ("joe  biden", "joe biden"),
        ("Joseph R. Biden Jr.", "joseph biden"),
        ("Mr. Biden", "biden"),
        ("Biden’s", "biden"),
        ("Sen. Elizabeth Warren,", "elizabeth warren"),
        ("U.S. Rep. Jim Jordan", "jim jordan"),
        ("José Álvarez", "jose alvarez"),
        ("the senator", ""),
        ("he", ""),
    ],
)
def test_name_keys_ignore_titles_case_accents_and_punctuation(written, key):
    assert parse(written).key == key


def test_an_organisation_keeps_its_words_but_not_a_leading_the():
    assert parse("The New York Times", "organization").key == "new york times"
    assert parse("the company", "organization").key == "company"
    # ...which extraction does not take for a name: it is a description.
    assert resolve(("the company", "organization"), ("officials", "")) == [None, None]
    assert not Speaker.objects.exists()


# --- Resolution ---


def test_biden_joe_biden_vice_president_biden_and_mr_biden_are_one_speaker():
    joe, biden, vp, mr = resolve("Joe Biden", "Biden", "Vice President Biden", "Mr. Biden")
    assert joe is not None and joe.pk
    assert biden == vp == mr == joe
    assert Speaker.objects.count() == 1
    # ...and so in a later document, where only the surname is written.
    assert resolve("Vice President Biden") == [joe]
    assert resolve("Joe Biden") == [joe]


def test_a_bare_surname_shared_by_two_known_people_gets_no_speaker():
    speaker("Joe Biden")
    speaker("Hunter Biden")
    assert resolve("Mr. Biden") == [None]
    assert Speaker.objects.count() == 2


def test_a_bare_surname_nobody_known_has_creates_no_speaker():
    assert resolve("Biden") == [None]
    assert not Speaker.objects.exists()


def test_a_surname_prefers_the_one_person_named_in_the_same_document():
    speaker("Joe Biden")
    speaker("Hunter Biden")
    hunter, biden = resolve("Hunter Biden", "Biden")
    assert biden == hunter


def test_a_written_full_name_is_recorded_as_an_alias_and_found_later():
    (joe,) = resolve(("Joe Biden", "person", "Joseph Biden"))
    joe.refresh_from_db()
    assert joe.aliases == ["Joseph Biden"]
    assert resolve("Joseph R. Biden") == [joe]


def test_descriptions_and_pronouns_are_not_recorded_as_aliases():
    (joe,) = resolve(("Joe Biden", "person", "the president"))
    (again,) = resolve(("Joe Biden", "person", "He"))
    joe.refresh_from_db()
    assert again == joe and joe.aliases == []


def test_an_organisation_becomes_an_organization_speaker():
    (facebook,) = resolve(("Facebook", "organization", "the company"))
    assert (facebook.name, facebook.kind) == ("Facebook", "organization")


def test_a_title_before_a_new_name_becomes_its_role():
    (abe,) = resolve("Prime Minister Shinzo Abe")
    assert (abe.name, abe.role) == ("Shinzo Abe", "Prime Minister")


def test_resolution_costs_the_same_queries_for_many_names():
    with CaptureQueriesContext(connection) as few:
        resolve("Ann Lee")
    speaker("Joe Biden")
    with CaptureQueriesContext(connection) as many:
        resolve(*[f"Person Number{i}" for i in range(30)], ("Joe Biden", "", "Joseph Biden"))
    assert len(many) == len(few) + 1 <= 4  # lookup, insert, read back, + the alias update


def _candidate(start, speaker_written, resolved, kind=""):
    return Candidate(
        text=f"Unemployment fell to {start} percent.",
        start=start,
        end=start + 5,
        score=0.9,
        reasons=("percentage",),
        claim_type="quantity",
        is_quote=True,
        speaker=speaker_written,
        speaker_resolved=resolved,
        entities=(),
        quantities=(),
        speaker_kind=kind,
    )


def _save(document, candidates):
    job = ExtractionJob.objects.create(document=document, extractor_version="test")
    return job_services.claims_save_candidates(
        job=job, candidates=candidates, threshold=0.5, sentences=9, extract_seconds=0.1
    )


def test_saved_claims_point_to_one_speaker_and_unresolved_ones_to_none():
    document = DocumentFactory(text="x" * 200)
    candidates = [
        _candidate(0, "Joe Biden", "Joe Biden"),
        _candidate(10, "Mr. Biden", "Biden"),
        _candidate(20, "he", ""),  # the attribution could not decide
        _candidate(30, "the company", "Facebook", "organization"),
    ]
    _save(document, candidates)
    claims = list(Claim.objects.filter(document=document).order_by("start"))
    joe = Speaker.objects.get(name="Joe Biden")
    assert [c.speaker_ref for c in claims[:3]] == [joe, joe, None]
    assert [c.speaker_resolved for c in claims[:3]] == ["Joe Biden", "Joe Biden", ""]
    assert claims[3].speaker_ref.kind == "organization"


def test_saving_a_documents_claims_costs_the_same_queries_for_many_speakers():
    def cost(n):
        document = DocumentFactory(text=f"{n} " + "x" * 2000)
        candidates = [_candidate(10 * i, "", f"Speaker Number{n}x{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            _save(document, candidates)
        return len(queries)

    # 30 claims fit one INSERT on every backend and Django version (Django 5.2 splits SQLite
    # inserts at 999 parameters); a query per speaker would add 28.
    assert cost(2) == cost(30)


# --- Services ---


def test_editor_merges_two_speakers_with_a_history_row_on_each_claim(editor):
    joe, joseph = speaker("Joe Biden"), speaker("Joseph Robinette Biden", party="Democratic")
    moved = [ClaimFactory(speaker_ref=joseph, speaker_resolved=joseph.name) for _ in range(3)]
    kept = ClaimFactory(speaker_ref=joe, speaker_resolved=joe.name)
    target = speakers.speaker_merge(source=joseph, target=joe, actor=editor)
    assert not Speaker.objects.filter(pk=joseph.pk).exists()
    assert target.aliases == ["Joseph Robinette Biden"] and target.party == "Democratic"
    assert set(joe.claims.all()) == {*moved, kept}
    assert {c.speaker_resolved for c in joe.claims.all()} == {"Joe Biden"}
    events = ClaimEvent.objects.filter(action="speaker")
    assert sorted(e.claim_id for e in events) == sorted(c.pk for c in moved)
    assert events[0].actor == editor
    assert events[0].data["from"] == {"id": joseph.pk, "name": "Joseph Robinette Biden"}
    assert events[0].data["to"] == {"id": joe.pk, "name": "Joe Biden"}
    # The merged name now resolves to the target.
    assert resolve("Joseph Robinette Biden") == [joe]


def test_researcher_cannot_merge_or_rename_speakers(researcher):
    joe, joseph = speaker("Joe Biden"), speaker("Joseph Biden")
    with pytest.raises(PermissionRefused):
        speakers.speaker_merge(source=joseph, target=joe, actor=researcher)
    with pytest.raises(PermissionRefused):
        speakers.speaker_update(speaker=joe, name="Joseph Biden", actor=researcher)
    assert Speaker.objects.count() == 2


def test_a_speaker_cannot_be_merged_into_itself(editor):
    joe = speaker("Joe Biden")
    with pytest.raises(ValidationError) as error:
        speakers.speaker_merge(source=joe, target=joe, actor=editor)
    assert "target" in error.value.message_dict


def test_rename_keeps_the_old_name_as_alias_and_writes_history(editor):
    jo = speaker("Jo Biden")
    claim = ClaimFactory(speaker_ref=jo, speaker_resolved="Jo Biden")
    speakers.speaker_update(speaker=jo, name="Joe Biden", role="President", actor=editor)
    jo.refresh_from_db()
    claim.refresh_from_db()
    assert (jo.name, jo.slug, jo.role, jo.aliases) == (
        "Joe Biden",
        "joe-biden",
        "President",
        ["Jo Biden"],
    )
    assert claim.speaker_resolved == "Joe Biden"
    event = claim.events.get(action="speaker")
    assert event.data["change"] == "rename" and event.data["from"]["name"] == "Jo Biden"


def test_rename_to_another_speakers_name_says_merge_instead(editor):
    joe, other = speaker("Joe Biden"), speaker("Joseph Biden")
    with pytest.raises(ValidationError) as error:
        speakers.speaker_update(speaker=other, name="Joe  Biden", actor=editor)
    assert "merge" in error.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as error:
        speakers.speaker_update(speaker=other, aliases=["Joe Biden"], actor=editor)
    assert "aliases" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        speakers.speaker_update(speaker=other, kind="robot", party="x" * 101, actor=editor)
    assert {"kind", "party"} <= set(error.value.message_dict)
    assert joe.name == "Joe Biden"


def test_researcher_corrects_a_claims_speaker_with_history(researcher):
    claim = ClaimFactory(speaker="Mr. Smith", speaker_resolved="")
    claim = speakers.claim_set_speaker(
        claim=claim, name="Ann Smith", actor=researcher, expected_version=1
    )
    ann = Speaker.objects.get(name="Ann Smith")
    assert (claim.speaker_ref, claim.speaker_resolved, claim.version) == (ann, "Ann Smith", 2)
    event = claim.events.get(action="speaker")
    assert event.data == {
        "change": "correct",
        "from": None,
        "to": {"id": ann.pk, "name": "Ann Smith"},
    }
    # By id, and cleared again.
    bob = speaker("Bob Jones")
    claim = speakers.claim_set_speaker(claim=claim, speaker=bob, actor=researcher)
    assert claim.speaker_ref == bob
    claim = speakers.claim_set_speaker(claim=claim, actor=researcher)
    assert (claim.speaker_ref, claim.speaker_resolved) == (None, "")
    assert claim.events.filter(action="speaker").count() == 3


def test_correcting_a_speaker_on_a_stale_version_is_refused(researcher):
    claim = ClaimFactory(version=3)
    with pytest.raises(StaleVersion):
        speakers.claim_set_speaker(
            claim=claim, name="Ann Smith", actor=researcher, expected_version=2
        )
    assert not Speaker.objects.exists()


def test_an_ambiguous_surname_is_refused_naming_the_field(researcher):
    speaker("Joe Biden")
    speaker("Hunter Biden")
    with pytest.raises(ValidationError) as error:
        speakers.claim_set_speaker(claim=ClaimFactory(), name="Mr. Biden", actor=researcher)
    assert "name" in error.value.message_dict


def test_outsider_and_published_claims_cannot_have_their_speaker_corrected(outsider, editor):
    with pytest.raises(PermissionRefused):
        speakers.claim_set_speaker(claim=ClaimFactory(), name="Ann Smith", actor=outsider)
    published = ClaimFactory(status="published", published_at="2026-01-01T00:00:00Z")
    with pytest.raises(WorkflowError) as error:
        speakers.claim_set_speaker(claim=published, name="Ann Smith", actor=editor)
    assert error.value.field == "speaker"


def test_re_extraction_keeps_a_speaker_a_person_corrected(researcher):
    document = DocumentFactory(text="y" * 200)
    _save(document, [_candidate(0, "Joe Biden", "Joe Biden"), _candidate(10, "Ann Lee", "Ann Lee")])
    corrected, untouched = Claim.objects.filter(document=document).order_by("start")
    speakers.claim_set_speaker(claim=corrected, name="Kamala Harris", actor=researcher)
    job = ExtractionJob.objects.create(document=document, extractor_version="newer")
    job_services.claims_save_candidates(
        job=job,
        candidates=[_candidate(0, "Joe Biden", "Joe Biden"), _candidate(10, "Bo Li", "Bo Li")],
        threshold=0.5,
        sentences=2,
        extract_seconds=0.1,
    )
    corrected.refresh_from_db()
    untouched.refresh_from_db()
    assert (corrected.speaker_ref.name, corrected.extractor_version) == ("Kamala Harris", "newer")
    assert untouched.speaker_ref.name == "Bo Li"


def test_editing_the_free_text_speaker_unlinks_the_speaker(researcher):
    joe = speaker("Joe Biden")
    claim = ClaimFactory(status="selected", speaker_ref=joe, speaker_resolved="Joe Biden")
    claim = claim_services.claim_update(
        claim=claim, actor=researcher, speaker_resolved="Someone Else"
    )
    assert (claim.speaker_ref, claim.speaker_resolved) == (None, "Someone Else")
    assert claim.events.get(action="updated").data["speaker_ref"] == [joe.pk, None]


def test_control_characters_and_names_without_a_slug_are_handled(editor):
    with pytest.raises(ValidationError) as error:
        speakers.speaker_create(name="Ann\x15 Lee", aliases=["A\u200bL"], actor=editor)
    assert {"name", "aliases"} <= set(error.value.message_dict)
    tokyo = speakers.speaker_create(name="東京都", kind="organization", actor=editor)
    assert tokyo.slug == "speaker" and tokyo.get_absolute_url() == f"/speakers/{tokyo.pk}-speaker/"
