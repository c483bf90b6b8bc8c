"""The review pages in a real headless Chromium (Debian's `chromium`, driven by Selenium through
its `chromedriver`): the bundled corpus with its gold, and a regeneration's changes.

Screenshots (index, one article, the changes, a phone-width window) are saved as test artefacts
in NEWSFACTS_ARTEFACTS (default out/test-artefacts/); the run's summary prints where. Without
Chromium these tests fail and say how to install it, unless NEWSFACTS_SKIP_BROWSER=1.
"""

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.evaluation.check import check_table
from pipeline.io.reading import read_table
from pipeline.review.page import diff_page, gather_review, review_page, write_page
from pipeline.run.batch import run_batch
from tests.conftest import ARTEFACTS, CORPUS, ROOT
from tests.review.browser import BrowserMissing, console_errors, find_browser

ARTEFACT_DIR = Path(os.environ.get("NEWSFACTS_ARTEFACTS") or ROOT / "out" / "test-artefacts")
WITH_MISSES = "weather-01"  # an article of the corpus the pipeline misses gold facts in


def screenshot(browser, name: str) -> Path:
    ARTEFACT_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTEFACT_DIR / f"{name}.png"
    browser.save_screenshot(str(path))
    ARTEFACTS.append(path)
    return path


@pytest.fixture()
def window(chromium):
    """The browser at desktop size with an empty console; no errors may be left at the end."""
    chromium.set_window_size(1280, 900)
    console_errors(chromium)
    yield chromium
    assert console_errors(chromium) == []


@pytest.fixture(scope="module")
def corpus_page(nlp, tmp_path_factory):
    """The bundled corpus's table, its review page and its scores."""
    folder = tmp_path_factory.mktemp("review")
    table = folder / "facts.parquet"
    assert run_batch([CORPUS], table, nlp).failed == 0
    review = gather_review(table, gold=[CORPUS])
    assert review.problems == []
    page = write_page(folder / "report.html", review_page(review))
    report, _ = check_table(table, [CORPUS])
    return {"page": page, "table": table, "rows": read_table(table), "report": report,
            "articles": [a.id for a in review.articles]}


def open_page(browser, page: Path, fragment: str = "") -> None:
    browser.get(page.as_uri() + fragment)
    assert browser.execute_script("return document.body.getAttribute('data-ready')") == "1"


def listed(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#index tbody tr')).map(r => r.dataset.id)")


def test_index_lists_every_article_and_filters(window, corpus_page):
    open_page(window, corpus_page["page"])
    assert sorted(listed(window)) == sorted(corpus_page["articles"])
    assert window.execute_script("return performance.getEntriesByType('resource').length") == 0
    screenshot(window, "index")

    box = window.find_element("id", "filter")
    box.send_keys("weather")
    assert listed(window) and set(listed(window)) == {a for a in corpus_page["articles"] if "weather" in a}
    assert "of 5 articles (43 in all)" in window.find_element("id", "shown").text
    box.send_keys(" zzz-no-such-article")
    assert listed(window) == [] and "No article matches" in window.find_element("id", "shown").text
    box.clear()
    box.send_keys("x")  # clear() fires no input event: type and delete
    box.send_keys("\b")
    assert len(listed(window)) == len(corpus_page["articles"])

    dates = Counter(r["article_id"] for r in corpus_page["rows"] if r["kind"] == "date")
    window.find_element("css selector", "button[data-sort='date']").click()
    window.find_element("css selector", "button[data-sort='date']").click()  # again: descending
    assert dates[listed(window)[0]] == max(dates.values())


def fact_marks(browser) -> dict:
    """Per kind and status, the facts highlighted in the article's text (a fact cut in pieces
    by an overlapping one counts once)."""
    return browser.execute_script("""
        const seen = {};
        for (const m of document.querySelectorAll('#text mark.f[data-i]')) {
          const key = m.dataset.kind + ' ' + (m.dataset.status || '');
          (seen[key] = seen[key] || new Set()).add(m.dataset.i);
        }
        return Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.size]));""")


def test_article_view_highlights_every_fact_and_marks_the_misses(window, corpus_page):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(window, corpus_page["page"], f"#/a/{WITH_MISSES}")
    rows = [r for r in corpus_page["rows"] if r["article_id"] == WITH_MISSES]
    marks = fact_marks(window)
    for kind in ("entity", "date", "quantity"):
        shown = sum(n for key, n in marks.items() if key.startswith(kind + " ") and not key.endswith("missed"))
        assert shown == sum(r["kind"] == kind for r in rows), kind
    missed = [g for g in corpus_page["report"].missed if g["article_id"] == WITH_MISSES]
    assert missed, f"{WITH_MISSES} was chosen for its misses; pick another article"
    assert sum(n for key, n in marks.items() if key.endswith(" missed")) == len(missed)
    missed_texts = window.execute_script(
        "return Array.from(document.querySelectorAll('#text mark[data-status=missed]:not([data-cont])'))"
        ".map(m => [m.firstChild.textContent, getComputedStyle(m).borderTopStyle, m.querySelector('.lbl').textContent])")
    assert sorted(t for t, _, _ in missed_texts) == sorted(g["text"] for g in missed)
    # marked by their border and a symbol too, not by colour alone
    assert all(style == "dashed" and "\u25CB" in badge for _, style, badge in missed_texts)

    date = next(r for r in rows if r["kind"] == "date")
    mark = window.find_element("css selector", "#text mark[data-kind=date][tabindex]")
    assert mark.text.startswith(date["text"])
    tip = window.find_element("id", "tip")
    assert not tip.is_displayed()
    ActionChains(window).move_to_element(mark).perform()
    assert tip.is_displayed() and date["value"] in tip.text and "TIMEX3 value" in tip.text
    screenshot(window, "article")
    ActionChains(window).move_to_element(window.find_element("css selector", "#article-view h2")).perform()
    assert not tip.is_displayed()


def test_without_the_texts_each_fact_is_highlighted_in_its_sentence(window, corpus_page, tmp_path):
    page = write_page(tmp_path / "facts-only.html", review_page(gather_review(corpus_page["table"])))
    open_page(window, page, f"#/a/{WITH_MISSES}")
    rows = [r for r in corpus_page["rows"] if r["article_id"] == WITH_MISSES]
    marks = fact_marks(window)
    assert marks == dict(Counter(f"{r['kind']} " for r in rows))
    shown = window.execute_script("const text = document.getElementById('text').cloneNode(true);"
                                  "text.querySelectorAll('.lbl').forEach(label => label.remove());"
                                  "return text.textContent")
    assert all(r["sentence_text"] in shown for r in rows)


def test_keyboard_alone_reaches_an_article_its_values_and_the_next(window, corpus_page):
    from selenium.webdriver.common.keys import Keys

    open_page(window, corpus_page["page"])
    active = lambda: window.switch_to.active_element
    active().send_keys("/")
    assert active().get_attribute("id") == "filter"
    active().send_keys(WITH_MISSES)  # the filter leaves one article
    for _ in range(len(window.find_elements("css selector", "#index thead button")) + 1):
        active().send_keys(Keys.TAB)  # past the sort buttons to the article's link
    assert active().get_attribute("href").endswith(f"#/a/{WITH_MISSES}")
    active().send_keys(Keys.ENTER)
    assert window.execute_script("return location.hash") == f"#/a/{WITH_MISSES}"
    assert active().tag_name == "h2"
    for _ in range(30):  # Tab from the heading to the first fact in the text
        active().send_keys(Keys.TAB)
        if active().tag_name == "mark" and active().get_attribute("data-i") is not None \
                and window.execute_script("return document.getElementById('text').contains(arguments[0])", active()):
            break
    tip = window.find_element("id", "tip")
    assert tip.is_displayed() and active().get_attribute("aria-describedby") == "tip"
    active().send_keys(Keys.ESCAPE)
    assert not tip.is_displayed()
    active().send_keys(Keys.ESCAPE)
    assert window.execute_script("return location.hash") == "#/"
    assert active().get_attribute("href").endswith(f"#/a/{WITH_MISSES}")  # focus back where it was

    window.find_element("id", "filter").send_keys(Keys.ENTER)  # Enter in the filter opens the first listed
    assert window.execute_script("return location.hash") == f"#/a/{WITH_MISSES}"

    first, second = corpus_page["articles"][:2]
    window.get("about:blank")  # a fresh page: j and k follow the filtered order, and this one has no filter
    open_page(window, corpus_page["page"], f"#/a/{first}")
    active().send_keys("j")
    assert window.execute_script("return location.hash") == f"#/a/{second}"
    active().send_keys("k")
    assert window.execute_script("return location.hash") == f"#/a/{first}"


def test_phone_width_needs_no_sideways_scrolling(window, corpus_page):
    window.set_window_size(390, 844)
    for fragment in ("", f"#/a/{WITH_MISSES}"):
        open_page(window, corpus_page["page"], fragment)
        overflow = window.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{fragment or 'index'}: {overflow} px wider than the window"
    screenshot(window, "article-phone")


def test_changes_page_shows_old_and_new_side_by_side(window, nlp, tmp_path):
    articles = [
        {"id": "a", "title": "Probe lands", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."},
        {"id": "b", "title": "Council approves roads", "published": "2024-03-14",
         "text": "The council met on Tuesday and approved $3m for roads."},
        {"id": "c", "title": "Rain in Leeds", "published": "2024-05-01", "text": "Rain fell for 49 hours in Leeds."},
    ]
    inputs, table = tmp_path / "in.jsonl", tmp_path / "facts.parquet"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    run_batch([inputs], table, nlp, incremental=True)
    articles[1]["text"] = "The council met on Wednesday in York and approved $3m for roads."
    articles[2]["text"] = "Rain fell for 50 hours."
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    result = run_batch([inputs], table, nlp, incremental=True)
    page = write_page(tmp_path / "diff.html", diff_page(result.changes, [inputs], table.name))

    open_page(window, page)
    assert sorted(listed(window)) == ["b", "c"]
    open_page(window, page, "#/a/b")
    rows = window.execute_script(
        "return Array.from(document.querySelectorAll('table.diff tbody tr')).map(r => "
        "[r.className, ...Array.from(r.cells).slice(1).map(c => c.innerText)])")
    [changed] = [r for r in rows if r[0] == "chg"]
    assert "2024-03-12" in changed[1] and "Tuesday" in changed[1]
    assert "2024-03-13" in changed[2] and "Wednesday" in changed[2]
    [added] = [r for r in rows if r[0] == "add"]
    assert added[1] == "\u2014" and "York" in added[2]
    screenshot(window, "diff")
    window.set_window_size(390, 844)  # on a phone, before and after stack
    assert window.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_a_missing_browser_fails_with_how_to_install_it(tmp_path):
    with pytest.raises(BrowserMissing, match=r"apt-get install -y chromium chromium-driver"):
        find_browser(str(tmp_path / "no-chromium"), str(tmp_path / "no-driver"))


#: every text of every chart that reaches past its chart's edges (as drawn, with the page's font)
CLIPPED_CHART_TEXT = """
    return Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
      const v = svg.viewBox.baseVal;
      return Array.from(svg.querySelectorAll('text')).filter(t => {
        const r = t.getBBox();
        return r.x < v.x - 0.5 || r.y < v.y - 0.5 || r.x + r.width > v.x + v.width + 0.5
          || r.y + r.height > v.y + v.height + 0.5;
      }).map(t => svg.querySelector('title').textContent + ': ' + t.textContent);
    });"""


def test_chart_labels_are_whole_and_articles_are_listed_by_title(window, corpus_page):
    """Issue 23: the quantity dimensions' labels ("typographical element") were cut at the chart's
    left edge; the index listed ids where the articles have titles."""
    open_page(window, corpus_page["page"])
    assert window.execute_script(CLIPPED_CHART_TEXT) == []
    titles = {a["id"]: a["title"] for a in map(json.loads, "".join(
        p.read_text(encoding="utf-8") for p in sorted((CORPUS / "articles").glob("*.jsonl"))).splitlines())}
    links = window.execute_script(
        "return Array.from(document.querySelectorAll('#index tbody tr')).map(r => [r.dataset.id, r.querySelector('a').textContent])")
    assert links and all(text == titles[article] for article, text in links)
