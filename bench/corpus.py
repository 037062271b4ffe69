# ruff: noqa: E501  (sentence templates read better on one line)
"""A deterministic corpus of news-like documents for the benchmarks: the seed article plus
generated articles, transcripts and press releases (varied sentences, quotes, numbers)."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PEOPLE = [
    ("Maria Lopez", "Lopez", "Finance Minister"),
    ("James Okafor", "Okafor", "Mayor"),
    ("Chen Wei", "Chen", "Governor"),
    ("Anna Schmidt", "Schmidt", "Senator"),
    ("Ravi Patel", "Patel", "Health Secretary"),
    ("Sofia Rossi", "Rossi", "Prime Minister"),
    ("David Cohen", "Cohen", "police chief"),
    ("Aiko Tanaka", "Tanaka", "Trade Minister"),
]
PLACES = ["Lagos", "Ohio", "Bavaria", "Osaka", "Lyon", "Manitoba", "Kerala", "Valencia"]
TOPICS = [
    ("unemployment", "percent"),
    ("inflation", "percent"),
    ("crime", "percent"),
    ("housing starts", "units"),
    ("exports", "billion dollars"),
    ("hospital waiting times", "weeks"),
]
OPENERS = [
    "{title} {name} said on {day} that {topic} in {place} had fallen to {num} {unit}, the lowest level since {year}.",
    "{topic_cap} in {place} rose by {num} {unit} last year, according to figures released by the statistics office.",
    "“We have cut {topic} by {num} {unit} since {year},” {short} said at a news conference in {place}.",
    "The {place} government announced a {money} million plan to tackle {topic} on {day}.",
    "Critics said the plan would do little, and {short} faced questions about the {year} budget.",
    "{short} is the first {title_lower} to visit {place} since {year}.",
    "I think this is a great day for everyone who lives here.",
    "Do we really believe these numbers?",
    "Thank you all for coming this morning.",
    "“This is the biggest investment in our history,” {short} added. “Nobody has done more.”",
    "The opposition leader said {topic} had doubled in the past {small} years and blamed the {year} reforms.",
    "Officials expect {topic} to fall further next year if the economy keeps growing.",
    "More than {num},000 people attended the rally in {place}, police said.",
    "The report, published on {day}, found that {num} percent of households had been affected.",
    "{name}, who has served since {year}, declined to comment further.",
    "It was a cold and windy afternoon.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FOOTERS = [
    "Subscribe to our newsletter for the latest updates.",
    "Photo: Reuters",
    "Read more: how the budget affects you",
    "Share this article on Facebook and Twitter.",
]


def _sentence(rng: random.Random, person: tuple[str, str, str]) -> str:
    name, short, title = person
    topic, unit = rng.choice(TOPICS)
    return rng.choice(OPENERS).format(
        name=name,
        short=short,
        title=title,
        title_lower=title.lower(),
        topic=topic,
        topic_cap=topic.capitalize(),
        unit=unit,
        place=rng.choice(PLACES),
        day=rng.choice(DAYS),
        num=rng.randint(2, 95),
        small=rng.randint(2, 9),
        money=rng.randint(5, 900),
        year=rng.randint(1950, 2024),
    )


def _article(rng: random.Random, n: int) -> str:
    person = rng.choice(PEOPLE)
    paragraphs = [
        " ".join(_sentence(rng, person) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(8, 16))
    ]
    paragraphs.append(rng.choice(FOOTERS))
    return f"Article {n}\n\n" + "\n\n".join(paragraphs)


def _transcript(rng: random.Random, n: int) -> str:
    speakers = rng.sample(PEOPLE, 2)
    lines = []
    for turn in range(rng.randint(12, 24)):
        person = speakers[turn % 2]
        lines.append(f"{person[1].upper()}: {_sentence(rng, person)}")
    return f"Debate transcript {n}\n\n" + "\n".join(lines)


def documents(count: int = 200, seed: int = 2018) -> list[str]:
    """`count` distinct documents, the seed article(s) first."""
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    n = 0
    while len(texts) < count:
        n += 1
        texts.append(_transcript(rng, n) if n % 4 == 0 else _article(rng, n))
    return texts[:count]
