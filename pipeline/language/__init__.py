"""What the stages share of one language, read from `models/<lang>/lexicon/` and `units/`: the
lexicon of months, numbers, modifiers and places (`lexicon`), the unit and currency table
(`units`), what a number is when it is not a quantity (`number_use`), and the few lemmas the
stages read on demand (`lemmas`)."""
