"""`newsfacts eval`: the pipeline run on annotated corpora and scored against their gold: dates on
TimeML documents (TempEval-3) and on MEANTIME, entities on MEANTIME's named mentions (beside a
bare spaCy model on the same texts)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Union

from pipeline.core.kinds import DATE, ENTITY
from pipeline.core.records import Article

from .check import sentence_around
from .score import Report, score_article


def evaluate_timeml(gold_paths: Iterable[Union[str, Path]], nlp,
                    inputs: Union[str, Path, None] = None) -> Report:
    """Run the pipeline on TimeML documents and score its dates against their TIMEX3 tags.

    gold_paths (Iterable[str | Path]): annotated TimeML files or folders of them.
    nlp (Language): the newsfacts pipeline.
    inputs (Optional[str | Path]): a folder of the unannotated input files to run on
        instead (paired with the gold by DOCID, so renamed files still match).
    RETURNS (Report): date scores, with misses and spurious dates.
    """
    from pipeline.io.timeml import is_timeml, read_timeml
    from pipeline.run.extract import extract

    def expand(paths):
        for raw in paths:
            path = Path(raw)
            yield from (sorted(p for p in path.rglob("*") if is_timeml(p)) if path.is_dir() else [path])

    gold = {doc.doc_id: doc for doc in map(read_timeml, expand(gold_paths))}
    articles = {doc.doc_id: doc.article() for doc in gold.values()}
    if inputs is not None:
        for doc in map(read_timeml, expand([inputs])):
            if doc.doc_id in gold:
                if doc.text != gold[doc.doc_id].text:
                    raise ValueError(f"{doc.path}: text differs from the gold file {gold[doc.doc_id].path}")
                articles[doc.doc_id] = doc.article()
    report = Report()
    for article, rows in extract((articles[k] for k in sorted(articles)), nlp):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        timexes = [dict(t, article_id=article.id,
                        sentence_text=sentence_around(article.text, t["start"], t["end"]))
                   for t in gold[article.id].timexes]
        score_article(rows, timexes, report, kinds=[DATE])
    return report


def meantime_documents(paths: Iterable[Union[str, Path]]) -> list:
    """The MEANTIME documents in or under `paths` (CAT XML files or folders), read in place."""
    from pipeline.io.meantime import is_meantime, read_meantime

    files = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(p for p in path.rglob("*.xml") if is_meantime(p)) if path.is_dir() else [path])
    return [read_meantime(f) for f in files]


def evaluate_meantime_entities(paths: Iterable[Union[str, Path]], nlp, baseline=None,
                               baseline_name: str = "baseline") -> dict:
    """Score the pipeline's entities on MEANTIME's named mentions (per mention and per entity,
    untyped and typed, inside the annotated sentences), and a bare spaCy model's on the same texts.

    paths (Iterable[str | Path]): MEANTIME CAT XML files or folders of them (read in place).
    nlp (Language): the newsfacts pipeline.
    baseline (Optional[Language]): a bare model (e.g. en_core_web_sm) scored as the fact table
        would hold its entities (`bare_entity_rows`); baseline_name (str): its name in the result.
    RETURNS (dict[str, EntityReport]): "newsfacts" and, with a baseline, `baseline_name`.
    """
    from pipeline.run.extract import extract

    from .entity_score import EntityReport, bare_entity_rows, score_entities

    documents = meantime_documents(paths)
    reports = {"newsfacts": EntityReport()}
    for (article, rows), document in zip(extract((d.article() for d in documents), nlp), documents):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        score_entities(rows, document.entities, reports["newsfacts"], region_end=document.annotated_end,
                       ignore=document.premodifiers, document=document.doc_id)
    if baseline is not None:
        name = baseline_name
        reports[name] = EntityReport()
        for doc, document in zip(baseline.pipe(d.text for d in documents), documents):
            score_entities(bare_entity_rows(doc), document.entities, reports[name],
                           region_end=document.annotated_end, ignore=document.premodifiers,
                           document=document.doc_id)
    return reports


def evaluate_meantime(paths: Iterable[Union[str, Path]], nlp, kinds: Iterable[str] = (DATE,)) -> Report:
    """Run the pipeline on MEANTIME documents and score its facts against their gold inside the
    annotated sentences: dates against the TIMEX3 tags, entities against the named mentions.

    paths (Iterable[str | Path]): MEANTIME CAT XML files or folders of them (read in place).
    nlp (Language): the newsfacts pipeline.
    kinds (Iterable[str]): "date" and/or "entity".
    RETURNS (Report): the scores, with misses and spurious facts.
    """
    from pipeline.run.extract import extract

    documents = meantime_documents(paths)
    kinds = list(kinds)
    report = Report()
    for (article, rows), document in zip(extract((d.article() for d in documents), nlp), documents):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        rows = [r for r in rows if int(r["start"]) < document.annotated_end]
        gold = [dict(g, article_id=article.id, sentence_text=sentence_around(article.text, g["start"], g["end"]))
                for g in (document.timexes if DATE in kinds else []) + (document.entities if ENTITY in kinds else [])]
        score_article(rows, gold, report, kinds=kinds)
    return report
