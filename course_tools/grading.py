"""강사용 도구: nbgrader 메타데이터 달기와 학생용 노트북 만들기.

해답 노트북(``notebooks/NN_*.ipynb``)의 연습문제는 CONTRIBUTING.md의 규칙을 따릅니다.

* 해답 셀: ``### BEGIN SOLUTION`` … ``### END SOLUTION``
* 바로 다음 코드 셀: ``# 자가 점검`` 으로 시작하는 assert 셀

``annotate()`` 는 이 표시에서 nbgrader 셀 메타데이터를 만들어 씁니다(손으로 달지 않음).
해답 셀은 solution, 자가 점검 셀은 점수가 있는 읽기 전용 autograder 테스트 셀, 문제 설명
마크다운 셀은 읽기 전용 셀이 됩니다. ``student_version()`` 은 nbgrader의 전처리기(ClearSolutions,
ClearHiddenTests, ClearOutput)로 해답을 한국어 빈칸으로 바꾼 학생용 사본을 ``notebooks/student/`` 에 만듭니다. ``release()`` 가 둘을 머리 셀·강좌 안내와 함께 모든 노트북에 적용합니다::

    python -m course_tools.grading release notebooks/[0-9]*.ipynb   # make student
    python -m course_tools.grading with-student-checks --out build/nbval notebooks/[0-9]*.ipynb  # make nbval
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from course_tools import nbtools
from course_tools.nbtools import BEGIN_SOLUTION, SELF_CHECK_MARKER, clean_notebook, exercise_prompt_index

#: 학생용 빈칸의 메시지. ``{number}`` 는 연습 번호(문제 설명의 ``**연습 N.**``)입니다. 모두 실행(Run All)하면 첫 빈칸에서
#: 이 한국어 메시지로 멈추므로, 학습자는 어느 문제에서 무엇을 할지 바로 압니다.
STUB_MESSAGE = "연습 {number}: 이 줄을 지우고 그 자리에 답을 쓴 뒤, 이 셀과 바로 아래 자가 점검 셀을 실행하세요."
#: nbgrader ``generate_assignment`` 용 빈칸(``c.ClearSolutions.code_stub``). nbgrader는 모든 빈칸에 같은 글을 넣으므로
#: 연습 번호가 없습니다. ``make student`` 의 학생용 사본은 :func:`code_stub` 으로 번호를 넣습니다.
NBGRADER_CODE_STUB = (
    '# 여기에 코드를 작성하세요\nraise NotImplementedError("이 줄을 지우고 그 자리에 답을 쓴 뒤, '
    '이 셀과 바로 아래 자가 점검 셀을 실행하세요.")'
)
_STUB_PLACEHOLDER = "raise NotImplementedError  # course_tools.grading: 연습 번호를 채울 자리"


def stub_message(number: int) -> str:
    """연습 ``number`` 의 빈칸이 내는 ``NotImplementedError`` 메시지."""
    return STUB_MESSAGE.format(number=number)


def code_stub(number: int) -> str:
    """학생용 사본에서 연습 ``number`` 의 해답 자리에 들어가는 두 줄."""
    return f'# 여기에 코드를 작성하세요\nraise NotImplementedError("{stub_message(number)}")'


STUDENT_DIR_NAME = "student"
POINTS_PER_EXERCISE = 1
_SCHEMA_VERSION = 3


def _metadata(grade_id: str, *, solution: bool, grade: bool, locked: bool) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": _SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
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
        prompt = exercise_prompt_index(cells, index)
        if prompt is not None:
            cells[prompt].metadata["nbgrader"] = _metadata(
                f"ex{exercise}-prompt", solution=False, grade=False, locked=True
            )
        check = next((c for c in cells[index + 1 :] if c.cell_type == "code"), None)
        if check is None or SELF_CHECK_MARKER not in check.source:
            raise ValueError(f"연습문제 {exercise}의 해답 셀 다음에 '{SELF_CHECK_MARKER}' 셀이 없습니다.")
        check.metadata["nbgrader"] = _metadata(f"ex{exercise}-check", solution=False, grade=True, locked=True)
    return exercise


def exercise_numbers(nb) -> list[int]:
    """해답 셀마다(노트북 순서) 그 연습 번호: 바로 앞 문제 설명(마크다운)의 마지막 ``**연습 N`` 의 N.

    한 연습에 해답 셀이 둘 이상이면 같은 번호가 되풀이됩니다(예: 07의 연습 3). 설명에 번호가 없으면 해답 셀의 순번을 씁니다.
    """
    import re

    numbers = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code" or BEGIN_SOLUTION not in cell.get("source", ""):
            continue
        number = len(numbers) + 1
        for previous in reversed(nb.cells[:index]):
            found = (
                re.findall(r"\*\*연습\s*(\d+)", previous.get("source", "")) if previous.cell_type == "markdown" else []
            )
            if found:
                number = int(found[-1])
                break
        numbers.append(number)
    return numbers


def student_version(nb):
    """해답 노트북에서 학생용 사본(새 ``NotebookNode``)을 만듭니다.

    nbgrader의 ClearSolutions(해답 → ``# 여기에 코드를 작성하세요`` + ``raise NotImplementedError("연습 N: …")``,
    :func:`code_stub`), ClearHiddenTests(자가 점검 셀의 ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` 제거),
    ClearOutput(출력 제거)을 차례로 적용합니다.
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

    numbers = iter(exercise_numbers(nb))
    student = copy.deepcopy(nb)
    resources = {}
    placeholder_stub = "# 여기에 코드를 작성하세요\n" + _STUB_PLACEHOLDER
    for preprocessor in (ClearSolutions(code_stub={"python": placeholder_stub}), ClearHiddenTests(), ClearOutput()):
        student, resources = preprocessor.preprocess(student, resources)
    for original, cell in zip(nb.cells, student.cells):
        if cell.cell_type == "code" and BEGIN_SOLUTION in original.get("source", ""):
            stub = code_stub(next(numbers))
            cell.source = cell.source.replace("# 여기에 코드를 작성하세요\n" + _STUB_PLACEHOLDER, stub)
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

    몇 번을 실행해도 결과가 같습니다. 일부 노트북만 넘겨도 나머지 학생용 사본과 표의 줄은 그대로 둡니다(표는 그 폴더의
    모든 해답 노트북으로 만듦). 해답 노트북이 없어진 학생용 사본만 지웁니다. 만든 사본의 경로를 돌려줍니다.
    """
    import nbformat

    from course_tools import colab

    timings = colab.load_timings()
    written = []
    solution_paths = [Path(p) for p in solution_paths]
    for path in solution_paths:
        relative = path.resolve().relative_to(colab.REPO_ROOT).as_posix()
        nb = nbformat.read(path, as_version=4)
        nbtools.apply_install_cell(nb)  # 설치 셀의 주소·ref도 pyproject.toml 한 곳에서(학생용 사본도 같음)
        annotate(nb)
        colab.apply_header(nb, relative, timings)
        nbformat.write(nb, path)
        student = student_version(nb)
        target = student_path(path)
        target.parent.mkdir(exist_ok=True)
        colab.apply_header(student, target.resolve().relative_to(colab.REPO_ROOT).as_posix(), timings, student=True)
        nbformat.write(student, target)
        written.append(target)
    solution_dirs = {path.parent for path in solution_paths}
    for directory in solution_dirs:
        for stale in (directory / STUDENT_DIR_NAME).glob("*.ipynb"):
            if not (directory / stale.name).exists():
                stale.unlink()
    every_solution = sorted(
        {found for directory in solution_dirs for found in directory.glob("[0-9]*.ipynb")}
        | {path for path in solution_paths if path.exists()}
    )
    colab.update_guide(every_solution, timings, colab.GUIDE)
    colab.update_readme(every_solution, colab.README)
    return written


def _role(cell) -> str:
    """nbgrader 메타데이터로 본 셀의 역할: ``"solution"`` (해답·빈칸), ``"check"`` (자가 점검), ``"other"``."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        return "solution"
    if meta.get("grade"):
        return "check"
    return "other"


INSERTED_CELL_MARKER = "# [make test가 넣은 셀]"

_STUDENT_STUB_CELL = """\
# [make test가 넣은 셀] 학생용 사본의 빈칸({grade_id})은 연습 번호를 밝힌 NotImplementedError를 내야 합니다.
_student_source = {source!r}
try:
    exec(compile(get_ipython().transform_cell(_student_source), "<학생용 빈칸 {grade_id}>", "exec"), globals())
except NotImplementedError as _stub_error:
    assert str(_stub_error) == {message!r}, f"학생용 빈칸 {grade_id}의 메시지가 다릅니다: {{_stub_error}}"
else:
    raise AssertionError("학생용 사본의 빈칸 {grade_id}이 NotImplementedError를 내지 않습니다.")
"""

_STUDENT_CHECK_CELL = """\
# [make test가 넣은 셀] 해답이 없을 때 자가 점검({grade_id})은 통과하면 안 됩니다.
_student_source = {source!r}
try:
    exec(compile(get_ipython().transform_cell(_student_source), "<자가 점검 {grade_id}>", "exec"), globals())
except Exception:
    pass
else:
    raise AssertionError("해답 없이도 자가 점검 {grade_id}을 통과합니다: 자가 점검이 답을 확인하지 않습니다.")
"""


def notebook_with_student_checks(solution_nb, student_nb):
    """해답 노트북을 한 번 실행하면서 학생용 사본도 확인하는 노트북(``make test`` 의 노트북 단계용, 새 ``NotebookNode``).

    해답 셀마다 그 앞에 두 셀을 넣습니다: ① 학생용 사본의 빈칸 셀을 실행해 ``NotImplementedError`` 가
    나는지, ② 그 상태에서 자가 점검이 실패하는지(통과하면 점검이 답을 확인하지 않는다는 뜻). 그다음 해답과
    자가 점검이 원래대로 실행됩니다. 그래서 노트북은 한 번만 실행되고(학습도 한 번), 학생용 사본의 나머지
    셀이 해답에 기대지 않는지는 단위 테스트가 정적으로 확인합니다(``student_dependency_problems``).
    """
    import nbformat

    student_cells = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c
        for c in student_nb.cells
        if c.cell_type == "code" and _role(c) != "other"
    }
    combined = copy.deepcopy(solution_nb)
    numbers = iter(exercise_numbers(combined))
    cells = []
    for cell in combined.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type == "code" and BEGIN_SOLUTION in cell.source:
            message = stub_message(next(numbers))
        if cell.cell_type == "code" and _role(cell) == "solution":
            check_id = grade_id.replace("-solution", "-check")
            if grade_id not in student_cells or check_id not in student_cells:
                raise ValueError(f"학생용 사본에 {grade_id}/{check_id} 셀이 없습니다. make student를 다시 실행하세요.")
            for template, source_cell in (
                (_STUDENT_STUB_CELL, student_cells[grade_id]),
                (_STUDENT_CHECK_CELL, student_cells[check_id]),
            ):
                cells.append(
                    nbformat.v4.new_code_cell(
                        template.format(
                            grade_id=source_cell.metadata["nbgrader"]["grade_id"],
                            source=source_cell.source,
                            message=message,
                        )
                    )
                )
        cells.append(cell)
    combined.cells = cells
    return combined


def without_student_checks(nb):
    """``notebook_with_student_checks`` 가 끼운 셀을 뺀 노트북(제자리, 같은 노트북을 돌려줌)."""
    nb.cells = [
        c
        for c in nb.cells
        if not (c.get("cell_type") == "code" and c.get("source", "").startswith(INSERTED_CELL_MARKER))
    ]
    return nb


def _bound_and_loaded(source: str) -> tuple[set[str], set[str]]:
    """셀 코드에서 값을 넣는 이름과 읽는 이름(IPython 매직은 파이썬 코드로 바꿔서 봄)."""
    import ast
    import builtins

    from IPython.core.inputtransformer2 import TransformerManager

    tree = ast.parse(TransformerManager().transform_cell(source))
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, loaded - set(dir(builtins))


def student_dependency_problems(solution_nb, student_nb, name: str = "notebook") -> list[str]:
    """학생용 사본에서 연습문제가 아닌 셀이 해답에서만 만들어지는 이름을 쓰는 곳.

    그런 셀은 해답을 풀지 않은 학생에게 ``NameError`` 로 실패합니다. 해답 셀에서 값을 넣지만 학생용 빈칸
    셀에서는 넣지 않는 이름을 모은 뒤, 학생용 사본을 위에서부터 훑으며 연습문제가 아닌 셀이 그 이름을
    (앞선 일반 셀이나 같은 셀에서 만들지 않은 채) 읽는지 봅니다.
    """
    student_cells = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c for c in student_nb.cells if c.cell_type == "code"
    }
    solution_only = set()
    for cell in solution_nb.cells:
        if cell.cell_type == "code" and _role(cell) == "solution":
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            student_bound = _bound_and_loaded(student_cells[grade_id].source)[0] if grade_id in student_cells else set()
            solution_only |= _bound_and_loaded(cell.source)[0] - student_bound
    problems, defined = [], set()
    for index, cell in enumerate(student_nb.cells):
        if cell.cell_type != "code":
            continue
        bound, loaded = _bound_and_loaded(cell.source)
        role = _role(cell)
        if role == "other":
            missing = sorted((loaded - bound - defined) & solution_only)
            if missing:
                problems.append(f"{name} 셀 {index}: 해답에서만 만들어지는 이름을 씁니다: {', '.join(missing)}")
        if role != "check":
            defined |= bound
    return problems


def write_notebooks_with_student_checks(solution_paths, out_dir: Path) -> list[Path]:
    """``make test`` 의 노트북 단계가 실행할 노트북(해답 + 학생용 사본 확인 셀)을 ``out_dir`` 에 씁니다."""
    import nbformat

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in map(Path, solution_paths):
        solution = nbformat.read(path, as_version=4)
        student = nbformat.read(student_path(path), as_version=4)
        target = out_dir / path.name
        nbformat.write(notebook_with_student_checks(solution, student), target)
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_tools.grading", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        choices=["release", "with-student-checks"],
        help="release: nbgrader 메타데이터 + 머리 셀 + 학생용 사본 + 강좌 안내(make student); "
        "with-student-checks: 노트북 단계가 실행할 노트북(--out 폴더)",
    )
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, help="with-student-checks가 노트북을 쓸 폴더")
    args = parser.parse_args(argv)
    if args.command == "with-student-checks":
        if args.out is None:
            parser.error("with-student-checks에는 --out 폴더가 필요합니다")
        for target in write_notebooks_with_student_checks(args.paths, args.out):
            print(f"노트북 단계용: {target}")
        return 0
    for target in release(args.paths):
        print(f"학생용 사본: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
