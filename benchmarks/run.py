"""make bench: 노트북을 전체 모드로 실행해 결과와 시간을 benchmarks/results.md 에 기록합니다.

    python benchmarks/run.py                   # 모든 노트북, 전체 모드(목표 판정)
    python benchmarks/run.py 04_mnist_cnn      # 일부만(나머지는 이전 기록 유지)
    python benchmarks/run.py --quick           # 빠른 모드 실행 시간만 측정(머리 셀과 강좌 안내에 씀)

노트북은 ``course_utils.record_result(key, value)`` 로 핵심 결과를 남기고, 이 스크립트가
``COURSE_RESULTS_FILE`` 로 그 기록을 모읍니다. 목표를 하나라도 놓치면(또는 노트북이 실패하면)
0이 아닌 종료 코드로 끝납니다. 단위 테스트(make test)의 일부가 아닙니다.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"
TIME_LIMIT = 600  # 초: 노트북마다 2코어 CPU에서 전체 모드 10분 이내

# 노트북 → [(결과 키, 설명, 출처의 발표 값, 목표(이상), 목표가 합격 기준인지)]
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


def run_notebook(path: Path, results_file: Path, quick: bool = False) -> tuple[float, str | None]:
    """노트북을 실행하고 (걸린 초, 실패했으면 오류 요약)을 돌려줍니다."""
    from course_utils.nbtools import execute_notebook

    start = time.monotonic()
    error = None
    try:
        execute_notebook(path, quick=quick, timeout=3 * TIME_LIMIT, env={"COURSE_RESULTS_FILE": str(results_file)})
    except Exception as exc:  # 실패도 표에 남깁니다
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    return time.monotonic() - start, error


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


def write_markdown(data: dict) -> list[str]:
    """``data = {"full": {이름: 기록}, "quick": {이름: 기록}}`` 로 results.md 를 쓰고 미달 목록을 돌려줍니다."""
    failures = []
    full, quick = data.get("full", {}), data.get("quick", {})
    lines = [
        "# 벤치마크 결과",
        "",
        "`make bench`가 만든 표입니다. 손으로 고치지 마세요. 각 노트북을 처음부터 끝까지 실행하고",
        "`course_utils.record_result`로 남긴 값을 모읍니다. 목표가 있는 행은 목표 이상이어야 합격입니다.",
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
    lines += ["", "## 전체 모드 결과", ""]
    for name, targets in TARGETS.items():
        run = full.get(name)
        lines += [f"### {name}", ""]
        if run is None:
            lines += ["아직 실행하지 않았습니다.", ""]
            continue
        lines.append(f"- 실행: {run['date']}, {run['seconds'] / 60:.1f}분")
        if run.get("error"):
            lines.append(f"- **실패**: {run['error']}")
        lines += ["", "| 지표 | 출처의 값 | 목표 | 결과 | 판정 |", "|---|---|---|---|---|"]
        for key, description, source, target in targets:
            value = run["results"].get(key)
            shown = "기록 없음" if value is None else f"{value:.4f}"
            if target is None:
                verdict = "보고용"
            elif value is not None and value >= target:
                verdict = "통과"
            else:
                verdict = "**미달**"
                failures.append(f"{name}: {key}={shown} < {target}")
            lines.append(f"| {description} (`{key}`) | {source} | {'—' if target is None else f'≥ {target}'} "
                         f"| {shown} | {verdict} |")
        lines.append("")
    RESULTS_MD.write_text("\n".join(lines), encoding="utf-8")
    return failures


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    names = [a.removesuffix(".ipynb") for a in argv if a != "--quick"]
    available = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    unknown = [n for n in names if n not in available]
    if unknown:
        print(f"모르는 노트북: {unknown}. 가능한 이름: {available}", file=sys.stderr)
        return 2
    mirror = ROOT.parent / "shared" / "course-data"
    if not os.environ.get("COURSE_DATA_DIR") and mirror.is_dir():
        os.environ["COURSE_DATA_DIR"] = str(mirror)
    data = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
    data.setdefault("full", {})
    data.setdefault("quick", {})
    mode = "quick" if quick else "full"
    info = machine()
    for name in names or available:
        with tempfile.TemporaryDirectory() as tmp:
            results_file = Path(tmp) / "results.jsonl"
            print(f"{name}: {'빠른' if quick else '전체'} 모드로 실행 중...", flush=True)
            seconds, error = run_notebook(ROOT / "notebooks" / f"{name}.ipynb", results_file, quick=quick)
            from course_utils.results import read_results

            results = read_results(results_file)
        data[mode][name] = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                            "seconds": round(seconds, 1), "error": error, "results": results, "machine": info}
        print(f"{name}: {seconds:.0f}s {results} {error or ''}", flush=True)
        RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failures = write_markdown(data)
    for failure in failures:
        print("미달:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
