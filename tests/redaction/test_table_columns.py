"""column_cells: the cells under the headers a caller names, row by row."""

from __future__ import annotations

from referral_nlp.redaction.table_columns import cells_of, column_cells, header_name


def _kind(name: str) -> str | None:
    return {"ref": "ref", "staff": "staff"}.get(name)


def _found(text: str) -> list[tuple[str, str]]:
    return [(kind, text[s:e]) for kind, s, e in column_cells(text, _kind)]


def test_every_named_column_of_each_row_until_the_table_ends() -> None:
    text = "Date | Ref. | Entry | Staff\n01/02 | 551 | visit | KT\n02/02 |  | call | AJ\nafter"
    assert _found(text) == [("ref", "551"), ("staff", "KT"), ("staff", "AJ")]


def test_a_second_table_and_tabs() -> None:
    text = "a | b | c\n1 | 2 | 3\n\nName\tRef:\tPlan\nAmy\t77\tCIN\n"
    assert _found(text) == [("ref", "77")]


def test_outer_bars_make_no_empty_cells() -> None:
    assert cells_of("| a | b |\n", 10, "|") == [(12, 13), (16, 17)]


def test_header_names_fold_case_spaces_and_closing_marks() -> None:
    assert header_name("  NHS   No.: ") == "nhs no"
    assert header_name("Case #") == "case"
