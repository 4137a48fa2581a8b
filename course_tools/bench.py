"""make bench: 노트북을 전체 모드로 실행해 결과와 시간을 benchmarks/results.md 에 기록합니다.

    python -m course_tools.bench                   # 모든 노트북, 전체 모드(목표 판정)
    python -m course_tools.bench 04_mnist_cnn      # 일부만(나머지는 이전 기록 유지)
    python -m course_tools.bench --quick           # 빠른 모드 실행 시간만 측정(머리 셀과 강좌 안내에 씀)
    python -m course_tools.bench --seeds 0,1,2     # 시드 반복에 쓸 추가 시드(기본 0,1; 빈 값이면 반복 없음)
    python -m course_tools.bench --only-seeds      # 저장된 본 실행은 두고 시드 반복만 다시
    python -m course_tools.bench --explorers       # 대화형 탐색기(01·02·03·08)의 다시 그리기 시간만 잼

노트북은 ``course_utils.record_result(key, value)`` 로 핵심 결과를 남기고, 이 스크립트가
``COURSE_RESULTS_FILE`` 로 그 기록을 모읍니다.

시드 반복: 같은 레시피라도 가중치 초기화와 배치 순서(난수 시드)에 따라 테스트 정확도가 0.1~1%p쯤
흔들립니다. 시드 하나의 값으로 출처의 결과와 비교하면 운에 따라 합격·미달이 갈리므로, 목표가 있는
노트북은 본 실행(강좌 기본 시드 42, 노트북이 보여 주는 값) 뒤에 ``COURSE_SEED`` 만 바꿔 추가 시드로
다시 실행합니다. 이때는 목표 지표를 기록하는 마지막 셀까지만 실행합니다(시간은 재지 않음).
목표는 **모든 시드의 평균**으로 판정하고, 시드마다의 값과 표준편차를 표에 함께 적습니다.

본 실행을 마친 노트북은 출력(학습 로그, 그림)과 함께 ``benchmarks/runs/{full,quick}/`` 에 저장합니다
(커밋하지 않음). 노트북 본문이 전하는 측정값과 학습 곡선을 그 실행에서 확인할 때 씁니다.

목표를 하나라도 놓치면(또는 노트북이 실패하면) 0이 아닌 종료 코드로 끝납니다.
단위 테스트(make test)의 일부가 아닙니다.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from course_tools import REPO_ROOT, use_sibling_mirror
from course_utils.notebook_setup import DEFAULT_SEED

ROOT = REPO_ROOT
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"
RUNS_DIR = ROOT / "benchmarks" / "runs"  # 본 실행을 마친 노트북(출력 포함, 커밋하지 않음)
TIME_LIMIT = 600  # 초: 노트북마다 2코어 CPU에서 전체 모드 10분 이내
MAIN_SEED = DEFAULT_SEED  # 본 실행의 시드 = 노트북의 기본 시드(42)
EXTRA_SEEDS = (0, 1)  # 목표가 있는 노트북을 다시 실행할 시드

# 노트북 → [(결과 키, 설명, 출처의 발표 값, 목표)]: 목표는 합격 기준(이 값 이상)이고, None이면 기록만 합니다.
TARGETS = {
    "04_mnist_cnn": [
        ("mnist_test_accuracy", "MNIST 합성곱 신경망 테스트 정확도 (DLwP)", "0.991", 0.990),
        ("fashion_test_accuracy", "패션 MNIST CNN 테스트 정확도 (혼공머신)", "0.9125", 0.912),
        ("flowers_val_accuracy", "꽃 사진 컬러 CNN 검증 정확도 (강의 노트 모델)", "—", None),
        ("mnist_exercise_test_accuracy", "연습: 나만의 MNIST CNN 참고 해답 (지향 ≥ 0.995)", "—", None),
    ],
    "05_lenet": [
        ("lenet_test_accuracy", "LeNet-5 MNIST 테스트 정확도", "—", 0.989),
    ],
    "06_resnet": [
        ("resnet_fashion_test_accuracy", "작은 ResNet 패션 MNIST 테스트 정확도", "—", 0.925),
        ("plain_fashion_test_accuracy", "같은 조건의 일반 CNN(04) 테스트 정확도", "—", None),
        ("degradation_shallow_plain_train_loss", "성능 저하 실험: 얕은 평범한 CNN 마지막 에포크 훈련 손실", "—", None),
        ("degradation_deep_plain_train_loss", "성능 저하 실험: 깊은 평범한 CNN 마지막 에포크 훈련 손실", "—", None),
        ("degradation_deep_residual_train_loss", "성능 저하 실험: 같은 깊이의 잔차 CNN 마지막 에포크 훈련 손실", "—", None),
    ],
    "07_transfer_learning": [
        ("transfer_scratch_mean", "전이 실험: 처음부터 학습, 평균 정확도", "—", None),
        ("transfer_scratch_std", "전이 실험: 처음부터 학습, 표준편차", "—", None),
        ("transfer_reused_mean", "전이 실험: 층 재사용, 평균 정확도", "—", None),
        ("transfer_reused_std", "전이 실험: 층 재사용, 표준편차", "—", None),
        ("xception_flowers_test_accuracy", "Xception 꽃 전이 학습 테스트 정확도(ImageNet 가중치가 있을 때만)", "—", None),
    ],
    "08_localization_and_map": [
        ("map50", "위치 추정 mAP@0.5", "—", 0.90),
        ("coco_map", "COCO mAP@[0.5:0.95]", "—", None),
        ("mean_iou", "테스트 세트 평균 IoU", "—", None),
    ],
}


def run_notebook(path: Path, results_file: Path, quick: bool = False, seed: int | None = None,
                 stop_after_keys: list[str] | None = None,
                 save_to: Path | None = None) -> tuple[float, str | None]:
    """노트북을 실행하고 (걸린 초, 실패했으면 오류 요약)을 돌려줍니다.

    ``seed`` 가 있으면 ``COURSE_SEED`` 로 넘기고, ``stop_after_keys`` 가 있으면 그 결과 키를 기록하는
    마지막 셀까지만 실행합니다(시드 반복용). ``save_to`` 가 있으면 실행을 마친 노트북(출력 포함)을
    그 경로에 저장합니다. 표의 숫자를 낸 실행의 학습 로그와 그림을 나중에 확인할 수 있게 하려는 것입니다.
    """
    import nbformat

    from course_tools.nbtools import execute_notebook

    env = {"COURSE_RESULTS_FILE": str(results_file)}
    if seed is not None:
        env["COURSE_SEED"] = str(seed)
    start = time.monotonic()
    error = None
    try:
        if stop_after_keys:
            nb = nbformat.read(path, as_version=4)
            last = last_cell_recording(nb, stop_after_keys)
            nb.cells = nb.cells[: last + 1]
            prefix = results_file.with_name(f"prefix-{path.name}")
            nbformat.write(nb, prefix)
            executed = execute_notebook(prefix, quick=quick, timeout=3 * TIME_LIMIT, env=env, cwd=path.parent)
        else:
            executed = execute_notebook(path, quick=quick, timeout=3 * TIME_LIMIT, env=env)
        if save_to is not None:
            save_to.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(executed, save_to)
    except Exception as exc:  # 실패도 표에 남깁니다
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    return time.monotonic() - start, error


def last_cell_recording(nb, keys: list[str]) -> int:
    """``record_result("키"`` 로 ``keys`` 중 하나를 기록하는 마지막 코드 셀의 번호."""
    found = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and any(f'record_result("{key}"' in cell.source for key in keys)]
    if not found:
        raise ValueError(f"노트북에 {keys}를 기록하는 셀(record_result)이 없습니다.")
    return max(found)


def target_keys(name: str) -> list[str]:
    """노트북의 목표(합격 기준)가 있는 결과 키."""
    return [key for key, _, _, target in TARGETS.get(name, []) if target is not None]


def seed_values(run: dict, key: str) -> dict[int, float]:
    """본 실행(시드 42)과 시드 반복에서 나온 ``key`` 의 값: ``{시드: 값}``."""
    values = {}
    if run["results"].get(key) is not None:
        values[run.get("seed", MAIN_SEED)] = run["results"][key]
    for seed, extra in run.get("seed_runs", {}).items():
        if extra["results"].get(key) is not None:
            values[int(seed)] = extra["results"][key]
    return values


def machine() -> dict:
    import tensorflow as tf

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "gpus": len(tf.config.list_physical_devices("GPU")),
            "tensorflow": tf.__version__, "python": platform.python_version()}


EXPLORER_TARGET_MS = 200  # 슬라이더를 움직였을 때 다시 그리기(상태 계산 + 그림 + PNG) 목표, 2코어 CPU


def explorer_cases() -> list:
    """``(이름, 탐색기, [바꿀 위젯 값, ...])``: 노트북의 탐색기와 같은 크기의 입력으로 슬라이더를 움직이는 순서."""
    import numpy as np

    from course_utils import explorers

    geometry = [{"strides": s} for s in (2, 3, 1)] + [{"input_size": n} for n in (14, 9, 7)] \
        + [{"kernel_size": k} for k in (5, 1, 3)] + [{"padding": p} for p in ("same", "explicit", "valid")] \
        + [{"dilation_rate": d} for d in (2, 3, 1)]
    pooling = [{"pool_size": k} for k in (3, 4, 2)] + [{"strides": s} for s in (1, 3, 2)] \
        + [{"mode": "average"}, {"mode": "max"}, {"source": "image"}] + [{"pool_size": k} for k in (3, 4, 2)] \
        + [{"mode": "average"}, {"source": "matrix"}]
    presets = list(explorers.KERNEL_PRESETS)
    kernels = [{"preset": name} for name in presets[1:] + presets[:1]] + [{"kernel": np.eye(3)}, {"kernel": -np.eye(3)}]
    # 08: 노트북처럼 64×64 캔버스 100장(갤러리 6장)과 NMS 후보 16개. 예측 상자는 정답을 흔든 것(학습 없이).
    rng = np.random.default_rng(0)
    images = rng.random((100, 64, 64, 1)).astype("float32")
    corners = rng.uniform(0, 30, (100, 2))
    truths = np.hstack([corners, corners + rng.uniform(16, 34, (100, 2))])
    predictions = np.clip(truths + rng.normal(0, 3, truths.shape), 0, 64)
    labels = rng.integers(0, 10, 100)
    candidates = np.clip(np.repeat(truths[:2], 8, axis=0) + rng.normal(0, 2.5, (16, 4)), 0, 64)
    detection = explorers.DetectionExplorer(images, truths, predictions, rng.uniform(0.3, 1.0, 100), labels,
                                            np.where(rng.random(100) < 0.9, labels, (labels + 1) % 10),
                                            nms_image=images[0], nms_boxes=candidates,
                                            nms_scores=rng.uniform(0.5, 0.95, 16), nms_true_boxes=truths[:2])
    thresholds = [{"iou_threshold": t} for t in (0.55, 0.75, 0.9, 0.5)] \
        + [{"score_threshold": t} for t in (0.3, 0.6, 0.0)] + [{"nms_threshold": t} for t in (0.1, 0.3, 0.7, 0.5)]
    return [("01 커널", explorers.KernelExplorer(), kernels), ("02 패딩·스트라이드", explorers.GeometryExplorer(), geometry),
            ("03 풀링", explorers.PoolingExplorer(), pooling), ("08 검출 임계값", detection, thresholds)]


def measure_explorers() -> dict:
    """탐색기마다 위젯 값을 차례로 바꿔(``set_values``: 상태 계산 + 그림 + PNG + 위젯 값) 한 번씩의 시간을 잽니다.

    프런트엔드로 보내는 시간과 브라우저가 그리는 시간은 들어 있지 않습니다. 벽시계 시간과 함께 이 프로세스가 쓴
    CPU 시간(``time.process_time``)도 적습니다. 다른 작업과 CPU를 나눠 쓰면 벽시계 시간은 늘지만 CPU 시간은
    거의 그대로라서, 한가한 코어에서의 시간을 어림할 수 있습니다. 1분 부하 평균을 전후로 적어 그런 측정인지 알립니다.
    """
    import matplotlib

    matplotlib.use("Agg")
    from course_utils.korean_font import use_korean_font

    use_korean_font()
    load_before = os.getloadavg()[0]
    cases = {}
    for name, explorer, changes in explorer_cases():
        explorer.widget()  # 위젯을 만들고 기본값으로 한 번 그림(재지 않음)
        times, cpu_times = [], []
        for values in changes:
            start, cpu_start = time.perf_counter(), time.process_time()
            explorer.set_values(**values)
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
        times.sort()
        cases[name] = {"updates": len(times), "median_ms": round(statistics.median(times), 1),
                       "p90_ms": round(times[min(len(times) - 1, int(0.9 * len(times)))], 1),
                       "max_ms": round(times[-1], 1), "cpu_median_ms": round(statistics.median(cpu_times), 1)}
        print(f"{name}: {cases[name]}", flush=True)
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2), "cases": cases}


def explorer_lines(run: dict | None) -> list[str]:
    """results.md 의 탐색기 다시 그리기 시간 절(보고용; make bench를 실패시키지 않음)."""
    lines = ["", f"## 탐색기 다시 그리기 시간 (목표 ≈ {EXPLORER_TARGET_MS} ms 이하)", ""]
    if not run:
        return lines + ["아직 재지 않았습니다(`python -m course_tools.bench --explorers`).", ""]
    m = run["machine"]
    lines += ["위젯 값을 하나 바꿀 때마다 상태 계산, matplotlib 그림, PNG 변환, 위젯 값 바꾸기까지 걸린 시간입니다",
              "(브라우저로 보내고 그리는 시간은 빠짐).", "",
              "CPU 시간은 이 프로세스가 실제로 쓴 CPU 시간의 중앙값으로, 다른 작업과 CPU를 나눠 쓸 때 한가한 코어에서의",
              "시간을 어림하는 값입니다.", "",
              "| 탐색기 | 다시 그리기 횟수 | 중앙값 | 90% | 최대 | CPU 시간(중앙값) | 판정(벽시계 중앙값) |",
              "|---|---|---|---|---|---|---|"]
    for name, case in run["cases"].items():
        verdict = "목표 이내" if case["median_ms"] <= EXPLORER_TARGET_MS else "**목표 초과**"
        cpu = f"{case['cpu_median_ms']:.0f} ms" if "cpu_median_ms" in case else "—"
        lines.append(f"| {name} | {case['updates']} | {case['median_ms']:.0f} ms | {case['p90_ms']:.0f} ms "
                     f"| {case['max_ms']:.0f} ms | {cpu} | {verdict} |")
    lines += ["", f"측정: {run['date']}, {m['cores']}코어 {m['cpu']}, 1분 부하 평균 {run['load_before']} → "
                  f"{run['load_after']}" + (" (다른 작업과 CPU를 나눠 쓴 측정이므로 조용한 기계에서 다시 재세요)"
                                             if max(run["load_before"], run["load_after"]) > 1.5 else "") + ".", ""]
    return lines


def write_markdown(data: dict) -> list[str]:
    """``data = {"full": {이름: 기록}, "quick": {이름: 기록}}`` 로 results.md 를 쓰고 미달 목록을 돌려줍니다."""
    failures = []
    full, quick = data.get("full", {}), data.get("quick", {})
    lines = [
        "# 벤치마크 결과",
        "",
        "`make bench`가 만든 표입니다. 손으로 고치지 마세요. 각 노트북을 처음부터 끝까지 실행하고",
        "`course_utils.record_result`로 남긴 값을 모읍니다. 목표가 있는 노트북은 강좌 기본 시드(42)의 본 실행 뒤에",
        "다른 시드(`COURSE_SEED`)로 목표 지표를 기록하는 셀까지 다시 실행하고, 목표는 **시드 평균**으로 판정합니다",
        "(시드 하나의 값은 운에 따라 0.1~1%p 흔들리기 때문입니다). 시간은 본 실행만 잽니다.",
        "",
        "## 실행 시간",
        "",
        f"| 노트북 | 빠른 모드 | 전체 모드 (목표 ≤ {TIME_LIMIT // 60}분) |",
        "|---|---|---|",
    ]
    for name in sorted(set(full) | set(quick)):
        cells = []
        for run in (quick.get(name), full.get(name)):
            if run is None:
                cells.append("측정 전")
            elif run.get("error"):
                cells.append(f"실패 ({run['seconds']:.0f}초)")
            else:
                cells.append(f"{run['seconds']:.0f}초")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    runs = [run for run in list(full.values()) + list(quick.values())]
    if runs:
        m = runs[0]["machine"]
        lines += ["", f"측정 환경: {m['cores']}코어 {m['cpu']}, GPU {m['gpus']}개, TensorFlow {m['tensorflow']}, "
                      f"Python {m['python']}."]
    for name, run in full.items():
        if run["seconds"] > TIME_LIMIT:
            failures.append(f"{name}: 전체 모드 {run['seconds']:.0f}s > {TIME_LIMIT}s")
        if run.get("error"):
            failures.append(f"{name}(전체 모드): {run['error']}")
    for name, run in quick.items():
        if run.get("error"):
            failures.append(f"{name}(빠른 모드): {run['error']}")
    lines += explorer_lines(data.get("explorers"))
    lines += ["## 전체 모드 결과", ""]
    for name, targets in TARGETS.items():
        run = full.get(name)
        lines += [f"### {name}", ""]
        if run is None:
            lines += ["아직 실행하지 않았습니다.", ""]
            continue
        lines.append(f"- 실행: {run['date']}, {run['seconds'] / 60:.1f}분")
        if run.get("error"):
            lines.append(f"- **실패**: {run['error']}")
        seed_runs = run.get("seed_runs", {})
        for seed, extra in sorted(seed_runs.items(), key=lambda item: int(item[0])):
            if extra.get("error"):
                lines.append(f"- **시드 {seed} 반복 실패**: {extra['error']}")
                failures.append(f"{name}(시드 {seed}): {extra['error']}")
        seeds = [run.get("seed", MAIN_SEED)] + sorted(int(seed) for seed in seed_runs)
        if len(seeds) > 1:
            lines.append(f"- 시드 반복: {', '.join(map(str, seeds))} (목표는 시드 평균으로 판정)")
        lines += ["", f"| 지표 | 출처의 값 | 목표 | 노트북(시드 {seeds[0]}) | 시드별 값 | 평균 ± 표준편차 | 판정 |",
                  "|---|---|---|---|---|---|---|"]
        for key, description, source, target in targets:
            value = run["results"].get(key)
            shown = "기록 없음" if value is None else f"{value:.4f}"
            values = seed_values(run, key)
            if len(values) > 1:
                per_seed = ", ".join(f"{values[seed]:.4f}" for seed in seeds if seed in values)
                judged = statistics.mean(values.values())
                spread = f"{judged:.4f} ± {statistics.stdev(values.values()):.4f} (n={len(values)})"
            else:
                per_seed, spread, judged = "—", "—", value
            if target is None:
                verdict = "보고용"
            elif value is None or any(seed not in values for seed in seeds):
                verdict = "**미달**"
                failures.append(f"{name}: {key} 기록이 빠진 시드가 있음 {sorted(values)} / {seeds}")
            elif judged >= target:
                verdict = "통과"
            else:
                verdict = "**미달**"
                failures.append(f"{name}: {key} 평균 {judged:.4f} < {target}")
            lines.append(f"| {description} (`{key}`) | {source} | {'—' if target is None else f'≥ {target}'} "
                         f"| {shown} | {per_seed} | {spread} | {verdict} |")
        lines.append("")
    RESULTS_MD.write_text("\n".join(lines), encoding="utf-8")
    return failures


def parse_args(argv: list[str]) -> tuple[list[str], bool, tuple[int, ...], bool]:
    """``(노트북 이름들, 빠른 모드, 추가 시드, 시드 반복만)``."""
    quick, only_seeds, seeds, names = False, False, EXTRA_SEEDS, []
    arguments = list(argv)
    while arguments:
        argument = arguments.pop(0)
        if argument == "--quick":
            quick = True
        elif argument == "--only-seeds":
            only_seeds = True
        elif argument == "--seeds" or argument.startswith("--seeds="):
            raw = argument.split("=", 1)[1] if "=" in argument else (arguments.pop(0) if arguments else "")
            parts = [part.strip() for part in raw.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError(f"--seeds는 쉼표로 구분한 0 이상의 정수여야 합니다(예: --seeds 0,1). 받은 값: {raw!r}")
            seeds = tuple(int(part) for part in parts)
            if MAIN_SEED in seeds:
                raise ValueError(f"시드 {MAIN_SEED}는 본 실행의 시드이므로 --seeds에 넣지 마세요.")
        else:
            names.append(argument.removesuffix(".ipynb"))
    return names, quick, seeds, only_seeds


def main(argv: list[str]) -> int:
    if argv == ["--explorers"]:
        data = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
        data["explorers"] = measure_explorers()
        RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_markdown(data)
        return 0
    try:
        names, quick, extra_seeds, only_seeds = parse_args(argv)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    available = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    unknown = [n for n in names if n not in available]
    if unknown:
        print(f"모르는 노트북: {unknown}. 가능한 이름: {available}", file=sys.stderr)
        return 2
    use_sibling_mirror()
    data = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
    data.setdefault("full", {})
    data.setdefault("quick", {})
    mode = "quick" if quick else "full"
    info = machine()
    from course_utils.results import read_results

    for name in names or available:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        if not only_seeds or name not in data[mode]:
            with tempfile.TemporaryDirectory() as tmp:
                results_file = Path(tmp) / "results.jsonl"
                print(f"{name}: {'빠른' if quick else '전체'} 모드로 실행 중...", flush=True)
                seconds, error = run_notebook(path, results_file, quick=quick, seed=MAIN_SEED,
                                              save_to=RUNS_DIR / mode / path.name)
                results = read_results(results_file)
            data[mode][name] = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                "seconds": round(seconds, 1), "error": error, "results": results,
                                "machine": info, "seed": MAIN_SEED}
            print(f"{name}: {seconds:.0f}s {results} {error or ''}", flush=True)
            RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        keys = target_keys(name)
        if quick or not keys:
            continue
        data[mode][name]["seed_runs"] = {}
        for seed in extra_seeds:
            with tempfile.TemporaryDirectory() as tmp:
                results_file = Path(tmp) / "results.jsonl"
                print(f"{name}: 시드 반복(COURSE_SEED={seed}), {keys}를 기록하는 셀까지 실행 중...", flush=True)
                seconds, error = run_notebook(path, results_file, seed=seed, stop_after_keys=keys)
                results = read_results(results_file)
            data[mode][name]["seed_runs"][str(seed)] = {"seconds": round(seconds, 1), "error": error,
                                                        "results": results}
            print(f"{name} 시드 {seed}: {seconds:.0f}s {results} {error or ''}", flush=True)
            RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failures = write_markdown(data)
    for failure in failures:
        print("미달:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
