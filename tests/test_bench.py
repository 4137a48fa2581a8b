"""make bench: 판정(bench_verdicts), 보고서(bench_report), 실행과 명령 줄(bench)."""

import json
from pathlib import Path

import nbformat
import pytest

from conftest import assert_korean_value_error
from course_tools import bench, bench_report, bench_verdicts
from course_utils.results import read_results

ROOT = Path(__file__).resolve().parents[1]


MACHINE = {"cpu": "test", "cores": 2, "gpus": 0, "tensorflow": "x", "python": "3"}


def bench_run(results, seed_results=None, seconds=100.0, error=None, seed_errors=None):
    """본 실행(시드 42)과 시드 반복 기록 하나. ``seed_results = {시드: {키: 값}}``."""
    seed_errors = seed_errors or {}
    return {
        "date": "d",
        "seconds": seconds,
        "error": error,
        "machine": MACHINE,
        "seed": 42,
        "results": results,
        "seed_runs": {
            str(seed): {"seconds": 10.0, "error": seed_errors.get(seed), "results": values}
            for seed, values in (seed_results or {}).items()
        },
    }


def lenet_run(main_value, seed_values, errors=None):
    return bench_run(
        {"lenet_test_accuracy": main_value},
        {seed: ({} if value is None else {"lenet_test_accuracy": value}) for seed, value in seed_values.items()},
        seed_errors=errors,
    )


def test_reproduction_verdict_hand_computed():
    # 평균 0.92, 표본 표준편차 sqrt((0.02² + 0.01² + 0 + 0.01² + 0.02²) / 4) = sqrt(0.00025) = 0.0158114
    # → 평균 ± 2σ = [0.8883772, 0.9516228]
    values = [0.90, 0.91, 0.92, 0.93, 0.94]
    judged = bench_verdicts.reproduction_verdict(0.92, values)
    assert judged["mean"] == pytest.approx(0.92) and judged["std"] == pytest.approx(0.0158114, abs=1e-7)
    assert (judged["low"], judged["high"]) == (pytest.approx(0.8883772, abs=1e-7), pytest.approx(0.9516228, abs=1e-7))
    assert bench_verdicts.reproduction_verdict(0.9516, values)["verdict"] == "재현됨"  # 위쪽 경계 바로 안
    assert bench_verdicts.reproduction_verdict(0.9517, values)["verdict"] == "재현 안 됨"  # 위쪽 경계 바로 밖
    assert bench_verdicts.reproduction_verdict(0.8884, values)["verdict"] == "재현됨"
    assert bench_verdicts.reproduction_verdict(0.8883, values)["verdict"] == "재현 안 됨"
    # 흔들림이 없으면(σ = 0) 출처의 값이 평균과 같을 때만 재현됨
    assert bench_verdicts.reproduction_verdict(0.99, [0.99] * 5)["verdict"] == "재현됨"
    assert bench_verdicts.reproduction_verdict(0.991, [0.99] * 5)["verdict"] == "재현 안 됨"
    # 시드 4개로는 판정하지 않음(평균도 구간도 내지 않음)
    pending = bench_verdicts.reproduction_verdict(0.92, values[:4])
    assert pending == {"verdict": "판정 보류", "n": 4, "mean": None, "std": None, "low": None, "high": None}


def test_course_target_needs_every_seed_above_the_floor(monkeypatch):
    # 평균 (0.929 + 0.935 + 0.936) / 3 = 0.9333 ≥ 0.930 이지만 시드 하나(0.929)가 아래: 평균으로는 넘어도 미달
    values = [0.929, 0.935, 0.936]
    missed = bench_verdicts.target_verdict(0.930, values)
    assert missed["verdict"] == "미달" and missed["min"] == 0.929
    assert missed["mean"] == pytest.approx(0.933333, abs=1e-6)
    assert bench_verdicts.target_verdict(0.929, values)["verdict"] == "통과"  # 가장 낮은 시드가 하한과 같으면 통과
    assert bench_verdicts.target_verdict(0.9, [0.99, 0.99])["verdict"] == "판정 보류"  # n < 3
    # 표에는 시드별 값이 보이고, 실패 메시지는 가장 낮은 시드를 말함
    lenet = [bench_verdicts.course_target("lenet_test_accuracy", "LeNet", 0.989)]
    monkeypatch.setitem(bench_verdicts.TARGETS, "05_lenet", lenet)
    text, failures = report({"full": {"05_lenet": lenet_run(0.995, {0: 0.995, 1: 0.988})}})
    assert failures == ["05_lenet: lenet_test_accuracy 가장 낮은 시드 0.9880 < 0.989"]
    assert "| ≥ 0.989 | 42: 0.9950, 0: 0.9950, 1: 0.9880 |" in text


def test_course_target_with_a_ceiling_needs_every_seed_below_it(monkeypatch):
    # 평균 (0.30 + 0.45 + 0.52) / 3 = 0.4233 < 0.5 이지만 시드 하나(0.52)가 상한 위: 평균으로는 넘어도 미달
    values = [0.30, 0.45, 0.52]
    missed = bench_verdicts.target_verdict(None, values, ceiling=0.5)
    assert missed["verdict"] == "미달" and missed["max"] == 0.52
    assert missed["mean"] == pytest.approx(0.423333, abs=1e-6)
    assert bench_verdicts.target_verdict(None, [0.30, 0.45, 0.49], ceiling=0.5)["verdict"] == "통과"
    assert bench_verdicts.target_verdict(None, [0.30, 0.45, 0.50], ceiling=0.5)["verdict"] == "미달"  # 상한은 미만(<)
    assert bench_verdicts.target_verdict(None, [0.1, 0.2], ceiling=0.5)["verdict"] == "판정 보류"  # n < 3
    # 같은 값을 하한으로 읽으면 가장 낮은 시드로 판정(0.30 ≥ 0.3 통과): 상한과 하한이 서로 다른 끝을 봄
    assert bench_verdicts.target_verdict(0.3, values)["verdict"] == "통과"
    # 하한과 상한은 하나만
    with pytest.raises(ValueError, match="하나만"):
        bench_verdicts.course_target("x", "x", 0.1, ceiling=0.5)
    with pytest.raises(ValueError, match="하나만"):
        bench_verdicts.course_target("x", "x")
    # 표에는 "< 0.500"과 시드별 값, 실패 메시지는 가장 높은 시드를 말함
    rows = [bench_verdicts.course_target("spearman_output_randomized", "무작위화 검사", ceiling=0.5)]
    monkeypatch.setitem(bench_verdicts.TARGETS, "11_what_cnns_see", rows)
    run = bench_run(
        {"spearman_output_randomized": 0.30},
        {0: {"spearman_output_randomized": 0.45}, 1: {"spearman_output_randomized": 0.52}},
    )
    text, failures = report({"full": {"11_what_cnns_see": run}})
    assert failures == ["11_what_cnns_see: spearman_output_randomized 가장 높은 시드 0.5200 ≥ 0.5"]
    assert "| < 0.500 | 42: 0.3000, 0: 0.4500, 1: 0.5200 |" in text and "**미달**" in text
    run["seed_runs"]["1"]["results"]["spearman_output_randomized"] = 0.49
    text, failures = report({"full": {"11_what_cnns_see": run}})
    assert failures == [] and "| < 0.500 | 42: 0.3000, 0: 0.4500, 1: 0.4900 |" in text


def test_notebook_11_seed_reruns_reach_the_randomisation_check():
    # 상한 줄(무작위화 검사)도 시드 3개가 필요하므로 시드 0·1의 반복이 그 셀(과 시드를 청한 보고용 줄)까지 감
    plan = bench_verdicts.seed_plan("11_what_cnns_see")
    assert set(plan) == {0, 1} and plan[0] == plan[1]
    assert {"pointing_gradcam", "spearman_output_randomized", "pointing_random_network"} <= set(plan[0])
    nb = nbformat.read(ROOT / "notebooks" / "11_what_cnns_see.ipynb", as_version=4)
    last = bench.last_cell_recording(nb, plan[0])
    assert last == bench.last_cell_recording(nb, ["pointing_random_network"])
    assert last >= bench.last_cell_recording(nb, ["spearman_output_randomized"])


def test_seed_plan_reruns_only_the_rows_that_need_the_seed():
    mnist = ["mnist_test_accuracy", "fashion_test_accuracy", "mnist_exercise_test_accuracy"]
    # 재현 줄은 시드 5개(42, 0, 1, 2, 3), 강좌 목표 줄은 3개(42, 0, 1)
    assert bench_verdicts.seed_plan("04_mnist_cnn") == {0: mnist, 1: mnist, 2: mnist[:2], 3: mnist[:2]}
    assert bench_verdicts.seed_plan("05_lenet") == {0: ["lenet_test_accuracy"], 1: ["lenet_test_accuracy"]}
    assert bench_verdicts.seed_plan("07_transfer_learning") == {}
    assert bench_verdicts.seed_plan("05_lenet", extra_seeds=(7,)) == {7: ["lenet_test_accuracy"]}


def report(data: dict) -> tuple[str, list[str]]:
    """(results.md 글, make bench를 실패시키는 이유들): 보고서 그리기와 판정은 따로 계산합니다."""
    return bench_report.render(data), bench_verdicts.failures(data)


def test_bench_renders_both_kinds_of_rows():
    seeds = {0: 0.91, 1: 0.92, 2: 0.93, 3: 0.94}
    mnist = bench_run(
        {"mnist_test_accuracy": 0.90, "fashion_test_accuracy": 0.90, "mnist_exercise_test_accuracy": 0.996},
        {
            seed: {
                "mnist_test_accuracy": value,
                "fashion_test_accuracy": value,
                **({"mnist_exercise_test_accuracy": 0.995} if seed in (0, 1) else {}),
            }
            for seed, value in seeds.items()
        },
    )
    lenet = lenet_run(0.988, {0: 0.991, 1: 0.992})
    text, failures = report(
        {"full": {"04_mnist_cnn": mnist, "05_lenet": lenet}, "quick": {"05_lenet": dict(lenet, seconds=50.0)}}
    )
    # 04: 시드 0.90~0.94 → 평균 0.92 ± 2σ = [0.8884, 0.9516]: DLwP 0.991은 밖, 혼공머신 0.9125는 안
    assert (
        "| DLwP | 0.991 | 42: 0.9000, 0: 0.9100, 1: 0.9200, 2: 0.9300, 3: 0.9400 | 0.9200 ± 0.0158 (n=5) "
        "| [0.8884, 0.9516] | **재현 안 됨** |"
    ) in text
    assert "| 혼공머신 8장 | 0.9125 |" in text and "| [0.8884, 0.9516] | 재현됨 |" in text
    assert "| ≥ 0.993 | 42: 0.9960, 0: 0.9950, 1: 0.9950 | 0.9953 ± 0.0006 (n=3) | 통과 |" in text
    assert "| ≥ 0.986 | 42: 0.9880, 0: 0.9910, 1: 0.9920 | 0.9903 ± 0.0021 (n=3) | 통과 |" in text
    assert "| 05_lenet | 50초 | 100초 | 통과 |" in text
    assert "- 04_mnist_cnn: d, 본 실행 1.7분, 시드 42, 0, 1, 2, 3" in text
    # 재현 안 됨은 출처에 대한 발견이라 실패가 아님; 아직 실행하지 않은 노트북은 측정 전
    assert failures == []
    assert (
        "| 08_localization_and_map | 위치 추정 `mAP@0.5` (`map50`) | ≥ 0.945 | 42: 측정 전, 0: 측정 전, 1: 측정 전 | — |"
        in text
    )


def test_bench_counts_missing_seeds_misses_errors_and_slow_notebooks():
    failures = bench_verdicts.failures
    # 재현 줄에 시드가 3개뿐이면 판정 보류이고 '측정 전'을 보여 줌(값을 지어내지 않음)
    short = bench_run(
        {"mnist_test_accuracy": 0.99}, {0: {"mnist_test_accuracy": 0.991}, 1: {"mnist_test_accuracy": 0.992}}
    )
    text, found = report({"full": {"04_mnist_cnn": short}})
    assert (
        "42: 0.9900, 0: 0.9910, 1: 0.9920, 2: 측정 전, 3: 측정 전 | 0.9910 ± 0.0010 (n=3) | — | **판정 보류** (시드 3/5)"
        in text
    )
    assert any("mnist_test_accuracy 재현 판정에 시드 5개가 필요함(기록 3개)" in failure for failure in found)
    # 강좌 목표: 한 시드라도 미달, 시드 누락, 시드 반복 실패, 본 실행 실패, 10분 초과는 모두 실패
    missed = failures({"full": {"05_lenet": lenet_run(0.990, {0: 0.980, 1: 0.985})}})
    assert missed == ["05_lenet: lenet_test_accuracy 가장 낮은 시드 0.9800 < 0.986"]
    assert failures({"full": {"05_lenet": lenet_run(0.995, {0: 0.995, 1: None})}})
    assert failures(
        {"full": {"05_lenet": lenet_run(0.995, {0: 0.995, 1: 0.995}, errors={1: "CellExecutionError: boom"})}}
    )
    good = lenet_run(0.995, {0: 0.995, 1: 0.995})
    assert failures({"full": {"05_lenet": good}}) == []
    assert failures({"full": {"05_lenet": dict(good, error="CellExecutionError: boom")}})
    slow = {"full": {"05_lenet": dict(good, seconds=601.0)}}
    assert failures(slow) == ["05_lenet: 전체 모드 601s > 600s"]
    assert "| 05_lenet | 측정 전 | 601초 | **초과** |" in bench_report.render(slow)
    assert failures({"quick": {"05_lenet": dict(good, error="CellExecutionError: boom")}})


def test_committed_results_md_is_rendered_from_results_json(tmp_path, monkeypatch):
    """benchmarks/results.md는 손으로 고치지 않음: 저장된 results.json과 TARGETS로 다시 그린 것과 같아야 합니다
    (다르면 python -m course_tools.bench --render). --render가 실제로 쓰는 파일로 확인합니다."""
    monkeypatch.setattr(bench, "RESULTS_JSON", ROOT / "benchmarks" / "results.json")
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    assert bench.main(["--render"]) == 0
    assert (tmp_path / "results.md").read_text(encoding="utf-8") == (ROOT / "benchmarks" / "results.md").read_text(
        encoding="utf-8"
    )


def test_bench_parses_seed_options():
    def parsed(argv):
        args = bench.parse_args(argv)
        return args.names, args.quick, args.seeds, args.only_seeds, args.missing_seeds

    assert parsed(["05_lenet"]) == (["05_lenet"], False, bench_verdicts.EXTRA_SEEDS, False, False)
    assert parsed(["--seeds", "0,1,2", "04_mnist_cnn.ipynb"]) == (["04_mnist_cnn"], False, (0, 1, 2), False, False)
    assert parsed(["--seeds=", "--only-seeds"]) == ([], False, (), True, False)
    assert parsed(["--missing-seeds", "04_mnist_cnn"]) == (
        ["04_mnist_cnn"],
        False,
        bench_verdicts.EXTRA_SEEDS,
        False,
        True,
    )
    for bad in (["--seeds", "a,1"], ["--seeds=-1"], ["--seeds", "42"], ["--render", "05_lenet"], ["--no-such"]):
        assert_korean_value_error(lambda: bench.parse_args(bad))


def test_explorers_and_render_combine_with_other_options():
    """--explorers는 노트북 실행과, --render는 --explorers와 함께 쓸 수 있습니다(예전에는 혼자일 때만 동작)."""

    def plan(argv):
        args = bench.parse_args(argv)
        return args.explorers, args.run_notebooks

    assert plan([]) == (False, True)  # 인자 없음: 모든 노트북
    assert plan(["--explorers"]) == (True, False)  # 탐색기만
    assert plan(["--explorers", "05_lenet"]) == (True, True)
    assert plan(["--explorers", "--quick"]) == (True, True)  # 탐색기 + 모든 노트북 빠른 모드
    assert plan(["--render"]) == (False, False)
    assert plan(["--render", "--explorers"]) == (True, False)


def test_explorers_with_a_notebook_measures_both_and_writes_both_sections(tmp_path, monkeypatch):
    import course_tools.bench_explorers as bench_explorers

    monkeypatch.setattr(bench, "RESULTS_JSON", tmp_path / "results.json")
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    monkeypatch.setattr(bench, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.setattr(bench, "use_sibling_mirror", lambda: None)
    monkeypatch.setattr(bench, "machine", lambda: MACHINE)
    explorer_run = {"date": "d", "machine": MACHINE, "load_before": 0.1, "load_after": 0.2, "cases": {}}
    monkeypatch.setattr(bench_explorers, "measure_explorers", lambda machine: dict(explorer_run))
    calls = []

    def fake_run(path, results_file, quick=False, seed=None, stop_after_keys=None, save_to=None):
        calls.append((path.stem, seed, quick))
        results_file.write_text(json.dumps({"key": "lenet_test_accuracy", "value": 0.995}) + "\n", encoding="utf-8")
        return 10.0, None

    monkeypatch.setattr(bench, "run_notebook", fake_run)
    assert bench.main(["--explorers", "05_lenet"]) == 0
    assert calls == [("05_lenet", 42, False), ("05_lenet", 0, False), ("05_lenet", 1, False)]
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert saved["explorers"] == explorer_run and saved["full"]["05_lenet"]["results"] == {"lenet_test_accuracy": 0.995}
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "## 탐색기 다시 그리기 시간" in text and "| 05_lenet | 측정 전 | 10초 | 통과 |" in text


def test_bench_seed_rerun_stops_after_the_target_cell(tmp_path):
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
    _, error = bench.run_notebook(path, results_file, seed=3, stop_after_keys=["lenet_test_accuracy"], save_to=saved)
    assert error is None
    assert read_results(results_file) == {"lenet_test_accuracy": pytest.approx(0.3)}
    assert len(nbformat.read(saved, as_version=4).cells) == 2, "저장한 노트북도 목표 셀까지만이어야 합니다"
    _, error = bench.run_notebook(path, tmp_path / "run" / "whole.jsonl", seed=3)
    assert error and "RuntimeError" in error, "끝까지 실행하면 마지막 셀의 오류가 나야 합니다(대조군)"


def test_bench_saves_the_executed_notebook_with_outputs(tmp_path):
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


def test_every_bench_row_is_recorded_by_its_notebook():
    """TARGETS의 키마다 그 노트북에 record_result("키", …) 셀이 있어야 합니다(오타로 영영 '측정 전'이 되지 않게)."""
    for name in bench_verdicts.TARGETS:
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        recorded = set().union(*(bench.recorded_keys(c.source) for c in nb.cells if c.cell_type == "code"))
        missing = [row.key for row in bench_verdicts.rows(name) if row.key not in recorded]
        assert missing == [], f"{name}: 기록하는 셀이 없는 키 {missing}"


def test_recorded_keys_reads_the_code_not_the_text():
    """record_result 셀은 코드를 파싱해 찾습니다: 작은따옴표, 키워드 인자, if 안, 여러 줄 호출도 찾고,
    주석과 문자열 속 글자나 다른 함수는 세지 않습니다."""
    source = "\n".join(
        [
            "%matplotlib inline",
            "record_result('single_quoted', 0.5)",
            'course_utils.record_result(key="by_keyword", value=0.1)',
            "if weights_available:",
            "    map50 = course_utils.record_result(",
            '        "multi_line",',
            "        0.9,",
            "    )",
            '# record_result("in_comment", 1.0)',
            "text = 'record_result(\"in_string\", 1.0)'",
            'other_function("not_recorded", 1.0)',
        ]
    )
    assert bench.recorded_keys(source) == {"single_quoted", "by_keyword", "multi_line"}
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("record_result('map50', 0.9)"), nbformat.v4.new_code_cell("x = 1")]
    )
    assert bench.last_cell_recording(nb, ["map50"]) == 0


def test_retime_keeps_seed_records_only_when_the_main_run_gives_the_same_results(tmp_path, monkeypatch):
    """--retime은 본 실행만 다시 재고, 결과가 저장된 본 실행과 똑같을 때만 시드 기록을 그대로 둡니다."""
    monkeypatch.setattr(bench, "RESULTS_JSON", tmp_path / "results.json")
    monkeypatch.setattr(bench, "RESULTS_MD", tmp_path / "results.md")
    monkeypatch.setattr(bench, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.setattr(bench, "use_sibling_mirror", lambda: None)
    monkeypatch.setattr(bench, "machine", lambda: MACHINE)
    stored = dict(lenet_run(0.990, {0: 0.991, 1: 0.992}), seconds=700.0)
    (tmp_path / "results.json").write_text(json.dumps({"full": {"05_lenet": stored}, "quick": {}}), encoding="utf-8")
    calls, main_value = [], [0.990]

    def fake_run(path, results_file, quick=False, seed=None, stop_after_keys=None, save_to=None):
        calls.append(seed)
        value = main_value[0] if seed == bench_verdicts.MAIN_SEED else {0: 0.981, 1: 0.982}[seed]
        results_file.write_text(json.dumps({"key": "lenet_test_accuracy", "value": value}) + "\n", encoding="utf-8")
        return 300.0, None

    monkeypatch.setattr(bench, "run_notebook", fake_run)

    def seeds_and_seconds():
        entry = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["full"]["05_lenet"]
        return (
            {seed: run["results"]["lenet_test_accuracy"] for seed, run in entry["seed_runs"].items()},
            entry["seconds"],
        )

    bench.main(["--retime", "05_lenet"])  # 같은 결과: 본 실행만 다시, 시드 기록은 그대로
    assert calls == [bench_verdicts.MAIN_SEED]
    assert seeds_and_seconds() == ({"0": 0.991, "1": 0.992}, 300.0)
    calls.clear()
    main_value[0] = 0.989  # 계산이 바뀜: 시드 기록을 믿을 수 없으니 시드 반복도 다시
    bench.main(["--retime", "05_lenet"])
    assert calls == [bench_verdicts.MAIN_SEED, 0, 1]
    assert seeds_and_seconds() == ({"0": 0.981, "1": 0.982}, 300.0)
