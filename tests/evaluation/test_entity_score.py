"""The entity scorer for gold that lists every mention (MEANTIME): per mention and per entity,
typed and untyped; and the baseline rows of a bare model."""

import pytest

from pipeline.evaluation.entity_score import EntityReport, bare_entity_rows, mention_offsets, score_entities

TEXT = "The GAO said Boeing lost. Boeing will appeal, the GAO said in Seattle."


def gold(text, label, instance, occurrence=1):
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(text, start + 1)
    return {"label": label, "start": start, "end": start + len(text), "text": text, "instance": instance}


GOLD = [gold("The GAO", "ORG", "gao"), gold("Boeing", "ORG", "boeing"), gold("Boeing", "ORG", "boeing", 2),
        gold("the GAO", "ORG", "gao"), gold("Seattle", "LOC", "seattle")]


def row(label, *spans):
    offsets = " ".join(f"{TEXT.index(t, TEXT.index(t) if n == 1 else TEXT.index(t) + 1)}-"
                       f"{TEXT.index(t, TEXT.index(t) if n == 1 else TEXT.index(t) + 1) + len(t)}" for t, n in spans)
    first = spans[0][0]
    return {"kind": "entity", "label": label, "value": first, "text": first, "mention_offsets": offsets,
            "start": int(offsets.split("-")[0]), "end": 0}


def test_perfect_entities_with_overlapping_spans():
    report = EntityReport()
    system = [row("ORG", ("GAO", 1), ("GAO", 2)), row("ORG", ("Boeing", 1), ("Boeing", 2)), row("GPE", ("Seattle", 1))]
    score_entities(system, GOLD, report)
    s = report.scores()
    assert s["per_mention"]["f1"] == 1.0 and s["per_mention"]["typed_f1"] == 1.0
    assert s["per_entity"]["f1"] == 1.0 and s["per_entity"]["typed_f1"] == 1.0


def test_a_wrong_type_costs_typed_scores_only():
    report = EntityReport()
    system = [row("ORG", ("GAO", 1), ("GAO", 2)), row("PERSON", ("Boeing", 1), ("Boeing", 2)), row("GPE", ("Seattle", 1))]
    score_entities(system, GOLD, report)
    s = report.scores()
    assert s["per_entity"]["f1"] == 1.0
    assert s["per_entity"]["typed_p"] == pytest.approx(2 / 3)
    assert s["per_mention"]["typed_r"] == pytest.approx(3 / 5)
    assert report.wrong_type[0][1:3] == ("Boeing", "PERSON")
    assert report.by_type["ORG"].typed == 1 and report.by_type["PER"].system == 1


def test_an_entity_split_in_two_is_one_match_and_one_spurious():
    report = EntityReport()
    system = [row("ORG", ("Boeing", 1)), row("ORG", ("Boeing", 2))]
    score_entities(system, GOLD[1:3], report)
    assert (report.entities.system, report.entities.gold, report.entities.matched) == (2, 1, 1)
    assert report.mentions.matched == 2


def test_unscored_labels_and_premodifiers_count_only_on_gold_names():
    report = EntityReport()
    system = [row("NORP", ("Boeing", 1)), row("ORG", ("Seattle", 1))]
    # "Boeing" as NORP overlaps a gold name: a wrong type; "Seattle" lies in an ignored premodifier
    score_entities(system, GOLD[1:2], report, ignore=[(TEXT.index("Seattle"), TEXT.index("Seattle") + 7)])
    assert (report.entities.system, report.entities.matched, report.entities.typed) == (1, 1, 0)


def test_region_end_leaves_out_later_mentions():
    report = EntityReport()
    score_entities([row("GPE", ("Seattle", 1))], GOLD, report, region_end=TEXT.index("."))
    assert report.entities.system == 0 and report.entities.gold == 2


def test_bare_rows_group_mentions_by_name_and_label():
    import spacy

    bare = spacy.blank("en")
    doc = bare("Boeing said Boeing would win.")
    doc.ents = [doc.char_span(0, 6, label="ORG"), doc.char_span(12, 18, label="ORG")]
    [only] = bare_entity_rows(doc)
    assert only["mentions"] == 2 and mention_offsets(only) == [(0, 6), (12, 18)]
