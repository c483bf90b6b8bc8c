"""The kinds of fact in the table: named once here, imported everywhere else."""

ENTITY = "entity"
DATE = "date"
QUANTITY = "quantity"
#: every kind, in the order rows of one position are sorted and reports list them
KINDS = (ENTITY, DATE, QUANTITY)
