"""The project's two jobs, with nothing but Python 3.11 and pip:

    python3 tasks.py run    # venv, install, build the pipeline, extract corpus/, check the gold
    python3 tasks.py test   # venv, install with test extras, run the tests

Everything goes into .venv beside this file; outputs into out/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def sh(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    done = subprocess.run(args, cwd=ROOT)
    if done.returncode:
        sys.exit(done.returncode)


def install(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"newsfacts needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    sh(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
       "-e", f".{extras}")


def run() -> None:
    install()
    sh(str(BIN / "newsfacts"), "build", "-o", "models/newsfacts_en")
    sh(str(BIN / "newsfacts"), "extract", "corpus/", "--model", "models/newsfacts_en",
       "-o", "out/facts.parquet")
    sh(str(BIN / "newsfacts"), "extract", "corpus/", "--model", "models/newsfacts_en",
       "-o", "out/facts.csv", "--quiet")
    if (ROOT / "corpus" / "gold").is_dir():
        sh(str(BIN / "newsfacts"), "check", "out/facts.parquet", "corpus/")


def test() -> None:
    install("[test]")
    sh(str(BIN / "python"), "-m", "pytest", "tests", *sys.argv[2:])


if __name__ == "__main__":
    jobs = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        sys.exit(__doc__)
    jobs[sys.argv[1]]()
