"""The rule machinery the stages are built with, language-neutral: TSV resources with checked
schemas (`resources`), regular-expression macros (`macros`), the value-template language of the
rules (`templates`), compiled-pattern code kept with a saved pipeline (`regex_code`), the prefix
scan that finds where a pattern can match (`prefix_scan`), bounded caches of pure functions
(`caching`), spaCy's `RuleComponent` that loads, saves and fingerprints its resources
(`component`), and the stage guard that turns a stage's failure into an error row (`guard`)."""
