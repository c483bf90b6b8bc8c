"""The colours of the entity labels, for displaCy: what `doc.ents` holds after the newsfacts
pipeline (the names with the labels of the table, and NER's numbers and times) shown with a colour
for every label. The colours are data (``assets/labels.tsv``); spaCy picks them up by itself
through the ``spacy_displacy_colors`` entry point of the installed package, and
`displacy_options` gives them to pass explicitly::

    from spacy import displacy
    from pipeline.review.labels import displacy_options
    html = displacy.render(doc, style="ent", options=displacy_options())
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from pipeline.rules.tsv import Column, ResourceError, parse_table

LABELS_FILE = Path(__file__).with_name("assets") / "labels.tsv"
_COLUMNS = (Column("label"), Column("colour"), Column("what", required=False, default=""))
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@lru_cache(maxsize=1)
def label_colours() -> dict[str, str]:
    """Each entity label's colour ("#rrggbb"), in the order of `assets/labels.tsv`.

    RAISES ResourceError: a line of the file that is no label and colour (its file and line).
    """
    colours: dict[str, str] = {}
    for row in parse_table(LABELS_FILE.read_text(encoding="utf-8"), _COLUMNS, str(LABELS_FILE)):
        label, colour = row.values["label"], row.values["colour"]
        if not _COLOUR.fullmatch(colour) or label in colours:
            problem = "a second line for it" if label in colours else f"colour {colour!r} is not #rrggbb"
            raise ResourceError(f"{row.where}: label {label}: {problem}: fix the line")
        colours[label] = colour
    return colours


def displacy_colours() -> dict[str, str]:
    """The colours for spaCy's `registry.displacy_colors` (the `spacy_displacy_colors` entry point)."""
    return dict(label_colours())


def displacy_options(labels: Optional[Iterable[str]] = None) -> dict[str, Any]:
    """Options for `spacy.displacy.render(doc, style="ent", options=...)`: a colour for every label
    of the pipeline.

    labels (Optional[Iterable[str]]): show only these labels (e.g. `pipeline.core.kinds.NAME_LABELS`,
        the names the table holds); default: every label.
    RETURNS (dict): {"colors": {label: colour}} and, with `labels`, {"ents": [...]}.
    """
    options: dict[str, Any] = {"colors": displacy_colours()}
    if labels is not None:
        options["ents"] = list(labels)
    return options
