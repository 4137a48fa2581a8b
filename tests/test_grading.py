"""강사용 흐름: nbgrader 메타데이터, 학생용 사본 동기화, 머리 셀·강좌 안내, nbgrader 왕복 채점."""

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import colab, grading, nbtools

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))


def read(path):
    return nbformat.read(path, as_version=4)


def split_solution_lines(nb):
    """(해답 표시·숨은 테스트 표시 사이의 줄들, 그 밖의 줄들): 앞쪽은 학생용 사본에 나타나면 안 됩니다."""
    inside_lines, outside_lines = [], set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if "### BEGIN SOLUTION" in line or "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END SOLUTION" in line or "### END HIDDEN TESTS" in line:
                inside = False
            elif inside:
                inside_lines.append(line.strip())
            else:
                outside_lines.add(line.strip())
    return inside_lines, outside_lines


def test_every_solution_notebook_has_a_committed_student_copy():
    assert [p.name for p in STUDENTS] == [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_nbgrader_metadata_is_written_by_the_tool(path):
    nb = read(path)
    annotated = copy.deepcopy(nb)
    count = grading.annotate(annotated)
    assert count == nbtools.count_exercises(nb)
    assert [c.metadata.get("nbgrader") for c in annotated.cells] == [c.metadata.get("nbgrader") for c in nb.cells], (
        "make student를 다시 실행하세요"
    )
    kinds = [
        (c.metadata["nbgrader"]["solution"], c.metadata["nbgrader"]["grade"])
        for c in nb.cells
        if "nbgrader" in c.metadata and c.cell_type == "code"
    ]
    assert kinds.count((True, False)) == count and kinds.count((False, True)) == count


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_copy_is_up_to_date_and_has_no_solutions(path):
    expected = grading.student_version(read(path))
    relative = f"notebooks/student/{path.name}"
    colab.apply_header(expected, relative, colab.load_timings(), student=True)
    committed = read(ROOT / relative)
    assert [(c.cell_type, c.source, c.metadata) for c in committed.cells] == [
        (c.cell_type, c.source, c.metadata) for c in expected.cells
    ], "make student를 다시 실행하세요"
    student_lines = {line.strip() for c in committed.cells for line in c.source.splitlines()}
    solution_lines, lesson_lines = split_solution_lines(read(path))
    # 수업 본문에도 나오는 줄(예: keras.utils.clear_session())은 해답 고유의 내용이 아니므로 빼고 봅니다.
    leaked = [line for line in solution_lines if len(line) > 3 and line in student_lines and line not in lesson_lines]
    assert not leaked, f"해답이 학생용에 남음: {leaked[:5]}"
    student_text = "\n".join(c.source for c in committed.cells)
    numbers = grading.exercise_numbers(read(path))
    assert len(numbers) == nbtools.count_exercises(read(path))
    for number in set(numbers):  # 빈칸마다 연습 번호를 밝힌 한국어 메시지(모두 실행하면 첫 빈칸에서 이 메시지로 멈춤)
        assert student_text.count(grading.code_stub(number)) == numbers.count(number)
    student_code = "\n".join(c.source for c in committed.cells if c.cell_type == "code")
    assert student_code.count("raise NotImplementedError") == len(numbers)
    assert all(not c.get("outputs") for c in committed.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", SOLUTIONS + STUDENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_header_cells_match_the_generator(path):
    nb = read(path)
    first = nb.cells[0]
    assert colab.HEADER_TAG in first.metadata.get("tags", [])
    relative = path.relative_to(ROOT).as_posix()
    assert first.source == colab.header_source(
        colab.notebook_title(nb), relative, colab.load_timings(), student=path.parent.name == "student"
    ), "python -m course_tools.colab headers(make student)를 다시 실행하세요"
    assert colab.colab_badge(relative) in first.source


def test_course_guide_is_generated_from_the_notebooks(tmp_path):
    guide = tmp_path / "README.md"
    shutil.copy(colab.GUIDE, guide)
    colab.update_guide(SOLUTIONS, colab.load_timings(), guide)
    assert guide.read_text(encoding="utf-8") == colab.GUIDE.read_text(encoding="utf-8"), (
        "python -m course_tools.colab guide(make student)를 다시 실행하세요"
    )


def test_readme_notebook_table_is_generated_with_badges(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(colab.README, readme)
    colab.update_readme(SOLUTIONS, readme)
    text = readme.read_text(encoding="utf-8")
    assert text == colab.README.read_text(encoding="utf-8"), (
        "python -m course_tools.colab readme(make student)를 다시 실행하세요"
    )
    table = text.split(colab.README_BEGIN)[1].split(colab.README_END)[0]
    assert table.count(colab.COLAB_BADGE) == 2 * len(SOLUTIONS) and colab.binder_url() in table
    for path in SOLUTIONS:
        assert colab.colab_url(f"notebooks/{path.name}") in table
        assert colab.colab_url(f"notebooks/student/{path.name}") in table


def test_colab_url_and_duration_formatting():
    url = colab.colab_url("notebooks/04_mnist_cnn.ipynb", "https://github.com/owner/repo", "v1.2.0")
    assert url == "https://colab.research.google.com/github/owner/repo/blob/v1.2.0/notebooks/04_mnist_cnn.ipynb"
    assert f"/blob/{nbtools.release_ref()}/" in colab.colab_url("notebooks/04_mnist_cnn.ipynb")
    assert colab.colab_badge("notebooks/x.ipynb", "https://github.com/o/r", "v1").startswith(
        "[![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/o/r/blob/v1/"
    )
    assert (
        colab.binder_url("https://github.com/o/r", "v1")
        == "https://mybinder.org/v2/gh/o/r/v1?urlpath=lab/tree/notebooks"
    )
    assert colab.format_duration(None) == "측정 전"
    assert colab.format_duration(42) == "1분 미만"
    assert colab.format_duration(61) == "약 2분"
    for bad in (
        lambda: colab.colab_url("x.ipynb", "https://gitlab.com/a/b"),
        lambda: colab.colab_url("notebooks/x.py", "https://github.com/a/b"),
        lambda: colab.format_duration(-1),
    ):
        with pytest.raises(ValueError):
            bad()


def test_annotate_locks_the_prompt_even_with_a_preparation_cell_before_the_solution():
    new = nbformat.v4
    nb = new.new_notebook(
        cells=[
            new.new_markdown_cell("**연습 1.** 첫 문제입니다."),
            new.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
            new.new_code_cell('# 자가 점검\nassert x == 1\nprint("통과")'),
            new.new_markdown_cell("**연습 2.** 준비 셀 다음에 답을 씁니다."),
            new.new_code_cell("data = [1, 2]  # 준비"),
            new.new_code_cell("### BEGIN SOLUTION\ny = sum(data)\n### END SOLUTION"),
            new.new_code_cell('# 자가 점검\nassert y == 3\nprint("통과")'),
            new.new_code_cell("### BEGIN SOLUTION\nz = 0\n### END SOLUTION"),
            new.new_code_cell('# 자가 점검\nassert z == 0\nprint("통과")'),
        ]
    )
    assert grading.annotate(nb) == 3
    prompts = {i: c.metadata["nbgrader"]["grade_id"] for i, c in enumerate(nb.cells) if c.cell_type == "markdown"}
    assert prompts == {0: "ex1-prompt", 3: "ex2-prompt"}
    assert nb.cells[3].metadata["nbgrader"]["locked"] and "nbgrader" not in nb.cells[4].metadata
    # 바로 앞이 앞 문제의 자가 점검이면 설명이 없는 문제입니다(앞 문제의 설명을 빌려 오지 않음).
    assert nbtools.exercise_prompt_index(nb.cells, 7) is None
    assert colab.exercise_summaries(nb) == ["첫 문제입니다.", "준비 셀 다음에 답을 씁니다.", "(설명 없음)"]


def test_student_stub_stops_run_all_with_a_korean_message_naming_the_exercise():
    """모두 실행(Run All)하면 학생용 사본은 첫 빈칸에서 "연습 N: …" 한국어 메시지의 NotImplementedError로 멈춥니다."""
    assert grading.exercise_numbers(read(ROOT / "notebooks" / "07_transfer_learning.ipynb")) == [1, 2, 3, 3, 4]
    for path in SOLUTIONS:
        student = read(ROOT / "notebooks" / "student" / path.name)
        stubs = [c.source for c in student.cells if c.cell_type == "code" and "raise NotImplementedError" in c.source]
        first = grading.exercise_numbers(read(path))[0]
        with pytest.raises(NotImplementedError, match=rf"^연습 {first}: 이 줄을 지우고 그 자리에 답을 쓴 뒤"):
            exec(stubs[0], {})


@pytest.mark.parametrize(
    "name, exercise, hidden_word",
    [("00_getting_started.ipynb", 2, "np.bincount"), ("04_mnist_cnn.ipynb", 2, "expected_recalls")],
)
def test_reference_answers_are_hidden_tests_that_student_copies_do_not_show(name, exercise, hidden_word):
    """답을 계산하는 기준 코드는 nbgrader 숨은 테스트에만 두고(강사 채점용), 학생용 자가 점검에는 성질만 남습니다."""
    solution = read(ROOT / "notebooks" / name)
    student = read(ROOT / "notebooks" / "student" / name)
    grade_id = f"ex{exercise}-check"
    check = next(c for c in solution.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    hidden = check.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    assert hidden_word in hidden
    visible = check.source.replace(hidden, "")
    assert hidden_word not in visible and "assert" in visible
    student_check = next(c for c in student.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    assert hidden_word not in student_check.source and "HIDDEN" not in student_check.source
    assert 'print("통과")' in student_check.source


def test_annotate_rejects_a_solution_without_self_check():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")])
    with pytest.raises(ValueError, match="자가 점검"):
        grading.annotate(nb)


def _nbgrader(course: Path, *args):
    # nbgrader는 gradebook을 만들 때 alembic 명령을 PATH에서 찾으므로 가상 환경의 bin을 앞에 둡니다.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = dict(os.environ, COURSE_QUICK="1", PATH=path)
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.e2e
def test_nbgrader_round_trip_gives_full_points_when_solved_and_zero_when_cleared(tmp_path):
    """임시 nbgrader 강좌: generate_assignment → 해답본·빈칸본을 제출 → autograde → 점수 확인."""
    from nbgrader.api import Gradebook

    name = "00_getting_started.ipynb"
    course = tmp_path / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / name, course / "source" / "ps1" / name)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'cnn-course'\n"
        f"c.ClearSolutions.code_stub = {{'python': {grading.NBGRADER_CODE_STUB!r}}}\n"
        "c.ExecutePreprocessor.timeout = 600\n",
        encoding="utf-8",
    )
    # 과제와 학생은 generate_assignment·autograde가 gradebook에 만듭니다(nbgrader 0.9의 기본값 create_assignment,
    # create_student). 따로 `nbgrader db … add`를 부르면 nbgrader 프로세스만 세 번 더 띄웁니다.
    _nbgrader(course, "generate_assignment", "ps1", "--force")
    released = course / "release" / "ps1" / name
    released_sources = [c.source for c in read(released).cells]
    assert sum(grading.NBGRADER_CODE_STUB in source for source in released_sources) == nbtools.count_exercises(
        read(ROOT / "notebooks" / name)
    )
    for student, source in (("solved", course / "source" / "ps1" / name), ("blank", released)):
        target = course / "submitted" / student / "ps1"
        target.mkdir(parents=True)
        shutil.copy(source, target / name)
        (target / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC")
    _nbgrader(course, "autograde", "ps1", "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        solved = gradebook.find_submission("ps1", "solved")
        blank = gradebook.find_submission("ps1", "blank")
        assert solved.max_score == nbtools.count_exercises(read(ROOT / "notebooks" / name))
        assert solved.score == solved.max_score
        assert blank.score == 0


def test_release_of_some_notebooks_keeps_the_other_student_copies_and_table_rows(tmp_path, monkeypatch):
    # make student NOTEBOOKS=…처럼 일부만 내보내도 다른 노트북의 학생용 사본과 README·안내 표의 줄이 남아야 합니다.
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    names = ["00_getting_started.ipynb", "01_convolution.ipynb"]
    for name in names:
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    shutil.copy(colab.README, tmp_path / "README.md")
    shutil.copy(colab.GUIDE, notebooks / "README.md")
    monkeypatch.setattr(colab, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(colab, "README", tmp_path / "README.md")
    monkeypatch.setattr(colab, "GUIDE", notebooks / "README.md")

    def table(path):
        return path.read_text(encoding="utf-8").split("자동 생성 시작")[1].split("자동 생성 끝")[0]

    grading.release([notebooks / name for name in names])
    grading.release([notebooks / names[0]])
    assert sorted(p.name for p in (notebooks / "student").glob("*.ipynb")) == names
    for name in names:
        assert colab.colab_url(f"notebooks/student/{name}") in table(tmp_path / "README.md")
        assert f"]({name})" in table(notebooks / "README.md")

    (notebooks / names[1]).unlink()  # 해답 노트북이 없어지면 그 학생용 사본과 표의 줄도 없어짐
    grading.release([notebooks / names[0]])
    assert [p.name for p in (notebooks / "student").glob("*.ipynb")] == [names[0]]
    assert names[1] not in table(tmp_path / "README.md") and names[1] not in table(notebooks / "README.md")


def test_release_rewrites_every_address_from_pyproject(tmp_path, monkeypatch):
    """make student는 머리 셀의 Colab 링크와 설치 셀의 주소·태그를 모두 pyproject.toml 한 곳에서 다시 씁니다."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    name = "00_getting_started.ipynb"
    shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    shutil.copy(colab.README, tmp_path / "README.md")
    shutil.copy(colab.GUIDE, notebooks / "README.md")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    old_url, old_ref = nbtools.repository_url(), nbtools.release_ref()
    new_url, new_ref = "https://github.com/example-org/other-course", "v9.8.7"
    (tmp_path / "pyproject.toml").write_text(
        pyproject.replace(old_url, new_url).replace(f'release-ref = "{old_ref}"', f'release-ref = "{new_ref}"'),
        encoding="utf-8",
    )
    for module in (colab, nbtools):
        monkeypatch.setattr(module, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(colab, "README", tmp_path / "README.md")
    monkeypatch.setattr(colab, "GUIDE", notebooks / "README.md")
    assert nbtools.repository_url() == new_url and nbtools.release_ref() == new_ref

    grading.release([notebooks / name])
    for path in (notebooks / name, notebooks / "student" / name):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(cell.source for cell in nb.cells)
        assert f"git+{new_url}@{new_ref}" in text and old_url not in text, path
        assert colab.colab_url(f"notebooks/{'student/' if 'student' in str(path) else ''}{name}") in nb.cells[0].source
        if "student" not in str(path):  # 해답 노트북은 위생 검사(첫 코드 셀 = 설치 셀)도 통과
            assert nbtools.hygiene_problems(nb, path.name) == [], path
    assert "example-org/other-course" in (tmp_path / "README.md").read_text(encoding="utf-8")
