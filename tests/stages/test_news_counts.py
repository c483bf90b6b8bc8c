"""Issue 22: what is, and what is not, a quantity in news (the precision and recall of the spans).

Numbers that name a model stay names all through a story, while a number before a model's plural
counts it; "one" that counts nothing ("one thing in common", "No. 1") is no quantity; abbreviated
years and spaced ordinal suffixes are no quantity; a count whose noun is left out takes the noun
its sentence (or the one before) gives it; an age after a person's name is an age however the
entity recogniser tagged the surname. Every sentence here is written for these tests.
"""

import pytest

from pipeline.stages.facts import doc_to_facts


def _facts(process, text):
    return [r for r in doc_to_facts(process(text)) if r["kind"] == "quantity"]


def _found(process, text):
    return {r["text"]: (r["number"], r.get("unit")) for r in _facts(process, text)}


# -- numbers that name a model, and counts of models ------------------------------------------

@pytest.mark.parametrize("text, not_quantities", [
    # the model named once ("Tupolev 154", "154 Freighter"), then alone: a name wherever it stands
    ("The Tupolev 154 was retired in 2019. The 154 had flown since 1972, and the final 154 jet is in a museum.",
     ["154"]),
    ("Sukhoi showed the 504 Freighter at the fair. Buyers said the 504 programme was late; the 504 offers more room.",
     ["504"]),
    # a variant joined to a model by a hyphen ("204-300", "A321-200F") is part of its name
    ("The Tupolev 204-300 is a short version, and the A321-200F a freighter.", ["204", "300", "200F", "204-300"]),
    # a product named with letters glued to its number stays a name when it stands alone
    ("Nokia launched the Lumia 4S in May. Owners of the 4S got a free case.", ["4S"]),
    # a product's name in camel case names the number after it, whatever the tagger made of the name
    ("Google unveiled Pixel 4, along with the new iOS 4 operating system.", ["4"]),
    ("The firm released watchOS 3 alongside the new tvOS 6 software update.", ["6", "3"]),
    # a variant with letters after the hyphen makes the number before it a model's ("340-500HGW")
    ("Airbus flew the 340-500HGW to Perth. Its 340 freighter followed, and the 340 sold well.", ["340"]),
    # the name after the number, however the tagger tagged it
    ("Tupolev rolls out first 304 Starliner to go into service. The 304 programme cost more than planned.", ["304"]),
])
def test_numbers_that_name_a_model_are_names_all_through_the_story(process, text, not_quantities):
    found = _found(process, text)
    assert not set(found) & set(not_quantities), found


@pytest.mark.parametrize("text, expected", [
    # a number before a model's plural counts the model, unit the model in lowercase
    ("Lufthansa ordered 12 E195s and 30 757s last year.", {"12": (12, "e195"), "30": (30, "757")}),
    ("The carrier will lease 2 of Embraer's new E190's.", {"2": (2, "e190")}),
    ("The fleet has 40 747s.", {"40": (40, "747")}),
    # a count of products by their plural proper name
    ("Sony sold 3.1 million Walkmans that year.", {"3.1 million": (3.1e6, "walkman")}),
])
def test_a_number_before_a_model_s_plural_counts_it(process, text, expected):
    found = _found(process, text)
    for surface, value_unit in expected.items():
        assert found.get(surface) == value_unit, found


@pytest.mark.parametrize("text, surface, expected", [
    # small numbers of a name are not carried through the story: "Apollo 11" leaves "11 nations"
    ("Apollo 11 flew in July, and 11 nations watched it live.", "11", (11, "nation")),
    # nor a count of a plural noun with the number of a name
    ("Route 101 was closed after the crash, leaving 101 drivers stuck for hours.", "101", (101, "driver")),
    # nor an amount of money or a measure with the model's number
    ("Boeing sold the 737 line to investors. The 737 deal was worth $737 million.", "$737 million", (737e6, "USD")),
    # a decade is no model
    ("The airline bought 40 jets in the 1990s.", "40", (40, "jet")),
    # a range with its unit glued is no variant
    ("Rain of 5-10mm fell overnight, and 15-20C is forecast.", "5-10mm", (5, "millimetre")),
    # a unit after a number is no name ("256 GB")
    ("The phone has 256 GB of storage.", "256 GB", (256, "gigabyte")),
])
def test_what_a_model_s_number_leaves_alone(process, text, surface, expected):
    found = _found(process, text)
    assert found.get(surface) == expected, found


# -- "one" that counts nothing ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The rivals have one thing in common: a love of speed.",
    "The mayor took the plan one step further on Monday.",
    "The new tablet puts mail, maps and music all in one slim device.",
    "One more thing: the bridge stays shut.",
    "Housing is the city's number-one priority.",
    "The bank became the No. 1 lender in the region.",
    "One member of the crew reported the fault.",
    "The merger leaves one less rival in the market.",
])
def test_one_that_counts_nothing_is_no_quantity(process, text):
    assert _facts(process, text) == []


@pytest.mark.parametrize("text, surface, expected", [
    ("One person died and 12 were hurt in the fire.", "One", (1, "person")),
    ("The bridge carries one lane of traffic each way.", "one", (1, "lane")),
    ("Only one thing went wrong on the day.", "one", (1, "thing")),
    ("The party won one less seat than in 2019.", "one", (1, "seat")),
])
def test_one_that_counts_stays_a_count(process, text, surface, expected):
    found = _found(process, text)
    assert found.get(surface) == expected, found


# -- years, ordinals and letters glued to a number ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Apple shipped its iWork '09 suite in January.",
    "It was the 1,204 th ship built at the yard.",
])
def test_abbreviated_years_and_spaced_ordinals_are_no_quantity(process, text):
    assert _facts(process, text) == []


# -- counts the parse left apart from their noun --------------------------------------------------

def test_a_number_before_adjectives_and_a_plural_counts_the_plural(process):
    found = _found(process, "Until now, 46 approved applications for the grant have been filed.")
    assert found.get("46") == (46, "application"), found


# -- counts whose noun is left out ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a list that goes on from a count: each bare number counts the same noun
    ("The bank will close 120 branches in Ohio, 85 in Texas and 40 in Utah.",
     {"120": (120, "branch"), "85": (85, "branch"), "40": (40, "branch")}),
    # "others" stands for the counted noun before it
    ("The storm destroyed 300 homes and damaged 1,200 others.", {"300": (300, "home"), "1,200": (1200, "home")}),
    # a level a plural subject reaches: "sales will exceed 900" counts sales
    ("Analysts think sales will exceed 900 this year.", {"900": (900, "sale")}),
    ("The number of registered voters could hit 2 million by 2030.", {"2 million": (2e6, "voter")}),
    # the same verb again with a bare number: its count's noun
    ("The small ferry carries 120 cars; the large ferry carries 300.", {"120": (120, "car"), "300": (300, "car")}),
    # a bare object of a verb, after a count in the sentence before: that count's noun
    ("The airline has 40 jets on order. Its rival has bought 25.", {"40": (40, "jet"), "25": (25, "jet")}),
])
def test_a_count_whose_noun_is_left_out_takes_it_from_the_sentence(process, text, expected):
    found = _found(process, text)
    for surface, value_unit in expected.items():
        assert found.get(surface) == value_unit, found


@pytest.mark.parametrize("text, absent", [
    # years in a list after a count are years, not counts
    ("The firm hired 300 workers in 2019, 2020 and 2021.", ["2020", "2021"]),
    # a bare number with nothing counted before it stays no quantity
    ("Call 911 if you see smoke.", ["911"]),
])
def test_bare_numbers_that_count_nothing_stay_out(process, text, absent):
    found = _found(process, text)
    assert not set(found) & set(absent), found


# -- ages -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    # the surname alone after the full name: the entity stage knows it for a person
    ("Chief executive Anna Lindqvist resigned on Monday. The board said Lindqvist, 58, would stay on as an adviser.",
     "58", (58, "year")),
    ("The driver, who retired at 52 years of age, said he had no regrets.", "52 years of age", (52, "year")),
    # a bare number that ends the clause of "is" or "turned" with a person as subject
    ("Doctors fear the illness will end his career before he is 35, they said.", "35", (35, "year")),
    ("The singer retired when she turned 70.", "70", (70, "year")),
    # but not a number that goes on to count something
    ("At the turn he was 40 points behind.", "40", (40, "point")),
])
def test_ages(process, text, surface, expected):
    found = _found(process, text)
    assert found.get(surface) == expected, found
