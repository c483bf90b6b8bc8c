"""The kinds of fact in the table and the entity labels that are names: named once here,
imported everywhere else."""

ENTITY = "entity"
DATE = "date"
QUANTITY = "quantity"
#: every kind, in the order rows of one position are sorted and reports list them
KINDS = (ENTITY, DATE, QUANTITY)
#: entity labels (en_core_web_sm's) that are names, not numbers or times: what the entity stage
#: keeps and what the scores take from a bare model
NAME_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
