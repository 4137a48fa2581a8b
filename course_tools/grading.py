"""강사용 도구: nbgrader 메타데이터 달기와 학생용 노트북 만들기.

해답 노트북(``notebooks/NN_*.ipynb``)의 연습문제는 CONTRIBUTING.md의 규칙을 따릅니다.

* 해답 셀: ``### BEGIN SOLUTION`` … ``### END SOLUTION``
* 바로 다음 코드 셀: ``# 자가 점검`` 으로 시작하는 assert 셀

``annotate()`` 는 이 표시에서 nbgrader 셀 메타데이터를 만들어 씁니다(손으로 달지 않음).
해답 셀은 solution, 자가 점검 셀은 점수가 있는 읽기 전용 autograder 테스트 셀, 문제 설명
마크다운 셀은 읽기 전용 셀이 됩니다. ``student_version()`` 은 nbgrader의 전처리기(ClearSolutions,
ClearHiddenTests, ClearOutput)로 해답을 한국어 빈칸으로 바꾼 학생용 사본을 ``notebooks/student/`` 에 만듭니다. ``release()`` 가 둘을 머리 셀·강좌 안내와 함께 모든 노트북에 적용합니다::

    python -m course_tools.grading release notebooks/[0-9]*.ipynb   # make student
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from course_tools.nbtools import BEGIN_SOLUTION, SELF_CHECK_MARKER, clean_notebook

CODE_STUB = "# 여기에 코드를 작성하세요\nraise NotImplementedError"
STUDENT_DIR_NAME = "student"
POINTS_PER_EXERCISE = 1
_SCHEMA_VERSION = 3


def _metadata(grade_id: str, *, solution: bool, grade: bool, locked: bool) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": _SCHEMA_VERSION,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = POINTS_PER_EXERCISE
    return meta


def annotate(nb) -> int:
    """연습문제 표시에서 nbgrader 셀 메타데이터를 만들어 노트북에 씁니다(제자리). 연습문제 수를 돌려줍니다.

    같은 노트북에 다시 적용해도 결과가 같습니다(이전 nbgrader 메타데이터는 지우고 새로 씀).
    """
    for cell in nb.cells:
        cell.get("metadata", {}).pop("nbgrader", None)
    exercise = 0
    cells = nb.cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or BEGIN_SOLUTION not in cell.source:
            continue
        exercise += 1
        cell.metadata["nbgrader"] = _metadata(f"ex{exercise}-solution", solution=True, grade=False, locked=False)
        if index > 0 and cells[index - 1].cell_type == "markdown":
            cells[index - 1].metadata["nbgrader"] = _metadata(f"ex{exercise}-prompt", solution=False, grade=False,
                                                              locked=True)
        check = next((c for c in cells[index + 1:] if c.cell_type == "code"), None)
        if check is None or SELF_CHECK_MARKER not in check.source:
            raise ValueError(f"연습문제 {exercise}의 해답 셀 다음에 '{SELF_CHECK_MARKER}' 셀이 없습니다.")
        check.metadata["nbgrader"] = _metadata(f"ex{exercise}-check", solution=False, grade=True, locked=True)
    return exercise


def student_version(nb):
    """해답 노트북에서 학생용 사본(새 ``NotebookNode``)을 만듭니다.

    nbgrader의 ClearSolutions(해답 → ``# 여기에 코드를 작성하세요`` + ``raise NotImplementedError``),
    ClearHiddenTests(숨은 테스트 제거), ClearOutput(출력 제거)을 차례로 적용합니다.
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

    student = copy.deepcopy(nb)
    resources = {}
    for preprocessor in (ClearSolutions(code_stub={"python": CODE_STUB}), ClearHiddenTests(), ClearOutput()):
        student, resources = preprocessor.preprocess(student, resources)
    clean_notebook(student)
    for cell in student.cells:  # 학생용 사본에는 출력 검사 셀의 기대 출력도 남기지 않습니다
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return student


def student_path(solution_path: Path) -> Path:
    return solution_path.parent / STUDENT_DIR_NAME / solution_path.name


def release(solution_paths) -> list[Path]:
    """``make student``: 해답 노트북에 nbgrader 메타데이터와 머리 셀을 쓰고, 학생용 사본과 강좌 안내 표,
    README의 노트북 표(Colab·Binder 배지)를 만듭니다.

    몇 번을 실행해도 결과가 같습니다. 해답 노트북이 없어진 학생용 사본은 지웁니다. 만든 사본의 경로를 돌려줍니다.
    """
    import nbformat

    from course_tools import colab

    timings = colab.load_timings()
    written = []
    solution_paths = [Path(p) for p in solution_paths]
    for path in solution_paths:
        relative = path.resolve().relative_to(colab.REPO_ROOT).as_posix()
        nb = nbformat.read(path, as_version=4)
        annotate(nb)
        colab.apply_header(nb, relative, timings)
        nbformat.write(nb, path)
        student = student_version(nb)
        target = student_path(path)
        target.parent.mkdir(exist_ok=True)
        colab.apply_header(student, target.resolve().relative_to(colab.REPO_ROOT).as_posix(), timings, student=True)
        nbformat.write(student, target)
        written.append(target)
    for directory in {student_path(p).parent for p in solution_paths}:
        for stale in directory.glob("*.ipynb"):
            if stale not in written:
                stale.unlink()
    colab.update_guide(solution_paths, timings)
    colab.update_readme(solution_paths)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_tools.grading", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["release"],
                        help="nbgrader 메타데이터 + 머리 셀 + 학생용 사본 + 강좌 안내(make student)")
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for target in release(args.paths):
        print(f"학생용 사본: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
