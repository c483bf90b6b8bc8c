"""newsfacts: staged spaCy components that turn English news into a fact table.

The importable package is ``pipeline``; ``pipeline.build.load_pipeline`` assembles the
whole pipeline from ``models/config.cfg`` and ``pipeline.facts.doc_to_facts`` turns a
processed ``Doc`` into rows of the fact table.
"""

__version__ = "0.1.0"
