"""The entity labels the stage's rules treat apart, each set named for what its rule does."""

#: a facility, organisation or place "in" a place is two entities ("the Great Hall of the People in Beijing")
SPLIT_LABELS = ["FAC", "ORG", "LOC"]
#: a short name of these labels joins a longer name of another label only by sharing its label
#: ("Bristol" is not "Bristol City Council"), where a model's or a company's short name joins the
#: name it ends ("A380" is "Airbus A380")
KEEPS_ITS_OWN_NAME = frozenset({"GPE", "LOC", "PERSON", "NORP"})
#: a name of these labels does not begin a longer name across "and" or "of" ("the United States
#: and the Soviet Union" are two)
NEVER_JOINS_THE_NEXT = frozenset({"GPE", "LOC", "FAC", "PERSON", "NORP"})
