"""The learned scorer: training, grouped folds, calibration, parameters as JSON, reasons."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest

from claims.extraction.evaluate import evaluate_tsv
from claims.extraction.features import RULE_FEATURES
from claims.extraction.learned import Example, LearnedScorer, read_examples, train
from claims.extraction.params import build_params
from claims.extraction.pipeline import DEFAULT_PIPELINE, extract, load_pipeline, score_sentences
from claims.extraction.score import score_span
from claims.extraction.training import CONFIG, fit_model, prepare
from claims.extraction.validation import grouped_folds, platt

CLAIMS = [
    "Unemployment fell to {n} percent in {year}.",
    "The deficit rose by ${n} billion between {year} and 2015.",
    "Exports to China grew {n} percent last year.",
    "The state spent ${n} million on roads in {year}.",
    "Crime dropped {n} percent since {year}.",
]
OTHERS = [
    "Thank you very much, {name}.",
    "I think we can do better, {name}.",
    "What would you do about it, {name}?",
    "Let me tell you a story, {name}.",
    "It is good to be here with {name} tonight.",
]
NAMES = ["Jim", "Martha", "Bob", "Susan", "Chris", "Lester"]


def separable_examples() -> list[Example]:
    examples = []
    for g, name in enumerate(NAMES):
        for i, template in enumerate(CLAIMS):
            text = template.format(n=3 + g + i, year=2001 + g + i)
            examples.append(Example(text, 1, f"debate-{g}"))
        for template in OTHERS:
            examples.append(Example(template.format(name=name), 0, f"debate-{g}"))
    return examples


@pytest.fixture(scope="module")
def result():
    progress = []
    trained = train(separable_examples(), on_progress=lambda done, total: progress.append(total))
    trained.metrics["progress_calls"] = len(progress)
    return trained


@pytest.fixture(scope="module")
def scorer(result):
    return LearnedScorer.from_params(result.params)


def spans(texts):
    return [doc[:] for doc in load_pipeline().pipe(texts)]


def test_a_model_trained_on_separable_examples_ranks_unseen_sentences_correctly(scorer):
    claims = ["Inflation rose to 7 percent in 2022.", "The city spent $40 million on parks."]
    others = ["Thank you so much, Lester.", "I think we can do better, Maria."]
    scores = [s.score for s in scorer.score_spans(spans(claims + others))]
    assert min(scores[:2]) > max(scores[2:])
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_training_reports_grouped_cross_validation_figures_and_counts(result):
    metrics, counts = result.metrics, result.counts
    assert counts == {"examples": 60, "positives": 30, "groups": 6}
    assert metrics["folds"] == 5
    assert metrics["f1"] > 0.9 and metrics["ap"] > 0.9
    assert 0.0 < metrics["threshold"] <= metrics["decision_threshold"] < 1.0
    assert metrics["recall_at_threshold"] >= metrics["recall_target"]
    assert sum(row[2] for row in metrics["calibration"]) == 60
    models = [row["model"] for row in metrics["comparison"]]
    assert models[0].startswith("rules") and len(models) >= 2
    assert metrics["progress_calls"] >= 2


def test_params_round_trip_through_json(result, scorer):
    text = json.dumps(result.params)
    assert "pickle" not in text
    again = LearnedScorer.from_params(json.loads(text))
    sentences = spans(["Taxes rose 14 percent in 2019.", "Good evening, everyone."])
    assert [s.score for s in again.score_spans(sentences)] == [
        s.score for s in scorer.score_spans(sentences)
    ]
    assert (again.threshold, again.decision_threshold) == (
        scorer.threshold,
        scorer.decision_threshold,
    )


@pytest.mark.parametrize(
    "corrupt, field",
    [
        (lambda p: p.pop("vocabulary"), "vocabulary"),
        (lambda p: p["idf"].pop(), "idf"),
        (lambda p: p["term_weights"].__setitem__(0, float("nan")), "term_weights"),
        (lambda p: p.__setitem__("format", "pickle"), "format"),
        (lambda p: p["calibration"].__setitem__("slope", -1.0), "calibration.slope"),
        (lambda p: p.__setitem__("threshold", 1.5), "threshold"),
        (lambda p: p.__setitem__("analyzers", {"word": [2, 1]}), "analyzers"),
        (lambda p: p.__setitem__("feature_weights", "abc"), "feature_weights"),
        (lambda p: p["vocabulary"].__setitem__(1, p["vocabulary"][0]), "vocabulary"),
    ],
)
def test_from_params_refuses_corrupt_params_naming_the_field(result, corrupt, field):
    params = copy.deepcopy(result.params)
    corrupt(params)
    with pytest.raises(ValueError, match=field):
        LearnedScorer.from_params(params)


def test_from_params_refuses_what_is_not_a_dict():
    with pytest.raises(ValueError):
        LearnedScorer.from_params([1, 2, 3])


def test_calibration_is_monotone(scorer):
    margins = np.linspace(-10, 10, 201)
    probabilities = scorer.calibrate(margins)
    assert np.all(np.diff(probabilities) > 0)


def test_platt_fits_an_increasing_map_that_matches_the_base_rate():
    rng = np.random.default_rng(0)
    margins = rng.normal(size=2000)
    labels = (rng.random(2000) < 1 / (1 + np.exp(-2 * margins))).astype(int)
    slope, offset = platt(margins, labels)
    assert slope == pytest.approx(2.0, rel=0.2)
    predicted = 1 / (1 + np.exp(-(slope * margins + offset)))
    assert predicted.mean() == pytest.approx(labels.mean(), abs=0.01)


def test_grouped_folds_never_split_a_group():
    rng = np.random.default_rng(1)
    groups = [f"doc{int(g)}" for g in rng.integers(0, 23, size=500)]
    folds = grouped_folds(groups, 5)
    assert set(folds) == set(range(5))
    for group in set(groups):
        assert len({folds[i] for i, g in enumerate(groups) if g == group}) == 1


def test_grouped_folds_need_enough_groups():
    with pytest.raises(ValueError, match="groups"):
        grouped_folds(["a", "a", "b"], 3)


def test_reasons_name_the_features_and_the_ngrams_with_their_effect(scorer):
    scored = scorer.score_spans(spans(["Unemployment fell to 4 percent in 2019."]))[0]
    reasons = " | ".join(scored.reasons)
    assert "percent: 4 percent (+" in reasons
    assert 'words "percent' in reasons or 'words "fell' in reasons
    low = scorer.score_spans(spans(["Thank you very much, Bob."]))[0].reasons
    assert any(r.startswith('words "') and "(-" in r for r in low)


@pytest.mark.parametrize(
    "examples, message",
    [
        (separable_examples()[:10], "too few examples"),
        ([Example(e.text, 1, e.group) for e in separable_examples()], "check-worthy"),
        ([Example(e.text, e.label, "one") for e in separable_examples()], "at least 3"),
        ([Example(e.text, 2, e.group) for e in separable_examples()], "labels"),
    ],
)
def test_train_refuses_data_it_cannot_learn_from(examples, message):
    with pytest.raises(ValueError, match=message):
        train(examples)


def test_extract_and_score_sentences_use_the_learned_scorer(scorer):
    text = "Intro line here.\n\nUnemployment fell to 4 percent in 2019, Mr. Smith said."
    rules = extract(text)
    learned = extract(text, scorer=scorer)
    assert [c.text for c in learned] == [c.text for c in rules]
    assert [c.score for c in learned] != [c.score for c in rules]
    for candidate in learned:
        for entity in candidate.entities:
            assert text[entity["start"] : entity["end"]] == entity["text"]
    single = score_sentences(["Unemployment fell to 4 percent in 2019."], scorer=scorer)[0]
    assert any(r.startswith("words ") for r in single.reasons)


def test_evaluate_tsv_uses_the_scorers_decision_threshold_and_prints_ap(scorer, tmp_path):
    path = tmp_path / "labelled.tsv"
    rows = ["id\ttext\tlabel\tsource"]
    rows += [f"c{i}\t{t.format(n=5, year=2010)}\t1\td{i % 2}" for i, t in enumerate(CLAIMS)]
    rows += [f"o{i}\t{t.format(name='Ann')}\t0\td{i % 2}" for i, t in enumerate(OTHERS)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    evaluation = evaluate_tsv(path, scorer=scorer)
    assert evaluation.threshold == scorer.decision_threshold
    assert evaluation.f1 == 1.0 and evaluation.ap == 1.0
    assert "ap: 1.0000" in evaluation.lines() and "map: 1.0000" in evaluation.lines()


def test_read_examples_groups_by_source_or_by_blocks_of_ids(tmp_path):
    by_source = tmp_path / "sources.tsv"
    by_source.write_text("id\ttext\tlabel\tsource\n1\tA.\t1\tdebate1\n2\tB.\t0\tdebate2\n")
    assert [e.group for e in read_examples(by_source)] == ["debate1", "debate2"]
    one_source = tmp_path / "ct24.tsv"
    one_source.write_text(
        "id\ttext\tlabel\tsource\nct24:16\tA.\tYes\tcb\nct24:999\tB.\tNo\tcb\nct24:1000\tC.\t0\tcb\n"
    )
    examples = read_examples(one_source)
    assert [e.group for e in examples] == ["cb#0", "cb#0", "cb#1"]
    assert [e.label for e in examples] == [1, 0, 0]
    assert all(math.isclose(e.weight, 1.0) for e in examples)


def test_the_scorer_reproduces_the_margins_of_the_model_it_was_built_from():
    """Training and scoring compute the same features: the stored model scores a sentence
    as the fitted one did (up to the 6 decimals the params keep)."""
    examples = separable_examples()
    data = prepare(examples, pipeline=DEFAULT_PIPELINE)
    rows = np.arange(len(examples))
    model = fit_model(data, rows, CONFIG)
    params = build_params(
        pipeline=DEFAULT_PIPELINE,
        analyzers=CONFIG["analyzers"],
        tfidf=model.tfidf,
        term_weights=model.term_weights,
        feature_names=list(RULE_FEATURES),
        feature_weights=model.feature_weights,
        intercept=model.intercept,
        slope=1.0,
        offset=0.0,
        threshold=0.3,
        decision_threshold=0.5,
        recall_target=0.85,
    )
    scorer = LearnedScorer.from_params(params)
    margins = [scorer.explain(s.text, score_span(s))[0] for s in spans(data.texts)]
    assert np.allclose(margins, model.margins(data, rows, CONFIG), atol=1e-3)
