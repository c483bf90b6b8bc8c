"""newsfacts' own spaCy components, in pipeline order, and the rows they make: the news segmenter
(`segment`), the base model's attribute rules (`attributes`), entity canonicalisation and votes
(`entities/`), dates (`timex/`), quantities (`quantities/`), the fact linker (`link`), and a
processed Doc turned into fact-table rows (`facts`). Everything these import is covered by the
pipeline's fingerprint (`pipeline.run.build.FINGERPRINTED`): a change here changes the facts."""
