"""커밋된 노트북의 위생과 강좌 규칙, 그리고 nbtools·nbval 하네스 자체."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from course_tools import nbtools

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_course_has_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_getting_started.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nbtools.hygiene_problems(nb, path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_structure_and_exercises(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "첫 셀은 제목이어야 합니다"
    for heading in ("학습 목표", "핵심 정리", "연습문제"):
        assert heading in markdown, f"{path.name}: '{heading}'가 없습니다"
    assert nbtools.exercise_problems(nb, path.name) == []
    # 연습문제 안내는 학생용 빈칸의 줄을 지우고 답을 쓰라고 알려 줍니다(빈칸: course_tools.grading.code_stub).
    assert 'raise NotImplementedError("연습 N: …")' in markdown, f"{path.name}: 연습문제 안내에 빈칸 줄 설명이 없습니다"
    minimum = 1 if path.name.startswith("00_") else 3
    assert nbtools.count_exercises(nb) >= minimum


STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize(
    "path", NOTEBOOKS + STUDENT_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix()
)
def test_markdown_renders_without_leftover_emphasis_markers(path):
    """모든 마크다운 셀을 JupyterLab·GitHub처럼(GFM) 그려, 닫히지 않은 ``**``, 취소선, mailto 링크가 없는지 봅니다."""
    nb = nbformat.read(path, as_version=4)
    assert nbtools.rendering_problems(nb, path.name) == []


def test_setup_line_must_run_before_keras_is_first_imported():
    """준비 줄이 TensorFlow를 처음 불러오기 전에 로그를 설정하므로, keras/tensorflow import가 그보다 먼저면 위생 검사가 실패."""
    setup = "import course_utils\n\n" + nbtools.SETUP_LINE

    def notebook(*sources):
        cells = [nbformat.v4.new_code_cell(nbtools.colab_install_source())]
        nb = nbformat.v4.new_notebook(cells=cells + [nbformat.v4.new_code_cell(s) for s in sources])
        nb.metadata["kernelspec"] = dict(nbtools.KERNELSPEC)
        return nb

    late = nbtools.hygiene_problems(notebook("import numpy as np\nimport keras\n\n" + setup), "late")
    assert any("준비 줄보다 먼저" in problem for problem in late), late
    other = nbtools.hygiene_problems(notebook("from tensorflow import data", setup), "other")
    assert any("준비 줄보다 먼저" in problem for problem in other), other
    assert nbtools.hygiene_problems(notebook(setup, "import keras\nimport tensorflow as tf"), "good") == []


def test_rendering_check_catches_the_korean_particle_case():
    """``**커널(kernel)**은`` 은 CommonMark에서 닫히지 않고, ``**커널**(kernel)은`` 은 닫힙니다."""
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("**커널(kernel)**은 작은 행렬입니다.")])
    good = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "**커널**(kernel)은 작은 행렬입니다. `a**2`와 ```x**y```는 코드입니다.\n\n```python\nx ** 2\n```"
            )
        ]
    )
    assert len(nbtools.rendering_problems(bad, "bad")) == 1
    assert "셀 0" in nbtools.rendering_problems(bad, "bad")[0]
    assert nbtools.rendering_problems(good, "good") == []


@pytest.mark.parametrize(
    "text, leftovers",
    [
        ("*커널(kernel)*은 작은 행렬입니다.", 1),  # 기울임 하나도 문장 부호 뒤 한글 앞에서 닫히지 않음
        ("__패딩(padding)__은 0을 덧붙입니다.", 1),
        ("_스트라이드(stride)_는 보폭입니다.", 1),
        ("*커널*(kernel)은 작은 행렬이고 **패딩**(padding)은 0입니다.", 0),
        ("`train_images`와 train_labels, 수식 $a_{ij} * b$, $$x_i * y_i$$는 강조가 아닙니다.", 0),
    ],
)
def test_rendering_check_catches_single_markers_but_not_math_or_words(text, leftovers):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    # 강조 표시 문제만 셉니다(문단 안의 $$는 사이트 수식 검사가 따로 알림: 아래 test_rendering_check_flags_display_math…).
    emphasis = [problem for problem in nbtools.rendering_problems(nb, "nb") if "강조 표시" in problem]
    assert len(emphasis) == leftovers, nbtools.rendering_problems(nb, "nb")


@pytest.mark.parametrize(
    "text, flagged",
    [
        # 10 연습 3에서 사이트(MyST)가 수식으로 그리지 못한 꼴: 앞 줄의 글에 이어 쓴 $$…$$
        ("부드러운 Dice는 장면마다\n$$1 - \\frac{2\\sum p\\,g + 1}{\\sum p + \\sum g + 1}$$\n입니다.", True),
        ("앞 문단\n$$\nx^2\n$$\n", True),  # 여러 줄로 쓴 가운데 수식도 같음
        ("문장 안의 $$x_i * y_i$$는 사이트에서 깨집니다.", True),
        ("- 목록 항목\n  $$x$$", True),
        # 앞에 빈 줄이 있으면 블록 수식(뒤의 빈 줄은 없어도 MyST가 수식 블록을 닫음)
        ("부드러운 Dice는 장면마다\n\n$$1 - \\frac{2\\sum p\\,g + 1}{\\sum p + \\sum g + 1}$$\n\n입니다.", False),
        ("앞 문단\n\n$$\nx^2\n$$\n뒤 문단", False),
        ("한 줄 수식 $x$와 $y$, 코드 `$$`와 `price$$`는 괜찮습니다.", False),
        ("```python\nprint('$$x$$')\n```", False),
    ],
)
def test_rendering_check_flags_display_math_inside_a_paragraph(text, flagged):
    """강좌 사이트(MyST)는 앞에 빈 줄이 없는 ``$$…$$`` 를 가운데 수식으로 읽지 않으므로 알리고, 빈 줄이 있으면 알리지 않습니다."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("첫 셀"), nbformat.v4.new_markdown_cell(text)])
    problems = nbtools.rendering_problems(nb, "math.ipynb")
    assert bool(problems) == flagged, problems
    if flagged:
        (problem,) = problems
        assert problem.startswith("math.ipynb 셀 1: ") and "빈 줄" in problem and "MyST" in problem


def test_myst_math_parser_reads_display_math_like_the_site():
    """검사의 바탕: 빈 줄 뒤의 $$…$$ 는 수식 블록, 문단 안의 $$…$$ 는 글자 $ 사이의 한 줄 수식(사이트에서 깨진 모양).

    같은 글을 사이트의 MyST 파서(``site/conf.py`` 의 확장 그대로)로도 읽어 토큰이 같은지 봅니다.
    """
    import ast

    md = nbtools.myst_math_parser()
    assert [t.type for t in md.parse("글\n\n$$x$$\n")] == ["paragraph_open", "inline", "paragraph_close", "math_block"]
    (inline,) = [t for t in md.parse("글\n$$x$$\n") if t.type == "inline"]
    assert [(c.type, c.content) for c in inline.children][-3:] == [("text", "$"), ("math_inline", "x"), ("text", "$")]

    parsers = pytest.importorskip(
        "myst_parser.parsers.mdit", reason="myst-parser가 없습니다(pip install -e '.[site]')."
    )
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig

    conf = ast.parse((ROOT / "site" / "conf.py").read_text(encoding="utf-8"))
    extensions = next(
        ast.literal_eval(node.value)
        for node in conf.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "myst_enable_extensions"
    )
    assert "dollarmath" in extensions
    site = parsers.create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)

    def tokens(parser, text):
        return [(t.type, [(c.type, c.content) for c in t.children or []]) for t in parser.parse(text)]

    samples = [
        "글\n$$x$$\n",
        "글\n\n$$x$$\n",
        "앞 문단\n$$\nx^2\n$$\n",
        "앞 문단\n\n$$\nx^2\n$$\n뒤 문단",
        "문장 안의 $$x_i * y_i$$와 $y$",
        "| a | b |\n|---|---|\n| $x$ | $$y$$ |",
    ]
    for text in samples:
        assert tokens(md, text) == tokens(site, text), text


@pytest.mark.parametrize(
    "text, expected",
    [
        # GFM(JupyterLab, GitHub)은 물결표 하나의 짝도 취소선으로 그림: "255에서 약 −124"에 줄이 그어짐
        ("값의 범위가 0~255에서 약 −124~151로 바뀝니다.", ["취소선", "255에서 약 −124"]),
        ("~~두 개~~의 물결표도 취소선입니다.", ["취소선", "두 개"]),
        ("사진은 0~255의 정수입니다.", ["물결표(~) 범위"]),  # 아직 짝이 없어도 다음 범위가 생기면 취소선
        ("탐지의 기준 mAP@0.5를 씁니다.", ["mailto", "mAP@0.5"]),  # GFM의 전자 우편 자동 링크
        ("`mAP@0.5`와 0–255, −1과 1 사이, `~/.keras`, $a~b$와 $c~d$는 그대로입니다.", []),
        ("<del>지운 글</del>과 <s>글</s>", ["취소선 태그", "<del>", "<s>"]),
        ("| 범위 | 값 |\n|---|---|\n| **커널(kernel)**은 | 1 |", ["강조 표시"]),  # 표 안도 GFM으로 그림
    ],
)
def test_rendering_check_uses_gfm_like_jupyterlab(text, expected):
    """JupyterLab·GitHub(GFM)에서만 생기는 취소선·전자 우편 링크도 찾고, 노트북 이름과 셀 번호를 적습니다."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("첫 셀은 괜찮습니다."), nbformat.v4.new_markdown_cell(text)]
    )
    problems = nbtools.rendering_problems(nb, "gfm.ipynb")
    assert bool(problems) == bool(expected), problems
    for problem in problems:
        assert problem.startswith("gfm.ipynb 셀 1: ")
    for word in expected:
        assert any(word in problem for problem in problems), (word, problems)


def test_gfm_parser_renders_like_github():
    """파서 자체: 물결표 하나·둘은 <s>, mAP@0.5는 mailto 링크, 수식 안의 물결표는 그대로, 표는 <table>."""
    md = nbtools.gfm_parser()
    assert "<s>255에서 약 −124</s>" in md.render("0~255에서 약 −124~151")
    assert "<s>a</s>" in md.render("~~a~~")
    assert 'href="mailto:mAP@0.5"' in md.render("mAP@0.5")
    assert "mailto" not in md.render("`mAP@0.5`")
    assert "<s>" not in md.render("$a~b$와 $c~d$")
    assert "<table>" in md.render("| a | b |\n|---|---|\n| 1 | 2 |")


def _calls(source: str, name: str):
    for match in re.finditer(rf"\.{name}\(", source):
        depth, i = 1, match.end()
        while depth and i < len(source):
            depth += {"(": 1, ")": -1}.get(source[i], 0)
            i += 1
        yield source[match.start() : i]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_training_logs_are_compact(path):
    """fit은 verbose=2(또는 0/콜백), predict/evaluate는 verbose=0: 단계별 진행 막대 없음."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for name in ("fit", "predict", "evaluate"):
            for call in _calls(cell.source, name):
                assert re.search(r"verbose\s*=", call), f"{path.name}: verbose 없는 호출 {call[:60]}..."


def _toy_notebook(check_output_text: str, extra_stderr: bool = False):
    code = "import sys\nprint('출력 검사')"
    if extra_stderr:
        code += "\nprint('경고: 버전마다 다름', file=sys.stderr)"
    cell = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\n" + code)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=check_output_text)]
    plain = nbformat.v4.new_code_cell("print('비교하지 않는 셀')")
    nb = nbformat.v4.new_notebook(cells=[cell, plain])
    nbtools.clean_notebook(nb)
    return nb


def test_clean_notebook_keeps_only_checked_outputs():
    nb = _toy_notebook("출력 검사\n")
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="지워질 출력")]
    nb.cells[1].execution_count = 5
    nb.cells[0].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="경고"))
    nb.metadata["widgets"] = {"state": {}}
    nbtools.clean_notebook(nb)
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None
    assert [o.get("name") for o in nb.cells[0].outputs] == ["stdout"]
    assert nb.cells[0].execution_count == 1
    assert "widgets" not in nb.metadata and nb.metadata.kernelspec.name == "python3"


def test_clean_notebook_merges_split_stdout_chunks():
    nb = _toy_notebook("출력 ")
    nb.cells[0].outputs += [
        nbformat.v4.new_output("stream", name="stderr", text="경고"),
        nbformat.v4.new_output("stream", name="stdout", text="검사\n"),
    ]
    nbtools.clean_notebook(nb)
    assert [(o.name, o.text) for o in nb.cells[0].outputs] == [("stdout", "출력 검사\n")]


def test_hygiene_check_reports_dirty_notebooks():
    nb = _toy_notebook("출력 검사\n")
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="남은 출력")]
    nb.metadata["widgets"] = {}
    problems = "\n".join(nbtools.hygiene_problems(nb, "toy"))
    for expected in ("출력 검사 셀이 아닌데", "위젯", "course_utils", "setup_notebook", "Colab"):
        assert expected in problems


def test_exercise_check_requires_a_self_check_after_each_solution():
    solution = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    good = nbformat.v4.new_notebook(cells=[solution, nbformat.v4.new_code_cell("# 자가 점검\nassert x == 1, '틀림'")])
    bad = nbformat.v4.new_notebook(cells=[solution, nbformat.v4.new_code_cell("print(x)")])
    assert nbtools.exercise_problems(good) == [] and nbtools.count_exercises(good) == 1
    assert nbtools.exercise_problems(bad)


def test_nbval_harness_compares_checked_output_but_not_stderr(tmp_path):
    """nbval 한 번 실행(노트북 세 개, 커널 세 개)으로 세 경우를 봅니다.

    ``hooked/`` 에는 저장소의 conftest.py(nbval의 ``skip_compare`` 에 stderr를 더하는 훅)가 있고 ``plain/`` 에는
    없습니다(conftest.py는 그 폴더 아래의 노트북에만 적용). 표준 오류를 더 낸 노트북은 훅이 있으면 통과하고
    없으면(대조군) 실패하며, 검사 셀의 표준 출력이 다르면 훅이 있어도 실패해야 합니다.
    """
    hooked, plain = tmp_path / "hooked", tmp_path / "plain"
    for folder in (hooked, plain):
        folder.mkdir()
    shutil.copy(ROOT / "conftest.py", hooked / "conftest.py")
    nbformat.write(_toy_notebook("출력 검사\n", extra_stderr=True), hooked / "stderr_ok.ipynb")
    nbformat.write(_toy_notebook("다른 출력\n"), hooked / "stdout_differs.ipynb")
    nbformat.write(_toy_notebook("출력 검사\n", extra_stderr=True), plain / "stderr_without_hook.ipynb")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env"]
        + ["-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), str(hooked), str(plain)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = sorted(line.split("::")[0] for line in run.stdout.splitlines() if line.startswith("FAILED "))
    assert failed == ["FAILED hooked/stdout_differs.ipynb", "FAILED plain/stderr_without_hook.ipynb"], (
        run.stdout + run.stderr
    )
    assert "2 failed, 4 passed" in run.stdout, run.stdout


def test_colab_cell_uses_the_single_repository_url_and_release_tag():
    url, ref = nbtools.repository_url(), nbtools.release_ref()
    source = nbtools.colab_install_source()
    assert url.startswith("https://") and f'"git+{url}@{ref}"' in source
    assert "google.colab" in source and "%pip" not in source  # %pip는 실패해도 예외를 내지 않음
    compile(source, "install-cell", "exec")


def test_colab_cell_follows_the_address_in_pyproject(tmp_path):
    """같은 문자열끼리 비교하지 않고, pyproject의 주소·태그가 설치 셀로 흘러가는지 확인합니다."""
    url = nbtools.repository_url()
    assert f'Repository = "{url}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    other = tmp_path / "pyproject.toml"
    other.write_text(
        '[project]\nname = "x"\n[project.urls]\nRepository = "https://example.org/other/repo"\n'
        '[tool.course]\nrelease-ref = "v9.9.9"\n',
        encoding="utf-8",
    )
    source = nbtools.colab_install_source(nbtools.repository_url(other), nbtools.release_ref(other))
    assert '"git+https://example.org/other/repo@v9.9.9"' in source
    assert "example.org" not in nbtools.colab_install_source()


def test_hygiene_check_requires_the_visible_mode_switch():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(nbtools.colab_install_source()),
            nbformat.v4.new_code_cell("import course_utils\n\ncourse_utils.setup_notebook()"),
        ]
    )
    nb.metadata["kernelspec"] = dict(nbtools.KERNELSPEC)
    assert any("모드 전환" in problem for problem in nbtools.hygiene_problems(nb, "toy"))
    nb.cells[1].source = "import course_utils\n\n" + nbtools.SETUP_LINE
    assert nbtools.hygiene_problems(nb, "toy") == []


def test_execute_notebook_sets_mode_and_env_only_in_the_kernel(tmp_path, monkeypatch):
    """모드와 env는 커널에만 넘깁니다: 실행하는 동안에도 이 프로세스의 os.environ은 그대로입니다."""
    from nbclient import NotebookClient

    monkeypatch.delenv("COURSE_QUICK", raising=False)
    monkeypatch.delenv("COURSE_RESULTS_FILE", raising=False)
    seen_while_starting = []
    original_start = NotebookClient.async_start_new_kernel

    async def watching_start(self, **kwargs):
        seen_while_starting.append({key: os.environ.get(key) for key in ("COURSE_QUICK", "COURSE_RESULTS_FILE")})
        return await original_start(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "async_start_new_kernel", watching_start)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import os\nprint(os.environ['COURSE_QUICK'], os.environ['COURSE_RESULTS_FILE'])"
            ),
            nbformat.v4.new_code_cell("raise RuntimeError('연습문제 빈칸')"),
            nbformat.v4.new_code_cell("print('계속 실행')"),
        ]
    )
    path = tmp_path / "toy.ipynb"
    nbformat.write(nb, path)
    done = nbtools.execute_notebook(path, quick=False, allow_errors=True, env={"COURSE_RESULTS_FILE": "결과.jsonl"})
    assert done.cells[0].outputs[0].text == "0 결과.jsonl\n"
    assert done.cells[1].outputs[0].ename == "RuntimeError"
    assert done.cells[2].outputs[0].text == "계속 실행\n"
    assert "COURSE_QUICK" not in os.environ and "COURSE_RESULTS_FILE" not in os.environ
    assert seen_while_starting == [{"COURSE_QUICK": None, "COURSE_RESULTS_FILE": None}]
    # allow_errors가 없으면 오류 셀에서 멈춤(전에는 pytest.raises(Exception)이라 첫 셀의 KeyError로도 통과했음)
    with pytest.raises(CellExecutionError, match="연습문제 빈칸"):
        nbtools.execute_notebook(path, quick=True, env={"COURSE_RESULTS_FILE": "결과.jsonl"})


def test_notebook_items_run_longest_notebook_first_and_keep_cell_order(tmp_path, monkeypatch):
    """루트 conftest.py가 노트북 항목을 빠른 모드 시간이 긴 노트북부터 놓고(잰 적 없는 노트북은 맨 앞), 셀 순서는 지킵니다."""
    import importlib.util
    import json
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    results = tmp_path / "results.json"
    results.write_text(
        json.dumps(
            {
                "quick": {
                    "01_a": {"seconds": 10.0},
                    "06_b": {"seconds": 86.0},
                    "07_c": {"seconds": 42.0, "error": "실패한 기록은 쓰지 않음"},
                }
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(root_conftest, "_RESULTS_JSON", results)
    items = [
        SimpleNamespace(path=Path(f"build/nbval/{name}.ipynb"), name=f"{name}::Cell {cell}")
        for name in ("01_a", "06_b", "07_c")
        for cell in range(3)
    ]
    root_conftest.pytest_collection_modifyitems(None, None, items)
    assert [item.name for item in items] == [
        f"{name}::Cell {cell}" for name in ("07_c", "06_b", "01_a") for cell in range(3)
    ]
    # 기록 파일이 없으면 순서를 바꾸지 않음
    monkeypatch.setattr(root_conftest, "_RESULTS_JSON", tmp_path / "none.json")
    shuffled = list(reversed(items))
    root_conftest.pytest_collection_modifyitems(None, None, shuffled)
    assert shuffled == list(reversed(items))
