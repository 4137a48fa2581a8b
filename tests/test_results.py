"""record_result와 make bench의 판정."""

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import assert_korean_value_error

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
    assert_korean_value_error(lambda: record_result(key, value))


def load_bench():
    from course_tools import bench

    return bench


def test_bench_flags_missed_targets_and_slow_notebooks(tmp_path, monkeypatch):
    bench = load_bench()
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    machine = {"cpu": "test", "cores": 2, "gpus": 0, "tensorflow": "x", "python": "3"}
    good = {"date": "d", "seconds": 100.0, "error": None, "machine": machine,
            "results": {"lenet_test_accuracy": 0.9901}}
    assert bench.write_markdown({"full": {"05_lenet": good}, "quick": {"05_lenet": dict(good, seconds=50.0)}}) == []
    text = (tmp_path / "results.md").read_text()
    assert "| 0.9901 | — | — | 통과 |" in text and "| 05_lenet | 50초 | 100초 |" in text
    missed = dict(good, results={"lenet_test_accuracy": 0.95})
    slow = dict(good, seconds=900.0)
    absent = dict(good, results={})
    failed = dict(good, error="CellExecutionError: boom")
    for run in (missed, slow, absent, failed):
        assert bench.write_markdown({"full": {"05_lenet": run}}), run
    assert bench.write_markdown({"quick": {"05_lenet": failed}})


MACHINE = {"cpu": "test", "cores": 2, "gpus": 0, "tensorflow": "x", "python": "3"}


def lenet_run(main_value, seed_values, errors=None):
    errors = errors or {}
    return {"date": "d", "seconds": 100.0, "error": None, "machine": MACHINE, "seed": 42,
            "results": {"lenet_test_accuracy": main_value},
            "seed_runs": {str(seed): {"seconds": 10.0, "error": errors.get(seed),
                                      "results": {} if value is None else {"lenet_test_accuracy": value}}
                          for seed, value in seed_values.items()}}


def test_bench_judges_targets_on_the_seed_mean(tmp_path, monkeypatch):
    bench = load_bench()
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    # 시드 42는 목표(0.989) 아래지만 세 시드 평균 (0.988 + 0.991 + 0.992) / 3 = 0.9903은 목표 이상
    assert bench.write_markdown({"full": {"05_lenet": lenet_run(0.988, {0: 0.991, 1: 0.992})}}) == []
    text = (tmp_path / "results.md").read_text()
    assert "| 0.9880 | 0.9880, 0.9910, 0.9920 | 0.9903 ± 0.0021 (n=3) | 통과 |" in text
    assert "시드 반복: 42, 0, 1" in text
    # 시드 42는 목표 이상이지만 평균 (0.990 + 0.980 + 0.985) / 3 = 0.985는 미달
    failures = bench.write_markdown({"full": {"05_lenet": lenet_run(0.990, {0: 0.980, 1: 0.985})}})
    assert failures and "평균 0.9850" in failures[0]
    # 반복한 시드의 기록이 빠지거나 실행이 실패하면 합격이 아님
    assert bench.write_markdown({"full": {"05_lenet": lenet_run(0.995, {0: 0.995, 1: None})}})
    assert bench.write_markdown({"full": {"05_lenet": lenet_run(0.995, {0: 0.995, 1: 0.995},
                                                                errors={1: "CellExecutionError: boom"})}})


def test_bench_parses_seed_options():
    bench = load_bench()
    assert bench.parse_args(["05_lenet"]) == (["05_lenet"], False, bench.EXTRA_SEEDS, False)
    assert bench.parse_args(["--seeds", "0,1,2", "04_mnist_cnn.ipynb"]) == (["04_mnist_cnn"], False, (0, 1, 2), False)
    assert bench.parse_args(["--seeds=", "--only-seeds"]) == ([], False, (), True)
    for bad in (["--seeds", "a,1"], ["--seeds=-1"], ["--seeds", "42"]):
        assert_korean_value_error(lambda: bench.parse_args(bad))


def test_bench_seed_rerun_stops_after_the_target_cell(tmp_path):
    import nbformat

    bench = load_bench()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("import os\nfrom course_utils.results import record_result"),
        nbformat.v4.new_code_cell('record_result("lenet_test_accuracy", float(os.environ["COURSE_SEED"]) / 10)'),
        nbformat.v4.new_code_cell('raise RuntimeError("목표를 기록한 셀 뒤는 실행하면 안 됩니다")'),
    ]
    path = tmp_path / "05_lenet.ipynb"
    nbformat.write(nb, path)
    assert bench.last_cell_recording(nb, ["lenet_test_accuracy"]) == 1
    assert_korean_value_error(lambda: bench.last_cell_recording(nb, ["map50"]))

    results_file = tmp_path / "run" / "results.jsonl"
    results_file.parent.mkdir()
    saved = tmp_path / "run" / "prefix-saved.ipynb"
    _, error = bench.run_notebook(path, results_file, seed=3, stop_after_keys=["lenet_test_accuracy"],
                                  save_to=saved)
    assert error is None
    assert read_results(results_file) == {"lenet_test_accuracy": pytest.approx(0.3)}
    assert len(nbformat.read(saved, as_version=4).cells) == 2, "저장한 노트북도 목표 셀까지만이어야 합니다"
    _, error = bench.run_notebook(path, tmp_path / "run" / "whole.jsonl", seed=3)
    assert error and "RuntimeError" in error, "끝까지 실행하면 마지막 셀의 오류가 나야 합니다(대조군)"


def test_bench_saves_the_executed_notebook_with_outputs(tmp_path):
    import nbformat

    bench = load_bench()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('import os\nprint("시드", os.environ["COURSE_SEED"])')]
    path = tmp_path / "04_mnist_cnn.ipynb"
    nbformat.write(nb, path)
    saved = tmp_path / "runs" / "full" / path.name
    _, error = bench.run_notebook(path, tmp_path / "results.jsonl", seed=7, save_to=saved)
    assert error is None
    executed = nbformat.read(saved, as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "시드 7\n"
    assert nbformat.read(path, as_version=4).cells[0].outputs == [], "원본 노트북은 바뀌지 않아야 합니다"
