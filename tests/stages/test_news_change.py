"""Issue 22, change and modifiers: a quantity is `increase` / `decrease` only when it is the size of
a change (corpus/GUIDELINES.md section 3, "Change"); the level a change reaches or leaves is plain,
and its own modifier ("about", "more than", "louder than", "as high as", "or more") says the rest.
Sentences written for these tests."""

from __future__ import annotations

import pytest


def _facts(process, text):
    from pipeline.stages.facts import doc_to_facts

    return [r for r in doc_to_facts(process(text)) if r["kind"] == "quantity"]


def _by_text(process, text, field):
    return {r["text"]: r[field] for r in _facts(process, text)}


# ---------------------------------------------------------------- levels are not changes

@pytest.mark.parametrize("text, surface", [
    ("Shares closed at $3 on Friday.", "$3"),
    ("The stock fell to $3 on Friday.", "$3"),
    ("Its price was cut to $149 in Europe.", "$149"),
    ("Mortgage rates climbed to a record 7%.", "7%"),
    ("Imports are down from 40 tonnes a year ago.", "40 tonnes"),
    ("Bus fares will rise to £2.50 in January.", "£2.50"),
    ("The charity raised $10m for the hospital.", "$10m"),
    ("The bank lifted its main rate to 4.75%.", "4.75%"),
    ("Membership has doubled to 600 since the spring.", "600"),
    ("The council must trim $20 million from its $900 million budget.", "$900 million"),
    # "by $200 to $399": the parser hangs the level on the size, one chain under "by"
    ("The price of the phone will be cut by $200 to $399.", "$399"),
])
def test_a_level_a_change_reaches_or_leaves_is_plain(process, text, surface):
    found = _by_text(process, text, "change")
    assert surface in found and found[surface] is None, found


@pytest.mark.parametrize("text, surface, change", [
    ("The stock fell $3 on Friday.", "$3", "decrease"),
    ("The price of the phone will be cut by $200 to $399.", "$200", "decrease"),  # the size before its level
    ("Analysts expect a 3% rise in rents.", "3%", "increase"),
    ("The bank raised its main rate by 0.5%.", "0.5%", "increase"),
    ("The council must trim $20 million from its $900 million budget.", "$20 million", "decrease"),
    ("Exports climbed 8% to a record $41 billion.", "8%", "increase"),
])
def test_the_size_of_a_change_keeps_its_direction(process, text, surface, change):
    found = _by_text(process, text, "change")
    assert surface in found and found[surface] == change, found


def test_a_change_between_two_levels_gives_the_size_only(process):
    found = [(r["text"], r["change"]) for r in _facts(process, "The index fell 2% to 4,100 from 4,180.")]
    assert found == [("2%", "decrease"), ("4,100", None), ("4,180", None)]


def test_two_levels_of_a_change_stay_two_quantities(process):
    found = [(r["text"], r["change"]) for r in _facts(process, "Orders for the tractor fell from 8,200 to 6,900.")]
    assert found == [("8,200", None), ("6,900", None)]


# ---------------------------------------------------------------- sizes told by nouns and verbs of removing

@pytest.mark.parametrize("text, surface, change", [
    ("The retailer announced 4,000 job cuts.", "4,000", "decrease"),
    ("The bank confirmed 650 job losses.", "650", "decrease"),
    ("Ministers approved the closure of 12 libraries.", "12", "decrease"),
    ("The council will close 12 libraries next year.", "12", "decrease"),
    ("The bank said it would shut 30 branches.", "30", "decrease"),
    ("The new engine will save $2 million in fuel a year.", "$2 million", "decrease"),
    ("Airlines expect a 15% fuel saving.", "15%", "decrease"),
    ("The increase in fares was 5% last year.", "5%", "increase"),
    ("The reduction would be about 800, or 6% of the staff.", "6%", "decrease"),
])
def test_a_change_told_by_a_noun_or_a_verb_of_removing(process, text, surface, change):
    found = _by_text(process, text, "change")
    assert surface in found and found[surface] == change, found


@pytest.mark.parametrize("text, surface, change", [
    ("The Dow closed up 350 points.", "350", "increase"),  # "closed" with a direction word: the word's
    ("The index closed 1.2% lower.", "1.2%", "decrease"),
    ("The deal will save 300 jobs.", "300", None),  # jobs kept, not removed
    ("The council must close a £6m gap in its budget.", "£6m", None),  # a gap closed, not things removed
    ("The utility will add a 150-megawatt battery next year.", "150-megawatt", None),  # what is added, not how much
    ("The chain will add 300 stores next year.", "300", "increase"),
    ("It ended a run of four straight declines.", "four", None),  # a count of changes
    ("The bank made two rate cuts this year.", "two", None),
])
def test_verbs_and_nouns_of_removing_leave_what_they_do_not_remove(process, text, surface, change):
    found = _by_text(process, text, "change")
    assert surface in found and found[surface] == change, found


# ---------------------------------------------------------------- a comparison with another thing is no change

@pytest.mark.parametrize("text, surface, change", [
    ("The new van is 15% more efficient than the old one.", "15%", None),
    ("Orders were 3 times higher than at any rival.", "3", None),
    ("Options are included for 12 more trucks.", "12", None),  # "N more" in a series
    ("Sales were 12% higher than a year earlier.", "12%", "increase"),
    ("There were 1,500 fewer visitors than last year.", "1,500", "decrease"),
    ("Officials said 2,000 more nurses were working in clinics than a year earlier.", "2,000", "increase"),
    ("Farmers made 30 per cent more hay.", "30 per cent", "increase"),
    ("Output was 12% lower than planned.", "12%", None),
])
def test_a_comparison_is_a_change_only_with_an_earlier_time(process, text, surface, change):
    found = _by_text(process, text, "change")
    assert surface in found and found[surface] == change, found


# ---------------------------------------------------------------- modifiers

@pytest.mark.parametrize("text, surface, modifier", [
    ("More than 200 people attended the rally.", "More than 200", "MORE_THAN"),
    ("The drill is louder than 90 decibels.", "louder than 90 decibels", "MORE_THAN"),
    ("Inflation is higher than 5% in most regions.", "higher than 5%", "MORE_THAN"),
    ("The parcel is lighter than 2 kg.", "lighter than 2 kg", "LESS_THAN"),
    ("The ferry may sail no further than 20 miles from port.", "no further than 20 miles", "EQUAL_OR_LESS"),
    ("The drone flew no higher than 120 metres.", "no higher than 120 metres", "EQUAL_OR_LESS"),
    ("Guests were asked to keep rooms no colder than 18 degrees.", "no colder than 18 degrees", "EQUAL_OR_MORE"),
    ("The jet stayed no lower than 3,000 feet nor further than 40 miles out.", "further than 40 miles", "EQUAL_OR_LESS"),
    ("The pool is no shallower than 2 metres.", "no shallower than 2 metres", "EQUAL_OR_MORE"),
    ("The fine could climb as high as $2 million.", "as high as $2 million", "EQUAL_OR_LESS"),
    ("The storm could bring as much as 30 cm of snow.", "as much as 30 cm", "EQUAL_OR_LESS"),
    ("Seats sell for as little as $15.", "as little as $15", "EQUAL_OR_MORE"),
    ("The shop is within 800 metres of the station.", "within 800 metres", "EQUAL_OR_LESS"),
    ("Tickets cost $20 or more.", "$20 or more", "EQUAL_OR_MORE"),
    ("The vaccine is for adults aged 65 and older.", "aged 65 and older", "EQUAL_OR_MORE"),
])
def test_modifier_words_bound_a_quantity(process, text, surface, modifier):
    found = _by_text(process, text, "modifier")
    assert surface in found and found[surface] == modifier, found


@pytest.mark.parametrize("text, expected", [
    ("The card holds up to 64GB or 12,000 photos.", [("up to 64GB", "EQUAL_OR_LESS"), ("12,000", "EQUAL_OR_LESS")]),
    ("Some 40 homes or 120 residents lost power.", [("Some 40", "APPROX"), ("120", "APPROX")]),
    ("More than 200 people and 30 dogs were rescued.", [("More than 200", "MORE_THAN"), ("30", None)]),
])
def test_a_modifier_is_shared_by_an_alternative_joined_with_or(process, text, expected):
    assert [(r["text"], r["modifier"]) for r in _facts(process, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("The laptop weighs less than 2 lbs (0.9 kg).", [("less than 2 lbs", "LESS_THAN"), ("0.9 kg", "LESS_THAN")]),
    ("The tank holds over 50 gallons (189 litres).", [("over 50 gallons", "MORE_THAN"), ("189 litres", "MORE_THAN")]),
    ("It weighs 3 kg (about 6.6 lb).", [("3 kg", None), ("about 6.6 lb", "APPROX")]),
])
def test_a_conversion_in_brackets_takes_the_modifier_of_the_amount_it_converts(process, text, expected):
    assert [(r["text"], r["modifier"]) for r in _facts(process, text)] == expected
