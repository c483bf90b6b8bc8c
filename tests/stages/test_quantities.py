"""Stage 4: quantities, SI values, modifiers, ranges, and the numbers that are not quantities."""

import cProfile
import json
import os
import pstats
import random
import shutil
import subprocess
import sys

import pytest

from pipeline.core.attrs import QUANTITIES
from pipeline.core.records import Article
from pipeline.rules.resources import Resources, language_dir
from pipeline.run.extract import make_doc
from pipeline.stages.quantities import QuantityGrammar, QuantityNormalizer, QuantityTagger, quantulum, to_si


@pytest.mark.parametrize("value, unit, si", [
    (1935.3, "gram", (1.9353, "kg")), (5, "kilometre", (5000.0, "m")), (-40, "degree Celsius", (233.15, "K")),
    (70, "mile per hour", (31.2928, "m/s")), (2.3, "gigabyte", (2.3e9, "B")), (1.5, "metre", (1.5, "m")),
    (3, "furlong-per-fortnight", (None, None)),
])
def test_to_si(value, unit, si):
    assert to_si(value, unit) == si


def quantities_of(doc):
    return [(s.text, s.label_, s._.quantity) for s in doc.spans[QUANTITIES]]


def test_seed_quantity(seed_doc):
    [(text, label, q)] = quantities_of(seed_doc)
    assert (text, label, q["value"], q["unit"], q["si_value"], q["si_unit"]) == \
        ("1,935.3 grams", "mass", 1935.3, "gram", 1.9353, "kg")
    [span] = seed_doc.spans[QUANTITIES]
    assert span._.about == "lunar samples"


@pytest.mark.parametrize("text, surface, dimension, si_value, si_unit, modifier", [
    ("The quake struck about 5 km from the coast.", "about 5 km", "length", 5000.0, "m", "APPROX"),
    ("More than 200 people were evacuated.", "More than 200", "count", 200.0, None, "MORE_THAN"),
    ("Roughly 300 workers joined the strike.", "Roughly 300", "count", 300.0, None, "APPROX"),
    ("Winds of up to 130 km/h battered the coast.", "up to 130 km/h", "speed", 36.111111111111, "m/s", "EQUAL_OR_LESS"),
    ("The deal is worth $1.2 billion, the company said.", "$1.2 billion", "currency", 1.2e9, "USD", None),
    ("The club paid €40m for the striker.", "€40m", "currency", 4e7, "EUR", None),
    ("Inflation fell to 5 per cent in August.", "5 per cent", "percentage", 5.0, "%", None),
    ("Temperatures dropped to -40°C overnight.", "-40°C", "temperature", 233.15, "K", None),
    ("Its fever reached 38.5C on the ward.", "38.5C", "temperature", 311.65, "K", None),
    ("The wall is 1.5 metres high.", "1.5 metres", "length", 1.5, "m", None),
])
def test_quantities_in_context(process, text, surface, dimension, si_value, si_unit, modifier):
    found = quantities_of(process(text))
    assert len(found) == 1, found
    got_text, got_dim, q = found[0]
    assert (got_text, got_dim, q["si_unit"], q["modifier"]) == (surface, dimension, si_unit, modifier)
    assert q["si_value"] == pytest.approx(si_value)


def test_range(process):
    [(text, dimension, q)] = quantities_of(process("Debris fell between 3 and 5 km from the launch pad."))
    assert (text, dimension, q["modifier"]) == ("between 3 and 5 km", "length", "RANGE")
    assert (q["si_value"], q["si_value_max"]) == (3000.0, 5000.0)


@pytest.mark.parametrize("text", [
    "The Chang'e 6 mission returned safely.",
    "It was launched by a Long March 5 rocket.",
    "It was the first time and the second attempt.",
    "City won a 3-2 win at home.",
    "The airline grounded its Boeing 737 fleet.",
    "Apollo 11 landed on the moon.",
    "Windows 11 sales slowed.",
    "One of the largest craters in the solar system.",
    "Covid-19 cases rose again.",
    "Fans queued for the Fahrenheit 451 reading.",
    "The crash closed the motorway between junctions 23 and 24.",
])
def test_numbers_that_are_not_quantities(process, text):
    assert quantities_of(process(text)) == []


def test_counts_name_what_they_count(process):
    doc = process("Rescuers found 12 survivors in the rubble.")
    [span] = doc.spans[QUANTITIES]
    assert (span.text, span.label_, span._.about) == ("12", "count", "survivors")


def test_a_failing_quantulum_never_crashes_the_pipeline(nlp, process, monkeypatch):
    class Broken:
        @staticmethod
        def parse(text):
            raise ModuleNotFoundError("No module named '_loss'")

    tagger = nlp.get_pipe("quantity_tagger")

    def clear_caches():
        tagger.grammar.quantulum.cache_clear()
        tagger.normalizer._normalise.cache_clear()

    clear_caches()
    monkeypatch.setattr(quantulum, "deterministic_quantulum", lambda: Broken)
    try:
        doc = process("A rare sample of 17.25 kilograms was weighed.")
        assert quantities_of(doc) == []
    finally:
        monkeypatch.undo()
        clear_caches()


def test_normalizer_is_pure_and_reports_its_length():
    quantity, length = QuantityNormalizer()("1,935.3 grams of lunar samples")
    assert (quantity.value, quantity.unit, quantity.si_value, length) == (1935.3, "gram", 1.9353, 13)


@pytest.mark.parametrize("text, surface, value, unit", [
    ("His 22-year-old son reported him missing.", "22-year-old", 22.0, "year"),
    ("The driver, aged 48, was unhurt.", "aged 48", 48.0, "year"),
    ("A 6-month-old baby was rescued.", "6-month-old", 6.0, "month"),
])
def test_ages(process, text, surface, value, unit):
    [(got, dimension, q)] = quantities_of(process(text))
    assert (got, dimension, q["value"], q["unit"]) == (surface, "age", value, unit)


@pytest.mark.parametrize("text, surface, dimension, about", [
    ("Buyers must download a 2.3 GB update first.", "2.3 GB", "data storage", "update"),
    ("Crowds crossed the new 186-metre Kilcarrig Bridge.", "186-metre", "length", "Kilcarrig Bridge"),
    ("Unions won a 5 per cent rise.", "5 per cent", "percentage", "rise"),
])
def test_what_a_quantity_is_about(process, text, surface, dimension, about):
    doc = process(text)
    [span] = doc.spans[QUANTITIES]
    assert (span.text, span.label_, span._.about) == (surface, dimension, about)


@pytest.mark.parametrize("text, expected", [
    ("Sheila Ambrose, 68, who runs a reading group, spoke first.", [("68", "age", 68.0)]),
    ("A woman in her 30s was taken to hospital.", [("30s", "age", 30.0)]),
    ("Twenty-three firefighters responded.", [("Twenty-three", "count", 23.0)]),
    ("A family of five escaped the fire.", [("five", "count", 5.0)]),
    ("Hours were cut at two of the borough's seven recycling centres.", [("two", "count", 2.0), ("seven", "count", 7.0)]),
    ("The bridge carries one lane of traffic.", [("one", "count", 1.0)]),
    ("The office is at 48 Canal Street in the 2400 block of Pine Drive.", []),
    ("Overnight temperatures dropped to 14 degrees.", [("14 degrees", "temperature", 14.0)]),
    ("The 6ft 2in striker scored twice.", [("6ft 2in", "length", 6.0 + 2 / 12)]),
])
def test_news_numbers(process, text, expected):
    assert [(t, d, q["value"]) for t, d, q in quantities_of(process(text))] == expected


@pytest.mark.parametrize("text, expected", [
    # shares and changes in a rate, as percentages
    ("About one in five trains was cancelled last winter.", ("About one in five", "percentage", 20.0, "%", "APPROX")),
    ("Three out of four voters backed the plan.", ("Three out of four", "percentage", 75.0, "%", None)),
    ("The rate was 177 out of every 100,000 people.", ("177 out of every 100,000", "percentage", 0.177, "%", None)),
    ("One in every five trains was late.", ("One in every five", "percentage", 20.0, "%", None)),
    ("The bank raised its main rate by 25 basis points.", ("25 basis points", "percentage", 0.25, "%", None)),
    ("The central bank cut rates by a quarter point on Thursday.", ("a quarter point", "percentage", 0.25, "%", None)),
    ("Unemployment rose by 0.4 percentage points.", ("0.4 percentage points", "percentage", 0.4, "%", None)),
    ("Profits fell by a third last year.", ("a third", "percentage", 33.3333333333, "%", None)),
    # dollars of other countries, cents and pence
    ("The merger values the group at A$6.2bn.", ("A$6.2bn", "currency", 6.2e9, "AUD", None)),
    ("The mine was sold for C$20,000.", ("C$20,000", "currency", 20000.0, "CAD", None)),
    ("WASHINGTON - A first-class stamp will cost 73 cents from July.", ("73 cents", "currency", 0.73, "USD", None)),
    ("Shares closed at 197 pence.", ("197 pence", "currency", 1.97, "GBP", None)),
    # age groups
    ("The over-75s will be offered a booster first.", ("over-75s", "age", None, None, "MORE_THAN")),
    ("People aged 65 and over can book now.", ("aged 65 and over", "age", None, None, "EQUAL_OR_MORE")),
    ("Adults 65 and older should get the shot.", ("65 and older", "age", None, None, "EQUAL_OR_MORE")),
    ("Children ages 6 to 12 were tested.", ("ages 6 to 12", "age", None, None, "RANGE")),
    # temperatures: bare degrees take the country's scale; a difference has no offset
    ("PHOENIX, Ariz. - Highs reached 110 degrees on Sunday.", ("110 degrees", "temperature", 316.483333333, "K", None)),
    ("LYON, France - Highs reached 31 degrees on Sunday.", ("31 degrees", "temperature", 304.15, "K", None)),
    ("Global temperatures were 1.5C warmer than before industrialisation.", ("1.5C", "temperature", 1.5, "K", None)),
    # speeds written with "an hour"; counts have no unit
    ("The storm moved at 30 km an hour.", ("30 km an hour", "speed", 8.333333333, "m/s", None)),
    ("The bell rang 140 times.", ("140", "count", 140.0, None, None)),
])
def test_phrases_and_document_units(process, text, expected):
    [(surface, dimension, q)] = quantities_of(process(text))
    si = None if q["si_value"] is None else round(q["si_value"], 6)
    assert (surface, dimension, si, q["si_unit"], q["modifier"]) == expected[:2] + (
        None if expected[2] is None else round(expected[2], 6),) + expected[3:]


@pytest.mark.parametrize("text", [
    "The meeting lasted half an hour.",
    "She won a third term in 2019.",
    "One in 2019 was built by hand.",
    "Fahrenheit 451 is a novel.",
])
def test_phrases_that_are_not_quantities(process, text):
    assert quantities_of(process(text)) == []


def _number_dense(n: int, seed: int = 7) -> str:
    """A text of `n` numbers with units, currencies, temperatures, ages and phrases, and no full stop."""
    rng = random.Random(seed)
    pieces = ["km", "people", "per cent", "degrees warmer than", "C, a rise of", "$", "and", "to", "aged", "rose by",
              "one in five", "years old", "pence", "about", "hectares", ","]
    return " ".join(f"{rng.randint(1, 5000)} {rng.choice(pieces)}" for _ in range(n))


def _calls(tagger, doc) -> tuple[int, int]:
    """Function calls (Python and spaCy's Cython) made while tagging `doc`, and the texts handed
    to quantulum3: costs that do not depend on the machine or its load."""
    asked = tagger.grammar.quantulum.calls
    profile = cProfile.Profile()
    profile.enable()
    tagger(doc)
    profile.disable()
    return pstats.Stats(profile).total_calls, tagger.grammar.quantulum.calls - asked


def test_the_cost_of_tagging_grows_linearly_with_the_numbers(nlp):
    """Issue 9 defect 6, for this stage: a number must not cost the length of its document or
    sentence (the document's text joined again per number, its sentence walked per number, the
    sentence before a temperature searched whole), or 1,000 numbers cost 1,000 times 1,000."""
    tagger = QuantityTagger(nlp)
    tagger.set_resources(nlp.get_pipe("quantity_tagger").resources)  # fresh caches
    docs = {}
    with nlp.select_pipes(disable=["quantity_tagger", "fact_linker"]):
        for n in (20, 250, 1000):
            docs[n] = nlp(make_doc(nlp, Article(id=f"dense-{n}", text=_number_dense(n), published="2024-09-24")))
    _calls(tagger, docs[20])  # compiles the patterns once
    (small, small_asked), (large, large_asked) = (_calls(tagger, docs[n]) for n in (250, 1000))
    assert large / 1000 < 1.3 * small / 250, f"{small / 250:.0f} calls per number for 250 numbers, " \
                                             f"{large / 1000:.0f} for 1,000"
    assert small_asked <= 2 * 250 and large_asked <= 2 * 1000  # a window, and the low end of a range


#: windows whose reading by quantulum3 depended on the process's hash seed
SEED_DEPENDENT = ["10  k", "- 10  k", "$20,000 tax", "149 per pound", "5 x 3 m", "4 GB of storage",
                  "12 km/h", "3 times 4 kg", "£79 per month", "250 ml"]


def test_the_normalizer_reads_alike_under_every_hash_seed():
    """quantulum3 joins sets of operators into its regex in hash order; the stage must not."""
    script = ("import json; from pipeline.stages.quantities import QuantityNormalizer; n = QuantityNormalizer(); "
              f"print(json.dumps([n(t) and (n(t)[0].as_dict(), n(t)[1]) for t in {SEED_DEPENDENT!r}]))")
    readings = set()
    for seed in ("0", "1", "2", "3", "7"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        readings.add(done.stdout)
    assert len(readings) == 1, readings
    assert json.loads(readings.pop())[0][0]["unit"] == "kibibyte"  # "10  k": the reading of the baseline


# a unit quantulum3 does not know, and one it knows without our SI factor, added as data only
# two units the table does not have: one quantulum3 does not know either (registered with it from the
# row), one it knows (the row gives its SI factor)
SMOOT = "smoot\tlength\tm\t1.7018\t\t\tsmoot\tsmoots\tsm\t\t\t\t364 smoots => 619.4552 m"
FATHOM = "fathom\tlength\tm\t1.8288\t\tfathom\tfathom\tfathoms\t\t\t\t\t3 fathoms => 5.4864 m"


def _grammar_with_units(folder, *rows) -> QuantityGrammar:
    shutil.copytree(language_dir(), folder)
    with open(folder / "units" / "units.tsv", "a", encoding="utf-8") as table:
        table.write("".join(f"{row}\n" for row in rows))
    return QuantityGrammar(Resources.from_dir(folder, QuantityTagger.resource_folders))


def _read(normalizer, text):
    quantity, length = normalizer(text)
    return quantity.unit, quantity.dimension, quantity.si_value, quantity.si_unit, text[:length]


def test_a_unit_row_is_all_it_takes_to_read_a_new_unit(tmp_path):
    grammar = _grammar_with_units(tmp_path / "en", SMOOT, FATHOM)
    assert [u.name for u in grammar.units.custom_units][-1:] == ["smoot"]
    normalizer = QuantityNormalizer(grammar)
    assert _read(normalizer, "364 smoots long") == ("smoot", "length", 619.4552, "m", "364 smoots")
    assert _read(normalizer, "3 fathoms down") == ("fathom", "length", 5.4864, "m", "3 fathoms")


def test_custom_units_do_not_leak_into_another_pipeline(tmp_path):
    installed_units = Resources.from_dir(language_dir(), QuantityTagger.resource_folders)
    installed = QuantityNormalizer(QuantityGrammar(installed_units))
    with_smoot = QuantityNormalizer(_grammar_with_units(tmp_path / "en", SMOOT))
    assert installed("1 smoot") is None or installed("1 smoot")[0].unit != "smoot"
    assert with_smoot("2 smoots")[0].unit == "smoot"
    assert installed("3 smoots") is None or installed("3 smoots")[0].unit != "smoot"
    from quantulum3 import load

    assert "smoot" not in load.ADDITIONAL_UNITS  # taken back when the installed units read again
    assert with_smoot("4 smoots")[0].unit == "smoot"


@pytest.mark.parametrize("text, surface, value, unit, modifier", [
    ("At 6 weeks of age, babies smile.", "6 weeks of age", 6.0, "week", None),
    ("Cases are diagnosed at around three years of age.", "around three years of age", 3.0, "year", "APPROX"),
    ("The bridge is two decades old.", "two decades old", 2.0, "decade", None),
    ("A 36-hour-old calf was found.", "36-hour-old", 36.0, "hour", None),
])
def test_an_age_is_an_age_to_both_stages(process, text, surface, value, unit, modifier):
    """NumberUses answers "is this an age?" for the date and the quantity stage alike: an age
    is a quantity, never also a duration."""
    doc = process(text)
    assert [(t, d, q["value"], q["unit"], q["modifier"]) for t, d, q in quantities_of(doc)] == \
        [(surface, "age", value, unit, modifier)]
    assert list(doc.spans["timex"]) == []


@pytest.mark.parametrize("text, expected", [
    # units the table converts that quantulum3 leaves unknown or bare
    ("The plant makes 4 MWh a day.", ("4 MWh a day", "energy", 1.44e10, "J per day")),
    ("The farm covers 50 hectares.", ("50 hectares", "area", 5e5, "m2")),
    ("The ship was 12 nautical miles offshore.", ("12 nautical miles", "length", 22224.0, "m")),
    ("He lost 3 stone in a year.", ("3 stone", "mass", 19.05087954, "kg")),
    # cents are in the dollar a document names most
    ("The Canadian dollar rose; a stamp now costs 92 cents in Canadian dollars.",
     ("92 cents", "currency", 0.92, "CAD")),
])
def test_units_from_the_table(process, text, expected):
    found = [(t, d, q["si_value"], q["si_unit"]) for t, d, q in quantities_of(process(text))]
    assert expected in found, found


# ---------------------------------------------------------------------------- issue 11: counts, change, concept

def _facts(process, text):
    from pipeline.stages.facts import doc_to_facts

    return [r for r in doc_to_facts(process(text)) if r["kind"] == "quantity"]


@pytest.mark.parametrize("text, expected", [
    ("The bakery employs 45 staff and 12 drivers.", [("45", "staff"), ("12", "driver")]),
    ("The Greens took 9 of the 60 seats.", [("9", "seat"), ("60", "seat")]),
    ("Two of the wounded were flown to hospital.", [("Two", "wounded")]),
    ("Organisers expect 8,000 people on Saturday.", [("8,000", "person")]),
    ("The bell rang 140 times.", [("140", "time")]),
])
def test_the_unit_of_a_count_is_its_counted_noun(process, text, expected):
    assert [(r["text"], r["unit"]) for r in _facts(process, text)] == expected


@pytest.mark.parametrize("text, surface, change", [
    ("Barclays' profit climbed 11% in the year.", "11%", "increase"),
    ("The pound slid 0.8% against the euro.", "0.8%", "decrease"),
    ("Rail fares will fall to £4 next month.", "£4", None),  # the level reached: no change
    ("The carmaker is cutting 2,300 jobs.", "2,300", "decrease"),
    ("Exports were down 3% on the year.", "3%", "decrease"),
    ("House prices were up 1.2% in May.", "1.2%", "increase"),
    ("Ministers promised a 6% rise in pay.", "6%", "increase"),
    ("The lake's level is 30 metres below normal.", "30 metres", None),
    ("The tower is 186 metres tall.", "186 metres", None),
    ("Shares closed at 350 pence.", "350 pence", None),
    ("The fund raised $40 million from investors.", "$40 million", None),
    ("500 workers lost their jobs.", "500", None),
    ("Output was 12% lower than planned.", "12%", None),
    ("It ended a run of four straight declines.", "four", None),
    ("Ash fell over an area 8 km wide in the valley.", "8 km", None),
    ("The spread narrowed by 15 basis points.", "15 basis points", "decrease"),
    ("The crash wiped $30 billion off the index.", "$30 billion", "decrease"),
])
def test_a_quantity_s_change_comes_from_the_parse(process, text, surface, change):
    found = {r["text"]: r["change"] for r in _facts(process, text)}
    assert surface in found and found[surface] == change, found


def test_a_fall_from_one_level_to_another_is_two_levels(process):
    found = [(r["text"], r["change"]) for r in _facts(process, "Sales of the model fell from 9,000 to 7,500.")]
    assert found == [("9,000", None), ("7,500", None)]


@pytest.mark.parametrize("text, surface, about", [
    ("Nasa's budget rose 4% last year.", "4%", "Nasa budget"),
    ("The Nasdaq 100 fell 2.2% on Friday.", "2.2%", "Nasdaq 100"),
    ("Unemployment was 3.9% in June.", "3.9%", "Unemployment"),
    ("The rover collected 450 grams of Martian soil.", "450 grams", "Martian soil"),
    ("A new 90-metre footbridge opens today.", "90-metre", "footbridge"),
    ("Rescuers found 14 survivors.", "14", "survivors"),
    ("It rang 140 times.", "140", "times"),
    ("It cost them $5.", "$5", None),
    ("Their profits fell 6%.", "6%", "profits"),
    ("The three diesel-powered ferries were retired.", "three", "diesel-powered ferries"),
    ("The Hang Seng 50 index rose 1.1%.", "1.1%", "Hang Seng 50 index"),
    ("Tomas Berg, 31, and Berg's coach spoke. Later Berg, 31, left.", "31", "Tomas Berg"),
])
def test_what_a_quantity_describes_follows_the_ordered_rule(process, text, surface, about):
    found = {r["text"]: r["about"] for r in _facts(process, text)}
    assert surface in found and found[surface] == about, found


@pytest.mark.parametrize("text, surface, number, unit", [
    # scale words and suffixes
    ("The service has 450 million subscribers.", "450 million", 4.5e8, "subscriber"),
    ("Six million tourists visited.", "Six million", 6e6, "tourist"),
    ("Its debt reached $7.2b in March.", "$7.2b", 7.2e9, "USD"),
    ("The bid values the group at £3.4bn.", "£3.4bn", 3.4e9, "GBP"),
    ("The port handled 21.7m tonnes of cargo.", "21.7m tonnes", 2.17e7, "tonne"),
    ("The region will have 2 B residents.", "2 B", 2e9, "resident"),
    ("The album sold 1.6M copies.", "1.6M", 1.6e6, "copy"),
    ("The package is worth 3.1 trillion yen.", "3.1 trillion yen", 3.1e12, "JPY"),
    # units quantulum3 misses or gets wrong
    ("Diesel was $4.20 per gallon.", "$4.20 per gallon", 4.2, "USD per gallon"),
    ("Brent traded at $81 a barrel.", "$81 a barrel", 81, "USD per barrel"),
    ("The startup raised USD12m in May.", "USD12m", 1.2e7, "USD"),
    ("A coffee costs RM9 there.", "RM9", 9, "MYR"),
    ("The fare is Rs 320.", "Rs 320", 320, "INR"),
    ("The penalty was CHF 5,000.", "CHF 5,000", 5000, "CHF"),
    ("The estate sold for HK$12 million.", "HK$12 million", 1.2e7, "HKD"),
    ("The saloon does 48 mpg.", "48 mpg", 48, "mile per gallon"),
    ("Ozone peaked at 85 ppb.", "85 ppb", 85, "part per billion"),
    ("The reading was 415 ppm.", "415 ppm", 415, "part per million"),
    ("The mesh traps 5 μm grains.", "5 μm", 5, "micrometre"),
    ("The motor gives 320 lb-ft of torque.", "320 lb-ft", 320, "pound-foot"),
    ("She averaged 18.3 points per game.", "18.3", 18.3, "point per game"),
    ("It felt like minus-25 degrees.", "minus-25 degrees", -25, "degree Celsius"),
    ("Inflation hit 11pc.", "11pc", 11, "percentage"),
    ("Prices moved +0.2% in July.", "+0.2%", 0.2, "percentage"),
    ("Flats of sub-400 sq m pay less.", "sub-400 sq m", 400, "square metre"),
])
def test_scale_words_suffixes_and_units(process, text, surface, number, unit):
    found = {r["text"]: (r["number"], r["unit"]) for r in _facts(process, text)}
    assert surface in found and found[surface][1] == unit and found[surface][0] == pytest.approx(number), found


@pytest.mark.parametrize("text", [
    "The carrier flew its 777 Freighter to Doha.",
    "Operators switched on 5G in the city.",
    "The chancellor left 11 Downing Street early.",
    "He came 4th in the final.",
])
def test_names_addresses_and_ordinals_are_not_quantities(process, text):
    assert _facts(process, text) == []


@pytest.mark.parametrize("text, surface, low, high, unit, modifier", [
    ("Seats went for between £60 and £95 online.", "between £60 and £95", 60, 95, "GBP", "RANGE"),
    ("The shares traded from $12 to $14 on Monday.", "from $12 to $14", 12, 14, "USD", "RANGE"),
    ("The rebuild will cost $4 to $6 billion.", "$4 to $6 billion", 4e9, 6e9, "USD", "RANGE"),
    ("Six to seven thousand runners took part.", "Six to seven thousand", 6000, 7000, "runner", "RANGE"),
    ("Expect 15–25 mm of rain.", "15–25 mm", 15, 25, "millimetre", "RANGE"),
    ("Bond yields are 3–4% now.", "3–4%", 3, 4, "percentage", "RANGE"),
    ("Gusts of 50-60 mph hit the pier.", "50-60 mph", 50, 60, "mile per hour", "RANGE"),
    # vague amounts: ranges with APPROX
    ("Dozens of volunteers cleared the beach.", "Dozens", 24, 99, "volunteer", "APPROX"),
    ("Hundreds of trains were delayed.", "Hundreds", 200, 999, "train", "APPROX"),
    ("The scheme cost tens of thousands of dollars.", "tens of thousands of dollars", 20000, 99999, "USD", "APPROX"),
    ("Millions of households lost power.", "Millions", 2e6, 9999999, "household", "APPROX"),
    ("Just a handful of fans stayed.", "a handful", 3, 5, "fan", "APPROX"),
])
def test_ranges_and_vague_amounts_are_one_fact(process, text, surface, low, high, unit, modifier):
    found = [(r["text"], r["number"], r["number_max"], r["unit"], r["modifier"]) for r in _facts(process, text)]
    assert found == [(surface, low, high, unit, modifier)]


@pytest.mark.parametrize("text", ["A few fans stayed.", "Several trains were late.", "The scores were level at half time."])
def test_vague_words_without_a_number_word_are_no_quantity(process, text):
    assert _facts(process, text) == []


@pytest.mark.parametrize("text, surface, unit", [
    ("The striker earns £60K a week.", "£60K a week", "GBP per week"),
    ("The coolant ran at 573.15K in the test.", "573.15K", "kelvin"),
    ("The wall is 5m tall.", "5m", "metre"),
])
def test_a_suffix_is_a_scale_only_where_no_unit_is_meant(process, text, surface, unit):
    found = {r["text"]: r["unit"] for r in _facts(process, text)}
    assert found.get(surface) == unit, found


# windows whose number quantulum3 reads with what follows it ("21st", "18 777s", "5/7", "6 - 8 weeks"),
# with a reading of its own ("0 billion") or whose unit it chooses by the words, number included
# ("10 k" kibibyte, "7 k" kelvin), next to plain ones read through their shape
SHAPE_WINDOWS = ["225 mm of rain", "851 mm", "4.5%", "0.5% a year", "$8.4 billion", "$109.24", "-18 °C", "4721 people",
                 "12 km/h winds", "3 million tonnes", "21st", "23rd.", "18 777s", "5/7,", "1-2018-10-", "10-7-2018",
                 "0 billion deficit .", "10  k", "21 trillion three hundred", "2 1/2 times higher", "1 4/5", "40k",
                 "7.25 per cent", "99 bhp", "6 - 8 weeks", "5 ft 2 in", "2 or 3 days", "10 k", "365 rmb"]


@pytest.mark.parametrize("window", SHAPE_WINDOWS)
def test_a_window_read_through_its_shape_reads_as_quantulum3_reads_it(nlp, window):
    ours = nlp.get_pipe("quantity_tagger").grammar.quantulum
    ours.parse("7 mm of rain")  # the shape of the first window, read before it
    direct = ours._parse(window)[:1]
    read = ours.parse(window)[:1]
    assert [(q.value, q.unit.name, q.span, q.surface) for q in read] == \
        [(q.value, q.unit.name, q.span, q.surface) for q in direct]


@pytest.mark.parametrize("text, written", [
    ("The council's reserves stand at about £19m.\nOther measures include a rise in fees.", "about £19m"),
    ("Costs were $3m.", "$3m"),
    ("The wall is 2 m. thick and 3 m. high.", "2 m."),  # trap: a dot inside the sentence stays the unit's
])
def test_a_quantity_does_not_end_with_its_sentence_s_full_stop(process, text, written):
    """The tokenizer keeps the full stop on a letter with a dot at a sentence's end ("m."): the
    table's text and end stop before it."""
    from pipeline.stages.facts import doc_to_facts

    rows = [r for r in doc_to_facts(process(text)) if r["kind"] == "quantity"]
    assert rows and rows[0]["text"] == written and text[rows[0]["start"]:rows[0]["end"]] == written


@pytest.mark.parametrize("text, written, value", [
    ("Hospitalisation rates were more than 2 1/2 times higher.", "more than 2 1/2", 2.5),
    ("He bought 2 1/2 dozen eggs.", "2 1/2", 2.5),
    ("The trail is 2 1/2 miles long.", "2 1/2 miles", 2.5),  # a unit: as before
])
def test_a_mixed_fraction_is_one_quantity(process, text, written, value):
    """A count's span took the whole number only, and its fraction came back as a quantity of its own."""
    rows = _facts(process, text)
    assert [(r["text"], r["number"]) for r in rows] == [(written, value)]
