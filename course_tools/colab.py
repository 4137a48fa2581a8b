"""노트북 머리 셀(제목, Colab 배지, 예상 실행 시간), 강사용 강좌 안내의 표, README의 노트북 표를 만듭니다.

머리 셀은 모든 해답·학생용 노트북의 첫 셀(태그 ``course-header``)입니다. 첫 줄의 제목은 사람이 쓰고,
나머지(Colab 배지와 시간)는 이 모듈이 만듭니다. 링크는 ``pyproject.toml`` 의 저장소 주소와 배포 ref
(``[tool.course] release-ref``) 한 곳에서, 시간은 ``make bench`` 가 측정해 둔 ``benchmarks/results.json`` 에서
옵니다. ``make student`` 가 모두 다시 씁니다::

    python -m course_tools.colab headers notebooks/*.ipynb notebooks/student/*.ipynb
    python -m course_tools.colab guide        # notebooks/README.md 의 자동 생성 부분
    python -m course_tools.colab readme       # README.md 의 노트북 표(Colab·Binder 배지)
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from course_tools.nbtools import BEGIN_SOLUTION, REPO_ROOT, exercise_prompt_index, release_ref, repository_url

HEADER_TAG = "course-header"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
README = REPO_ROOT / "README.md"
README_BEGIN = "<!-- 자동 생성 시작: python -m course_tools.colab readme -->"
README_END = "<!-- 자동 생성 끝: README -->"
RESULTS_JSON = REPO_ROOT / "benchmarks" / "results.json"
GUIDE = REPO_ROOT / "notebooks" / "README.md"
GUIDE_BEGIN = "<!-- 자동 생성 시작: python -m course_tools.colab guide -->"
GUIDE_END = "<!-- 자동 생성 끝 -->"


def _github_repo(repo_url: str | None = None) -> str:
    """GitHub 저장소 주소에서 ``owner/name``."""
    repo_url = (repo_url or repository_url()).rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(\.git)?", repo_url)
    if not match:
        raise ValueError(f"Colab·Binder 링크는 GitHub 저장소 주소로만 만들 수 있습니다. 받은 주소: {repo_url!r}")
    return f"{match.group(1)}/{match.group(2)}"


def colab_url(relative_path: str, repo_url: str | None = None, ref: str | None = None) -> str:
    """저장소 안의 노트북 경로(예: ``notebooks/04_mnist_cnn.ipynb``)를 배포 ref에서 Colab으로 여는 주소.

    노트북도 설치 셀이 설치하는 패키지와 같은 ref(기본: ``release_ref()``)에서 열어 둘이 어긋나지 않게 합니다.
    """
    repo = _github_repo(repo_url)
    if not relative_path.endswith(".ipynb") or relative_path.startswith("/"):
        raise ValueError(f"노트북의 저장소 안 상대 경로가 필요합니다. 받은 값: {relative_path!r}")
    return f"https://colab.research.google.com/github/{repo}/blob/{ref or release_ref()}/{relative_path}"


def colab_badge(relative_path: str, repo_url: str | None = None, ref: str | None = None) -> str:
    """표준 "Open in Colab" 배지(colab-badge.svg)를 단 마크다운 링크."""
    return f"[![Colab에서 열기]({COLAB_BADGE})]({colab_url(relative_path, repo_url, ref)})"


def binder_url(repo_url: str | None = None, ref: str | None = None) -> str:
    """Binder에서 저장소를 JupyterLab(``notebooks/`` 폴더)으로 여는 주소. 설정은 ``binder/`` (빠른 모드가 기본)."""
    return f"https://mybinder.org/v2/gh/{_github_repo(repo_url)}/{ref or release_ref()}?urlpath=lab/tree/notebooks"


def binder_badge(repo_url: str | None = None, ref: str | None = None) -> str:
    return f"[![Binder에서 열기]({BINDER_BADGE})]({binder_url(repo_url, ref)})"


def format_duration(seconds) -> str:
    """실행 시간(초)을 머리 셀에 쓰는 말로: ``None`` → ``"측정 전"``, 60초 미만 → ``"1분 미만"``, 그 밖 → ``"약 N분"`` (올림)."""
    if seconds is None:
        return "측정 전"
    if seconds < 0 or math.isnan(seconds):
        raise ValueError(f"실행 시간은 0 이상이어야 합니다. 받은 값: {seconds!r}")
    return "1분 미만" if seconds < 60 else f"약 {math.ceil(seconds / 60)}분"


def load_timings(path: Path = RESULTS_JSON) -> dict:
    """``{"quick": {이름: 초}, "full": {이름: 초}}`` — ``make bench`` 의 기록(없으면 빈 사전)."""
    timings = {"quick": {}, "full": {}}
    if Path(path).exists():
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for mode in timings:
            for name, run in data.get(mode, {}).items():
                if not run.get("error"):
                    timings[mode][name] = run["seconds"]
    return timings


def header_source(title: str, relative_path: str, timings: dict, student: bool = False) -> str:
    """머리 셀의 마크다운: 제목, Colab 링크, 빠른/전체 모드 예상 시간."""
    name = Path(relative_path).stem
    kind = " (학생용)" if student else ""
    quick = format_duration(timings.get("quick", {}).get(name))
    full = format_duration(timings.get("full", {}).get(name))
    return (
        f"# {title}{kind}\n\n"
        f"{colab_badge(relative_path)} · "
        f"예상 실행 시간(2코어 CPU, GPU 없음): 빠른 모드 {quick}, 전체 모드 {full}"
    )


def notebook_title(nb) -> str:
    """머리 셀(또는 첫 마크다운 셀) 첫 줄의 제목(``# `` 와 ``(학생용)`` 제외)."""
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or not first.source.startswith("# "):
        raise ValueError("노트북의 첫 셀은 '# 제목'으로 시작하는 마크다운 셀이어야 합니다.")
    return first.source.splitlines()[0][2:].removesuffix(" (학생용)").strip()


def apply_header(nb, relative_path: str, timings: dict, student: bool = False) -> None:
    """노트북 첫 셀을 머리 셀로 만들거나 갱신합니다(제자리).

    첫 셀이 아직 머리 셀이 아니면 제목 줄만 머리 셀로 옮기고 나머지 내용은 바로 다음 셀로 둡니다.
    """
    import nbformat

    title = notebook_title(nb)
    first = nb.cells[0]
    if HEADER_TAG not in first.metadata.get("tags", []):
        rest = "\n".join(first.source.splitlines()[1:]).strip("\n")
        if rest:
            nb.cells.insert(1, nbformat.v4.new_markdown_cell(rest))
            nb.cells[1].pop("id", None)
        first.metadata.setdefault("tags", []).append(HEADER_TAG)
    first.source = header_source(title, relative_path, timings, student)


def exercise_summaries(nb) -> list[str]:
    """연습문제마다 문제 설명(해답 셀 바로 앞 마크다운)에서 ``**연습 N.**`` 로 시작하는 문단(없으면 첫 문단)의
    첫 문장. 앞의 ``**연습 N.**`` 표시는 뗍니다.
    """
    summaries = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or BEGIN_SOLUTION not in cell.source:
            continue
        prompt_index = exercise_prompt_index(nb.cells, index)
        prompt = nb.cells[prompt_index].source if prompt_index is not None else ""
        paragraphs = [
            " ".join(line.strip() for line in block.splitlines())
            for block in re.split(r"\n\s*\n", prompt)
            if block.strip()
        ]
        paragraph = next(
            (p for p in paragraphs if p.startswith("**연습")), paragraphs[0] if paragraphs else "(설명 없음)"
        )
        text = re.sub(r"^\*\*연습[^*]*\*\*\s*", "", paragraph)
        first = re.match(r"(.+?[다요][.?])(\s|$)", text)
        summaries.append(first.group(1) if first else text)
    return summaries


def guide_table(paths, timings: dict) -> str:
    """강사용 안내의 자동 생성 부분: 노트북 순서·시간 표와 노트북별 연습문제 목록."""
    import nbformat

    rows = ["| 노트북 | 빠른 모드 | 전체 모드 | 연습문제 |", "|---|---|---|---|"]
    exercises = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        name = Path(path).stem
        summaries = exercise_summaries(nb)
        rows.append(
            f"| [{notebook_title(nb)}]({Path(path).name}) | {format_duration(timings['quick'].get(name))} "
            f"| {format_duration(timings['full'].get(name))} | {len(summaries)}개 |"
        )
        exercises.append(f"**{notebook_title(nb)}**\n")
        exercises += [f"{number}. {summary}" for number, summary in enumerate(summaries, 1)]
        exercises.append("")
    note = "시간은 `make bench`가 2코어 CPU(GPU 없음)에서 잰 값입니다. GPU가 있으면 전체 모드가 훨씬 빠릅니다."
    return "\n".join(
        [
            GUIDE_BEGIN,
            "",
            "### 노트북 순서와 예상 시간",
            "",
            *rows,
            "",
            note,
            "",
            "### 노트북별 연습문제",
            "",
            *exercises,
            GUIDE_END,
        ]
    )


def update_guide(paths, timings: dict, guide: Path = GUIDE) -> None:
    """``notebooks/README.md`` 의 자동 생성 부분을 바꿉니다(표시 밖은 그대로)."""
    text = guide.read_text(encoding="utf-8")
    if GUIDE_BEGIN not in text or GUIDE_END not in text:
        raise ValueError(f"{guide}에 자동 생성 표시가 없습니다.")
    before, rest = text.split(GUIDE_BEGIN, 1)
    after = rest.split(GUIDE_END, 1)[1]
    guide.write_text(before + guide_table(paths, timings) + after, encoding="utf-8")


def readme_table(paths) -> str:
    """README의 자동 생성 부분: Binder 배지와 노트북마다 Colab 배지가 달린 표(해답 노트북과 학생용 사본)."""
    import nbformat

    rows = ["| 순서 | 노트북 | Colab(해답 포함) | Colab(학생용) |", "|---|---|---|---|"]
    for path in paths:
        path = Path(path)
        title = notebook_title(nbformat.read(path, as_version=4))
        number, _, name = title.partition(". ")
        rows.append(
            f"| {number} | [{name}](notebooks/{path.name}) | {colab_badge(f'notebooks/{path.name}')} "
            f"| {colab_badge(f'notebooks/student/{path.name}')} |"
        )
    return "\n".join(
        [
            README_BEGIN,
            "",
            f"{binder_badge()} (JupyterLab, 빠른 모드, 설치 없음)",
            "",
            *rows,
            "",
            f"링크는 배포 태그 `{release_ref()}`의 노트북을 엽니다(주소와 태그: `pyproject.toml`).",
            README_END,
        ]
    )


def update_readme(paths, readme: Path = README) -> None:
    """``README.md`` 의 노트북 표를 바꿉니다(표시 밖은 그대로)."""
    text = readme.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        raise ValueError(f"{readme}에 자동 생성 표시가 없습니다.")
    before, rest = text.split(README_BEGIN, 1)
    after = rest.split(README_END, 1)[1]
    readme.write_text(before + readme_table(paths) + after, encoding="utf-8")


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(prog="python -m course_tools.colab", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["headers", "guide", "readme"])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    timings = load_timings()
    if args.command == "readme":
        update_readme(args.paths or sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
        print(f"갱신: {README}")
        return 0
    if args.command == "guide":
        paths = args.paths or sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        update_guide(paths, timings)
        print(f"갱신: {GUIDE}")
        return 0
    for path in args.paths:
        nb = nbformat.read(path, as_version=4)
        relative = path.resolve().relative_to(REPO_ROOT).as_posix()
        apply_header(nb, relative, timings, student=path.parent.name == "student")
        nbformat.write(nb, path)
        print(f"머리 셀: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
