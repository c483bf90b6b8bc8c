"""The ground floor: what every other layer shares and nothing here imports from above. The
kinds of fact and the entity labels (`kinds`), the spaCy extension attributes the stages write
(`attrs`), the columns of the fact table and of the errors table (`schema`), an input record as
an `Article` or an `ArticleError` (`records`), and the failures that stop a run with their exit
statuses (`failures`). The package version is `pipeline.__version__`, written once."""
