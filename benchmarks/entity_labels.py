"""Entity labels: newsfacts against bare en_core_web_sm on the same texts, in one run.

    .venv/bin/python benchmarks/entity_labels.py [--meantime ../shared/eval/meantime] [--json out/entities.json]

- our corpus (corpus/articles, gold in corpus/gold): entity label F1 (as `newsfacts check`) and
  per label P/R/F1 of entities found with the right label; bare en_core_web_sm's entities are
  turned into rows as the fact table would hold them (`bare_entity_rows`: one per name and
  label, at its first mention);
- MEANTIME (read in place, never copied): per mention and per entity, untyped and typed, as
  `newsfacts eval --kind entity`, and typed F1 per MEANTIME type.

The tests do not run it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from pipeline.core.kinds import ENTITY  # noqa: E402
from pipeline.core.records import Article  # noqa: E402
from pipeline.evaluation.check import gold_files  # noqa: E402
from pipeline.evaluation.corpora import evaluate_meantime_entities  # noqa: E402
from pipeline.evaluation.entity_score import bare_entity_rows, format_entity_reports  # noqa: E402
from pipeline.evaluation.gold import read_gold  # noqa: E402
from pipeline.evaluation.score import Report, score_article  # noqa: E402
from pipeline.io.articles import read_articles  # noqa: E402
from pipeline.run.build import base_model_name, build_pipeline  # noqa: E402
from pipeline.run.extract import extract  # noqa: E402


def corpus_reports(nlp, bare, corpus: Path) -> dict[str, Report]:
    """Entity scores of newsfacts and of the bare model on the corpus's gold."""
    golds = gold_files([corpus])
    articles = [a for a in read_articles([corpus]) if isinstance(a, Article) and a.id in golds]
    gold = {a.id: read_gold(golds[a.id], a.text) for a in articles}
    reports = {"newsfacts": Report(), "en_core_web_sm": Report()}
    for article, rows in extract(articles, nlp):
        score_article(rows, gold[article.id], reports["newsfacts"], kinds=[ENTITY])
    for article, doc in zip(articles, bare.pipe(a.text for a in articles)):
        score_article(bare_entity_rows(doc), gold[article.id], reports["en_core_web_sm"], kinds=[ENTITY])
    return reports


def format_corpus(reports: dict[str, Report]) -> str:
    labels = sorted({label for r in reports.values() for label in r.label_scores(ENTITY)}, key=str)
    lines = [f"{'system':16} {'relaxed F1':>10} {'label F1':>9}  " + " ".join(f"{str(lab):>11}" for lab in labels)]
    for name, report in reports.items():
        s = report.scores()[ENTITY]
        per = report.label_scores(ENTITY)
        cells = " ".join(f"{per[lab]['f1']:>11.3f}" if lab in per else f"{'-':>11}" for lab in labels)
        lines.append(f"{name:16} {s['relaxed_f1']:>10.3f} {s['label_f1']:>9.3f}  {cells}")
    gold = reports["newsfacts"].label_scores(ENTITY)
    lines.append(f"{'gold entities':16} {'':>10} {'':>9}  "
                 + " ".join(f"{gold.get(lab, {}).get('gold', 0):>11}" for lab in labels))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--meantime", type=Path, default=ROOT.parent / "shared" / "eval" / "meantime")
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()
    nlp, bare = build_pipeline(), spacy.load(base_model_name())
    corpus = corpus_reports(nlp, bare, args.corpus)
    print("corpus: entity label F1, and per label F1 of entities found with the right label")
    print(format_corpus(corpus))
    result = {"corpus": {name: {"scores": r.scores()[ENTITY], "labels": r.label_scores(ENTITY)}
                         for name, r in corpus.items()}}
    if args.meantime.is_dir():
        meantime = evaluate_meantime_entities([args.meantime], nlp, baseline=bare, baseline_name="en_core_web_sm")
        print("\nMEANTIME (named mentions inside the annotated sentences)")
        print(format_entity_reports(meantime))
        result["meantime"] = {name: r.scores() for name, r in meantime.items()}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
