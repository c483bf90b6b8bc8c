# Shortcuts for the two jobs in tasks.py, which needs only Python 3.11 and pip.
PYTHON ?= python3

.PHONY: run test bench
run:
	$(PYTHON) tasks.py run
test:
	$(PYTHON) tasks.py test
bench:
	.venv/bin/python -m pytest benchmarks
