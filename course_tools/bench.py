"""make bench: 노트북을 전체 모드로 실행해 결과와 시간을 benchmarks/results.md 에 기록합니다.

    python -m course_tools.bench                   # 모든 노트북, 전체 모드(목표 판정)
    python -m course_tools.bench 04_mnist_cnn      # 일부만(나머지는 이전 기록 유지)
    python -m course_tools.bench --quick           # 빠른 모드 실행 시간만 측정(머리 셀과 강좌 안내에 씀)
    python -m course_tools.bench --seeds 0,1,2,3   # 시드 반복에 쓸 추가 시드(기본 0,1,2,3; 빈 값이면 반복 없음)
    python -m course_tools.bench --only-seeds      # 저장된 본 실행은 두고 시드 반복만 다시
    python -m course_tools.bench --explorers       # 대화형 탐색기(01·02·03·08)의 다시 그리기 시간만 잼
    python -m course_tools.bench --missing-seeds   # 저장된 본 실행과 시드 기록은 두고 빠진 시드만 실행
    python -m course_tools.bench --render          # 실행 없이 results.json에서 results.md만 다시 씀
    python -m course_tools.bench --retime 06_resnet   # 본 실행만 다시 재고, 결과가 저장된 것과 똑같을 때만 시드 기록을 둠

노트북은 ``course_utils.record_result(key, value)`` 로 핵심 결과를 남기고, 이 스크립트가
``COURSE_RESULTS_FILE`` 로 그 기록을 모읍니다.

시드 반복: 같은 레시피라도 가중치 초기화와 배치 순서(난수 시드)에 따라 테스트 정확도가 0.1~1%p쯤
흔들립니다. 그래서 결과 표의 줄은 세 가지입니다(``TARGETS``).

- **재현** (``reproduction``): 책·논문의 레시피를 바꾸지 않고 시드 5개 이상으로 실행해, 출처의 값이
  평균 ± 2 × 표본 표준편차 안에 있으면 *재현됨*, 아니면 *재현 안 됨*. 출처의 값은 한 번의 실행일 수 있어
  하한으로 판정하지 않습니다.
- **강좌 목표** (``course_target``): 강좌가 자기 모델에 약속하는 값. 시드 3개 이상의 평균이 하한 이상이면 통과.
- **보고용** (``reported``): 판정 없이 보여 줌.

본 실행(강좌 기본 시드 42, 노트북이 보여 주는 값) 뒤에 ``COURSE_SEED`` 만 바꿔 추가 시드로 다시 실행하되,
그 시드가 필요한 줄의 지표를 기록하는 마지막 셀까지만 실행합니다(시간은 재지 않음, ``seed_plan``).

본 실행을 마친 노트북은 출력(학습 로그, 그림)과 함께 ``benchmarks/runs/{full,quick}/`` 에 저장합니다
(커밋하지 않음). 노트북 본문이 전하는 측정값과 학습 곡선을 그 실행에서 확인할 때 씁니다.

강좌 목표를 하나라도 놓치거나, 판정에 필요한 시드가 모자라거나, 노트북이 실패하면 0이 아닌 종료 코드로
끝납니다(재현 줄의 *재현 안 됨* 은 출처에 대한 발견이라 실패로 세지 않습니다).
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from course_tools import REPO_ROOT, use_sibling_mirror
from course_utils.notebook_setup import DEFAULT_SEED

ROOT = REPO_ROOT
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"
RUNS_DIR = ROOT / "benchmarks" / "runs"  # 본 실행을 마친 노트북(출력 포함, 커밋하지 않음)
TIME_LIMIT = 600  # 초: 노트북마다 2코어 CPU에서 전체 모드 10분 이내
MAIN_SEED = DEFAULT_SEED  # 본 실행의 시드 = 노트북의 기본 시드(42)
EXTRA_SEEDS = (0, 1, 2, 3)  # 시드 반복에 쓰는 시드(줄마다 필요한 만큼 앞에서부터 씀)
REPRODUCTION_SEEDS = 5  # 재현 판정에 필요한 시드 수(본 실행 포함)
TARGET_SEEDS = 3  # 강좌 목표 판정에 필요한 시드 수(본 실행 포함)


@dataclass(frozen=True)
class Row:
    """결과 표의 한 줄.

    - ``reproduction``: 출처(책·논문)의 레시피를 그대로 재현한 값. 시드 ``REPRODUCTION_SEEDS`` 개 이상의
      평균 ± 2 × 표본 표준편차 안에 출처의 값(``source_value``)이 들면 *재현됨*, 아니면 *재현 안 됨*.
    - ``target``: 강좌가 자기 모델에 약속하는 값. 시드 ``TARGET_SEEDS`` 개 이상의 평균이 ``floor`` 이상이면 통과.
    - ``reported``: 판정 없이 보여 주기만 하는 값.
    """

    key: str
    description: str
    kind: str = "reported"
    source: str = "—"
    source_value: float | None = None
    floor: float | None = None

    @property
    def min_seeds(self) -> int:
        return {"reproduction": REPRODUCTION_SEEDS, "target": TARGET_SEEDS}.get(self.kind, 1)


def reproduction(key: str, description: str, source: str, source_value: float) -> Row:
    """출처의 레시피를 그대로 재현하는 줄(시드 5개 이상, 출처의 값이 평균 ± 2σ 안이면 재현됨)."""
    return Row(key, description, "reproduction", source, source_value)


def course_target(key: str, description: str, floor: float) -> Row:
    """강좌 목표 줄(시드 3개 이상의 평균이 ``floor`` 이상이면 통과)."""
    return Row(key, description, "target", floor=floor)


def reported(key: str, description: str) -> Row:
    """판정 없이 보여 주는 줄."""
    return Row(key, description)


# 노트북 → 결과 표의 줄. 예전 꼴의 튜플 (키, 설명, 출처의 값, 목표 또는 None)도 받습니다(as_row 참고).
TARGETS = {
    "04_mnist_cnn": [
        reproduction("mnist_test_accuracy", "MNIST 합성곱 신경망 테스트 정확도", "DLwP", 0.991),
        reproduction("fashion_test_accuracy", "패션 MNIST CNN 테스트 정확도", "혼공머신 8장", 0.9125),
        reported("flowers_val_accuracy", "꽃 사진 컬러 CNN 검증 정확도 (강의 노트 모델)"),
        course_target("mnist_exercise_test_accuracy", "MNIST 강좌 최고 모델: 연습문제 참고 해답 테스트 정확도", 0.995),
    ],
    "05_lenet": [
        course_target("lenet_test_accuracy", "LeNet-5 MNIST 테스트 정확도", 0.989),
    ],
    "06_resnet": [
        course_target(
            "resnet_fashion_tta_test_accuracy",
            "패션 MNIST 강좌 최고 모델: 작은 ResNet + 좌우 뒤집기 TTA 테스트 정확도",
            0.930,
        ),
        reported("resnet_fashion_test_accuracy", "작은 ResNet 테스트 정확도(TTA 없이)"),
        reported("plain_fashion_test_accuracy", "같은 조건의 일반 CNN(04) 테스트 정확도(TTA 없이)"),
        reported("plain_fashion_tta_test_accuracy", "같은 조건의 일반 CNN(04) + 좌우 뒤집기 TTA 테스트 정확도"),
        reported("degradation_shallow_plain_train_loss", "성능 저하 실험: 얕은 평범한 CNN 마지막 에포크 훈련 손실"),
        reported("degradation_deep_plain_train_loss", "성능 저하 실험: 깊은 평범한 CNN 마지막 에포크 훈련 손실"),
        reported(
            "degradation_deep_residual_train_loss", "성능 저하 실험: 같은 깊이의 잔차 CNN 마지막 에포크 훈련 손실"
        ),
    ],
    "07_transfer_learning": [
        reported("transfer_scratch_mean", "전이 실험: 처음부터 학습, 평균 정확도"),
        reported("transfer_scratch_std", "전이 실험: 처음부터 학습, 표준편차"),
        reported("transfer_reused_mean", "전이 실험: 층 재사용, 평균 정확도"),
        reported("transfer_reused_std", "전이 실험: 층 재사용, 표준편차"),
        reported("xception_flowers_test_accuracy", "Xception 꽃 전이 학습 테스트 정확도(ImageNet 가중치가 있을 때만)"),
    ],
    "08_localization_and_map": [
        course_target("map50", "위치 추정 mAP@0.5", 0.95),
        reported("coco_map", "COCO mAP@[0.5:0.95]"),
        reported("mean_iou", "테스트 세트 평균 IoU"),
    ],
    "09_object_detection": [
        course_target("map50", "물체 탐지 mAP@0.5", 0.93),
        course_target("coco_map", "물체 탐지 COCO mAP@[0.5:0.95]", 0.60),
    ],
}


def as_row(row) -> Row:
    """``Row`` 또는 예전 꼴의 튜플 ``(키, 설명, 출처의 값, 목표)`` 를 ``Row`` 로.

    튜플의 목표가 ``None`` 이면 보고용 줄, 숫자면 강좌 목표 줄입니다.
    """
    if isinstance(row, Row):
        return row
    if not isinstance(row, tuple) or len(row) != 4:
        raise ValueError(f"결과 표의 줄은 Row 또는 (키, 설명, 출처의 값, 목표) 튜플이어야 합니다. 받은 값: {row!r}")
    key, description, source, floor = row
    if floor is None:
        return Row(key, description, source=source)
    return course_target(key, description, floor)


def rows(name: str) -> list[Row]:
    return [as_row(row) for row in TARGETS.get(name, [])]


def expected_seeds(min_seeds: int, extra_seeds=EXTRA_SEEDS) -> list[int]:
    """판정에 필요한 시드: 본 실행의 시드와 추가 시드 앞에서부터 ``min_seeds`` 개."""
    return [MAIN_SEED, *extra_seeds][:min_seeds]


def reproduction_verdict(source_value: float, values: list[float], min_seeds: int = REPRODUCTION_SEEDS) -> dict:
    """재현 판정: 출처의 값이 시드 평균 ± 2 × 표본 표준편차(n - 1로 나눔) 안에 있는지.

    Returns:
        ``{"verdict": "재현됨" | "재현 안 됨" | "판정 보류", "n", "mean", "std", "low", "high"}``
        (시드가 ``min_seeds`` 개보다 적으면 판정 보류이고 평균·구간은 ``None``).
    """
    n = len(values)
    if n < max(min_seeds, 2):
        return {"verdict": "판정 보류", "n": n, "mean": None, "std": None, "low": None, "high": None}
    mean, std = statistics.mean(values), statistics.stdev(values)
    low, high = mean - 2 * std, mean + 2 * std
    verdict = "재현됨" if low <= source_value <= high else "재현 안 됨"
    return {"verdict": verdict, "n": n, "mean": mean, "std": std, "low": low, "high": high}


def target_verdict(floor: float, values: list[float], min_seeds: int = TARGET_SEEDS) -> dict:
    """강좌 목표 판정: 시드 ``min_seeds`` 개 이상의 평균이 ``floor`` 이상인지.

    Returns:
        ``{"verdict": "통과" | "미달" | "판정 보류", "n", "mean", "std"}``.
    """
    n = len(values)
    if n < min_seeds:
        return {"verdict": "판정 보류", "n": n, "mean": None, "std": None}
    mean = statistics.mean(values)
    std = statistics.stdev(values) if n > 1 else 0.0
    return {"verdict": "통과" if mean >= floor else "미달", "n": n, "mean": mean, "std": std}


def run_notebook(
    path: Path,
    results_file: Path,
    quick: bool = False,
    seed: int | None = None,
    stop_after_keys: list[str] | None = None,
    save_to: Path | None = None,
) -> tuple[float, str | None]:
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
    found = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and any(f'record_result("{key}"' in cell.source for key in keys)
    ]
    if not found:
        raise ValueError(f"노트북에 {keys}를 기록하는 셀(record_result)이 없습니다.")
    return max(found)


def seed_plan(name: str, extra_seeds=EXTRA_SEEDS) -> dict[int, list[str]]:
    """추가 시드마다 다시 잴 결과 키: ``{시드: [키…]}`` (필요한 줄이 없는 시드는 빠짐).

    재현 줄은 시드 ``REPRODUCTION_SEEDS`` 개, 강좌 목표 줄은 ``TARGET_SEEDS`` 개가 필요하므로, 본 실행 다음
    ``j`` 번째 추가 시드는 ``min_seeds > j + 1`` 인 줄의 키만 다시 잽니다(그 키를 기록하는 셀까지만 실행).
    """
    plan = {}
    for index, seed in enumerate(extra_seeds, start=1):
        keys = [row.key for row in rows(name) if row.min_seeds > index]
        if keys:
            plan[seed] = keys
    return plan


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
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "gpus": len(tf.config.list_physical_devices("GPU")),
        "tensorflow": tf.__version__,
        "python": platform.python_version(),
    }


EXPLORER_TARGET_MS = 200  # 슬라이더를 움직였을 때 다시 그리기(상태 계산 + 그림 + PNG) 목표, 2코어 CPU


def explorer_cases() -> list:
    """``(이름, 탐색기, [바꿀 위젯 값, ...])``: 노트북의 탐색기와 같은 크기의 입력으로 슬라이더를 움직이는 순서."""
    import numpy as np

    from course_utils import explorers

    geometry = (
        [{"strides": s} for s in (2, 3, 1)]
        + [{"input_size": n} for n in (14, 9, 7)]
        + [{"kernel_size": k} for k in (5, 1, 3)]
        + [{"padding": p} for p in ("same", "explicit", "valid")]
        + [{"dilation_rate": d} for d in (2, 3, 1)]
    )
    pooling = (
        [{"pool_size": k} for k in (3, 4, 2)]
        + [{"strides": s} for s in (1, 3, 2)]
        + [{"mode": "average"}, {"mode": "max"}, {"source": "image"}]
        + [{"pool_size": k} for k in (3, 4, 2)]
        + [{"mode": "average"}, {"source": "matrix"}]
    )
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
    detection = explorers.DetectionExplorer(
        images,
        truths,
        predictions,
        rng.uniform(0.3, 1.0, 100),
        labels,
        np.where(rng.random(100) < 0.9, labels, (labels + 1) % 10),
        nms_image=images[0],
        nms_boxes=candidates,
        nms_scores=rng.uniform(0.5, 0.95, 16),
        nms_true_boxes=truths[:2],
    )
    thresholds = (
        [{"iou_threshold": t} for t in (0.55, 0.75, 0.9, 0.5)]
        + [{"score_threshold": t} for t in (0.3, 0.6, 0.0)]
        + [{"nms_threshold": t} for t in (0.1, 0.3, 0.7, 0.5)]
    )
    return [
        ("01 커널", explorers.KernelExplorer(), kernels),
        ("02 패딩·스트라이드", explorers.GeometryExplorer(), geometry),
        ("03 풀링", explorers.PoolingExplorer(), pooling),
        ("08 검출 임계값", detection, thresholds),
    ]


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
        cases[name] = {
            "updates": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[min(len(times) - 1, int(0.9 * len(times)))], 1),
            "max_ms": round(times[-1], 1),
            "cpu_median_ms": round(statistics.median(cpu_times), 1),
        }
        print(f"{name}: {cases[name]}", flush=True)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cases": cases,
    }


def explorer_lines(run: dict | None) -> list[str]:
    """results.md 의 탐색기 다시 그리기 시간 절(보고용; make bench를 실패시키지 않음)."""
    lines = ["", f"## 탐색기 다시 그리기 시간 (목표 ≈ {EXPLORER_TARGET_MS} ms 이하)", ""]
    if not run:
        return lines + ["아직 재지 않았습니다(`python -m course_tools.bench --explorers`).", ""]
    m = run["machine"]
    lines += [
        "위젯 값을 하나 바꿀 때마다 상태 계산, matplotlib 그림, PNG 변환, 위젯 값 바꾸기까지 걸린 시간입니다",
        "(브라우저로 보내고 그리는 시간은 빠짐).",
        "",
        "CPU 시간은 이 프로세스가 실제로 쓴 CPU 시간의 중앙값으로, 다른 작업과 CPU를 나눠 쓸 때 한가한 코어에서의",
        "시간을 어림하는 값입니다.",
        "",
        "| 탐색기 | 다시 그리기 횟수 | 중앙값 | 90% | 최대 | CPU 시간(중앙값) | 판정(벽시계 중앙값) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, case in run["cases"].items():
        verdict = "목표 이내" if case["median_ms"] <= EXPLORER_TARGET_MS else "**목표 초과**"
        cpu = f"{case['cpu_median_ms']:.0f} ms" if "cpu_median_ms" in case else "—"
        lines.append(
            f"| {name} | {case['updates']} | {case['median_ms']:.0f} ms | {case['p90_ms']:.0f} ms "
            f"| {case['max_ms']:.0f} ms | {cpu} | {verdict} |"
        )
    lines += [
        "",
        f"측정: {run['date']}, {m['cores']}코어 {m['cpu']}, 1분 부하 평균 {run['load_before']} → "
        f"{run['load_after']}"
        + (
            " (다른 작업과 CPU를 나눠 쓴 측정이므로 조용한 기계에서 다시 재세요)"
            if max(run["load_before"], run["load_after"]) > 1.5
            else ""
        )
        + ".",
        "",
    ]
    return lines


def _seed_order(values: dict[int, float], row: Row) -> list[int]:
    """표에 보일 시드: 판정에 필요한 시드(본 실행 먼저, 값이 없으면 '측정 전') 다음에 그 밖에 값이 있는 시드."""
    seeds = expected_seeds(row.min_seeds)
    return seeds + [seed for seed in values if seed not in seeds]


def _per_seed(values: dict[int, float], seeds: list[int]) -> str:
    return ", ".join(f"{seed}: {values[seed]:.4f}" if seed in values else f"{seed}: 측정 전" for seed in seeds)


def _spread(values: list[float]) -> str:
    if len(values) > 1:
        return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f} (n={len(values)})"
    return f"{values[0]:.4f} (n=1)" if values else "—"


def write_markdown(data: dict) -> list[str]:
    """``data = {"full": {이름: 기록}, "quick": {이름: 기록}}`` 로 results.md 를 쓰고 미달 목록을 돌려줍니다.

    재현 줄의 *재현 안 됨* 은 출처에 대한 발견이라 미달이 아니지만, 시드가 모자라 판정을 못 하면 미달로 셉니다.
    """
    failures = []
    full, quick = data.get("full", {}), data.get("quick", {})
    lines = [
        "# 벤치마크 결과",
        "",
        "`make bench`가 만든 표입니다. 손으로 고치지 마세요. 각 노트북을 처음부터 끝까지 실행하고(본 실행, 강좌 기본 시드",
        f"{MAIN_SEED}) `course_utils.record_result`로 남긴 값을 모은 뒤, 판정할 지표는 다른 시드(`COURSE_SEED`)로 그 지표를",
        "기록하는 셀까지 다시 실행합니다. 같은 레시피라도 시드에 따라 값이 흔들리므로 결과는 두 가지로 나눠 판정합니다.",
        "",
        f"- **재현**: 책·논문의 레시피를 바꾸지 않고 시드 {REPRODUCTION_SEEDS}개 이상으로 실행합니다. 출처의 값이 시드 평균 ± 2 × 표준편차",
        "  (표본 표준편차, n − 1로 나눔) 안에 있으면 *재현됨*, 밖에 있으면 *재현 안 됨*입니다. 출처의 값은 한 번의 실행일 수 있으므로",
        "  하한으로 판정하지 않습니다.",
        f"- **강좌 목표**: 강좌가 자기 모델에 약속하는 값입니다. 시드 {TARGET_SEEDS}개 이상의 **평균**이 목표 이상이면 통과입니다.",
        "",
        "시드별 값의 `측정 전`은 그 시드를 아직 실행하지 않았다는 뜻이고, 시드가 모자라면 판정을 보류합니다.",
        "",
        "## 재현",
        "",
        "| 노트북 | 지표 | 출처 | 출처의 값 | 시드별 값 | 평균 ± 표준편차 | 평균 ± 2σ | 판정 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    target_lines = [
        "## 강좌 목표",
        "",
        "| 노트북 | 지표 | 목표 | 시드별 값 | 평균 ± 표준편차 | 판정 |",
        "|---|---|---|---|---|---|",
    ]
    reported_lines = [
        "## 보고용 값",
        "",
        "판정 없이 보여 주는 값입니다.",
        "",
        "| 노트북 | 지표 | 시드별 값 | 평균 ± 표준편차 |",
        "|---|---|---|---|",
    ]
    for name in TARGETS:
        run = full.get(name)
        for row in rows(name):
            values = {} if run is None else seed_values(run, row.key)
            seeds = _seed_order(values, row)
            per_seed = _per_seed(values, seeds)
            label = f"{row.description} (`{row.key}`)"
            if row.kind == "reproduction":
                judged = reproduction_verdict(row.source_value, list(values.values()), row.min_seeds)
                if judged["verdict"] == "판정 보류":
                    verdict, interval = f"**판정 보류** (시드 {judged['n']}/{row.min_seeds})", "—"
                    if run is not None:  # 아직 실행하지 않은 노트북은 '측정 전'으로만 보여 줌
                        failures.append(
                            f"{name}: {row.key} 재현 판정에 시드 {row.min_seeds}개가 필요함(기록 {judged['n']}개)"
                        )
                else:
                    verdict = judged["verdict"] if judged["verdict"] == "재현됨" else f"**{judged['verdict']}**"
                    interval = f"[{judged['low']:.4f}, {judged['high']:.4f}]"
                lines.append(
                    f"| {name} | {label} | {row.source} | {row.source_value} | {per_seed} "
                    f"| {_spread(list(values.values()))} | {interval} | {verdict} |"
                )
            elif row.kind == "target":
                judged = target_verdict(row.floor, list(values.values()), row.min_seeds)
                if judged["verdict"] == "판정 보류":
                    verdict = f"**판정 보류** (시드 {judged['n']}/{row.min_seeds})"
                    if run is not None:
                        failures.append(
                            f"{name}: {row.key} 목표 판정에 시드 {row.min_seeds}개가 필요함(기록 {judged['n']}개)"
                        )
                elif judged["verdict"] == "미달":
                    verdict = "**미달**"
                    failures.append(f"{name}: {row.key} 평균 {judged['mean']:.4f} < {row.floor}")
                else:
                    verdict = "통과"
                target_lines.append(
                    f"| {name} | {label} | ≥ {row.floor:.3f} | {per_seed} "
                    f"| {_spread(list(values.values()))} | {verdict} |"
                )
            else:
                shown = _per_seed(values, [seed for seed in seeds if seed in values]) if values else "측정 전"
                reported_lines.append(f"| {name} | {label} | {shown} | {_spread(list(values.values()))} |")
    lines += [""] + target_lines + [""] + reported_lines
    lines += [
        "",
        "## 실행 시간",
        "",
        f"| 노트북 | 빠른 모드 | 전체 모드 | 전체 모드 ≤ {TIME_LIMIT // 60}분 |",
        "|---|---|---|---|",
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
        run = full.get(name)
        if run is None:
            within = "측정 전"
        elif run["seconds"] > TIME_LIMIT:
            within = "**초과**"
            failures.append(f"{name}: 전체 모드 {run['seconds']:.0f}s > {TIME_LIMIT}s")
        else:
            within = "통과"
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {within} |")
    runs = list(full.values()) + list(quick.values())
    machines = []
    for run in runs:
        m = run["machine"]
        described = (
            f"{m['cores']}코어 {m['cpu']}, GPU {m['gpus']}개, TensorFlow {m['tensorflow']}, Python {m['python']}"
        )
        if described not in machines:
            machines.append(described)
    if machines:
        lines += ["", f"측정 환경: {'; '.join(machines)}. 시간은 본 실행만 잽니다."]
    for name, run in quick.items():
        if run.get("error"):
            failures.append(f"{name}(빠른 모드): {run['error']}")
    lines += explorer_lines(data.get("explorers"))
    lines += ["", "## 실행 기록", ""]
    for name in TARGETS:
        run = full.get(name)
        if run is None:
            lines.append(f"- {name}: 전체 모드로 아직 실행하지 않았습니다.")
            continue
        seeds = [run.get("seed", MAIN_SEED)] + sorted(int(seed) for seed in run.get("seed_runs", {}))
        lines.append(f"- {name}: {run['date']}, 본 실행 {run['seconds'] / 60:.1f}분, 시드 {', '.join(map(str, seeds))}")
        if run.get("error"):
            lines.append(f"  - **실패**: {run['error']}")
            failures.append(f"{name}(전체 모드): {run['error']}")
        for seed, extra in sorted(run.get("seed_runs", {}).items(), key=lambda item: int(item[0])):
            if extra.get("error"):
                lines.append(f"  - **시드 {seed} 반복 실패**: {extra['error']}")
                failures.append(f"{name}(시드 {seed}): {extra['error']}")
    lines.append("")
    RESULTS_MD.write_text("\n".join(lines), encoding="utf-8")
    return failures


def parse_args(argv: list[str]) -> tuple[list[str], bool, tuple[int, ...], bool, bool]:
    """``(노트북 이름들, 빠른 모드, 추가 시드, 시드 반복만, 빠진 시드만)``."""
    quick, only_seeds, missing_seeds, seeds, names = False, False, False, EXTRA_SEEDS, []
    arguments = list(argv)
    while arguments:
        argument = arguments.pop(0)
        if argument == "--quick":
            quick = True
        elif argument == "--only-seeds":
            only_seeds = True
        elif argument == "--missing-seeds":
            missing_seeds = True
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
    return names, quick, seeds, only_seeds, missing_seeds


def main(argv: list[str]) -> int:
    if argv == ["--explorers"]:
        data = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
        data["explorers"] = measure_explorers()
        RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_markdown(data)
        return 0
    if argv == ["--render"]:
        data = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
        for failure in write_markdown(data):
            print("미달 또는 측정 전:", failure)
        return 0
    # --retime: 본 실행(시간을 재는 실행)만 다시 합니다. 다시 낸 결과가 저장된 본 실행의 결과와 모든 키에서 똑같으면
    # (같은 시드의 결정적 실행이 같은 계산을 했다는 뜻) 저장된 시드 기록을 그대로 두고, 하나라도 다르면 시드 반복도 다시 합니다.
    retime = "--retime" in argv
    argv = [argument for argument in argv if argument != "--retime"]
    try:
        names, quick, extra_seeds, only_seeds, missing_seeds = parse_args(argv)
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
        stored = data[mode].get(name, {})
        if not (only_seeds or missing_seeds) or name not in data[mode]:
            with tempfile.TemporaryDirectory() as tmp:
                results_file = Path(tmp) / "results.jsonl"
                print(f"{name}: {'빠른' if quick else '전체'} 모드로 실행 중...", flush=True)
                seconds, error = run_notebook(
                    path, results_file, quick=quick, seed=MAIN_SEED, save_to=RUNS_DIR / mode / path.name
                )
                results = read_results(results_file)
            data[mode][name] = {
                "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "seconds": round(seconds, 1),
                "error": error,
                "results": results,
                "machine": info,
                "seed": MAIN_SEED,
            }
            print(f"{name}: {seconds:.0f}s {results} {error or ''}", flush=True)
            if retime and stored.get("seed_runs") and not error and results and results == stored.get("results"):
                data[mode][name]["seed_runs"] = stored["seed_runs"]
                print(
                    f"{name}: 본 실행의 결과가 저장된 값과 모두 같아 시드 기록({', '.join(stored['seed_runs'])})을 그대로 둡니다.",
                    flush=True,
                )
                RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                continue
            if retime:
                print(
                    f"{name}: 본 실행의 결과가 저장된 값과 달라(또는 시드 기록이 없어) 시드 반복도 다시 합니다.",
                    flush=True,
                )
            RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        plan = seed_plan(name, extra_seeds)
        if quick or not plan:
            continue
        previous = data[mode][name].get("seed_runs", {}) if missing_seeds else {}
        data[mode][name]["seed_runs"] = {}
        for seed, keys in plan.items():
            kept = previous.get(str(seed))
            if kept and not kept.get("error") and all(kept["results"].get(key) is not None for key in keys):
                data[mode][name]["seed_runs"][str(seed)] = kept
                print(f"{name}: 시드 {seed}는 기록이 있어 다시 재지 않습니다.", flush=True)
                continue
            with tempfile.TemporaryDirectory() as tmp:
                results_file = Path(tmp) / "results.jsonl"
                print(f"{name}: 시드 반복(COURSE_SEED={seed}), {keys}를 기록하는 셀까지 실행 중...", flush=True)
                seconds, error = run_notebook(path, results_file, seed=seed, stop_after_keys=keys)
                results = read_results(results_file)
            data[mode][name]["seed_runs"][str(seed)] = {
                "seconds": round(seconds, 1),
                "error": error,
                "results": results,
            }
            print(f"{name} 시드 {seed}: {seconds:.0f}s {results} {error or ''}", flush=True)
            RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failures = write_markdown(data)
    for failure in failures:
        print("미달:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
