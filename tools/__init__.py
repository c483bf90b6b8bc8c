"""Tools that build or check the project's data: the gazetteers (`build_gazetteers.py`) and the news
quantity gold (`news_gold.py`). Run them as scripts; the tests import them as `tools.<name>`."""
