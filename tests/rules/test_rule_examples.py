"""Examples are tests: every date rule, candidate pattern and unit in models/ carries examples in
its data line, and each must come out as written, from that very rule."""

import re
from datetime import date

import pytest

from pipeline.stages.timex import default_grammar, explain_timex

DCT = date(2024, 9, 24)  # a Tuesday, as the rules' examples say
GRAMMAR = default_grammar()
_EXAMPLE = re.compile(r"(?:\[(?P<flag>[^\]]*)\]\s*)?(?P<text>.+?)\s*=>\s*(?P<value>\S+)(?:\s+(?P<mod>[A-Z_]+))?")


def _date_examples():
    for rule in GRAMMAR.rules:
        for example in rule.examples:
            yield pytest.param(rule, example, id=f"{rule.id}: {example}")


@pytest.mark.parametrize("rule", GRAMMAR.rules, ids=lambda r: r.id)
def test_every_date_rule_has_an_example(rule):
    assert rule.examples, f"{rule.where}: rule {rule.id} has no example"


@pytest.mark.parametrize("rule, example", list(_date_examples()))
def test_date_rule_example(rule, example):
    m = _EXAMPLE.fullmatch(example)
    assert m, f"{rule.where}: example {example!r} is not 'text => value [MOD]'"
    flag, future, reference, before = m.group("flag") or "", False, None, ""
    if flag == "future":
        future = True
    elif flag == "nearest":
        future = None
    elif flag.startswith("ref="):
        reference = date.fromisoformat(flag[4:])
    elif flag.startswith("before="):
        before = flag[7:]
    found = explain_timex(m.group("text"), DCT, future=future, reference=reference, before=before)
    assert found is not None, f"{rule.where}: {m.group('text')!r} resolves to nothing"
    timex, rule_id = found
    assert (rule_id, timex.value, timex.mod) == (rule.id, m.group("value"), m.group("mod"))


def _candidate_examples():
    for candidate in GRAMMAR.candidates:
        for example in candidate.examples:
            yield pytest.param(candidate, example, id=f"{candidate.id}: {example}")


@pytest.mark.parametrize("candidate", GRAMMAR.candidates, ids=lambda c: c.id)
def test_every_candidate_pattern_has_an_example(candidate):
    assert candidate.examples, f"{candidate.where}: candidate pattern {candidate.id} has no example"


@pytest.mark.parametrize("candidate, example", list(_candidate_examples()))
def test_candidate_example(candidate, example):
    text = example.replace("[", "").replace("]", "")
    marked = re.search(r"\[(.+)\]", example)
    expected = marked.group(1) if marked else text
    found = []
    for match in GRAMMAR.candidate_pattern.finditer(text):
        which = next(c for c in GRAMMAR.candidates if c.group == match.lastgroup)
        extent = which.extent if which.extent and match.group(which.extent) else 0
        found.append((which.id, text[slice(*match.span(extent))]))
    assert (candidate.id, expected) in found, found


# ---------------------------------------------------------------------------- quantities

from pipeline.stages.facts import quantity_value  # noqa: E402
from pipeline.stages.quantities import QuantityNormalizer  # noqa: E402
from pipeline.stages.quantities import default_grammar as default_quantity_grammar  # noqa: E402
from pipeline.stages.quantities.grammar import explain_phrases  # noqa: E402
from pipeline.stages.quantities.normalize import prepare  # noqa: E402

QUANTITIES = default_quantity_grammar()
NORMALIZER = QuantityNormalizer(QUANTITIES)
UNITS = list(QUANTITIES.units.units.values())
_QUANTITY_EXAMPLE = re.compile(r"(?P<text>.+?)\s*=>\s*(?P<value>.+?)"
                               r"(?:\s+(?P<mod>RANGE|APPROX|MORE_THAN|LESS_THAN|EQUAL_OR_MORE|EQUAL_OR_LESS))?")


def _examples(entries, id_of):
    for entry in entries:
        for example in entry.examples:
            yield pytest.param(entry, example, id=f"{id_of(entry)}: {example}")


def _expected(entry, example):
    m = _QUANTITY_EXAMPLE.fullmatch(example)
    assert m, f"{entry.where}: example {example!r} is not 'text => value [MODIFIER]'"
    return m.group("text"), m.group("value"), m.group("mod")


def _marked(text):
    """The text without its [brackets], and the bracketed part (else the whole text)."""
    marked = re.search(r"\[(.+?)\]", text)
    plain = text.replace("[", "").replace("]", "")
    if marked is None:
        return plain, 0, len(plain)
    start = marked.start()
    return plain, start, start + len(marked.group(1))


def _quantity_entries():
    for unit in UNITS:
        yield pytest.param(unit.where, unit.examples, id=f"unit {unit.name}")
    for currency in QUANTITIES.currencies.values():
        yield pytest.param(currency.where, currency.examples, id=f"currency {currency.code}")
    for kind, entries in (("phrase", QUANTITIES.phrases), ("rewrite", QUANTITIES.rewrites)):
        for entry in entries:
            yield pytest.param(entry.where, entry.examples, id=f"{kind} {entry.id}")
    for pair, examples in QUANTITIES.compounds.items():
        yield pytest.param("quantities/compound_units.tsv", examples, id=f"compound {' '.join(pair)}")


@pytest.mark.parametrize("where, examples", list(_quantity_entries()))
def test_every_unit_currency_and_quantity_pattern_has_an_example(where, examples):
    assert examples, f"{where}: this entry has no example; write one, as the others do"


@pytest.mark.parametrize("unit, example", list(_examples(UNITS, lambda u: u.name)))
def test_unit_example(unit, example):
    text, value, mod = _expected(unit, example)
    if unit.iso:  # a time unit: a duration, which the date stage reads
        found = explain_timex(text, DCT)
        assert found is not None and found[0].value == value, f"{unit.where}: {text!r} resolves to {found}"
        return
    found = NORMALIZER(text)
    assert found is not None, f"{unit.where}: {text!r} is read as no quantity"
    quantity, length = found
    assert (quantity.unit, text[length:].strip(), quantity_value(quantity.as_dict()), quantity.modifier) == \
        (QUANTITIES.currencies[quantity.unit].code if quantity.unit in QUANTITIES.currencies else unit.name, "",
         value, mod), f"{unit.where}: {text!r} read as {quantity}, {text[:length]!r}"


CURRENCIES = list(QUANTITIES.currencies.values())


@pytest.mark.parametrize("currency, example", list(_examples(CURRENCIES, lambda c: c.code)))
def test_currency_example(currency, example):
    text, value, mod = _expected(currency, example)
    phrases = [(q, end - start) for start, end, q, _ in explain_phrases(text, QUANTITIES) if start == 0]
    quantity, length = phrases[0] if phrases else NORMALIZER(text) or (None, 0)
    assert quantity is not None and (quantity.unit, length, quantity_value(quantity.as_dict())) == \
        (currency.code, len(text), value), f"{currency.where}: {text!r} read as {quantity}, {text[:length]!r}"


@pytest.mark.parametrize("phrase, example", list(_examples(QUANTITIES.phrases, lambda p: p.id)))
def test_phrase_example(phrase, example):
    marked, value, mod = _expected(phrase, example)
    text, start, end = _marked(marked)
    found = [(s, e, phrase_id.id, quantity_value(q.as_dict()), q.modifier) for s, e, q, phrase_id in
             explain_phrases(text, QUANTITIES)]
    assert (start, end, phrase.id, value, mod) in found, f"{phrase.where}: {found}"


@pytest.mark.parametrize("rewrite, example", list(_examples(QUANTITIES.rewrites, lambda r: r.id)))
def test_rewrite_example(rewrite, example):
    text, _, rewritten = example.partition(" => ")
    assert rewrite.pattern.search(text), f"{rewrite.where}: the pattern does not find {text!r}"
    assert prepare(text, QUANTITIES)[0] == rewritten


COMPOUNDS = [pytest.param(pair, example, id=f"{' '.join(pair)}: {example}")
             for pair, examples in QUANTITIES.compounds.items() for example in examples]


@pytest.mark.parametrize("pair, example", COMPOUNDS)
def test_compound_unit_example(process, pair, example):
    text, _, value = example.partition(" => ")
    doc = process(text)
    found = [(s._.quantity["unit"], quantity_value(s._.quantity)) for s in doc.spans["quantities"]]
    assert (pair[0], value) in found


CHANGES = [pytest.param(row, example, id=f"{row['word']} {row['part']}: {example}")
           for row in QUANTITIES.changes.rows for example in row.get("examples", ())]


@pytest.mark.parametrize("row", QUANTITIES.changes.rows, ids=lambda r: f"{r['word']} {r['part']}")
def test_every_change_word_has_an_example(row):
    assert row.get("examples"), f"{row.where}: change word {row['word']!r} has no example"


@pytest.mark.parametrize("row, example", CHANGES)
def test_change_word_example(process, row, example):
    """The bracketed quantity of each example comes out with the row's change, or with none
    after "=> none" (a level the change reached or left)."""
    sentence, none, _ = example.partition(" => none")
    text, start, end = _marked(sentence)
    doc = process(text)
    found = [(s.start_char, s.end_char, s._.quantity["change"]) for s in doc.spans["quantities"]]
    overlapping = [change for s, e, change in found if s < end and start < e]
    assert overlapping == [None if none else row["change"]], f"{row.where}: {text[start:end]!r} in {found}"


VAGUE = [pytest.param(row, example, id=f"{row['word']}: {example}")
         for row in QUANTITIES.vague_amounts.values() for example in row.get("examples", ())]


@pytest.mark.parametrize("row", list(QUANTITIES.vague_amounts.values()), ids=lambda r: r["word"])
def test_every_vague_amount_has_an_example(row):
    assert row.get("examples"), f"{row.where}: vague amount {row['word']!r} has no example"


@pytest.mark.parametrize("row, example", VAGUE)
def test_vague_amount_example(process, row, example):
    marked, value, mod = _expected(row, example)
    text, start, end = _marked(marked)
    doc = process(text)
    found = [(s.start_char, s.end_char, quantity_value(s._.quantity), s._.quantity["modifier"])
             for s in doc.spans["quantities"]]
    assert (start, end, value, mod) in found, f"{row.where}: {found}"
