"""`python -m pipeline.cli`: the `newsfacts` command."""

from pipeline.cli import main

main()
