"""Measuring the pipeline: hand-made gold (`gold`), scores the TempEval-3 way (`score`) and per
entity (`entity_score`), `newsfacts check` against the gold and its thresholds (`check`), the
TimeML and MEANTIME evaluations (`corpora`), quantity test sets (`unit_sets`), and the speed
benchmark (`bench`). Nothing here changes a fact."""
