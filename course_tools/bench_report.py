"""make bench의 보고서: ``benchmarks/results.json`` 의 기록을 ``benchmarks/results.md`` 의 마크다운으로 그립니다.

``render(data)`` 는 글만 돌려주고 파일을 쓰지 않습니다(쓰기는 ``course_tools.bench``). 판정은
``course_tools.bench_verdicts`` 가 하고, 여기서는 그 판정을 표로 옮기기만 합니다.
"""

from __future__ import annotations

import statistics

from course_tools.bench_verdicts import (
    MAIN_SEED,
    PENDING,
    REPRODUCTION_SEEDS,
    TARGET_SEEDS,
    TARGETS,
    TIME_LIMIT,
    Judgement,
    expected_seeds,
    judgements,
    over_time_limit,
    seed_run_errors,
)

EXPLORER_TARGET_MS = 200  # 슬라이더를 움직였을 때 다시 그리기(상태 계산 + 그림 + PNG) 목표, 2코어 CPU

INTRO = [
    "# 벤치마크 결과",
    "",
    "`make bench`가 만든 표입니다. 손으로 고치지 마세요. 각 노트북을 처음부터 끝까지 실행하고(본 실행, 강좌 기본 시드",
    f"{MAIN_SEED}) `course_utils.record_result`로 남긴 값을 모은 뒤, 판정할 지표는 다른 시드(`COURSE_SEED`)로 그 지표를",
    "기록하는 셀까지 다시 실행합니다. 같은 레시피라도 시드에 따라 값이 흔들리므로 결과는 두 가지로 나눠 판정합니다.",
    "",
    f"- **재현**: 책·논문의 레시피를 바꾸지 않고 시드 {REPRODUCTION_SEEDS}개 이상으로 실행합니다. 출처의 값이 시드 평균 ± 2 × 표준편차",
    "  (표본 표준편차, n − 1로 나눔) 안에 있으면 *재현됨*, 밖에 있으면 *재현 안 됨*입니다. 출처의 값은 한 번의 실행일 수 있으므로",
    "  하한으로 판정하지 않습니다.",
    f"- **강좌 목표**: 강좌가 자기 모델에 약속하는 값입니다. 시드 {TARGET_SEEDS}개 이상에서 평균이 아니라 **시드 하나하나**가",
    "  목표를 지켜야 통과입니다: 하한(`≥`)은 가장 낮은 시드가 하한 이상, 상한(`<`)은 가장 높은 시드가 상한 미만이어야 합니다.",
    "  목표는 시드 사이의 흔들림보다 넉넉한 여유를 두고 잡습니다(근거는 `course_tools/bench_verdicts.py`).",
    "",
    "시드별 값의 `측정 전`은 그 시드를 아직 실행하지 않았다는 뜻이고, 시드가 모자라면 판정을 보류합니다.",
    "",
]


def _seed_order(j: Judgement) -> list[int]:
    """표에 보일 시드: 판정에 필요한 시드(본 실행 먼저, 값이 없으면 '측정 전') 다음에 그 밖에 값이 있는 시드."""
    seeds = expected_seeds(j.row.min_seeds)
    return seeds + [seed for seed in j.values if seed not in seeds]


def _per_seed(values: dict[int, float], seeds: list[int]) -> str:
    return ", ".join(f"{seed}: {values[seed]:.4f}" if seed in values else f"{seed}: 측정 전" for seed in seeds)


def _spread(values: list[float]) -> str:
    if len(values) > 1:
        return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f} (n={len(values)})"
    return f"{values[0]:.4f} (n=1)" if values else "—"


def _pending(j: Judgement) -> str:
    return f"**{PENDING}** (시드 {j.judged['n']}/{j.row.min_seeds})"


def reproduction_line(j: Judgement) -> str:
    row, judged = j.row, j.judged
    if judged["verdict"] == PENDING:
        verdict, interval = _pending(j), "—"
    else:
        verdict = judged["verdict"] if judged["verdict"] == "재현됨" else f"**{judged['verdict']}**"
        interval = f"[{judged['low']:.4f}, {judged['high']:.4f}]"
    return (
        f"| {j.name} | {row.description} (`{row.key}`) | {row.source} | {row.source_value} "
        f"| {_per_seed(j.values, _seed_order(j))} | {_spread(list(j.values.values()))} | {interval} | {verdict} |"
    )


def target_line(j: Judgement) -> str:
    verdict = {"통과": "통과", "미달": "**미달**"}.get(j.judged["verdict"]) or _pending(j)
    return (
        f"| {j.name} | {j.row.description} (`{j.row.key}`) | {j.row.bound}"
        f" | {_per_seed(j.values, _seed_order(j))} | {_spread(list(j.values.values()))} | {verdict} |"
    )


def reported_line(j: Judgement) -> str:
    shown = _per_seed(j.values, [seed for seed in _seed_order(j) if seed in j.values]) if j.values else "측정 전"
    return f"| {j.name} | {j.row.description} (`{j.row.key}`) | {shown} | {_spread(list(j.values.values()))} |"


def result_tables(data: dict) -> list[str]:
    """재현·강좌 목표·보고용 세 표."""
    all_judgements = judgements(data)
    reproduction = [reproduction_line(j) for j in all_judgements if j.row.kind == "reproduction"]
    target = [target_line(j) for j in all_judgements if j.row.kind == "target"]
    reported = [reported_line(j) for j in all_judgements if j.row.kind == "reported"]
    return [
        "## 재현",
        "",
        "| 노트북 | 지표 | 출처 | 출처의 값 | 시드별 값 | 평균 ± 표준편차 | 평균 ± 2σ | 판정 |",
        "|---|---|---|---|---|---|---|---|",
        *reproduction,
        "",
        "## 강좌 목표",
        "",
        "| 노트북 | 지표 | 목표 | 시드별 값 | 평균 ± 표준편차 | 판정 |",
        "|---|---|---|---|---|---|",
        *target,
        "",
        "## 보고용 값",
        "",
        "판정 없이 보여 주는 값입니다.",
        "",
        "| 노트북 | 지표 | 시드별 값 | 평균 ± 표준편차 |",
        "|---|---|---|---|",
        *reported,
    ]


def _time_cell(run: dict | None) -> str:
    if run is None:
        return "측정 전"
    if run.get("error"):
        return f"실패 ({run['seconds']:.0f}초)"
    return f"{run['seconds']:.0f}초"


def timing_table(data: dict) -> list[str]:
    """실행 시간 표와 측정 환경 줄."""
    full, quick = data.get("full", {}), data.get("quick", {})
    lines = [
        "## 실행 시간",
        "",
        f"| 노트북 | 빠른 모드 | 전체 모드 | 전체 모드 ≤ {TIME_LIMIT // 60}분 |",
        "|---|---|---|---|",
    ]
    for name in sorted(set(full) | set(quick)):
        run = full.get(name)
        within = "측정 전" if run is None else ("**초과**" if over_time_limit(run) else "통과")
        lines.append(f"| {name} | {_time_cell(quick.get(name))} | {_time_cell(run)} | {within} |")
    machines = []
    for run in list(full.values()) + list(quick.values()):
        m = run["machine"]
        described = (
            f"{m['cores']}코어 {m['cpu']}, GPU {m['gpus']}개, TensorFlow {m['tensorflow']}, Python {m['python']}"
        )
        if described not in machines:
            machines.append(described)
    if machines:
        lines += ["", f"측정 환경: {'; '.join(machines)}. 시간은 본 실행만 잽니다."]
    return lines


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
    shared = max(run["load_before"], run["load_after"]) > 1.5
    lines += [
        "",
        f"측정: {run['date']}, {m['cores']}코어 {m['cpu']}, 1분 부하 평균 {run['load_before']} → "
        f"{run['load_after']}"
        + (" (다른 작업과 CPU를 나눠 쓴 측정이므로 조용한 기계에서 다시 재세요)" if shared else "")
        + ".",
        "",
    ]
    return lines


def run_log(data: dict) -> list[str]:
    """노트북마다 본 실행의 날짜·시간·시드와 실패한 실행."""
    full = data.get("full", {})
    lines = ["", "## 실행 기록", ""]
    for name in TARGETS:
        run = full.get(name)
        if run is None:
            lines.append(f"- {name}: 전체 모드로 아직 실행하지 않았습니다.")
            continue
        seeds = [run.get("seed", MAIN_SEED)] + sorted(int(seed) for seed in run.get("seed_runs", {}))
        lines.append(f"- {name}: {run['date']}, 본 실행 {run['seconds'] / 60:.1f}분, 시드 {', '.join(map(str, seeds))}")
        if run.get("error"):
            lines.append(f"  - **실패**: {run['error']}")
        lines += [f"  - **시드 {seed} 반복 실패**: {error}" for seed, error in seed_run_errors(run)]
    return lines


def render(data: dict) -> str:
    """``data = {"full": {이름: 기록}, "quick": {이름: 기록}, "explorers": 측정}`` 의 results.md 글."""
    lines = [
        *INTRO,
        *result_tables(data),
        "",
        *timing_table(data),
        *explorer_lines(data.get("explorers")),
        *run_log(data),
        "",
    ]
    return "\n".join(lines)
