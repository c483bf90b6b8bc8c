"""Stage 4: quantities, SI values, modifiers, ranges, and the numbers that are not quantities."""

import pytest

import pipeline.quantities as quantities
from pipeline.attrs import QUANTITIES
from pipeline.quantities import QuantityNormalizer, to_si


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


def test_a_failing_quantulum_never_crashes_the_pipeline(process, monkeypatch):
    class Broken:
        @staticmethod
        def parse(text):
            raise ModuleNotFoundError("No module named '_loss'")

    quantities._quantulum.cache_clear()
    quantities._normalise.cache_clear()
    monkeypatch.setattr(quantities, "_parser", lambda: Broken)
    try:
        doc = process("A rare sample of 17.25 kilograms was weighed.")
        assert quantities_of(doc) == []
    finally:
        quantities._quantulum.cache_clear()
        quantities._normalise.cache_clear()


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
