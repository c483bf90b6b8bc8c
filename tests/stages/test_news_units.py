"""Issue 22, units, values and ranges as news writes them: scale words and letters with currency
names, sports statistics, index points, ranges with one unit, compound and rate units, the
Fahrenheit of US copy and units the table lacked. Every sentence here is written for these tests;
each class has traps, the readings that must not change."""

import pytest

from pipeline.stages.facts import doc_to_facts


def _facts(process, text):
    return [r for r in doc_to_facts(process(text)) if r["kind"] == "quantity"]


def _by_text(process, text):
    return {r["text"]: r for r in _facts(process, text)}


def _find(process, text, surface):
    """The fact on `surface`: its span may leave out a counted noun ("21.4" of "21.4 ppg") or take
    the full stop the tokenizer glues to a unit ("125 dB.")."""
    found = _facts(process, text)
    facts = [r for r in found if r["text"].rstrip(".") == surface or surface.startswith(r["text"] + " ")]
    assert facts, found
    return facts[0]


# ---------------------------------------------------------------------------- scale words and letters with currencies

@pytest.mark.parametrize("text, surface, number, unit", [
    ("The studio spent 300m yen on the sequel.", "300m yen", 3e8, "JPY"),
    ("A bridge loan of 45bn yen was agreed.", "45bn yen", 4.5e10, "JPY"),
    ("The refinery will cost 2.5m ringgit more.", "2.5m ringgit", 2.5e6, "MYR"),
    ("The port authority will spend SGD1.75-billion on the quay.", "SGD1.75-billion", 1.75e9, "SGD"),
    ("Stockholm paid 500 million kronor for the trams.", "500 million kronor", 5e8, "SEK"),
    ("The fund lost 3 billion Norwegian kroner in a week.", "3 billion Norwegian kroner", 3e9, "NOK"),
    ("The mine was valued at 12 billion rand.", "12 billion rand", 1.2e10, "ZAR"),
    ("The state issued 9 billion pesos of bonds.", "9 billion pesos", 9e9, "MXN"),
    ("Manila set aside 20 billion Philippine pesos for relief.", "20 billion Philippine pesos", 2e10, "PHP"),
    ("Moscow budgeted 40 billion roubles for the bridge.", "40 billion roubles", 4e10, "RUB"),
    ("The flat sold for S$2.1 million.", "S$2.1 million", 2.1e6, "SGD"),
    ("Lagos spent 8 billion naira on roads.", "8 billion naira", 8e9, "NGN"),
])
def test_scale_words_and_letters_with_currency_names(process, text, surface, number, unit):
    found = _by_text(process, text)
    assert surface in found, found
    assert (found[surface]["unit"], found[surface]["number"]) == (unit, pytest.approx(number))


def test_a_headline_s_scale_letter_before_a_noun_is_a_scale(process):
    found = _by_text(process, "Hospital trust faces £14.2m cuts\n\nThe trust said on Monday that wards would close.")
    assert found["£14.2m"]["number"] == pytest.approx(1.42e7) and found["£14.2m"]["unit"] == "GBP"


def test_a_vague_amount_with_a_scale_word_and_a_currency(process):
    [fact] = _facts(process, "The floods may cost a few hundred million US dollars.")
    assert (fact["text"], fact["number"], fact["number_max"], fact["unit"], fact["modifier"]) == \
        ("a few hundred million US dollars", 2e8, 9.99e8, "USD", "APPROX")


def test_a_vague_amount_of_a_unit_is_a_measure(process):
    [fact] = _facts(process, "The path climbs a few hundred metres above the lake.")
    assert (fact["text"], fact["label"], fact["si_value"], fact["si_value_max"], fact["si_unit"]) == \
        ("a few hundred", "length", 200, 999, "m")


@pytest.mark.parametrize("text, surface, unit", [
    ("The sprinter ran 300m in 31 seconds.", "300m", "metre"),  # a length, no currency after it
    ("The hall is 40m wide.", "40m", "metre"),
    ("A few hundred fans waited outside.", "A few hundred", "fan"),  # a vague count stays a count
])
def test_scale_letters_and_vague_amounts_without_a_currency_are_unchanged(process, text, surface, unit):
    found = _by_text(process, text)
    assert surface in found and found[surface]["unit"] == unit, found


# ---------------------------------------------------------------------------- sports statistics

@pytest.mark.parametrize("text, surface, number, unit", [
    ("The guard averaged 21.4 ppg last season.", "21.4 ppg", 21.4, "point per game"),
    ("Their centre pulled down 9.8 rpg in March.", "9.8 rpg", 9.8, "rebound per game"),
    ("The rookie dished out 6.1 apg.", "6.1 apg", 6.1, "assist per game"),
    ("She collected 2.7 steals per game.", "2.7", 2.7, "steal per game"),
])
def test_sports_statistics_are_per_game(process, text, surface, number, unit):
    fact = _find(process, text, surface)
    assert (fact["number"], fact["unit"]) == (pytest.approx(number), unit)


@pytest.mark.parametrize("text, surface, unit", [
    ("The coupe manages 38 mpg on the motorway.", "38 mpg", "mile per gallon"),
    ("A first-class stamp now costs 95p.", "95p", "penny"),
])
def test_other_units_of_letters_are_unchanged(process, text, surface, unit):
    found = _by_text(process, text)
    assert surface in found and found[surface]["unit"] == unit, found


# ---------------------------------------------------------------------------- index points

@pytest.mark.parametrize("text, expected", [
    ("The Nikkei fell 310 points to 27,560 on Friday.", [("310", "point"), ("27,560", "point")]),
    ("The Dow gained 95 points, or 0.3 percent, to 33,870.",
     [("95", "point"), ("0.3 percent", "percentage"), ("33,870", "point")]),
    ("The maker cut 1,200 jobs to 8,000.", [("1,200", "job"), ("8,000", "job")]),
])
def test_the_level_an_index_reaches_is_in_points(process, text, expected):
    assert [(r["text"], r["unit"]) for r in _facts(process, text)] == expected


@pytest.mark.parametrize("text, surface", [
    ("Orders rose 8% to 1,450 in June.", "1,450"),  # a share of a change does not pass to the level
    ("The club scored 3 points and 1,200 fans came.", "1,200"),
])
def test_a_level_without_points_keeps_its_own_unit(process, text, surface):
    found = _by_text(process, text)
    assert surface in found and found[surface]["unit"] not in {"point", "percentage"}, found


# ---------------------------------------------------------------------------- ranges with one unit

@pytest.mark.parametrize("text, surface, low, high, unit", [
    ("Seats in the stalls go for $85-120 on the night.", "$85-120", 85, 120, "USD"),
    ("The rescue will cost between $9 million and $14 million.", "between $9 million and $14 million", 9e6, 1.4e7, "USD"),
    ("Forecasts of the loss range from 30 billion euros to 90 billion euros.",
     "from 30 billion euros to 90 billion euros", 3e10, 9e10, "EUR"),
    ("The upgrade is priced at US$ 4 million to $7 million.", "US$ 4 million to $7 million", 4e6, 7e6, "USD"),
    ("Repairs will run to between 5 and 6 million dollars.", "between 5 and 6 million dollars", 5e6, 6e6, "USD"),
    ("Police expect 6,000-8,000 marchers.", "6,000-8,000", 6000, 8000, "marcher"),
    ("Mortgage rates could climb 2-3 percent.", "2-3 percent", 2, 3, "percentage"),
])
def test_a_range_with_one_unit_is_one_fact(process, text, surface, low, high, unit):
    found = [(r["text"], r["number"], r["number_max"], r["unit"]) for r in _facts(process, text)]
    assert found == [(surface, pytest.approx(low), pytest.approx(high), unit)]


@pytest.mark.parametrize("text, surface, low, high, unit", [
    ("Forecasters expect 10cm-15cm of snow on the hills.", "10cm-15cm", 10, 15, "centimetre"),
    ("Drifts of 4in-6in are likely.", "4in-6in", 4, 6, "inch"),
])
def test_a_range_with_its_unit_at_both_ends_is_one_fact(process, text, surface, low, high, unit):
    found = [(r["text"], r["number"], r["number_max"], r["unit"]) for r in _facts(process, text)]
    assert found == [(surface, low, high, unit)]


def test_a_dollar_sign_after_its_country_is_an_amount(process):
    found = _by_text(process, "The larger model sells for US $449 in stores.")
    assert found["$449"]["unit"] == "USD", found


def test_clock_times_joined_by_a_dash_are_no_range(process):
    assert _facts(process, "The library opens 9am-5pm on weekdays.") == []


@pytest.mark.parametrize("text, expected", [
    # a change and the level it reaches: two facts
    ("The console's price was cut by $150 to $249.", [("$150", 150, None), ("$249", 249, None)]),
    ("Its value rose from $3 million to $5 million.", [("$3 million", 3e6, None), ("$5 million", 5e6, None)]),
    # two amounts of different units, or joined without a range word
    ("The club paid $4 million and £3 million in fees.", [("$4 million", 4e6, None), ("£3 million", 3e6, None)]),
])
def test_a_change_and_its_level_or_two_amounts_are_not_a_range(process, text, expected):
    found = [(r["text"], r["number"], r["number_max"]) for r in _facts(process, text)]
    assert found == [(t, pytest.approx(n), m) for t, n, m in expected]


# ---------------------------------------------------------------------------- compound and rate units

@pytest.mark.parametrize("text, surface, unit", [
    ("The field now pumps 1.2 million barrels a day.", "1.2 million barrels a day", "barrel per day"),
    ("The brand earns over $300 million yearly.", "over $300 million yearly", "USD per year"),
    ("Councils spend billions of pounds annually on roads.", "billions of pounds", "GBP per year"),
    ("Downloads cost $2.49 per episode.", "$2.49 per episode", "USD per episode"),
    ("The ferry charges €14 per vehicle.", "€14 per vehicle", "EUR per vehicle"),
    ("Crude settled at $76 a barrel.", "$76 a barrel", "USD per barrel"),
    ("The shuttle reaches 120 km/h.", "120 km/h", "kilometre per hour"),
    ("The hatchback does 52 miles per gallon.", "52 miles per gallon", "mile per gallon"),
    ("The yard launches 6 a year.", "6 a year", "per year"),
])
def test_rate_units_keep_what_they_are_per(process, text, surface, unit):
    assert _find(process, text, surface)["unit"] == unit


def test_a_period_that_is_a_point_in_time_is_no_rate(process):
    found = _by_text(process, "Revenue was $51 million, compared with $39.1 million a year ago.")
    assert found["$39.1 million"]["unit"] == "USD", found


@pytest.mark.parametrize("text, surface, unit", [
    ("Prices rose 4% a year.", "4%", "percentage"),  # a rate of change, not per year
    ("Wages grew 2.5 per cent per year.", "2.5 per cent", "percentage"),
])
def test_rates_that_are_not_per_something(process, text, surface, unit):
    found = _by_text(process, text)
    assert surface in found and found[surface]["unit"] == unit, found


# ---------------------------------------------------------------------------- Fahrenheit in US copy

@pytest.mark.parametrize("text, surface, unit, si_value", [
    ("TUCSON, Ariz. - The thermometer hit 109 degrees on Sunday.", "109 degrees", "degree Fahrenheit", 315.927777778),
    ("The thermometer hit 109 degrees in Tucson, Ariz., on Sunday.", "109 degrees", "degree Fahrenheit", 315.927777778),
    ("Highs near 98F are expected in Dallas.", "98F", "degree Fahrenheit", 309.816666667),
    ("MADRID - The thermometer hit 41 degrees on Sunday.", "41 degrees", "degree Celsius", 314.15),
    # the scale the story names elsewhere wins over its country
    ("Dallas baked at 38C on Monday; by Tuesday it was 40 degrees.", "40 degrees", "degree Celsius", 313.15),
])
def test_bare_degrees_take_the_story_s_scale(process, text, surface, unit, si_value):
    found = _by_text(process, text)
    assert surface in found, found
    assert (found[surface]["unit"], found[surface]["si_value"]) == (unit, pytest.approx(si_value))


def test_an_angle_in_degrees_stays_an_angle(process):
    found = _by_text(process, "DENVER - The ramp rises at a 30 degree angle.")
    assert all(r["unit"] not in {"degree Fahrenheit", "degree Celsius"} for r in found.values()), found


# ---------------------------------------------------------------------------- units the table lacked

@pytest.mark.parametrize("text, surface, unit", [
    ("The siren is rated at 125 dB.", "125 dB", "decibel"),
    ("Drills reach 95 decibels on site.", "95 decibels", "decibel"),
])
def test_decibels(process, text, surface, unit):
    assert _find(process, text, surface)["unit"] == unit


@pytest.mark.parametrize("text, surface, si_value, si_unit", [
    ("The chain earned 64 cents a share in the quarter.", "64 cents a share", 0.64, "USD per share"),
    ("Profit was 12p a share.", "12p a share", 0.12, "GBP per share"),
    ("The bakery sells rolls at 80 cents.", "80 cents", 0.8, "USD"),
])
def test_cents_per_thing_are_their_currency_per_thing(process, text, surface, si_value, si_unit):
    """Found when issue 22's rate units met the minor units: '71 cents a share' kept 71 'cent per
    share' as its SI value, since only a bare minor unit was turned into its currency."""
    [row] = [r for r in _facts(process, text) if r["text"] == surface]
    assert (row["si_value"], row["si_unit"]) == (pytest.approx(si_value), si_unit)
