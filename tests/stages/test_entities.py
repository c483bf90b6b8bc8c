"""Stage 2: entities, whole names, one canonical name per document."""

import pytest

from pipeline.core.attrs import ENTITIES
from pipeline.stages.entities.names import acronym, canonical_form, name_key, resolve_names
from pipeline.stages.facts import doc_to_facts


def entities(doc):
    return [(s.text, s.label_, s._.canonical) for s in doc.spans[ENTITIES]]


@pytest.mark.parametrize("name, label", [
    ("Chang'e 6", "PRODUCT"), ("Chang'e 4", "PRODUCT"), ("Long March 5", "PRODUCT"),
    ("Wenchang Space Launch Center", "FAC"), ("China National Space Administration", "ORG"),
    ("Great Hall of the People", "FAC"), ("Beijing", "GPE"), ("South Pole-Aitken Basin", "LOC"),
])
def test_seed_names_come_out_whole(seed_doc, name, label):
    assert (name, label) in {(t, lab) for t, lab, _ in entities(seed_doc)}


def test_facility_in_city_is_two_entities(process):
    doc = process("Xi met scientists at the Great Hall of the People in Beijing on Monday.")
    found = {(t, lab) for t, lab, _ in entities(doc)}
    assert ("Great Hall of the People", "FAC") in found
    assert ("Beijing", "GPE") in found
    assert not any("in Beijing" in t for t, _ in found)


def test_short_mentions_take_the_full_name(seed_doc):
    xi = [c for t, _, c in entities(seed_doc) if t == "Xi"]
    assert xi and set(xi) == {"Xi Jinping"}


def test_acronym_resolves_to_the_agency(process):
    doc = process("The China National Space Administration said the probe was healthy. "
                  "CNSA will publish images next week.")
    assert ("CNSA", "ORG", "China National Space Administration") in entities(doc)


@pytest.mark.parametrize("mentions, expected", [
    ([("Xi Jinping", "PERSON"), ("Xi", "PERSON")], ["Xi Jinping", "Xi Jinping"]),
    ([("Chang'e 6", "PRODUCT"), ("Chang'e", "PRODUCT")], ["Chang'e 6", "Chang'e"]),
    ([("Chang'e 6", "PRODUCT"), ("Chang'e 4", "PRODUCT")], ["Chang'e 6", "Chang'e 4"]),
    ([("Kamala Harris", "PERSON"), ("Harris", "GPE")], ["Kamala Harris", "Kamala Harris"]),
    ([("Bank of England", "ORG"), ("England", "GPE")], ["Bank of England", "England"]),
    ([("Airbus A380", "PRODUCT"), ("A380", "FAC")], ["Airbus A380", "Airbus A380"]),
    ([("Bristol City Council", "ORG"), ("Bristol", "ORG")], ["Bristol City Council", "Bristol"]),
    ([("Heathrow Airport", "FAC"), ("Heathrow", "FAC")], ["Heathrow Airport", "Heathrow Airport"]),
])
def test_resolve_names(mentions, expected):
    places = {"Bristol", "England"}.__contains__
    assert [name for name, _ in resolve_names(mentions, is_place=places)] == expected


def test_helpers():
    assert acronym("China National Space Administration") == "CNSA"
    assert canonical_form("the Wenchang Space Launch Center's") == "Wenchang Space Launch Center"


@pytest.mark.parametrize("text, expected", [
    ("FLAGSTAFF, Ariz. - A fire destroyed a house on Tuesday.", ("FLAGSTAFF", "GPE", "Flagstaff")),
    ("The crash closed the M25 for six hours.", ("M25", "FAC", "M25")),
    ("Drivers were diverted along Route 66 overnight.", ("Route 66", "FAC", "Route 66")),
    ("The River Slaney burst its banks.", ("River Slaney", "LOC", "River Slaney")),
    ("Crowds walked across the new Kilcarrig Bridge.", ("Kilcarrig Bridge", "FAC", "Kilcarrig Bridge")),
    ("Lumora AI raised money from investors.", ("Lumora AI", "ORG", "Lumora AI")),
    ("Headteacher Marcus Bell thanked parents.", ("Marcus Bell", "PERSON", "Marcus Bell")),
    ("ELK CITY, Okla., June 21 - The wind farm opened on Friday.", ("Okla.", "GPE", "Oklahoma")),
    ("TRENTON, N.J. - The governor signed the bill.", ("N.J.", "GPE", "New Jersey")),
    ("Fumigation trucks will begin spraying tonight in Coronel Fabriciano.",
     ("Coronel Fabriciano", "GPE", "Coronel Fabriciano")),
])
def test_news_conventions(process, text, expected):
    assert expected in entities(process(text))


def test_general_motors_is_no_person(process):
    found = entities(process("General Motors cut 500 jobs."))
    assert not any(label == "PERSON" for _, label, _ in found)


@pytest.mark.parametrize("text, present, absent", [
    ("Hanvix unveiled a phone. Analysts said Hanvix would sell millions. Hanvix shares rose.", ("Hanvix", "ORG"), ("Hanvix", "PERSON")),
    ("Lumora AI raised $300m. Lumora was founded in 2020.", ("Lumora AI", "ORG"), ("Lumora", "PERSON")),
    ("A lorry driver was arrested at 7.30am.", None, ("lorry driver", "PERSON")),
    ("LONDON, Nov. 15 (Northgate Wire) - Drivers will strike.", ("Northgate Wire", "ORG"), None),
    ("Flight 1187 landed safely in Philadelphia.", ("Flight 1187", "PRODUCT"), None),
])
def test_one_entity_one_label(process, text, present, absent):
    rows = [(r["value"], r["label"]) for r in doc_to_facts(process(text)) if r["kind"] == "entity"]
    if present:
        assert present in rows
    if absent:
        assert absent not in rows
    assert len({c for c, _ in rows}) == len(rows)


def test_entity_rows_list_every_mention_and_a_key(process):
    text = "Xi Jinping arrived in the U.S. on Monday. Xi met officials of the United States."
    rows = [r for r in doc_to_facts(process(text)) if r["kind"] == "entity"]
    xi = next(r for r in rows if r["value"] == "Xi Jinping")
    assert xi["mention_offsets"] == [{"start": 0, "end": 10},
                                     {"start": text.index("Xi met"), "end": text.index("Xi met") + 2}]
    assert xi["entity_key"] == "xi jinping"


@pytest.mark.parametrize("name, key", [("U.S.", "us"), ("the United States", "united states"),
                                       ("Bríd Nolan", "brid nolan"), ("St Aldric's", "st aldric"), ("北京", "北京")])
def test_name_key(name, key):
    assert name_key(name) == key



def test_a_known_place_stays_apart_from_an_organisation_named_after_it():
    mentions = [("Garuda Indonesia", "ORG"), ("Indonesia", "ORG"), ("Garuda", "ORG")]
    resolved = resolve_names(mentions, is_place={"Indonesia"}.__contains__)
    assert [name for name, _ in resolved] == ["Garuda Indonesia", "Indonesia", "Garuda Indonesia"]


@pytest.mark.parametrize("mentions, expected", [
    ([("Tulsa City", "GPE"), ("Tulsa", "GPE")], ["Tulsa City", "Tulsa"]),  # two known places are two
    ([("Republic of Veldonia", "GPE"), ("Veldonia", "GPE")], ["Republic of Veldonia", "Republic of Veldonia"]),
    ([("Tulsa Hospital", "FAC"), ("Tulsa", "FAC")], ["Tulsa Hospital", "Tulsa"]),
    ([("Harlow Green", "PERSON"), ("Green", "PERSON")], ["Harlow Green", "Harlow Green"]),
])
def test_two_known_places_are_two_unless_one_is_the_others_name(mentions, expected):
    main = {"Tulsa": "Tulsa", "Tulsa City": "Tulsa City", "Veldonia": "Veldonia", "Republic of Veldonia": "Veldonia"}
    resolved = resolve_names(mentions, is_place=main.__contains__, place_of=main.get)
    assert [name for name, _ in resolved] == expected


def test_another_name_of_a_country_is_that_country(nlp):
    votes = nlp.get_pipe("entity_canonicalizer").votes
    assert votes.place_of("South Korea") == "South Korea" and votes.place_of("U.S.") == "United States"
    assert votes.is_place("Syria") and votes.place_of("Brightvale") is None


@pytest.mark.parametrize("mentions, expected", [
    ([("Kestrel Developers Conference", "ORG"), ("Kestrel", "ORG")], ["Kestrel Developers Conference", "Kestrel"]),
    # traps: a company's short name joins its full name; a facility's short name of its own label joins it
    ([("Brightvale Stores", "ORG"), ("Brightvale", "PERSON")], ["Brightvale Stores", "Brightvale Stores"]),
    ([("Harwick Stadium", "FAC"), ("Harwick", "FAC")], ["Harwick Stadium", "Harwick Stadium"]),
])
def test_a_name_does_not_join_an_event_or_facility_named_after_it(nlp, mentions, expected):
    votes = nlp.get_pipe("entity_canonicalizer").votes
    resolved = resolve_names(mentions, head_label=votes.head_label)
    assert [name for name, _ in resolved] == expected
