# Shortcuts for the jobs in tasks.py, which needs only Python 3.11 and pip.
PYTHON ?= python3

.PHONY: run test install bench
run:
	$(PYTHON) tasks.py run
test:
	$(PYTHON) tasks.py test
install:
	$(PYTHON) tasks.py install
bench:
	.venv/bin/python -m pytest benchmarks
