"""Cleaning and lexical terms: what a query is compared on."""

from claims.matching.text import MAX_QUERY_CHARS, clean, stem, terms


def test_clean_drops_links_and_handles_and_keeps_hashtag_words():
    text = "RT @realDonaldTrump: taxes up 20% #FakeNews https://t.co/AbC123 see www.example.com/x"
    cleaned = clean(text)
    assert "@" not in cleaned and "http" not in cleaned and "www" not in cleaned
    assert "Fake News" in cleaned
    assert "20%" in cleaned


def test_terms_drop_stop_words_and_keep_numbers():
    found = terms("The President said that 1,500 jobs were lost in 2019 and 3.5% of #Jobs")
    assert "the" not in found and "said" not in found and "that" not in found
    assert "1500" in found and "2019" in found and "3.5" in found
    assert "job" in found  # the hashtag's word, stemmed like the plural


def test_stem_joins_plural_and_past_forms():
    assert stem("taxes") == stem("tax")
    assert stem("raised") == stem("raise") == stem("raises")
    assert stem("cuts") == stem("cut")


def test_clean_bounds_hostile_input():
    hostile = "\x00\x1b[31m<script>alert(1)</script>' OR 1=1; --" + "a" * 100_000
    cleaned = clean(hostile)
    assert "\x00" not in cleaned and "\x1b" not in cleaned
    assert len(cleaned) <= MAX_QUERY_CHARS
    assert clean("") == "" and terms("   ") == []
