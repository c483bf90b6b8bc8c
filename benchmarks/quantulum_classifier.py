"""quantulum3's unit classifier retrained from the training data it ships, against our context
rules (quantulum3 without its classifier, ties broken by name, then our unit table and rules), on the
same quantity test sets (issue 11). scikit-learn is no dependency of newsfacts; to run this, install
it apart:

    pip install --target /tmp/skl --no-deps scikit-learn scipy joblib threadpoolctl narwhals stemming
    PYTHONPATH=/tmp/skl python benchmarks/quantulum_classifier.py clf SETS...   # retrained classifier
    python benchmarks/quantulum_classifier.py rules SETS...                      # our rules

SETS are files that `newsfacts eval-units` reads. Training is seeded (quantulum3's random_state 0).
"""

from __future__ import annotations

import sys
import time


def use_retrained_classifier() -> None:
    """Train quantulum3's classifier from its shipped data and make every reading use it."""
    import quantulum3.classifier as classifier

    if not classifier.USE_CLF:
        sys.exit("scikit-learn (and joblib, stemming) are not importable: see this file's docstring")
    started = time.time()
    trained = classifier.Classifier(classifier_object=classifier.train_classifier(store=False))
    classifier.classifier = lambda lang="en_US", classifier_path=None: trained
    print(f"trained in {time.time() - started:.1f} s", file=sys.stderr)


def main(mode: str, sets: list[str]) -> None:
    if mode == "clf":
        use_retrained_classifier()
    from pipeline.evaluation.unit_sets import evaluate_units
    from pipeline.run.build import load_pipeline

    started = time.time()
    scores = evaluate_units(sets, load_pipeline())
    print(f"{mode}: scored in {time.time() - started:.1f} s", file=sys.stderr)
    for name, s in scores.items():
        change = f" value+change {s['value_change_f1']:.3f}" if "value_change_f1" in s else ""
        print(f"{name:34} value {s['value_f1']:.3f} value+unit {s['value_unit_f1']:.3f}{change}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in {"clf", "rules"}:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
