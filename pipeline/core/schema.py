"""The columns of the fact table and of its errors table: name -> (type, meaning), in order.

Written once here for the writers (`pipeline.io`), the readers, `newsfacts schema`, the Python
API and the stages' rows (`pipeline.stages.facts`); no spaCy is needed to read them.
"""

#: column -> (type, meaning); the order is the table's column order
SCHEMA: dict[str, tuple[str, str]] = {
    "article_id": ("string", "id of the article the fact comes from"),
    "fact_id": ("string", "id of the fact within the article: kind initial and character offsets"),
    "kind": ("string", "entity, date or quantity"),
    "label": ("string", "entity label (PERSON, ORG, ...), TIMEX3 type (DATE, TIME, DURATION, SET) "
                        "or quantity dimension (mass, length, currency, percentage, count, ...)"),
    "text": ("string", "the fact's words as written"),
    "start": ("int64", "character offset of the first character in the article text"),
    "end": ("int64", "character offset just past the last character"),
    "sentence": ("int64", "index of the sentence in the article, from 0"),
    "paragraph": ("int64", "index of the paragraph (line) in the article, from 0"),
    "value": ("string", "normalised value: canonical name, TIMEX3 value, or SI value with unit "
                        "(\"1.9353 kg\"; a range as \"3000-5000 m\")"),
    "number": ("double", "quantity: the number as written (lower bound of a range); duration: its "
                         "number of units (\"49 hours\": 49)"),
    "number_max": ("double", "quantity: upper bound of a range, as written"),
    "unit": ("string", "quantity: the unit as written, by name (\"gram\", \"USD\"); duration: its "
                       "unit (\"hour\")"),
    "si_value": ("double", "quantity: the value in SI units (lower bound of a range); duration: seconds"),
    "si_value_max": ("double", "quantity: upper bound of a range in SI units"),
    "si_unit": ("string", "quantity: the SI unit (kg, m, m2, m3, s, K, m/s, J, W, B) or currency code; "
                          "duration: s"),
    "modifier": ("string", "APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, RANGE "
                           "(quantities); TIMEX3 mod such as START, MID, END, APPROX (dates)"),
    "change": ("string", "quantity: increase or decrease, when it is the size of a change (\"rose 5%\", "
                         "\"a 3% drop\", \"cut 1,200 jobs\"); none for the level a change reached or left "
                         "(\"fell to $3\")"),
    "about": ("string", "what the fact is about, from the parse: a quantity's concept "
                        "(\"lunar samples\"), a date's event (\"launched\")"),
    "when": ("string", "quantity: the TIMEX3 value of the date it belongs to, the date its clause names "
                       "(\"Revenue rose 5% in the first quarter\" -> 2024-Q1), else its sentence's one date; "
                       "empty otherwise"),
    "when_fact_id": ("string", "quantity: the fact_id of that date's row"),
    "mentions": ("int64", "entity: number of mentions in the article; 1 for dates and quantities"),
    "sentence_text": ("string", "the sentence the fact comes from"),
    "entity_key": ("string", "entity: one key for the same entity in every article of a batch, to group "
                             "facts by (\"US\", \"U.S.\" and \"United States\" -> \"united states\")"),
    "mention_offsets": ("string", "entity: every mention in the article as start-end character offsets, "
                                  "space-separated (\"0-5 120-122\")"),
}
COLUMNS = list(SCHEMA)

#: the errors table: one row per article that could not be read or processed, or stage that failed on one
ERROR_SCHEMA = {
    "article_id": ("string", "id of the article, where it could be read"),
    "origin": ("string", "file and line the article came from"),
    "stage": ("string", "the pipeline stage that failed (the article's other facts are written); "
                        "empty when the article could not be read or processed at all"),
    "problem": ("string", "what was wrong and what to do"),
    "sentence": ("string", "the sentence the stage failed on, when known"),
}
