"""make bench: 노트북을 전체 모드로 실행해 결과와 시간을 benchmarks/results.md 에 기록합니다.

    python -m course_tools.bench                   # 모든 노트북, 전체 모드(목표 판정)
    python -m course_tools.bench 04_mnist_cnn      # 일부만(나머지는 이전 기록 유지)
    python -m course_tools.bench --quick           # 빠른 모드 실행 시간만 측정(머리 셀과 강좌 안내에 씀)
    python -m course_tools.bench --seeds 0,1,2,3   # 시드 반복에 쓸 추가 시드(기본 0,1,2,3; 빈 값이면 반복 없음)
    python -m course_tools.bench --only-seeds      # 저장된 본 실행은 두고 시드 반복만 다시
    python -m course_tools.bench --missing-seeds   # 저장된 본 실행과 시드 기록은 두고 빠진 시드만 실행
    python -m course_tools.bench --retime 06_resnet   # 본 실행만 다시 재고, 결과가 저장된 것과 똑같을 때만 시드 기록을 둠
    python -m course_tools.bench --explorers       # 대화형 탐색기(01·02·03·08·10·11)의 다시 그리기 시간만 잼
    python -m course_tools.bench --explorers 05_lenet   # 탐색기 시간을 재고 05도 실행
    python -m course_tools.bench --render          # 실행 없이 results.json에서 results.md만 다시 씀

노트북 이름을 주지 않으면 ``--explorers`` 만 있을 때는 노트북을 실행하지 않고, 그 밖에는 모든 노트북을 실행합니다.
``--render`` 는 아무것도 실행하지 않으므로 ``--explorers`` 와만 함께 쓸 수 있습니다.

노트북은 ``course_utils.record_result(key, value)`` 로 핵심 결과를 남기고, 이 스크립트가
``COURSE_RESULTS_FILE`` 로 그 기록을 모읍니다. 판정 규칙은 ``course_tools.bench_verdicts``, 표 그리기는
``course_tools.bench_report``, 탐색기 시간은 ``course_tools.bench_explorers`` 에 있고 이 모듈은 실행과 명령 줄만 맡습니다.

본 실행(강좌 기본 시드 42, 노트북이 보여 주는 값) 뒤에 ``COURSE_SEED`` 만 바꿔 추가 시드로 다시 실행하되,
그 시드가 필요한 줄의 지표를 기록하는 마지막 셀까지만 실행합니다(시간은 재지 않음, ``seed_plan``).

본 실행을 마친 노트북은 출력(학습 로그, 그림)과 함께 ``benchmarks/runs/{full,quick}/`` 에 저장합니다
(커밋하지 않음). 노트북 본문이 전하는 측정값과 학습 곡선을 그 실행에서 확인할 때 씁니다.

강좌 목표를 하나라도 놓치거나, 판정에 필요한 시드가 모자라거나, 노트북이 실패하면 0이 아닌 종료 코드로
끝납니다(재현 줄의 *재현 안 됨* 은 출처에 대한 발견이라 실패로 세지 않습니다).
단위 테스트(make test)의 일부가 아닙니다.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from course_tools import REPO_ROOT, use_sibling_mirror
from course_tools.bench_report import render
from course_tools.bench_verdicts import EXTRA_SEEDS, MAIN_SEED, TIME_LIMIT, failures, seed_plan

ROOT = REPO_ROOT
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"
RUNS_DIR = ROOT / "benchmarks" / "runs"  # 본 실행을 마친 노트북(출력 포함, 커밋하지 않음)


# --- 노트북 실행 ---------------------------------------------------------------------------------------


def recorded_keys(source: str) -> set[str]:
    """셀 코드가 ``record_result("키", …)`` (또는 ``course_utils.record_result(key="키", …)``)로 기록하는 키들.

    문자열을 찾지 않고 코드를 파싱(``ast``)하므로 따옴표 모양, 줄바꿈, ``if`` 안의 호출과 상관없이 찾고,
    주석이나 문자열 속의 ``record_result`` 는 세지 않습니다. IPython 매직은 파이썬 코드로 바꿔서 봅니다.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    keys = set()
    for node in ast.walk(ast.parse(TransformerManager().transform_cell(source))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
        if name != "record_result":
            continue
        key = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "key"), None)
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
    return keys


def last_cell_recording(nb, keys: list[str]) -> int:
    """``record_result`` 로 ``keys`` 중 하나를 기록하는 마지막 코드 셀의 번호."""
    found = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and recorded_keys(cell.source) & set(keys)
    ]
    if not found:
        raise ValueError(f"노트북에 {keys}를 기록하는 셀(record_result)이 없습니다.")
    return max(found)


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


# --- results.json / results.md -------------------------------------------------------------------------


def load_results() -> dict:
    return json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}


def save_results(data: dict) -> None:
    RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_report(data: dict) -> list[str]:
    """results.md 를 쓰고 ``make bench`` 를 실패시키는 이유들을 돌려줍니다."""
    RESULTS_MD.write_text(render(data), encoding="utf-8")
    return failures(data)


# --- 명령 줄 -------------------------------------------------------------------------------------------


def seed_list(raw: str) -> tuple[int, ...]:
    """``--seeds`` 값: 쉼표로 구분한 0 이상의 정수(빈 값이면 시드 반복 없음). 본 실행의 시드는 넣지 않습니다."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValueError(f"--seeds는 쉼표로 구분한 0 이상의 정수여야 합니다(예: --seeds 0,1). 받은 값: {raw!r}")
    seeds = tuple(int(part) for part in parts)
    if MAIN_SEED in seeds:
        raise ValueError(f"시드 {MAIN_SEED}는 본 실행의 시드이므로 --seeds에 넣지 마세요.")
    return seeds


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m course_tools.bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "names", nargs="*", help="노트북 이름(예: 04_mnist_cnn). 없으면 전부(--explorers만 있으면 실행 안 함)"
    )
    p.add_argument("--quick", action="store_true", help="빠른 모드 실행 시간만 잼")
    p.add_argument("--seeds", default=",".join(map(str, EXTRA_SEEDS)), help="시드 반복에 쓸 추가 시드(쉼표 구분)")
    p.add_argument("--only-seeds", action="store_true", help="저장된 본 실행은 두고 시드 반복만 다시")
    p.add_argument("--missing-seeds", action="store_true", help="저장된 본 실행과 시드 기록은 두고 빠진 시드만 실행")
    p.add_argument("--retime", action="store_true", help="본 실행만 다시 재고, 결과가 같으면 시드 기록을 둠")
    p.add_argument("--explorers", action="store_true", help="탐색기 다시 그리기 시간을 잼")
    p.add_argument("--render", action="store_true", help="실행 없이 results.json에서 results.md만 다시 씀")
    return p


def parse_args(argv: list[str]) -> argparse.Namespace:
    """명령 줄 인자. 잘못된 값은 한국어 ``ValueError``."""
    args, extra = parser().parse_known_args(argv)
    if extra:
        raise ValueError(f"모르는 옵션: {extra}")
    args.names = [name.removesuffix(".ipynb") for name in args.names]
    args.seeds = seed_list(args.seeds)
    run_options = args.names or args.quick or args.only_seeds or args.missing_seeds or args.retime
    if args.render and run_options:
        raise ValueError("--render는 노트북을 실행하지 않으므로 노트북 이름이나 실행 옵션과 함께 쓸 수 없습니다.")
    args.run_notebooks = not args.render and (bool(args.names) or not args.explorers or bool(run_options))
    return args


def record_main_run(data: dict, mode: str, name: str, path: Path, quick: bool, info: dict) -> dict:
    """본 실행(시드 42, 시간을 잼)을 하고 ``data[mode][name]`` 에 기록합니다. 기록한 항목을 돌려줍니다."""
    from course_utils.results import read_results

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
    return data[mode][name]


def record_seed_runs(data: dict, mode: str, name: str, path: Path, extra_seeds, keep_previous: bool) -> None:
    """시드 반복: 추가 시드마다 필요한 키를 기록하는 셀까지 실행해 ``seed_runs`` 에 남깁니다."""
    from course_utils.results import read_results

    previous = data[mode][name].get("seed_runs", {}) if keep_previous else {}
    data[mode][name]["seed_runs"] = {}
    for seed, keys in seed_plan(name, extra_seeds).items():
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
        data[mode][name]["seed_runs"][str(seed)] = {"seconds": round(seconds, 1), "error": error, "results": results}
        print(f"{name} 시드 {seed}: {seconds:.0f}s {results} {error or ''}", flush=True)
        save_results(data)


def bench_notebook(data: dict, name: str, args: argparse.Namespace, info: dict) -> None:
    """노트북 하나: 본 실행(필요하면)과 시드 반복. 실행할 때마다 results.json 에 저장합니다.

    ``--retime``: 본 실행만 다시 합니다. 다시 낸 결과가 저장된 본 실행의 결과와 모든 키에서 똑같으면(같은 시드의
    결정적 실행이 같은 계산을 했다는 뜻) 저장된 시드 기록을 그대로 두고, 하나라도 다르면 시드 반복도 다시 합니다.
    """
    mode = "quick" if args.quick else "full"
    path = ROOT / "notebooks" / f"{name}.ipynb"
    stored = data[mode].get(name, {})
    if not (args.only_seeds or args.missing_seeds) or name not in data[mode]:
        entry = record_main_run(data, mode, name, path, args.quick, info)
        same = not entry["error"] and entry["results"] and entry["results"] == stored.get("results")
        if args.retime and stored.get("seed_runs") and same:
            entry["seed_runs"] = stored["seed_runs"]
            print(
                f"{name}: 본 실행의 결과가 저장된 값과 모두 같아 시드 기록({', '.join(stored['seed_runs'])})을 그대로 둡니다.",
                flush=True,
            )
            save_results(data)
            return
        if args.retime:
            print(
                f"{name}: 본 실행의 결과가 저장된 값과 달라(또는 시드 기록이 없어) 시드 반복도 다시 합니다.", flush=True
            )
        save_results(data)
    if args.quick or not seed_plan(name, args.seeds):
        return
    record_seed_runs(data, mode, name, path, args.seeds, keep_previous=args.missing_seeds)


def main(argv: list[str]) -> int:
    try:
        args = parse_args(argv)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    available = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    unknown = [n for n in args.names if n not in available]
    if unknown:
        print(f"모르는 노트북: {unknown}. 가능한 이름: {available}", file=sys.stderr)
        return 2
    data = load_results()
    if args.explorers:
        from course_tools.bench_explorers import measure_explorers

        data["explorers"] = measure_explorers(machine())
        save_results(data)
    if not args.run_notebooks:
        # 실행하지 않는 보고(--render, --explorers만): 미달은 알리되 실패로 끝내지 않습니다.
        for failure in write_report(data):
            print("미달 또는 측정 전:", failure)
        return 0
    use_sibling_mirror()
    data.setdefault("full", {})
    data.setdefault("quick", {})
    info = machine()
    for name in args.names or available:
        bench_notebook(data, name, args, info)
    found = write_report(data)
    for failure in found:
        print("미달:", failure)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
