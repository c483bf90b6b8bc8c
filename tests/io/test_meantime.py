"""The MEANTIME reader: text rebuilt from tokens, the dateline as publication date, gold spans."""

from pipeline.io.meantime import is_meantime, read_meantime

TOKENS = [  # (sentence, word)
    (0, "Acme"), (0, "buys"), (0, "Widgets"),
    (1, "March"), (1, "01"), (1, ","), (1, "2008"),
    (2, "Acme"), (2, "Corp."), (2, "said"), (2, "on"), (2, "Monday"), (2, "it"), (2, "will"), (2, "pay"),
    (2, "$"), (2, "5"), (2, "billion"), (2, "."),
    (3, "The"), (3, "deal"), (3, "closes"), (3, "in"), (3, "June"), (3, "."),
]


def cat_xml(markables: str) -> str:
    tokens = "\n".join(f'<token number="{i}" sentence="{s}" t_id="{i + 1}">{w}</token>'
                       for i, (s, w) in enumerate(TOKENS))
    return (f'<?xml version="1.0" ?><Document doc_id="42" doc_name="42_Acme" lang="en">\n{tokens}\n'
            f"<Markables>\n{markables}\n</Markables>\n<Relations>\n"
            '<REFERS_TO r_id="1"><source m_id="5"/><target m_id="9"/></REFERS_TO>\n</Relations>\n</Document>')


MARKABLES = """<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2008-03-02">
<token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/></TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2008-02-25"><token_anchor t_id="12"/></TIMEX3>
<TIMEX3 anchorTimeID="1" m_id="3" type="DATE" value="2008-06"/>
<ENTITY_MENTION m_id="5" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="6" syntactic_type="PRO"><token_anchor t_id="13"/></ENTITY_MENTION>
<ENTITY ent_type="ORG" instance_id="ORG1" m_id="9"/>"""


def test_reads_text_date_and_gold(tmp_path):
    path = tmp_path / "42_Acme.xml"
    path.write_text(cat_xml(MARKABLES), encoding="utf-8")
    assert is_meantime(path)
    doc = read_meantime(path)
    assert doc.text == "Acme buys Widgets\nAcme Corp. said on Monday it will pay $5 billion. The deal closes in June."
    assert doc.dct == "2008-03-01"  # from the dateline's words, not the CREATION_TIME tag
    [timex] = doc.timexes  # not the creation time, not the tag without tokens
    assert (timex["text"], timex["label"], timex["value"]) == ("Monday", "DATE", "2008-02-25")
    [entity] = doc.entities  # the named mention only
    assert (entity["text"], entity["label"]) == ("Acme Corp.", "ORG")
    assert doc.text[:doc.annotated_end].endswith("$5 billion.")  # sentence 3 has no annotation


def test_a_file_without_a_dateline_is_refused(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(cat_xml(MARKABLES).replace(">March<", ">Marchh<"), encoding="utf-8")
    try:
        read_meantime(path)
    except ValueError as err:
        assert "dateline" in str(err) and "bad.xml" in str(err)
    else:
        raise AssertionError("no error")


def test_a_name_without_its_link_takes_the_instance_it_names_and_premodifiers_are_kept(tmp_path):
    markables = MARKABLES + """
<ENTITY_MENTION m_id="7" syntactic_type="NAM"><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="8" syntactic_type="PRE.NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY TAG_DESCRIPTOR="Widgets" ent_type="PRO" instance_id="PRO1" m_id="10"/>"""
    path = tmp_path / "42_Acme.xml"
    path.write_text(cat_xml(markables), encoding="utf-8")
    doc = read_meantime(path)
    widgets = next(e for e in doc.entities if e["text"] == "Widgets")
    assert (widgets["label"], widgets["instance"]) == ("PRO", "10")
    assert doc.premodifiers == [(0, 4)]
