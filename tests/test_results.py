"""record_result와 make bench의 판정."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from course_utils.results import read_results, record_result

ROOT = Path(__file__).resolve().parents[1]


def test_record_result_prints_and_writes_only_when_benchmarking(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COURSE_RESULTS_FILE", raising=False)
    assert record_result("mnist_test_accuracy", np.float32(0.99125), "MNIST 테스트 정확도") == pytest.approx(0.99125)
    assert capsys.readouterr().out == "MNIST 테스트 정확도: 0.9912\n"
    target = tmp_path / "results.jsonl"
    monkeypatch.setenv("COURSE_RESULTS_FILE", str(target))
    record_result("map50", 0.5)
    record_result("map50", 0.75)
    record_result("coco_map", np.array(0.25))
    assert read_results(target) == {"map50": 0.75, "coco_map": 0.25}
    assert all(json.loads(line) for line in target.read_text().splitlines())


@pytest.mark.parametrize("key,value", [("MNIST acc", 0.5), ("", 0.5), ("ok", "높음"), ("ok", float("nan")), ("ok", True)])
def test_record_result_rejects_bad_input(key, value):
    with pytest.raises(ValueError):
        record_result(key, value)


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_flags_missed_targets_and_slow_notebooks(tmp_path, monkeypatch):
    bench = load_bench()
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    machine = {"cpu": "test", "cores": 2, "gpus": 0, "tensorflow": "x", "python": "3"}
    good = {"date": "d", "seconds": 100.0, "error": None, "machine": machine,
            "results": {"lenet_test_accuracy": 0.9901}}
    assert bench.write_markdown({"full": {"05_lenet": good}, "quick": {"05_lenet": dict(good, seconds=50.0)}}) == []
    text = (tmp_path / "results.md").read_text()
    assert "| 0.9901 | 통과 |" in text and "| 05_lenet | 50초 | 100초 |" in text
    missed = dict(good, results={"lenet_test_accuracy": 0.95})
    slow = dict(good, seconds=900.0)
    absent = dict(good, results={})
    failed = dict(good, error="CellExecutionError: boom")
    for run in (missed, slow, absent, failed):
        assert bench.write_markdown({"full": {"05_lenet": run}}), run
    assert bench.write_markdown({"quick": {"05_lenet": failed}})
