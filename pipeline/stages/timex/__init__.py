"""Stage 3: temporal expressions with TIMEX3 type and value.

The knowledge is data (``models/<lang>/dates/``: candidate patterns, resolution rules, their
tables; the shared lexicon and unit table); this package is the mechanism:

- ``grammar``: loads and checks the data, resolves an expression by the first matching rule;
- ``functions``: what a rule's value template (``pipeline.rules.templates``) may call;
  ``story``: what the story has said so far;
- ``periods``: calendar arithmetic; ``resolve``: ``resolve_timex``, the pure entry point;
- ``direction``: which way a clause looks, from the parse; ``context``: what stands around a candidate;
- ``tagger``: the ``timex_tagger`` component, which finds candidates in a parsed document.
"""

from .grammar import DateGrammar, Timex
from .resolve import default_grammar, explain_timex, resolve_timex
from .tagger import TimexTagger, make_timex_tagger

__all__ = ["DateGrammar", "Timex", "TimexTagger", "default_grammar", "explain_timex", "make_timex_tagger",
           "resolve_timex"]
