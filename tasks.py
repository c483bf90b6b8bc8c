"""The project's jobs, with nothing but Python 3.11 and pip:

    python3 tasks.py run      # venv, install, build the pipeline, extract corpus/, review and check it against the gold
    python3 tasks.py test     # venv, install with test extras (and Debian's chromium), lint with ruff, run the tests
    python3 tasks.py install  # venv and install only: the `newsfacts` command in .venv/bin

Everything goes into .venv beside this file; outputs into out/. In a new shell, `source .venv/bin/activate`
puts `newsfacts` on the PATH (or call .venv/bin/newsfacts).
"""

from __future__ import annotations

import os
import shutil
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


#: where the command is, said after every install: a new shell does not know .venv/bin
NEW_SHELL = ("newsfacts is installed in .venv/bin: in a new shell, `source .venv/bin/activate` first "
             "(or call .venv/bin/newsfacts)")


def install(extras: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"newsfacts needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        try:
            import ensurepip  # noqa: F401  (Debian leaves it out of python3 without python3-venv)
        except ImportError:
            sys.exit("this Python cannot make a virtual environment with pip (.venv): on Debian or Ubuntu, "
                     "`sudo apt-get install python3-venv`, then run this again")
        venv.EnvBuilder(with_pip=True).create(VENV)
    sh(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
       "-e", f".{extras}")


def install_command() -> None:
    """The venv and the `newsfacts` command in it, nothing else."""
    install()
    print(NEW_SHELL, flush=True)


def run() -> None:
    install()
    print(NEW_SHELL, flush=True)  # here, as the run ends with check's score table
    sh(str(BIN / "newsfacts"), "build", "-o", "models/newsfacts_en")
    sh(str(BIN / "newsfacts"), "extract", "corpus/", "--model", "models/newsfacts_en",
       "-o", "out/facts.parquet")
    sh(str(BIN / "newsfacts"), "extract", "corpus/", "--model", "models/newsfacts_en",
       "-o", "out/facts.csv", "--quiet")
    if (ROOT / "corpus" / "gold").is_dir():
        sh(str(BIN / "newsfacts"), "review", "out/facts.parquet", "--gold", "corpus/", "-o", "out/report.html")
        sh(str(BIN / "newsfacts"), "check", "out/facts.parquet", "corpus/")
    else:
        sh(str(BIN / "newsfacts"), "review", "out/facts.parquet", "--articles", "corpus/", "-o", "out/report.html")


def install_browser() -> None:
    """Debian's Chromium and its chromedriver, which the review page tests drive; installed with
    apt-get when missing and this is Debian as root (as in CI), else a note on how to."""
    if os.environ.get("NEWSFACTS_SKIP_BROWSER") == "1" or (shutil.which("chromium") and shutil.which("chromedriver")):
        return
    packages = ["chromium", "chromium-driver", "fonts-dejavu-core"]
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update", "-qq"],
                        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]):
            print("+", " ".join(command), flush=True)
            if subprocess.run(command, env=env).returncode:
                sys.exit(f"could not install {', '.join(packages)}, which the review page tests need")
    else:
        print(f"note: the review page tests need Chromium: `sudo apt-get install {' '.join(packages)}` "
              "(or NEWSFACTS_SKIP_BROWSER=1 to skip them)", file=sys.stderr, flush=True)


def test() -> None:
    install("[test]")
    install_browser()
    sh(str(BIN / "ruff"), "check", "pipeline", "tests", "benchmarks", "tools", "tasks.py")
    sh(str(BIN / "python"), "-m", "pytest", "tests", *sys.argv[2:])


if __name__ == "__main__":
    jobs = {"run": run, "test": test, "install": install_command}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        sys.exit(__doc__)
    jobs[sys.argv[1]]()
