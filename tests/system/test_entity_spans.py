"""Entity facts of stories as a newsroom writes them (issue 23): names at a paragraph's end hold
no line breaks, a dateline's city is one place with one key, and a company's first words before
"chief executive" are the company, not a fragment of its name. Through the command line and the
Python API, on articles whose paragraphs are separated by blank lines."""

import json

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app

PUBLISHED = "2024-06-11"
STORIES = [
    {"id": "ons", "published": PUBLISHED, "text": (
        "LONDON (Reuters) - Prices rose 5% in May, according to the Office for National Statistics\n\n"
        "Economists had expected a smaller rise, said analysts at Goldman Sachs\n\n"
        "Storm clouds gathered over the Bank of England\r\n\r\n"
        "The Bank of England meets on Thursday.")},
    {"id": "moscow", "published": PUBLISHED, "text": (
        "Exports rise again\n\n"
        "MOSCOW (Reuters) - Russia's exports rose in May, officials in Moscow said on Tuesday.\n\n"
        "Moscow expects more growth this year.")},
    {"id": "shanghai", "published": PUBLISHED, "text": (
        "SHANGHAI, June 11 (Reuters) - Car exports rose in May, officials in Shanghai said.")},
    {"id": "crest", "published": PUBLISHED, "text": (
        "ELK CITY, Okla. - Prairie Crest Renewables opened its wind farm on Monday.\n\n"
        "At the ceremony, Prairie Crest chief executive Dana Whitfield said the farm would pay landowners.\n\n"
        "Prairie Crest said it planned to add 40 turbines.\n\n"
        "Tesla chief executive Elon Musk said on Monday that the Tesla Motors plant would grow.")},
]


@pytest.fixture(scope="module")
def tables(nlp, tmp_path_factory):
    """The entity rows of STORIES, from `newsfacts extract` and from `pipeline.extract_frame`."""
    folder = tmp_path_factory.mktemp("spans")
    nlp.to_disk(folder / "model")
    source = folder / "stories.jsonl"
    source.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(folder / "facts.jsonl"),
                                      "--model", str(folder / "model"), "-q"])
    assert result.exit_code == 0, result.output
    cli = [json.loads(line) for line in (folder / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    api = pipeline.extract_frame(STORIES, model=nlp).to_dict("records")
    return {"cli": [r for r in cli if r["kind"] == "entity"], "api": [r for r in api if r["kind"] == "entity"]}


@pytest.fixture(params=["cli", "api"])
def rows(request, tables):
    return tables[request.param]


def entities(rows, article):
    return {(r["label"], r["value"]): r for r in rows if r["article_id"] == article}


def offsets(row):
    """A row's mention offsets as (start, end) pairs, whether the column is text or a list of {start, end}."""
    value = row["mention_offsets"]
    items = value.split() if isinstance(value, str) else list(value)
    return [tuple(map(int, item.split("-"))) if isinstance(item, str) else
            (int(item["start"]), int(item["end"])) if isinstance(item, dict) else tuple(item) for item in items]


def test_a_name_at_a_paragraph_end_holds_no_line_break(rows):
    texts = {s["id"]: s["text"] for s in STORIES}
    for row in rows:
        assert row["text"] == row["text"].strip() and "\n" not in row["text"], row
        assert row["value"] == row["value"].strip(), row
        for start, end in offsets(row):
            mention = texts[row["article_id"]][start:end]
            assert mention == mention.strip(), (row["value"], mention)
    found = entities(rows, "ons")
    assert ("ORG", "Office for National Statistics") in found
    assert ("ORG", "Goldman Sachs") in found
    assert found[("ORG", "Bank of England")]["mentions"] == 2


def test_a_dateline_city_is_one_place_with_one_key(rows):
    for article, city, mentions in (("moscow", "Moscow", 3), ("shanghai", "Shanghai", 2)):
        found = entities(rows, article)
        keys = [r["entity_key"] for r in found.values()]
        assert len(keys) == len(set(keys)), found.keys()  # one key, one row
        assert found[("GPE", city)]["mentions"] == mentions
        assert not any(label != "GPE" and value.lower() == city.lower() for label, value in found)


def test_the_company_of_a_chief_executive_is_the_company_not_a_fragment(rows):
    found = entities(rows, "crest")
    assert found[("ORG", "Prairie Crest Renewables")]["mentions"] == 3
    assert not any(value in {"Crest", "Prairie", "Prairie Crest"} for _, value in found)
    assert found[("ORG", "Tesla Motors")]["mentions"] == 2
    assert ("PERSON", "Dana Whitfield") in found and ("PERSON", "Elon Musk") in found
