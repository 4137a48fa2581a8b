"""``python -m course_tools.bench --explorers``: 대화형 탐색기(01·02·03·08·10·11)의 다시 그리기 시간을 잽니다.

보고용 측정이라 ``make bench`` 를 실패시키지 않습니다. 표는 ``course_tools.bench_report.explorer_lines`` 가 그립니다.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime


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
    # 11: 노트북처럼 64×64 캔버스 24장, 클래스 10개, 층 3개의 보간한 지도(값은 무작위, 학습 없이).
    gradcam = explorers.GradCamExplorer(
        images[:24],
        {name: rng.random((24, 10, 64, 64)) for name in ("block2_relu", "block3_relu", "block4_relu")},
        truths[:24],
        labels[:24],
    )
    gradcam_changes = (
        [{"image_index": i} for i in (1, 5, 23, 0)]
        + [{"class_index": c} for c in (0, 3, 9, explorers.TRUE_CLASS)]
        + [{"layer": name} for name in ("block3_relu", "block2_relu", "block4_relu")]
    )
    transposed = (
        [{"kernel_size": k} for k in (4, 2, 3)]
        + [{"step": t} for t in (5, 9, 1)]
        + [{"strides": s} for s in (3, 1, 2)]
        + [{"padding": "same"}, {"output_padding": 1}, {"output_padding": explorers.NO_OUTPUT_PADDING}]
        + [{"padding": "valid"}]
        + [{"input_size": n} for n in (4, 5, 3)]
    )
    return [
        ("01 커널", explorers.KernelExplorer(), kernels),
        ("02 패딩·스트라이드", explorers.GeometryExplorer(), geometry),
        ("03 풀링", explorers.PoolingExplorer(), pooling),
        ("08 검출 임계값", detection, thresholds),
        ("10 전치 합성곱", explorers.TransposedExplorer(), transposed),
        ("11 Grad-CAM", gradcam, gradcam_changes),
    ]


def measure_explorers(machine: dict) -> dict:
    """탐색기마다 위젯 값을 차례로 바꿔(``set_values``: 상태 계산 + 그림 + PNG + 위젯 값) 한 번씩의 시간을 잽니다.

    프런트엔드로 보내는 시간과 브라우저가 그리는 시간은 들어 있지 않습니다. 벽시계 시간과 함께 이 프로세스가 쓴
    CPU 시간(``time.process_time``)도 적습니다. 다른 작업과 CPU를 나눠 쓰면 벽시계 시간은 늘지만 CPU 시간은
    거의 그대로라서, 한가한 코어에서의 시간을 어림할 수 있습니다. 1분 부하 평균을 전후로 적어 그런 측정인지 알립니다.
    ``machine`` 은 측정한 기계의 설명(``course_tools.bench.machine()``)입니다.
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
        "machine": machine,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cases": cases,
    }
