"""Dates as news writes them, beyond the dev sets: each error class of issue 10, on sentences of our
own (publication date 2024-09-24, a Tuesday, unless given)."""

import pytest

from pipeline.core.attrs import TIMEX


def timexes(doc):
    return [(s.text, s.label_, s._.timex["value"], s._.timex["mod"]) for s in doc.spans[TIMEX]]


def check(found, expected):
    assert [f[:len(e)] for f, e in zip(found, expected)] == [tuple(e) for e in expected] and len(found) == len(expected), found


@pytest.mark.parametrize("text, expected", [
    # anaphoric and financial periods: the last period of the same granularity the story named
    ("Acme reported third-quarter results on Tuesday. Revenue in the quarter rose 4%.",
     [("third-quarter", "DATE", "2024-Q3"), ("Tuesday", "DATE", "2024-09-24"), ("the quarter", "DATE", "2024-Q3")]),
    ("Profit in the second quarter of 2023 was $5m, up from $4m in the year-ago quarter.",
     [("the second quarter of 2023", "DATE", "2023-Q2"), ("the year-ago quarter", "DATE", "2022-Q2")]),
    ("Sales in the first half of 2024 were $2bn, against $1.8bn in the same period last year.",
     [("the first half of 2024", "DATE", "2024-H1"), ("the same period last year", "DATE", "2023-H1")]),
    ("The firm was founded in 2019. The prior year, its owners had sold a bakery.",
     [("2019", "DATE", "2019"), ("The prior year", "DATE", "2018")]),
    ("The river burst its banks on 12 March. The same day, the bridge closed.",
     [("12 March", "DATE", "2024-03-12"), ("The same day", "DATE", "2024-03-12")]),
    ("Sales rose 3% in the latest quarter.", [("the latest quarter", "DATE", "2024-QX")]),
    ("The index closed the day 0.4% higher.", [("the day", "DATE", "2024-09-24")]),
    ("Shares recovered late in the day.", [("late in the day", "DATE", "2024-09-24", "END")]),
    # vague references
    ("Fares will rise in the coming months.", [("the coming months", "DURATION", "PXM")]),
    ("Rates should stay high in the near term.", [("the near term", "DATE", "FUTURE_REF")]),
    ("The now-defunct airline flew to Rome.", []),
    ("Now, the council must decide.", [("Now", "DATE", "PRESENT_REF")]),
    ("Users will see the day when maps and mail work as one.", []),
    ("The plant is currently closed.", [("currently", "DATE", "PRESENT_REF")]),
    # clock times with their zone
    ("The market opened at 09:15 UTC.", [("09:15 UTC", "TIME", "2024-09-24T09:15Z")]),
    ("As of 0600 GMT the storm was 80 km offshore.", [("0600 GMT", "TIME", "2024-09-24T06:00Z")]),
    ("The launch is set for 18:00 UTC Thursday.", [("18:00 UTC Thursday", "TIME", "2024-09-26T18:00Z")]),
    ("Polls close at 8 p.m. EST.", [("8 p.m. EST", "TIME", "2024-09-24T20:00-05:00")]),
    ("The session ended at 4 p.m. ET on Monday.", [("4 p.m. ET on Monday", "TIME", "2024-09-23T16:00-04:00")]),
    # expressions kept whole
    ("The results came out earlier today.", [("earlier today", "DATE", "2024-09-24")]),
    ("Output fell in the final quarter of 2017.", [("the final quarter of 2017", "DATE", "2017-Q4")]),
    ("The works started in the last week of April.", [("the last week of April", "DATE", "2024-W17")]),
    ("The plant will open in November of next year.", [("November of next year", "DATE", "2025-11")]),
    # direction and year
    ("Tuesday's ruling means the plant must close.", [("Tuesday", "DATE", "2024-09-24")]),
    ("Monday's ruling means the plant must close.", [("Monday", "DATE", "2024-09-23")]),
    ("A hearing has been scheduled for Oct. 12.", [("Oct. 12", "DATE", "2024-10-12")]),
    ("The vote will be held on Friday, March 7.", [("Friday, March 7", "DATE", "2025-03-07")]),
    # durations and sets
    ("Temperatures topped 40C for five straight days.", [("five straight days", "DURATION", "P5D")]),
    ("The economy shrank for three consecutive quarters.", [("three consecutive quarters", "DURATION", "P9M")]),
    ("The index rose over the past ten trading days.", [("the past ten trading days", "DURATION", "P10D")]),
    ("It was the largest single-day fall since 2020.", [("single-day", "DURATION", "P1D"), ("2020", "DATE", "2020")]),
    ("The decades-long dispute is over.", [("decades-long", "DURATION", "PXDE")]),
    ("The project is almost three and a half years late.", [("almost three and a half years", "DURATION", "P3.5Y", "LESS_THAN")]),
    ("The band formed in nineteen ninety-one.", [("nineteen ninety-one", "DATE", "1991")]),
    ("The song was a hit in '91.", [("'91", "DATE", "1991")]),
    # frequencies, shares and kinds of things that are no durations
    ("Schools must open three days a week.", [("three days a week", "SET", "P1W")]),
    ("The nurse was back from a night shift.", []),
    ("Mortgage approvals fell by about a quarter.", []),
    # a postponement looks ahead even when told in the perfect
    ("The match has been postponed until 15:00 GMT Saturday.", [("15:00 GMT Saturday", "TIME", "2024-09-28T15:00Z")]),
    # a comparison compares like periods
    ("Third-quarter revenue rose 12% from a year earlier.", [("Third-quarter", "DATE", "2024-Q3"), ("a year earlier", "DATE", "2023-Q3")]),
    ("First-half profit was $4m, compared with $3.1 million a year ago.", [("First-half", "DATE", "2024-H1"), ("a year ago", "DATE", "2023-H1")]),
    ("Fares in the first half of 2024 were below the same period of 2019.", [("the first half of 2024", "DATE", "2024-H1"), ("the same period of 2019", "DATE", "2019-H1")]),
    ("The last passengers left shortly before midnight.", [("shortly before midnight", "TIME", "2024-09-24T24:00", "BEFORE")]),
    # modifiers: approximators and comparators are the mod, not the span; early/late/almost are in it
    ("The talks lasted about a month.", [("a month", "DURATION", "P1M", "APPROX")]),
    ("The strike went on for more than three years.", [("three years", "DURATION", "P3Y", "MORE_THAN")]),
    ("The mill closed about six years ago.", [("six years ago", "DATE", "2018", "APPROX")]),
    ("The road reopens in early May.", [("early May", "DATE", "2025-05", "START")]),
])
def test_news_dates(process, text, expected):
    check(timexes(process(text)), expected)


@pytest.mark.parametrize("text, published, expected", [
    ("The vote is on Friday, March 3.", "2023-03-03", [("Friday, March 3", "DATE", "2023-03-03")]),
    ("WASHINGTON - The deadline is 5/6/09, officials said.", "2009-04-01", [("5/6/09", "DATE", "2009-05-06")]),
    ("LONDON - The deadline is 5/6/09, officials said.", "2009-04-01", [("5/6/09", "DATE", "2009-06-05")]),
    ("The deadline is 25/6/09.", "2009-04-01", [("25/6/09", "DATE", "2009-06-25")]),
])
def test_news_dates_on_their_day(process, text, published, expected):
    check(timexes(process(text, published)), expected)
