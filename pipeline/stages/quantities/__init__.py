"""Stage 4: quantities with value, unit, dimension, SI value, modifier and range.

The knowledge is data (``models/<lang>/quantities/``: rewrites, phrase patterns, cue words,
customs, compound units; the shared lexicon, unit table and currencies); this package is the
mechanism:

- ``grammar``: loads and checks the data, compiles its patterns;
- ``quantulum``: quantulum3, made deterministic and told about the units it lacks;
- ``normalize``: ``QuantityNormalizer``, the pure reading of the quantity that starts a text;
- ``phrases``: the readers of the phrase patterns ("one in five", "A$6.2bn", "aged 65 and over");
- ``context``: what a document says about its units (the scale of "degrees", its cents);
- ``tagger``: the ``quantity_tagger`` component, which finds the numbers in a parsed document.
"""

from pipeline.language.units import to_si

from .context import document_currency, is_temperature_change, temperature_scale
from .grammar import QuantityGrammar, default_grammar, read_phrases
from .normalize import QuantityNormalizer
from .quantity import Quantity
from .tagger import QuantityTagger, make_quantity_tagger

__all__ = ["Quantity", "QuantityGrammar", "QuantityNormalizer", "QuantityTagger", "default_grammar",
           "document_currency", "is_temperature_change", "make_quantity_tagger", "read_phrases", "temperature_scale",
           "to_si"]
