"""학생용 사본: 해답을 풀지 않아도 연습문제가 아닌 셀은 실행되고, 빈칸은 NotImplementedError, 자가 점검은 실패합니다.

노트북은 ``make test`` 에서 한 번만 실행합니다. 노트북 단계(nbval)는 해답 노트북에 학생용 사본 확인 셀을
끼운 노트북(``grading.notebook_with_student_checks``)을 실행해 빈칸과 자가 점검을 학생 상태로 확인하고,
연습문제가 아닌 셀이 해답에서만 만들어지는 이름에 기대지 않는지는 여기서 정적으로 확인합니다.
"""

from pathlib import Path

import nbformat
import pytest

from conftest import assert_korean_value_error
from course_tools import grading, nbtools

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def read(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_copy_runs_without_solutions(path):
    """학생용 사본의 일반 셀이 해답 셀에서만 만들어지는 변수를 쓰면 학생은 NameError를 만납니다."""
    assert grading.student_dependency_problems(read(path), read(grading.student_path(path)), path.name) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_notebook_stage_checks_every_exercise_of_the_student_copy(path):
    solution = read(path)
    combined = grading.notebook_with_student_checks(solution, read(grading.student_path(path)))
    inserted = [c.source for c in combined.cells if c.source.startswith("# [make test가 넣은 셀]")]
    assert len(inserted) == 2 * nbtools.count_exercises(solution)
    assert [c for c in combined.cells if not c.source.startswith("# [make test가 넣은 셀]")] == solution.cells


def _exercise_notebook(solution_body: str, check: str, later: str = "print('다음 셀')"):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("base = 10"),
            nbformat.v4.new_markdown_cell("연습: `answer`에 base + 1을 넣으세요."),
            nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{solution_body}\n### END SOLUTION"),
            nbformat.v4.new_code_cell(f"# 자가 점검\n{check}\nprint('통과')"),
            nbformat.v4.new_code_cell(later),
        ]
    )
    grading.annotate(nb)
    return nb, grading.student_version(nb)


def test_dependency_check_flags_a_cell_that_needs_the_solution():
    solution, student = _exercise_notebook(
        "answer = base + 1", "assert answer == 11, '힌트'", later="total = answer * 2\nprint(total)"
    )
    problems = grading.student_dependency_problems(solution, student, "toy")
    assert problems == ["toy 셀 4: 해답에서만 만들어지는 이름을 씁니다: answer"]
    fine, fine_student = _exercise_notebook(
        "answer = base + 1", "assert answer == 11, '힌트'", later="answer = 3\ntotal = answer * base"
    )
    assert grading.student_dependency_problems(fine, fine_student, "toy") == []


def test_inserted_cells_fail_on_a_stub_that_does_not_raise_and_on_a_check_that_cannot_fail(tmp_path):
    """실제 커널로 실행: 좋은 연습문제는 통과, 답을 확인하지 않는 자가 점검은 AssertionError."""
    good, good_student = _exercise_notebook("answer = base + 1", "assert answer == 11, 'base에 1을 더하세요'")
    weak, weak_student = _exercise_notebook("answer = base + 1", "assert base == 10")
    runs = {}
    for name, (solution, student) in {"good": (good, good_student), "weak": (weak, weak_student)}.items():
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(grading.notebook_with_student_checks(solution, student), path)
        runs[name] = nbtools.execute_notebook(path, quick=True, timeout=60, allow_errors=True)

    def errors(nb):
        return [
            (i, o.ename)
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]

    assert errors(runs["good"]) == []
    assert errors(runs["weak"]) == [(3, "AssertionError")]
    assert "자가 점검 ex1-check을 통과합니다" in runs["weak"].cells[3].outputs[-1].evalue
    student_stub_missing_raise = grading.student_version(good)
    student_stub_missing_raise.cells[2].source = "answer = 0  # 빈칸인데 오류를 내지 않음"
    path = tmp_path / "no-raise.ipynb"
    nbformat.write(grading.notebook_with_student_checks(good, student_stub_missing_raise), path)
    ran = nbtools.execute_notebook(path, quick=True, timeout=60, allow_errors=True)
    assert errors(ran)[0] == (2, "AssertionError")


def test_missing_student_cells_give_a_korean_error():
    solution, student = _exercise_notebook("answer = base + 1", "assert answer == 11")
    student.cells = student.cells[:2]
    assert_korean_value_error(grading.notebook_with_student_checks, solution, student, match="make student")
