"""Stage 3: temporal expressions, TIMEX3 type and value against the publication date."""

from datetime import date

import pytest

from pipeline.core.attrs import TIMEX
from pipeline.language.units import default_units
from pipeline.stages.timex import resolve_timex

DCT = date(2024, 9, 24)  # a Tuesday


@pytest.mark.parametrize("text, kind, value, mod", [
    ("Monday", "DATE", "2024-09-23", None),
    ("May 3", "DATE", "2024-05-03", None),
    ("the morning of June 2", "TIME", "2024-06-02TMO", None),
    ("January 2019", "DATE", "2019-01", None),
    ("53-day", "DURATION", "P53D", None),
    ("49 hours", "DURATION", "PT49H", None),
    ("Sept. 23", "DATE", "2024-09-23", None),
    ("23 September 2024", "DATE", "2024-09-23", None),
    ("2024-09-23", "DATE", "2024-09-23", None),
    ("last Tuesday", "DATE", "2024-09-17", None),
    ("three weeks ago", "DATE", "2024-W36", None),
    ("next month", "DATE", "2024-10", None),
    ("this year", "DATE", "2024", None),
    ("the third quarter", "DATE", "2024-Q3", None),
    ("the first half of 2023", "DATE", "2023-H1", None),
    ("the 1990s", "DATE", "199", None),
    ("the 19th century", "DATE", "18", None),
    ("every Monday", "SET", "XXXX-WXX-1", None),
    ("daily", "SET", "P1D", None),
    ("twice a year", "SET", "P1Y", None),
    ("9:30 a.m. ET", "TIME", "2024-09-24T09:30-04:00", None),  # the zone's offset on that day
    ("14:00 GMT", "TIME", "2024-09-24T14:00Z", None),
    ("a four-week", "DURATION", "P4W", None),
    ("twenty-five years", "DURATION", "P25Y", None),
    ("the end of the year", "DATE", "2024", "END"),
    ("May", "DATE", "2024-05", None),
    ("Christmas Eve 2023", "DATE", "2023-12-24", None),
    ("Easter 2025", "DATE", "2025-04-20", None),
    ("Black Friday", "DATE", "2023-11-24", None),
    ("early May", "DATE", "2024-05", "START"),
    ("tonight", "TIME", "2024-09-24TNI", None),
    ("yesterday", "DATE", "2024-09-23", None),
    ("now", "DATE", "PRESENT_REF", None),
    ("half an hour", "DURATION", "PT30M", None),
    ("a 90-minute", "DURATION", "PT90M", None),
    ("almost seven years", "DURATION", "P7Y", "LESS_THAN"),
    ("the past two years", "DURATION", "P2Y", None),
    ("decades", "DURATION", "PXDE", None),
    ("mid-March", "DATE", "2024-03", "MID"),
    ("late 2022", "DATE", "2022", "END"),
    ("last winter", "DATE", "2023-WI", None),
    ("Q2", "DATE", "2024-Q2", None),
])
def test_resolve_timex(text, kind, value, mod):
    found = resolve_timex(text, DCT)
    assert (found.type, found.value, found.mod) == (kind, value, mod)


@pytest.mark.parametrize("text", ["Long March 5", "first", "the second time", "may", "Chang'e 6", "",
                                  "a month earlier than"])
def test_not_temporal(text):
    assert resolve_timex(text, DCT) is None


def test_future_tense_takes_the_next_weekday():
    assert resolve_timex("Friday", DCT, future=True).value == "2024-09-27"
    assert resolve_timex("Friday", DCT, future=False).value == "2024-09-20"


def test_without_a_publication_date_relative_dates_stay_open():
    assert resolve_timex("Monday", None).value == "XXXX-WXX-1"
    assert resolve_timex("January 2019", None).value == "2019-01"


@pytest.mark.parametrize("n, unit, value", [(53, "day", "P53D"), (49, "hours", "PT49H"),
                                             (None, "weeks", "PXW"), (2, "quarter", "P6M")])
def test_duration_value(n, unit, value):
    assert default_units().duration_value(n, unit) == value


def timexes(doc):
    return [(s.text, s.label_, s._.timex["value"]) for s in doc.spans[TIMEX]]


def test_seed_dates(seed_doc):
    found = timexes(seed_doc)
    for expected in [("Monday", "DATE", "2024-09-23"), ("May 3", "DATE", "2024-05-03"),
                     ("the morning of June 2", "TIME", "2024-06-02TMO"),
                     ("January 2019", "DATE", "2019-01"), ("53-day", "DURATION", "P53D"),
                     ("49 hours", "DURATION", "PT49H")]:
        assert expected in found


@pytest.mark.parametrize("text", [
    "The probe was launched by a Long March 5 heavy-lift carrier rocket.",
    "Fans queued for the Fahrenheit 451 reading at the library.",
    "April Jones, a teacher, said she may run again.",
])
def test_names_are_not_dates(process, text):
    assert timexes(process(text)) == []


def test_future_sentence_resolves_forward(process):
    doc = process("The minister will visit Paris on Friday.")
    assert timexes(doc) == [("Friday", "DATE", "2024-09-27")]


def test_relative_to_the_story(process):
    doc = process("The storm hit on Sept. 20. Two days later the river burst its banks.")
    assert ("Two days later", "DATE", "2024-09-22") in timexes(doc)


@pytest.mark.parametrize("text, expected", [
    ("As she sat down at the desk, the vote began.", []),
    ("Protesters march on the capital every year.", [("every year", "SET", "P1Y")]),
    ("His 22-year-old son reported him missing.", []),
    ("The season started a month earlier than usual.", [("a month", "DURATION", "P1M")]),
    ("The buyback could take between 12 and 18 months.", [("12", "DURATION", "P12M"), ("18 months", "DURATION", "P18M")]),
    ("He joined the expedition of 1957-58.", [("1957", "DATE", "1957"), ("58", "DATE", "1958")]),
    ("The book is due to be published in May.", [("May", "DATE", "2025-05")]),
    ("The council plans to open the bridge on Friday.", [("Friday", "DATE", "2024-09-27")]),
    ("The bridge had been due to open in mid-September.", [("mid-September", "DATE", "2024-09", "MID")]),
    ("He tried to escape on Friday.", [("Friday", "DATE", "2024-09-20")]),
    ("Flight 1187 landed late.", []),
    ("Lanes will close from 9pm to 5am.", [("9pm", "TIME", "2024-09-24T21:00"), ("5am", "TIME", "2024-09-24T05:00")]),
    ("The dispute began in the summer of 2022.", [("the summer of 2022", "DATE", "2022-SU")]),
    ("The rally was on 16 June.", [("16 June", "DATE", "2024-06-16")]),
    ("Talks failed on Dec. 12. A 4 per cent rise follows next year.", [("Dec. 12", "DATE", "2023-12-12"), ("next year", "DATE", "2025")]),
    ("Drivers will strike and refuse overtime until the end of January.", [("the end of January", "DATE", "2025-01", )]),
    ("Crowds gathered at noon on Saturday.", [("noon on Saturday", "TIME", "2024-09-21T12:00")]),
    ("The road carries 190,000 vehicles a day.", [("a day", "SET", "P1D")]),
    ("The budget goes to the full council on 5 March.", [("5 March", "DATE", "2025-03-05")]),
    ("A second evening flight was cancelled.", []),
    ("The house stood about a quarter-mile from the road.", []),
    ("Timetables for the strike days and opening hours changed.", []),
    ("We have had four fires since Thanksgiving.", [("Thanksgiving", "DATE", "2023-11-23")]),
    ("It will report third-quarter earnings soon.", [("third-quarter", "DATE", "2024-Q3")]),
    ("It is the only chat they have all week.", [("all week", "DURATION", "P1W")]),
    ("He finished 1 minute 12 seconds behind the winner.", [("1 minute 12 seconds", "DURATION", "PT1M12S")]),
    ("The works took two years and three months.", [("two years and three months", "DURATION", "P2Y3M")]),
    ("The festival will return on 15 and 16 August next year.", [("15", "DATE", "2025-08-15"), ("16 August next year", "DATE", "2025-08-16")]),
    # direction: what the verb says about the future
    ("Forecasters extended the warning until Friday.", [("Friday", "DATE", "2024-09-27")]),
    ("A cold front could bring storms on Saturday.", [("Saturday", "DATE", "2024-09-28")]),
    ("Temperatures will fall sharply by the weekend.", [("the weekend", "DATE", "2024-W39-WE")]),
    ("The river stayed high until Friday, when it finally fell.", [("Friday", "DATE", "2024-09-20")]),
    ("Nurses will strike on March 11 and 12.", [("March 11", "DATE", "2025-03-11"), ("12", "DATE", "2025-03-12")]),
    # clock times take the day the sentence or the story names
    ("They host Dundee Harp on Saturday at 3 p.m.", [("Saturday at 3 p.m.", "TIME", "2024-09-28T15:00")]),
    ("Police appealed for footage from between 7.30am and 8am on Thursday.",
     [("7.30am", "TIME", "2024-09-19T07:30"), ("8am on Thursday", "TIME", "2024-09-19T08:00")]),
    ("The blast happened on Monday evening. Crews arrived at 8.20pm.",
     [("Monday evening", "TIME", "2024-09-23TEV"), ("8.20pm", "TIME", "2024-09-23T20:20")]),
    ("The ferry ran between 10am and 6pm from May to September.",
     [("10am", "TIME", "XXXX-XX-XXT10:00"), ("6pm", "TIME", "XXXX-XX-XXT18:00"),
      ("May", "DATE", "2024-05"), ("September", "DATE", "2024-09")]),
    ("The crew launched at 11:15 p.m. EST on Sunday.", [("11:15 p.m. EST on Sunday", "TIME", "2024-09-22T23:15-05:00")]),
    ("The capsule docked at 3:42 a.m. on Monday. Hatches opened about two hours later.",
     [("3:42 a.m. on Monday", "TIME", "2024-09-23T03:42"), ("two hours later", "TIME", "2024-09-23T05:42", "APPROX")]),
    ("The bars shut at 24:00 on Sunday. The fight began two hours later.",
     [("24:00 on Sunday", "TIME", "2024-09-22T24:00"), ("two hours later", "TIME", "2024-09-22TXX:XX")]),
    ("Seas could rise by a further 60 centimetres by 2100.", [("2100", "DATE", "2100")]),
    ("She won in 1500 metres of swimming.", []),
    # sets
    ("We check the troughs every few hours.", [("every few hours", "SET", "PTXH")]),
    ("A heatwave now comes every two or three years.",
     [("now", "DATE", "PRESENT_REF"), ("two", "SET", "P2Y"), ("three years", "SET", "P3Y")]),
    # a mixed fraction is one number ("1 1/2 hours"); a lone fraction or "24/7" is none
    ("The flight took 1 1/2 hours.", [("1 1/2 hours", "DURATION", "PT1H30M", None)]),
    ("The talks lasted 2 1/2 years.", [("2 1/2 years", "DURATION", "P2.5Y", None)]),
    # "within" bounds a duration from above, outside its extent (TimeML: EQUAL_OR_LESS)
    ("Tenants must leave within 90 days.", [("90 days", "DURATION", "P90D", "EQUAL_OR_LESS")]),
    ("Within two years the plant will close.", [("two years", "DURATION", "P2Y", "EQUAL_OR_LESS")]),
    ("The talks lasted 90 days within the old rules.", [("90 days", "DURATION", "P90D", None)]),  # trap
    # not dates: rate changes and speeds
    ("The bank cut rates by a quarter point.", []),
    ("The storm moved at 30 km an hour.", []),
])
def test_in_context(process, text, expected):
    doc = process(text)
    found = [(s.text, s.label_, s._.timex["value"], s._.timex["mod"]) for s in doc.spans[TIMEX]]
    assert [f[:len(e)] for f, e in zip(found, expected)] == [tuple(e) for e in expected] and len(found) == len(expected)
