"""What a quantity measures (its concept, `about`) in forms that real news uses (issue 22): the noun
a sum is worth or paid for, who holds a share, the subject of a measure, the counted noun a
quantity continues, what a multiple compares, what a duration lasts. Sentences of our own; each
group has its traps, forms that must keep their concept. The cue words are
models/en/quantities/concept_cues.tsv, whose examples run here too."""

import re

import pytest

from pipeline.core.attrs import QUANTITIES, TIMEX
from pipeline.rules.resources import Resources, language_dir
from pipeline.stages.quantities.concept import CONCEPT_CUES, CONCEPT_TABLES
from pipeline.stages.when import WHEN_CUES


def _about(process, text, surface):
    """The concept of the quantity or duration `surface` in `text`."""
    doc = process(text)
    spans = list(doc.spans[QUANTITIES]) + [s for s in doc.spans[TIMEX] if s.label_ == "DURATION"]
    found = {s.text.rstrip(".,"): s._.about for s in spans}
    assert surface in found, found
    return found[surface]


def _check(process, text, surface, about):
    got = _about(process, text, surface)
    assert got == about, (text, surface, got)


# --- sums: what is worth it, bought for it, what it is in -------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("The airline signed an order worth $3 billion with the planemaker.", "$3 billion", "order"),
    ("The deal, which is believed to be worth $40 million, closes in May.", "$40 million", "deal"),
    ("The group bought three hotels for $90 million.", "$90 million", "hotels"),
    ("The council sold the old depot for £12m last year.", "£12m", "old depot"),
    ("The merger could lift the value of the insurer to $12 billion.", "$12 billion", "insurer"),
    ("The price of a season ticket rose to $640.", "$640", "season ticket"),
    ("Air France has ordered $6 billion in new jets.", "$6 billion", "new jets"),
    ("The fund received $19bn in dividends.", "$19bn", "dividends"),
    ("The line, which cost £812m, has four stations.", "£812m", "line"),
    ("The aircraft have a catalogue value of €1.78 billion.", "€1.78 billion", "aircraft"),
    ("Demand reached a record of 53,000 megawatts.", "53,000 megawatts", "Demand"),
    ("The budget includes a 4 per cent rise in water charges.", "4 per cent", "water charges"),
    ("Fees will add £86 a year to the bill.", "£86 a year", "bill"),
    ("The store sells a 64GB edition for $299.", "$299", "edition"),
])
def test_a_sum_is_about_what_it_is_worth_or_paid_for(process, text, surface, about):
    _check(process, text, surface, about)


@pytest.mark.parametrize("text, surface, about", [
    ("Rail unions rejected a $2m grant for the museum.", "$2m", "grant"),  # the noun it modifies
    ("The price rose to $40.", "$40", "price"),  # nothing it is the price of
    ("Shares closed at $3.", "$3", "Shares"),
    ("Sales rose to $5m in March.", "$5m", "Sales"),  # "in March" is a date, not what the sum is in
    ("The start-up raised $75 million in a funding round.", "$75 million", None),  # raised: about nothing
    ("The charity gave each school $5,000 to buy books.", "$5,000", None),
    ("The firm was fined £240,000 in 2017.", "£240,000", None),
    ("The group invested $8bn in cash.", "$8bn", None),  # cash is how it was paid
    ("It cost them $5.", "$5", None),
    ("Unions won a 5 per cent rise.", "5 per cent", "rise"),
    ("Shares fell 1.8% to 7,412 points.", "1.8%", "Shares"),  # the level reached is no target
])
def test_a_sum_keeps_its_concept_where_nothing_is_bought(process, text, surface, about):
    _check(process, text, surface, about)


# --- shares: about who holds them ------------------------------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("The state holds a 30 percent stake in the airline.", "30 percent", "state"),
    ("Toyota, which owns a 20% share in the venture, declined to comment.", "20%", "Toyota"),
    ("Exports account for 40% of the economy.", "40%", "Exports"),
    ("The firm controls 12 percent of the market.", "12 percent", "firm"),
    ("Debt would rise to 95% of output by 2030.", "95%", "Debt"),
    ("About 40,000 pupils sat the exam. Nearly 30% of them failed.", "Nearly 30%", "pupils"),  # "them": said before
])
def test_a_share_is_about_who_holds_it(process, text, surface, about):
    _check(process, text, surface, about)


@pytest.mark.parametrize("text, surface, about", [
    ("About 30% of voters backed the plan.", "About 30%", "voters"),  # the share is the subject
    ("Nearly half of the workers stayed home.", "Nearly half", "workers"),
    ("Shareholders will own 54% of the new company.", "54%", "new company"),  # own: part of the base
    ("A 5% stake in the airline was sold.", "5%", "stake"),  # no holder
    ("The bank agreed to sell its 50% stake in the insurer.", "50%", "stake"),  # a seller holds it no more
])
def test_a_share_of_a_base_stays_with_the_base(process, text, surface, about):
    _check(process, text, surface, about)


# --- measures: the subject of a copula or a verb of measuring ---------------------------------

@pytest.mark.parametrize("text, surface, about", [
    # the parser makes a dateline's city the subject of the first verb; where the story was filed is
    # never what a quantity measures
    ("LONDON, Nov. 15 (Reuters) - The storm cost £14.2m on Monday.", "£14.2m", "storm"),
    ("LONDON (Reuters) - Shares rose 5% on Monday.", "5%", "Shares"),
    ("NEW YORK (AP) - The company's profit rose 12% last quarter.", "12%", "company profit"),
    # traps: the same place named again after the dateline is the story's own word
    ("PARIS (AFP) - Paris's budget grew 4% this year.", "4%", "Paris budget"),
    ("BEIJING (Reuters) - China's exports rose 8.5% in May.", "8.5%", "China exports"),
])
def test_a_dateline_is_never_what_a_quantity_measures(process, text, surface, about):
    _check(process, text, surface, about)


@pytest.mark.parametrize("text, surface, about", [
    ("The new tablet went on sale today. It is 6 millimetres thick.", "6 millimetres", "new tablet"),
    ("The laptop's battery was improved, even though it weighs only 900 grams.", "900 grams", "laptop battery"),
    ("Each tower stands about 150 metres tall.", "about 150 metres", "tower"),
    ("The bridge is expected to be 400 metres long.", "400 metres", "bridge"),
    ("The rules forbid an engine louder than 90 decibels.", "louder than 90 decibels", "engine"),
    ("Trucks over 7.5 tonnes are banned from the bridge.", "over 7.5 tonnes", "Trucks"),
])
def test_a_measure_is_about_its_subject(process, text, surface, about):
    _check(process, text, surface, about)


@pytest.mark.parametrize("text, surface, about", [
    ("The bag weighs 2 kilograms.", "2 kilograms", "bag"),
    ("The drone can fly for 40 kilometres.", "40 kilometres", "drone"),
    ("It cost them $5.", "$5", None),  # no sentence before to name "it"
    ("The team arrived on Monday, as it did last year with 30 kilograms of gear.", "30 kilograms", "gear"),
    ("It rang 140 times.", "140", "times"),
])
def test_a_measure_without_a_noun_subject_stays_as_it_was(process, text, surface, about):
    _check(process, text, surface, about)


# --- elided counts and joined amounts: the counted noun of the quantity they continue ---------

@pytest.mark.parametrize("text, surface, about", [
    ("The plant employs 300 workers and supports 1,200 others.", "1,200", "workers"),
    ("Three climbers died and nine others were rescued.", "nine", "climbers"),
    ("The storms destroyed 120 and 45 homes respectively.", "120", "homes"),
    ("Police arrested 12 men and released eight more.", "eight", "men"),
    ("The city bought 40 electric buses and 12 used ones.", "12", "electric buses"),
    ("There are two versions, at 64GB and 128GB of storage.", "64GB", "storage"),  # what the next one is of
])
def test_an_elided_count_takes_the_counted_noun_before_it(process, text, surface, about):
    _check(process, text, surface, about)


@pytest.mark.parametrize("text, surface, about", [
    ("Hospitals hired 60,000 more nurses.", "60,000", "nurses"),  # "more" is no part of the concept
    ("Three other incidents were reported.", "Three", "other incidents"),
    ("The 16GB model costs $99.", "$99", "model"),  # "16GB" is another quantity
    ("A new 90-metre footbridge opens today.", "90-metre", "footbridge"),
])
def test_a_count_s_noun_keeps_its_own_words(process, text, surface, about):
    _check(process, text, surface, about)


# --- multiples and parts ------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("Trains are said to be four times faster than buses.", "four times", "Trains"),
    ("The valuation is roughly 140 times revenue.", "roughly 140", "revenue"),
    ("The new model runs at half the cost.", "half", "cost"),
    ("The council sent a one page letter to residents.", "one", "letter"),
    ("A five-car crash closed the road.", "five", "crash"),
])
def test_a_multiple_or_part_is_about_what_it_is_of(process, text, surface, about):
    _check(process, text, surface, about)


# --- durations: what lasts, else nothing (not a verb) ---------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("The workers began a 12-day strike.", "12-day", "strike"),
    ("The archive holds 40 hours of footage.", "40 hours", "footage"),
    ("The meeting lasted three hours.", "three hours", "meeting"),
    ("The rover has driven for 90 days.", "90 days", "rover"),
    ("The company announced 5,000 job cuts over the next three years.", "the next three years", "job cuts"),
    ("The probe failed after thirty minutes.", "thirty minutes", "probe"),
    ("The team presented the plan four days after the vote.", "four days", "team"),  # not the plan
    ("Two years after the merger, the firm closed its plant.", "Two years", None),
    ("He was jailed for five years.", "five years", None),
    ("Within a month of the launch, the company cut prices.", "a month", None),
])
def test_a_duration_is_about_what_lasts(process, text, surface, about):
    _check(process, text, surface, about)


def test_a_date_keeps_the_event_it_anchors(process):
    doc = process("The probe launched on May 3.")
    assert [(s.text, s._.about) for s in doc.spans[TIMEX]] == [("May 3", "launched")]


# --- ages with a noun ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("A 67-year-old farmer was hurt.", "67-year-old", "farmer"),
    ("A man in his 70s was hurt.", "70s", "man"),
    ("People aged 80 and over can book.", "aged 80 and over", "People"),
    ("Children aged 5 to 11 will be offered the vaccine.", "aged 5 to 11", "Children"),
    ("Uptake among the over-80s rose.", "over-80s", None),  # an age group
    ("Tickets cost £12 for adults, with under-12s admitted free.", "under-12s", None),
])
def test_an_age_is_about_the_person_or_group_it_qualifies(process, text, surface, about):
    _check(process, text, surface, about)


# --- the phrase ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, about", [
    ("The bridge's 14 concrete sections were lifted into place.", "14", "bridge concrete sections"),
    ("The race opens with a 40 km team time trial.", "40 km", "team time trial"),
    ("The 767-300ER can fly for 11,000 kilometres.", "11,000 kilometres", "767-300ER"),
])
def test_a_concept_phrase_keeps_its_owner_compounds_and_hyphens(process, text, surface, about):
    _check(process, text, surface, about)


# --- the cue words' own examples ------------------------------------------------------------------

_EXAMPLE = re.compile(r"(?P<text>.*\[(?P<surface>[^\]]+)\].*?)\s*=>\s*(?P<about>.*)")
_CUES = Resources.from_dir(language_dir(), ["quantities"])
_ROWS = _CUES.table(CONCEPT_CUES)


@pytest.mark.parametrize("row", _ROWS, ids=lambda r: f"{r['word']} {r['role']}")
def test_every_concept_cue_has_an_example(row):
    assert row.get("examples"), f"{row.where}: {row['word']!r} ({row['role']}) has no example"


@pytest.mark.parametrize("row, example", [pytest.param(row, example, id=f"{row['word']} {row['role']}: {example}")
                                          for row in _ROWS for example in row.get("examples", ())])
def test_concept_cue_example(process, row, example):
    m = _EXAMPLE.fullmatch(example)
    assert m, f"{row.where}: example {example!r} is not 'text with [quantity] => concept'"
    text = m.group("text").replace("[", "").replace("]", "")
    got = _about(process, text, m.group("surface"))
    assert got == (m.group("about") or None), f"{row.where}: {example!r} gave {got!r}"


def test_the_linker_keeps_only_the_tables_it_reads(nlp):
    linker = nlp.get_pipe("fact_linker")
    assert sorted(linker.resources.files) == sorted((*CONCEPT_TABLES, WHEN_CUES))
