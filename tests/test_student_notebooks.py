"""학생용 사본도 실행됩니다: 오류는 풀지 않은 해답 셀(NotImplementedError)과 그 자가 점검 셀에서만 허용."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))


def _role(cell):
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        return "solution"
    if meta.get("grade"):
        return "check"
    return "other"


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_student_notebook_runs_except_unsolved_exercises(path):
    from course_tools.nbtools import execute_notebook

    nb = execute_notebook(path, quick=True, timeout=900, allow_errors=True, cwd=ROOT / "notebooks")
    unexpected, unsolved = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        role = _role(cell)
        if role == "solution":
            assert [e.ename for e in errors] == ["NotImplementedError"], f"셀 {index}: 빈칸이 NotImplementedError를 내지 않음"
            unsolved += 1
        elif errors and role != "check":
            unexpected.append(f"셀 {index}: {errors[0].ename}: {errors[0].evalue}\n{cell.source[:200]}")
    assert not unexpected, "연습문제가 아닌 셀이 학생용 사본에서 실패합니다:\n" + "\n".join(unexpected)
    assert unsolved >= 1
