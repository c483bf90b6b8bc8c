"""A newsroom's own text files (issue 23): a first line that is a headline is the article's title,
not its text; a story without a publication date says both ways to give one."""

from datetime import date, datetime

import pytest

from pipeline.core.records import Article, ArticleError
from pipeline.io.articles import HEADLINE_ENDINGS, HEADLINE_MAX_WORDS, read_articles, split_headline

BODY = "LONDON, Nov. 15 (Wire) - A storm hit the coast on Monday.\nPower was cut to 20,000 homes."


def read_one(path, published="2024-11-15"):
    [item] = list(read_articles([path], published=published))
    return item


@pytest.mark.parametrize("content, title, text", [
    (f"Storm hits coast\n\n{BODY}", "Storm hits coast", BODY),
    (f"Storm hits coast\r\n\r\n{BODY}", "Storm hits coast", BODY),
    (f"  Storm hits coast  \n \n\n{BODY}", "Storm hits coast", BODY),  # blank lines of spaces, several
    (f"Who pays for the storm?\n\n{BODY}", "Who pays for the storm?", BODY),
    (f"Storm: 'We lost everything'\n\n{BODY}", "Storm: 'We lost everything'", BODY),
    # traps: a sentence, no blank line after, a one-line story, a long first line, a first blank line
    (f"Rain fell on Monday.\n\n{BODY}", "", f"Rain fell on Monday.\n\n{BODY}"),
    (f"He said: \"Rain fell on Monday.\"\n\n{BODY}", "", f"He said: \"Rain fell on Monday.\"\n\n{BODY}"),
    (f"Storm hits coast\n{BODY}", "", f"Storm hits coast\n{BODY}"),
    ("Storm hits coast", "", "Storm hits coast"),
    ("Storm hits coast\n\n", "", "Storm hits coast\n\n"),
    ("Storm hits coast\n\n   \n", "", "Storm hits coast\n\n   \n"),
    (" ".join(["word"] * (HEADLINE_MAX_WORDS + 1)) + f"\n\n{BODY}", "",
     " ".join(["word"] * (HEADLINE_MAX_WORDS + 1)) + f"\n\n{BODY}"),
    (f"\nStorm hits coast\n\n{BODY}", "", f"\nStorm hits coast\n\n{BODY}"),
])
def test_a_first_line_is_the_title_only_when_it_is_a_headline(tmp_path, content, title, text):
    path = tmp_path / "storm.txt"
    path.write_bytes(content.encode("utf-8"))
    article = read_one(path)
    assert isinstance(article, Article), article
    assert (article.title, article.text) == (title, text)
    assert split_headline(content) == (title, text)


def test_the_headline_rule_is_stated_once():
    assert HEADLINE_MAX_WORDS == 20 and "." in HEADLINE_ENDINGS and "?" not in HEADLINE_ENDINGS


def test_the_body_is_the_file_after_the_headline_so_offsets_are_into_it(tmp_path):
    content = f"Storm hits coast\n\n{BODY}"
    (tmp_path / "storm.txt").write_text(content, encoding="utf-8")
    article = read_one(tmp_path / "storm.txt")
    assert content.endswith(article.text)
    assert content.index(article.text) == len("Storm hits coast\n\n")


def test_a_sidecar_title_wins_and_the_headline_still_leaves_the_text(tmp_path):
    (tmp_path / "storm.txt").write_text(f"Storm hits coast\n\n{BODY}", encoding="utf-8")
    (tmp_path / "storm.json").write_text('{"title": "Storm: live", "published": "2024-11-15"}', encoding="utf-8")
    article = read_one(tmp_path / "storm.txt", published=None)
    assert (article.title, article.text, article.published) == ("Storm: live", BODY, "2024-11-15")


def test_a_bom_before_the_headline_is_not_part_of_the_title(tmp_path):
    (tmp_path / "storm.txt").write_bytes(b"\xef\xbb\xbf" + f"Storm hits coast\n\n{BODY}".encode())
    assert read_one(tmp_path / "storm.txt").title == "Storm hits coast"


def test_a_story_without_a_date_says_both_ways_to_give_one(tmp_path):
    (tmp_path / "storm.txt").write_text(BODY, encoding="utf-8")
    error = read_one(tmp_path / "storm.txt", published=None)
    assert isinstance(error, ArticleError)
    assert str(error) == (f"{tmp_path / 'storm.txt'}: article 'storm': no publication date: add storm.json with "
                          f'{{"published": "YYYY-MM-DD"}} beside it, or pass --published YYYY-MM-DD for the whole folder')
    (tmp_path / "storm.json").write_text('{"source": "Wire"}', encoding="utf-8")
    error = read_one(tmp_path / "storm.txt", published=None)
    assert error.problem == ('no publication date: add "published": "YYYY-MM-DD" to storm.json beside it, or pass '
                             '--published YYYY-MM-DD for the whole folder')
    assert read_one(tmp_path / "storm.txt").published == "2024-11-15"


def test_a_json_lines_record_without_a_date_says_both_ways_to_give_one(tmp_path):
    (tmp_path / "news.jsonl").write_text('{"id": "a", "text": "Rain on Monday."}\n', encoding="utf-8")
    error = read_one(tmp_path / "news.jsonl", published=None)
    assert error.problem == ("no publication date: give 'published' (YYYY-MM-DD) in the record, or pass "
                             "--published YYYY-MM-DD for the whole file")


@pytest.mark.parametrize("published", ["2024-11-15", date(2024, 11, 15), datetime(2024, 11, 15, 8, 30)])
def test_the_folder_wide_date_is_text_or_a_date_and_the_sidecar_wins(tmp_path, published):
    (tmp_path / "storm.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "dated.json").write_text('{"published": "2023-01-02"}', encoding="utf-8")
    items = {item.id: item.published for item in read_articles([tmp_path], published=published)}
    assert items == {"dated": "2023-01-02", "storm": "2024-11-15"}
