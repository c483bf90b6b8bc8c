"""newsfacts: staged spaCy components that turn English news into a fact table.

The importable package is ``pipeline``; ``pipeline.run.build.load_pipeline`` assembles the
whole pipeline from ``models/config.cfg`` and ``pipeline.stages.facts.doc_to_facts`` turns a
processed ``Doc`` into rows of the fact table. The code is in packages by layer, each importing
only from those below it: ``core``, ``rules``, ``language``, ``stages`` (what decides the facts),
then ``io``, ``run``, ``evaluation``, ``review`` and ``cli`` (ARCHITECTURE.md shows the tree).
For notebooks, one import and one call::

    import pipeline
    facts = pipeline.extract_frame(["The probe landed on Monday."], published="2024-09-24")
    facts = pipeline.extract_frame([{"id": "a1", "text": "...", "published": "2024-09-24"}])
    facts = pipeline.extract_frame(paths=["corpus/"])      # files and folders: paths= or pathlib.Path
    facts = pipeline.read_facts("out/facts.parquet")

A `str` is always an article's text, never a file name. ``displacy_options()`` gives displaCy a
colour for every entity label of the pipeline (`doc.ents` holds the table's names).

Importing the package loads nothing heavy: spaCy, pandas and Dask are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os

    import pandas

from pipeline.core.version import __version__ as __version__


def extract_frame(articles: Any = None, *, paths: Any = None, published: Any = None, model: Any = None,
                  processes: int = 1, dask: Any = None, currency: str = "USD",
                  columns: "dict[str, str] | str | None" = None) -> "pandas.DataFrame":
    """The fact table of `articles` as a pandas DataFrame: the rows `newsfacts extract` writes.

    articles: the articles in memory: a text (str) or a list of texts (each one's id: its index in
        the list), of (text, published) pairs, of dicts with the article fields (id, text,
        published; title, source, language optional), a DataFrame with those columns (without
        an id column, its index gives the ids), or a Series of texts (its index gives the ids).
        A `str` is always a text, never a file name: a one-word string that looks like a path
        ("corpus/", "news.jsonl", an existing file) is refused with a ValueError that says to
        give it as a path.
    paths: article files and folders (what `newsfacts extract` takes; with `dask`, also fsspec
        URLs), as str or `pathlib.Path`, one or a list. `pathlib.Path` objects may also be given
        as `articles`.
    published: a date (`datetime.date` or "YYYY-MM-DD") for the articles that carry none of their own.
    model: a folder saved by `newsfacts build`, or a loaded pipeline; default: built from models/.
    processes (int): worker processes on this machine.
    dask: run on a Dask cluster: "local:N", a scheduler address such as "tcp://HOST:8786", or a
        `distributed.Client`. Needs `pip install 'newsfacts[dask]'`.
    currency (str): the reference currency of the money columns (`amount`): an ISO code the
        European Central Bank quotes; each amount at its rate of the article's publication day.
    columns: the names of the article fields in a DataFrame, dicts, CSV, JSON Lines or Parquet,
        where they are not the fields' own: {"id": "story_id", "text": "body"}, or as the command
        line's --columns takes it, "id=story_id,text=body".
    RETURNS (pandas.DataFrame): one row per fact, the columns of `newsfacts schema`. Articles or
        stages that failed are in `frame.attrs["errors"]`, a list of dicts with the errors table's
        columns (`pandas.DataFrame(frame.attrs["errors"])` makes it a table), and logged.
    RAISES ValueError: a mistaken call (what to give instead); FileNotFoundError: a path that is not there.
    """
    from pipeline.run.frames import extract_frame as run

    return run(articles, paths=paths, published=published, model=model, processes=processes, dask=dask,
               currency=currency, columns=columns)


def read_facts(path: "str | os.PathLike") -> "pandas.DataFrame":
    """A fact table or dataset written by `newsfacts extract` (.parquet file or dataset folder,
    .csv, .jsonl), as a pandas DataFrame with the table's column types.

    RAISES FileNotFoundError: there is no table at `path`.
    """
    from pipeline.run.frames import read_facts as read

    return read(path)


def displacy_options(labels: Any = None) -> dict:
    """Options for `spacy.displacy.render(doc, style="ent", options=pipeline.displacy_options())`:
    a colour for every entity label of the pipeline (`doc.ents` holds the names with the labels
    of the table). spaCy also finds these colours by itself once newsfacts is installed.

    labels: show only these labels (e.g. `pipeline.core.kinds.NAME_LABELS`); default: all.
    """
    from pipeline.review.labels import displacy_options as options

    return options(labels)
