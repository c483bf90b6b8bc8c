"""Generate a synthetic news corpus for batch benchmarks: deterministic, any size.

    python benchmarks/generate.py 10000 -o /tmp/corpus.jsonl

Each article is built from sentence templates with varied names, dates and quantities, so
every stage has work to do; ~250-400 words, five to eight paragraphs.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

PEOPLE = ["Maria Lopez", "Chen Wei", "Amara Okafor", "James Whitfield", "Priya Nair", "Lars Eriksen"]
ORGS = ["the European Space Agency", "Northgate Energy", "the Ministry of Transport", "Harbour Bank",
        "the World Health Organization", "Apex Motors"]
PLACES = ["Lisbon", "Nairobi", "Osaka", "Toronto", "Hainan province", "Bavaria", "Queensland"]
UNITS = ["kilograms", "km", "tonnes", "metres", "litres", "mm of rain", "km/h", "megawatts"]
TEMPLATES = [
    "{person} said on {weekday} that {org} would spend ${money} billion on the project in {place}.",
    "The work began in {month} {year} and is expected to take {n} years to finish.",
    "Officials in {place} said about {number} {unit} had been recorded by {month} {day}.",
    "More than {count} people attended the meeting at the {place} convention centre last {weekday}.",
    "Prices rose {pct} per cent in the third quarter, {org} reported, the fastest rise since {year}.",
    "Temperatures reached {temp}C on {weekday} afternoon, and forecasters expect more heat next week.",
    "{person}, who joined {org} in {year}, described the {n}-day trial as a success.",
    "Between {a} and {b} km of new track will open every year until {later}, the plan says.",
    "The Long March 5 rocket and the Chang'e 6 probe were mentioned, but neither is a date.",
    "A spokesperson for {org} said the company had cut its forecast by {pct}% three weeks ago.",
    "Shares closed at ${price} on {month} {day}, up from ${low} a year earlier.",
    "Rescuers worked for {n} hours after the storm, which dropped {number} mm of rain on {place}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def articles(n: int, seed: int = 0) -> Iterator[dict]:
    """`n` synthetic articles as records of the corpus format."""
    rng = random.Random(seed)
    for i in range(n):
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(2000))
        paragraphs = []
        for _ in range(rng.randint(5, 8)):
            sentences = []
            for _ in range(rng.randint(2, 3)):
                values = dict(
                    person=rng.choice(PEOPLE), org=rng.choice(ORGS), place=rng.choice(PLACES),
                    weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS), day=rng.randint(1, 28),
                    year=rng.randint(1990, published.year), later=published.year + rng.randint(1, 9),
                    money=round(rng.uniform(0.1, 9.9), 1), n=rng.randint(2, 60), number=rng.randint(2, 900),
                    unit=rng.choice(UNITS), count=rng.randint(20, 5000), pct=round(rng.uniform(0.5, 15), 1),
                    temp=rng.randint(-30, 45), a=rng.randint(1, 5), b=rng.randint(6, 40),
                    price=round(rng.uniform(5, 500), 2), low=round(rng.uniform(5, 500), 2))
                sentences.append(rng.choice(TEMPLATES).format(**values))
            paragraphs.append(" ".join(sentences))
        yield {"id": f"gen-{i:06d}", "title": f"Generated article {i}", "source": "newsfacts generator",
               "published": published.isoformat(), "language": "en", "text": "\n".join(paragraphs)}


def write(n: int, path: Path, seed: int = 0) -> Path:
    """Write `n` articles to `path` (JSON Lines) and return it."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in articles(n, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write(args.n, args.output, args.seed)
