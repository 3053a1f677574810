"""Input shards checked before any work, tasks in input order, outputs that appear whole."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from batch_helpers import write_jsonl

from referral_nlp.batch.output import read_output, staged_output, write_part
from referral_nlp.batch.shards import find_shards, plan_tasks, read_task_rows
from referral_nlp.io import InputError

ROWS = [{"id": f"r{i}", "text": f"note {i}", "child_age": i % 17} for i in range(10)]


def test_a_directory_of_shards_is_read_in_name_order_skipping_markers(tmp_path):
    write_jsonl(tmp_path / "in" / "b.jsonl", ROWS[5:])
    write_jsonl(tmp_path / "in" / "a.jsonl", ROWS[:5])
    (tmp_path / "in" / "_SUCCESS").write_text("")
    (tmp_path / "in" / ".a.jsonl.crc").write_text("")
    assert [p.name for p, _ in find_shards(tmp_path / "in")] == ["a.jsonl", "b.jsonl"]
    shards, tasks = plan_tasks(tmp_path / "in", None, rows_per_task=2)
    assert [s.rows for s in shards] == [5, 5]
    assert [(t.start, t.stop) for t in tasks][:3] == [(0, 2), (2, 4), (4, 5)]
    assert [t.part for t in tasks] == sorted(t.part for t in tasks)  # name order = input order
    rows = [row for t in tasks for row in read_task_rows(t)[0]]
    assert rows == ROWS


def test_locations_name_the_shard_and_line(tmp_path):
    write_jsonl(tmp_path / "in" / "a.jsonl", ROWS)
    _, tasks = plan_tasks(tmp_path / "in", None, rows_per_task=4)
    assert read_task_rows(tasks[1])[1][0] == "a.jsonl, line 5"


def test_shards_with_mismatched_columns_are_refused_naming_the_shard(tmp_path):
    write_jsonl(tmp_path / "in" / "a.jsonl", ROWS[:5])
    write_jsonl(tmp_path / "in" / "b.jsonl", [{**r, "note_date": "2024-01-01"} for r in ROWS[5:]])
    with pytest.raises(InputError, match=r"b\.jsonl: shard has other columns than a\.jsonl") as e:
        plan_tasks(tmp_path / "in", None)
    assert "extra: ['note_date']" in str(e.value) and "note 5" not in str(e.value)


def test_csv_shards_with_another_header_are_refused(tmp_path):
    (tmp_path / "in").mkdir()
    pd.DataFrame(ROWS[:5]).to_csv(tmp_path / "in" / "a.csv", index=False)
    pd.DataFrame(ROWS[5:]).rename(columns={"text": "note"}).to_csv(
        tmp_path / "in" / "b.csv", index=False
    )
    with pytest.raises(InputError, match=r"b\.csv"):
        plan_tasks(tmp_path / "in", None)


def test_mixed_formats_are_refused(tmp_path):
    write_jsonl(tmp_path / "in" / "a.jsonl", ROWS[:5])
    pd.DataFrame(ROWS[5:]).to_parquet(tmp_path / "in" / "b.parquet")
    with pytest.raises(InputError, match=r"b\.parquet: shard is parquet but a\.jsonl is jsonl"):
        find_shards(tmp_path / "in")


def test_a_record_without_text_fails_before_any_work_naming_its_line(tmp_path):
    write_jsonl(tmp_path / "in" / "a.jsonl", [*ROWS[:3], {"id": "x"}])
    with pytest.raises(InputError, match=r"a\.jsonl, line 4: missing field 'text'"):
        plan_tasks(tmp_path / "in", None)


def test_automatic_task_size_balances_workers(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"id": i, "text": "x"} for i in range(2000)])
    _, tasks = plan_tasks(tmp_path / "a.jsonl", None, workers=2)
    assert len(tasks) == 16 and tasks[0].stop == 125


def test_a_failed_job_leaves_no_output_directory(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), staged_output(out) as staging:
        write_part(staging / "part-00000-00000.jsonl", [{"id": 1}], "jsonl", "redact")
        raise RuntimeError("a task failed")
    assert list(tmp_path.iterdir()) == []


def test_a_finished_job_replaces_an_earlier_output_whole(tmp_path):
    out = tmp_path / "out"
    for value in ("first", "second"):
        with staged_output(out) as staging:
            write_part(staging / "part-00000-00000.jsonl", [{"id": value}], "jsonl", "redact")
    assert read_output(out) == [{"id": "second"}]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_output_that_is_not_a_batch_output_is_not_replaced(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with (
        pytest.raises(ValueError, match="not the output of a batch job"),
        staged_output(tmp_path / "out"),
    ):
        pass
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_parquet_parts_share_one_schema(tmp_path):
    with_entities = [
        {
            "id": 1,
            "redacted_text": "<PERSON_1>",
            "entities": [{"start": 0, "end": 5, "entity_type": "PERSON", "score": 0.9}],
        }
    ]
    without = [{"id": "b", "redacted_text": "x", "entities": []}]
    write_part(tmp_path / "part-0.parquet", with_entities, "parquet", "redact")
    write_part(tmp_path / "part-1.parquet", without, "parquet", "redact")
    import pyarrow.parquet as pq

    assert pq.read_schema(tmp_path / "part-0.parquet") == pq.read_schema(
        tmp_path / "part-1.parquet"
    )
    assert read_output(tmp_path)[0]["id"] == "1"
    assert json.dumps(read_output(tmp_path)[1]["entities"]) == "[]"
