"""make site: 실행한 노트북으로 강좌 전체를 정적 웹사이트로 만듭니다(Sphinx + MyST-NB + sphinx-book-theme).

    python -m course_tools.website build            # build/site/html (벤치 실행이 있으면 전체 모드, 없으면 빠른 모드)
    python -m course_tools.website build --quick    # 벤치 실행을 쓰지 않고 빠른 모드 실행만(CI)
    python -m course_tools.website build 01_convolution 03_pooling   # 일부 노트북만(개발용)

노트북마다 출력(학습 로그, 그림)을 어디에서 가져올지 차례로 찾습니다.

1. ``make bench`` 가 저장한 전체 모드 실행 ``benchmarks/runs/full/NN_이름.ipynb`` (``--quick`` 이면 건너뜀)
2. 빠른 모드 실행 ``build/site-runs/quick/NN_이름.ipynb``: 앞선 ``make site`` 가 실행해 둔 것
3. 없으면 지금 빠른 모드로 실행(``course_tools.nbtools.execute_notebook``, nbclient)해 2에 저장

nbval(``make test``)의 실행은 다시 쓰지 않습니다: nbval은 실행한 출력을 공개 API로 내주지 않습니다(비공개 속성
``test_outputs`` 뿐, computationalmodelling/nbval#112). 그래서 CI의 ``make site`` 는 노트북을 nbclient로 한 번 더 실행합니다.

실행의 코드 셀이 지금 노트북의 코드 셀과 하나라도 다르면 그 실행은 쓰지 않습니다(오래된 출력 방지).
마크다운은 언제나 지금 노트북의 것을 쓰고, 코드 셀의 출력만 실행에서 가져옵니다. 머리 셀 바로 뒤에는
이 페이지를 만든 실행(모드, 날짜, 시드, 라이브러리 버전, 만든 명령)을 알리는 상자를 넣습니다.
HTML은 Sphinx가 만들며 이 모듈은 원본 폴더(``build/site/src``)만 준비합니다. 빌드 중에는 아무것도 내려받지 않습니다.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

from course_tools import use_sibling_mirror
from course_tools.nbtools import REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
GUIDE = NOTEBOOK_DIR / "README.md"
#: 노트북이 아닌 마크다운 페이지(``notebooks/이름.md``): 노트북 다음의 "부록" 차례에 그대로 싣습니다.
APPENDIX_PAGES = ("glossary",)
CONF_DIR = REPO_ROOT / "site"
BUILD_DIR = REPO_ROOT / "build" / "site"
QUICK_RUNS = REPO_ROOT / "build" / "site-runs" / "quick"
BENCH_RUNS = REPO_ROOT / "benchmarks" / "runs" / "full"
BENCH_RESULTS = REPO_ROOT / "benchmarks" / "results.json"
RUN_KEY = "course_run"  # 실행한 노트북의 메타데이터 키: 이 실행이 어떤 것이었는지
HEADER_TAG = "course-header"
VERSION_PACKAGES = ("tensorflow", "keras", "numpy")


def code_fingerprint(nb) -> str:
    """코드 셀 소스들의 SHA-256: 실행한 노트북이 지금 노트북과 같은 코드를 돌렸는지 가리는 데 씁니다."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            digest.update(cell.get("source", "").encode("utf-8"))
            digest.update(b"\0")
    return digest.hexdigest()


def library_versions() -> dict:
    """지금 파이썬 환경의 버전(노트북 커널도 이 환경): ``{"python": ..., "tensorflow": ..., ...}``."""
    versions = {"python": platform.python_version()}
    for package in VERSION_PACKAGES:
        try:
            versions[package] = importlib_metadata.version(package)
        except importlib_metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def run_info(
    mode: str, producer: str, nb, seed: int | None = None, date: str | None = None, versions: dict | None = None
) -> dict:
    """실행한 노트북에 남길 실행 정보(``nb.metadata["course_run"]``)."""
    if mode not in ("quick", "full"):
        raise ValueError(f"mode는 'quick' 또는 'full'이어야 합니다. 받은 값: {mode!r}")
    if seed is None:
        from course_utils.notebook_setup import course_seed

        seed = course_seed()
    return {
        "mode": mode,
        "producer": producer,
        "date": date or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": seed,
        "versions": versions or library_versions(),
        "code_sha256": code_fingerprint(nb),
    }


def bench_run_info(name: str, nb, results_path: Path = BENCH_RESULTS) -> dict | None:
    """``make bench`` 가 저장한 전체 모드 실행의 정보(``benchmarks/results.json`` 에서). 실패했거나 기록이 없으면 ``None``."""
    if not results_path.exists():
        return None
    run = json.loads(results_path.read_text(encoding="utf-8")).get("full", {}).get(name)
    if run is None or run.get("error"):
        return None
    from course_utils.notebook_setup import DEFAULT_SEED

    machine = run.get("machine", {})
    versions = {"python": machine.get("python"), "tensorflow": machine.get("tensorflow")}
    versions.update({key: value for key, value in run.get("versions", {}).items() if value})
    info = run_info(
        "full", "make bench", nb, seed=run.get("seed", DEFAULT_SEED), date=run.get("date"), versions=versions
    )
    return info


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "*여기에는 슬라이더로 값을 바꿔 보는 탐색기(ipywidgets)가 나옵니다. 커널이 있어야 움직이므로 "
    "JupyterLab이나 Colab에서 노트북을 열어 실행해 보세요.*"
)


def static_output(output):
    """출력 하나의 사본. 위젯 출력은 정적 페이지에서 움직이지 않으므로 노트북에서 실행해 보라는 안내로 바꿉니다."""
    import nbformat

    if WIDGET_MIME in output.get("data", {}):
        return nbformat.v4.new_output("display_data", data={"text/markdown": WIDGET_NOTE, "text/plain": WIDGET_NOTE})
    return copy.deepcopy(output)


def merge_outputs(current, executed) -> object:
    """지금 노트북(마크다운·코드)에 실행한 노트북의 코드 셀 출력을 옮긴 사본.

    두 노트북의 코드 셀 소스가 차례대로 모두 같아야 합니다. 다르면 ``ValueError``.
    """
    current_code = [c for c in current.cells if c.get("cell_type") == "code"]
    executed_code = [c for c in executed.cells if c.get("cell_type") == "code"]
    if [c.source for c in current_code] != [c.source for c in executed_code]:
        changed = next(
            (i for i, (a, b) in enumerate(zip(current_code, executed_code)) if a.source != b.source),
            min(len(current_code), len(executed_code)),
        )
        raise ValueError(
            f"실행한 노트북의 코드가 지금 노트북과 다릅니다(코드 셀 {changed}번째부터; "
            f"코드 셀 {len(executed_code)}개 / 지금 {len(current_code)}개)."
        )
    merged = copy.deepcopy(current)
    for target, source in zip((c for c in merged.cells if c.get("cell_type") == "code"), executed_code):
        target["outputs"] = [static_output(output) for output in source.get("outputs", [])]
        target["execution_count"] = source.get("execution_count")
    merged.metadata[RUN_KEY] = dict(executed.metadata.get(RUN_KEY, {}))
    return merged


def provenance_markdown(info: dict) -> str:
    """머리 셀 뒤에 넣는 상자: 이 페이지의 출력을 만든 실행(모드, 날짜, 시드, 버전, 명령)."""
    names = {"python": "파이썬", "tensorflow": "TensorFlow", "keras": "Keras", "numpy": "NumPy"}
    recorded = info.get("versions", {})
    order = [key for key in names if key in recorded] + sorted(key for key in recorded if key not in names)
    versions = ", ".join(f"{names.get(key, key)} {recorded[key]}" for key in order if recorded[key])
    if info["mode"] == "full":
        mode = (
            "**전체 모드** 실행의 출력입니다. 책과 강의 노트의 결과를 재현하는 크기로 "
            f"`{info['producer']}`가 실행했습니다."
        )
    else:
        mode = (
            "**빠른 모드** 실행의 출력입니다. 데이터, 에포크, 이미지 크기를 줄여 실행했으므로 정확도는 "
            f"전체 모드(책의 결과)보다 낮습니다. 실행한 명령: `{info['producer']}`."
        )
    return "\n".join(
        [
            ":::{admonition} 이 페이지를 만든 실행",
            ":class: note course-run",
            "",
            mode,
            "",
            f"- 실행 날짜: {info['date']}",
            f"- 난수 시드: {info['seed']}",
            f"- 라이브러리: {versions}",
            ":::",
        ]
    )


def add_provenance(nb) -> None:
    """실행 정보 상자를 머리 셀 바로 뒤(머리 셀이 없으면 맨 앞)에 마크다운 셀로 넣습니다(제자리)."""
    import nbformat

    info = nb.metadata.get(RUN_KEY)
    if not info:
        raise ValueError("노트북에 실행 정보(metadata.course_run)가 없습니다.")
    position = 1 if nb.cells and HEADER_TAG in nb.cells[0].get("metadata", {}).get("tags", []) else 0
    cell = nbformat.v4.new_markdown_cell(provenance_markdown(info))
    cell.metadata["tags"] = ["course-run"]
    nb.cells.insert(position, cell)


def execute_quick(path: Path, runs_dir: Path = QUICK_RUNS):
    """노트북을 빠른 모드로 실행하고 실행 정보와 함께 ``runs_dir`` 에 저장한 ``NotebookNode``."""
    import nbformat

    from course_tools.nbtools import execute_notebook

    nb = execute_notebook(path, quick=True)
    nb.metadata[RUN_KEY] = run_info("quick", "make site", nb)
    runs_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, runs_dir / path.name)
    return nb


def page_notebook(
    path: Path,
    use_bench: bool = True,
    runs_dir: Path = QUICK_RUNS,
    bench_dir: Path = BENCH_RUNS,
    results_path: Path = BENCH_RESULTS,
    log=print,
):
    """사이트 한 쪽이 될 노트북: 지금 노트북 + 고른 실행의 출력 + 실행 정보 상자."""
    import nbformat

    current = nbformat.read(path, as_version=4)
    candidates = []
    if use_bench and (bench_dir / path.name).exists():
        candidates.append(("전체 모드 벤치 실행", bench_dir / path.name))
    if (runs_dir / path.name).exists():
        candidates.append(("저장된 빠른 모드 실행", runs_dir / path.name))
    for label, candidate in candidates:
        executed = nbformat.read(candidate, as_version=4)
        if label.startswith("전체"):
            info = bench_run_info(path.stem, executed, results_path)
            if info is None:
                log(f"{path.stem}: {label}을(를) 쓰지 않음(results.json에 성공한 기록이 없음)")
                continue
            executed.metadata[RUN_KEY] = info
        elif not executed.metadata.get(RUN_KEY):
            log(f"{path.stem}: {label}을(를) 쓰지 않음(실행 정보가 없음)")
            continue
        try:
            merged = merge_outputs(current, executed)
        except ValueError as exc:
            log(f"{path.stem}: {label}을(를) 쓰지 않음: {exc}")
            continue
        log(
            f"{path.stem}: {label} 사용({candidate.relative_to(REPO_ROOT) if candidate.is_relative_to(REPO_ROOT) else candidate})"
        )
        break
    else:
        log(f"{path.stem}: 빠른 모드로 실행 중...")
        start = time.monotonic()
        merged = merge_outputs(current, execute_quick(path, runs_dir))
        log(f"{path.stem}: 실행 {time.monotonic() - start:.0f}초")
    add_provenance(merged)
    return merged


def home_page(guide_text: str, names: list[str], runs: dict | None = None, appendix: tuple[str, ...] = ()) -> str:
    """첫 페이지: 강사용 강좌 안내(``notebooks/README.md``) + 실행 요약 상자 + 노트북 차례(숨은 toctree, 강좌 순서).

    ``runs`` 는 ``{노트북 이름: 실행 정보}``; 있으면 안내의 첫 제목 줄 바로 뒤에 노트북마다 어떤 실행을 썼는지 적습니다.
    ``appendix`` 의 페이지(예: 용어 대조표)는 노트북 차례 다음의 "부록" 차례에 둡니다.
    """
    lines = guide_text.rstrip("\n").split("\n")
    if runs:
        modes = {"quick": "빠른 모드", "full": "전체 모드"}
        box = [
            "",
            ":::{admonition} 이 사이트를 만든 실행",
            ":class: note course-run",
            "",
            f"사이트 빌드: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}. "
            "노트북마다 출력을 만든 실행은 다음과 같고, 각 페이지 맨 위에도 적혀 있습니다.",
            "",
        ]
        box += [
            f"- [{info.get('title', name)}]({name}.ipynb): {modes[info['mode']]}, {info['date']}, `{info['producer']}`"
            for name, info in runs.items()
        ]
        box += [":::", ""]
        first_heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
        lines[first_heading + 1 : first_heading + 1] = box
    toctree = ["", "```{toctree}", ":hidden:", ":caption: 노트북", ""] + names + ["```", ""]
    if appendix:
        toctree += ["```{toctree}", ":hidden:", ":caption: 부록", ""] + list(appendix) + ["```", ""]
    return "\n".join(lines) + "\n" + "\n".join(toctree)


def prepare_sources(
    names: list[str], source_dir: Path, use_bench: bool = True, runs_dir: Path = QUICK_RUNS, log=print
) -> None:
    """Sphinx 원본 폴더를 새로 만듭니다: ``index.md``, 노트북들, 부록 페이지(``APPENDIX_PAGES``)."""
    import shutil

    import nbformat

    if source_dir.exists():
        shutil.rmtree(source_dir)
    source_dir.mkdir(parents=True)
    runs = {}
    for name in names:
        nb = page_notebook(NOTEBOOK_DIR / f"{name}.ipynb", use_bench=use_bench, runs_dir=runs_dir, log=log)
        nbformat.write(nb, source_dir / f"{name}.ipynb")
        first_line = nb.cells[0].source.splitlines()[0] if nb.cells and nb.cells[0].source else ""
        runs[name] = dict(nb.metadata[RUN_KEY], title=first_line.removeprefix("# ").strip() or name)
    for page in APPENDIX_PAGES:
        shutil.copyfile(NOTEBOOK_DIR / f"{page}.md", source_dir / f"{page}.md")
    guide = GUIDE.read_text(encoding="utf-8")
    (source_dir / "index.md").write_text(home_page(guide, names, runs, APPENDIX_PAGES), encoding="utf-8")


def build(names: list[str] | None = None, use_bench: bool = True, out_dir: Path = BUILD_DIR) -> Path:
    """원본을 준비하고 Sphinx로 HTML을 만듭니다. 만든 HTML 폴더를 돌려줍니다(경고가 있으면 실패)."""
    from sphinx.cmd.build import build_main

    available = sorted(p.stem for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    names = names or available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ValueError(f"모르는 노트북: {unknown}. 가능한 이름: {available}")
    use_sibling_mirror()
    start = time.monotonic()
    prepare_sources(names, out_dir / "src", use_bench=use_bench)
    prepared = time.monotonic()
    html = out_dir / "html"
    # 전체를 만들 때는 경고도 실패로 봅니다. 일부만 만들면 강좌 안내의 다른 노트북 링크가 없다는 경고가 당연히 납니다.
    strict = ["-W", "--keep-going"] if names == available else []
    status = build_main(
        [
            "-b",
            "html",
            "-c",
            str(CONF_DIR),
            *strict,
            "-q",
            "-E",
            "-d",
            str(out_dir / "doctrees"),
            str(out_dir / "src"),
            str(html),
        ]
    )
    print(f"원본 준비 {prepared - start:.0f}초, Sphinx {time.monotonic() - prepared:.0f}초")
    if status:
        raise RuntimeError(f"Sphinx 빌드 실패(종료 코드 {status}). 위의 경고를 보세요.")
    return html


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_tools.website", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("names", nargs="*", help="노트북 이름(예: 01_convolution). 없으면 전부")
    parser.add_argument("--quick", action="store_true", help="make bench의 전체 모드 실행을 쓰지 않음")
    parser.add_argument("--out", type=Path, default=BUILD_DIR, help="출력 폴더(기본 build/site)")
    args = parser.parse_args(argv)
    try:
        html = build([n.removesuffix(".ipynb") for n in args.names], use_bench=not args.quick, out_dir=args.out)
    except (ValueError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"사이트: {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
