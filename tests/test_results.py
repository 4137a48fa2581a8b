"""record_result: 노트북이 남기는 결과(make bench가 모음). 벤치의 판정·보고·명령 줄은 test_bench.py."""

import json

import numpy as np
import pytest

from conftest import assert_korean_value_error
from course_utils.results import read_results, record_result


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


@pytest.mark.parametrize(
    "key,value", [("MNIST acc", 0.5), ("", 0.5), ("ok", "높음"), ("ok", float("nan")), ("ok", True)]
)
def test_record_result_rejects_bad_input(key, value):
    assert_korean_value_error(lambda: record_result(key, value))
