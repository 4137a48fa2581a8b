"""강좌 노트북 관리 도구: 깨끗하게 저장하기, 위생 검사, 출력 검사 셀의 기대 출력 갱신.

노트북은 출력 없이 커밋합니다. 예외는 nbval이 출력을 비교하는 셀(소스에
``# NBVAL_CHECK_OUTPUT`` 줄이 있는 셀)로, 이 셀들은 기대 출력(표준 출력과 결과 값만,
표준 오류는 제외)을 저장해 둡니다. 명령::

    python -m course_tools.nbtools refresh notebooks/01_convolution.ipynb  # 실행 후 기대 출력 저장
    python -m course_tools.nbtools clean notebooks/*.ipynb                 # 출력 지우기(검사 셀 제외)
    python -m course_tools.nbtools check notebooks/*.ipynb                 # 위생 검사
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
CHECK_TAG = "nbval-check-output"
SELF_CHECK_MARKER = "# 자가 점검"
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
REPO_ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "widgets", "ExecuteTime")


def exercise_prompt_index(cells, solution_index: int) -> int | None:
    """해답 셀(``solution_index``)의 문제 설명 셀 번호: 바로 앞의 마크다운 셀. 그 사이의 준비 코드 셀(해답도 자가 점검도
    아닌 셀)은 건너뜁니다. 앞 연습문제의 셀에 닿거나 설명이 없으면 ``None``.
    """
    index = solution_index - 1
    while index >= 0:
        cell = cells[index]
        if cell.get("cell_type") == "markdown":
            return index
        source = cell.get("source", "")
        if BEGIN_SOLUTION in source or SELF_CHECK_MARKER in source:
            return None
        index -= 1
    return None


def is_output_checked(cell) -> bool:
    """nbval이 출력을 비교하는 코드 셀인가(``# NBVAL_CHECK_OUTPUT`` 줄 또는 태그)."""
    if cell.get("cell_type") != "code":
        return False
    lines = [line.strip() for line in cell.get("source", "").splitlines()]
    return CHECK_MARKER in lines or CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def _course_config(pyproject: Path | None = None) -> dict:
    import tomllib

    with open(pyproject or REPO_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def repository_url(pyproject: Path | None = None) -> str:
    """``pyproject.toml`` 의 ``[project.urls] Repository`` (강좌 저장소 주소, 한 곳에만 적음)."""
    return _course_config(pyproject)["project"]["urls"]["Repository"]


def release_ref(pyproject: Path | None = None) -> str:
    """``pyproject.toml`` 의 ``[tool.course] release-ref``: 학습자가 설치하고 Colab 링크가 여는 태그(예: ``v0.1.0``)."""
    ref = _course_config(pyproject).get("tool", {}).get("course", {}).get("release-ref", "")
    if not ref or any(ch.isspace() for ch in ref) or "@" in ref:
        raise ValueError(f"pyproject.toml의 [tool.course] release-ref가 올바른 git 태그가 아닙니다: {ref!r}")
    return ref


#: ``setup_notebook`` 을 부르는 줄. 모드 전환을 눈에 보이게 둡니다(make가 없는 Windows 학습자도 바꿀 수 있게).
SETUP_LINE = (
    "course_utils.setup_notebook(quick=None)  # True: 빠른 모드, False: 전체 모드, None: 환경 변수(COURSE_QUICK)를 따름"
)


def colab_install_source(url: str | None = None, ref: str | None = None) -> str:
    """모든 노트북의 첫 코드 셀: Colab에서 강좌 패키지가 없을 때만 설치하고, 실패하면 한국어 오류로 멈춥니다.

    * 주소와 ref는 ``pyproject.toml`` 한 곳에서 옵니다(``repository_url()``, ``release_ref()``).
    * Colab에 깔린 TensorFlow·Keras·NumPy는 그 버전 그대로 pip 제약(constraints) 파일에 적어, 다시 설치하거나
      낮추지 않습니다. 그 버전으로는 요구 사항을 맞출 수 없으면 pip가 아무것도 바꾸지 않고 실패하고, 셀이 그 사실을
      알리는 오류를 냅니다(런타임이 반쯤 바뀐 채로 남지 않음).
    * ``%pip`` 는 실패해도 예외를 내지 않으므로 ``subprocess`` 로 pip를 부르고 종료 코드와 import 가능 여부를 확인합니다.
    * 새로 설치한 패키지는 재시작 없이 import됩니다(한글 글꼴은 ``korean_font`` 가 파일 경로로 등록).
    """
    source = f"git+{url or repository_url()}@{ref or release_ref()}"
    return (
        "# 강좌 패키지(course_utils) 설치: Colab에서만 하고, 로컬(make lab, conda, Binder)에서는 아무 일도 하지 않습니다.\n"
        "import importlib.metadata, importlib.util, subprocess, sys, tempfile\n"
        'if "google.colab" in sys.modules and importlib.util.find_spec("course_utils") is None:\n'
        f'    source = "{source}"\n'
        "    keep = []  # Colab에 깔린 TensorFlow·Keras·NumPy는 그 버전 그대로 둡니다(다시 설치하거나 낮추지 않음)\n"
        '    for name in ("tensorflow", "keras", "numpy"):\n'
        "        try:\n"
        '            keep.append(f"{name}=={importlib.metadata.version(name)}")\n'
        "        except importlib.metadata.PackageNotFoundError:\n"
        "            pass\n"
        '    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as pins:\n'
        '        pins.write("\\n".join(keep))\n'
        '    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-c", pins.name,\n'
        '                          f"cnn-course-utils @ {source}"], capture_output=True, text=True)\n'
        "    importlib.invalidate_caches()\n"
        '    if pip.returncode != 0 or importlib.util.find_spec("course_utils") is None:\n'
        "        raise RuntimeError(\n"
        '            f"강좌 패키지를 설치하지 못했습니다.\\n시도한 주소: {source}\\n"\n'
        "            f\"그대로 둔 Colab 패키지: {', '.join(keep) or '없음'}\\n\"\n"
        '            f"pip 메시지(끝부분):\\n{(pip.stderr + pip.stdout)[-1500:]}\\n"\n'
        '            "할 일: ① [런타임] → [런타임 연결 해제 및 삭제]를 누르고 이 셀부터 다시 실행하세요. "\n'
        '            "② 그래도 같으면 이 메시지 전체를 강사에게 보내세요. pip 메시지에 conflict(충돌)가 보이면 이 Colab의 "\n'
        '            "TensorFlow/Keras가 강좌가 요구하는 버전과 맞지 않는 것이고, git 오류(not found, did not run "\n'
        '            "successfully)가 보이면 저장소 주소가 틀렸거나 아직 공개되지 않은 것입니다.")'
    )


#: 설치 셀의 첫 줄(이 줄로 시작하는 코드 셀을 설치 셀로 알아봄).
INSTALL_CELL_FIRST_LINE = "# 강좌 패키지(course_utils) 설치:"


def apply_install_cell(nb) -> None:
    """노트북의 첫 코드 셀을 :func:`colab_install_source` (pyproject의 주소·ref)로 씁니다(제자리).

    첫 코드 셀이 설치 셀(:data:`INSTALL_CELL_FIRST_LINE` 로 시작)이면 그 내용을 바꾸고, 아니면 첫 코드 셀 앞에 새로 넣습니다.
    """
    import nbformat

    source = colab_install_source()
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("source", "").startswith(INSTALL_CELL_FIRST_LINE):
            cell["source"] = source
        else:
            nb.cells.insert(index, nbformat.v4.new_code_cell(source))
        return
    nb.cells.append(nbformat.v4.new_code_cell(source))


def clean_notebook(nb) -> None:
    """노트북을 제자리에서 정리: 출력 검사 셀 밖의 출력, 실행 번호, 위젯·실행 메타데이터 제거.

    출력 검사 셀에는 표준 오류 스트림을 뺀 출력만 남기고(이어지는 표준 출력 조각은 하나로 합침), 실행 번호는 검사 셀끼리의 순번으로
    매깁니다(nbval은 실행 번호가 없는 셀의 저장된 출력을 "실행되지 않은 셀"로 보고 거부함).
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    checked = 0
    for cell in nb.cells:
        for key in _VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        cell["execution_count"] = None
        kept = []
        if is_output_checked(cell):
            checked += 1
            cell["execution_count"] = checked
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = None
                previous = kept[-1] if kept else None
                if (
                    previous is not None
                    and output.get("output_type") == "stream"
                    and previous.get("output_type") == "stream"
                    and previous.get("name") == output.get("name")
                ):
                    # 같은 스트림 조각은 합칩니다(실행마다 나뉘는 위치가 달라도 저장 결과는 같게).
                    previous["text"] = previous["text"] + output["text"]
                    continue
                kept.append(output)
        cell["outputs"] = kept


def hygiene_problems(nb, name: str = "notebook") -> list[str]:
    """커밋된 노트북이 강좌 규칙을 어기는 곳의 목록(빈 목록이면 통과)."""
    problems = []
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append(f"{name}: kernelspec 이름이 python3가 아닙니다")
    if "widgets" in nb.metadata:
        problems.append(f"{name}: 위젯 메타데이터가 남아 있습니다")
    code_sources = []
    for index, cell in enumerate(nb.cells):
        where = f"{name} 셀 {index}"
        if "widgets" in cell.get("metadata", {}):
            problems.append(f"{where}: 위젯 메타데이터가 남아 있습니다")
        if cell.get("cell_type") != "code":
            continue
        code_sources.append(cell.get("source", ""))
        if cell.get("execution_count") is not None and not is_output_checked(cell):
            problems.append(f"{where}: 실행 번호가 남아 있습니다(출력 검사 셀만 가질 수 있음)")
        outputs = cell.get("outputs", [])
        if outputs and not is_output_checked(cell):
            problems.append(f"{where}: 출력 검사 셀이 아닌데 출력이 저장되어 있습니다")
        for output in outputs:
            if output.get("execution_count") is not None:
                problems.append(f"{where}: 출력에 실행 번호가 남아 있습니다")
            if output.get("name") == "stderr":
                problems.append(f"{where}: 표준 오류 출력이 저장되어 있습니다")
            if output.get("output_type") == "error":
                problems.append(f"{where}: 오류 출력이 저장되어 있습니다")
        if is_output_checked(cell) and not outputs:
            problems.append(f"{where}: 출력 검사 셀인데 기대 출력이 없습니다(refresh 필요)")
    everything = "\n".join(code_sources)
    if "import course_utils" not in everything and "from course_utils" not in everything:
        problems.append(f"{name}: course_utils를 import하지 않습니다")
    if SETUP_LINE not in (line.strip() for source in code_sources for line in source.splitlines()):
        problems.append(f"{name}: 모드 전환이 보이는 준비 줄이 없습니다. 이 줄을 그대로 쓰세요: {SETUP_LINE}")
    tensorflow_import = re.compile(r"^\s*(import|from)\s+(keras|tensorflow)\b")
    for line in (line.strip() for source in code_sources for line in source.splitlines()):
        if line == SETUP_LINE:
            break
        if tensorflow_import.match(line):
            problems.append(
                f"{name}: keras/tensorflow를 준비 줄보다 먼저 import합니다. 준비 줄(setup_notebook)이 TensorFlow를 처음 "
                "불러오기 전에 로그 설정을 하므로, 준비 셀을 import 셀보다 위에 두세요."
            )
            break
    if not code_sources or code_sources[0] != colab_install_source():
        problems.append(f"{name}: 첫 코드 셀이 Colab 설치 셀(nbtools.colab_install_source())과 다릅니다")
    return problems


def gfm_parser():
    """JupyterLab·GitHub처럼(GFM) 마크다운을 읽는 markdown-it 파서.

    CommonMark에 GFM의 확장을 더합니다: 표, 물결표 하나(``~``)와 둘(``~~``)의 취소선, 확장 자동 링크
    (``www.``, ``http://``, 전자 우편 주소 ``이름@도메인.끝`` → ``mailto:`` 링크), 그리고 JupyterLab·Colab·GitHub가
    마크다운보다 먼저 떼어 내는 수식(``$…$``, ``$$…$$``). JupyterLab의 렌더러(marked, GFM 모드)와 GitHub(cmark-gfm)이
    이 규칙을 따르므로, ``0~255에서 −124~151`` 은 가운데가 취소선이 되고 ``mAP@0.5`` 는 전자 우편 링크가 됩니다.
    실제 JupyterLab의 결과는 ``tests/test_browser_jupyterlab.py`` 가 브라우저에서 다시 확인합니다.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.gfm import gfm_plugin

    return MarkdownIt("commonmark").use(gfm_plugin, dollarmath=True)


def myst_math_parser():
    """강좌 사이트(MyST, ``site/conf.py`` 의 ``dollarmath``)가 수식을 읽는 방식의 markdown-it 파서.

    MyST의 기본값(``myst_dmath_double_inline = False``)에서 ``$$…$$`` 는 블록의 맨 앞, 즉 앞에 빈 줄이 있을 때만
    가운데 수식이 됩니다. 문단 안(앞 줄에 글이 이어짐)의 ``$$`` 는 JupyterLab·GitHub에서는 수식으로 보여도 사이트에서는
    ``$`` 글자 사이의 한 줄 수식으로 깨집니다.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return (
        MarkdownIt("commonmark")
        .enable("table")
        .use(dollarmath_plugin, allow_labels=True, allow_space=True, allow_digits=True, double_inline=False)
    )


def _display_math_inside_paragraph(children) -> bool:
    """MyST로 읽은 인라인 조각에 문단 안의 ``$$`` 가 있는지(코드 스팬 안은 제외).

    MyST는 문단 안의 ``$$x$$`` 를 글자 ``$``, 한 줄 수식 ``x``, 글자 ``$`` 로 읽습니다.
    """
    for position, child in enumerate(children):
        if child.type == "text" and "$$" in child.content:
            return True
        if child.type == "math_inline":
            before = children[position - 1] if position else None
            after = children[position + 1] if position + 1 < len(children) else None
            if (before is not None and before.type == "text" and before.content.endswith("$")) or (
                after is not None and after.type == "text" and after.content.startswith("$")
            ):
                return True
    return False


def rendering_problems(nb, name: str = "notebook") -> list[str]:
    """마크다운 셀을 JupyterLab·GitHub처럼(GFM, :func:`gfm_parser`) 그렸을 때 글과 다르게 보이는 곳.

    * **강조 표시가 글자로 남음**: CommonMark에서는 닫는 ``**`` 가 문장 부호(``)``, 백틱 등) 뒤에 있고 바로 한글이
      이어지면 닫히지 않습니다. 그래서 ``**커널(kernel)**은`` 은 별표가 그대로 보이고, ``**커널**(kernel)은`` 으로 써야
      합니다. ``*커널(kernel)*은`` 처럼 별표 하나(기울임)도 같습니다. 코드 스팬·코드 블록·수식 안의 별표와 밑줄은 글자
      그대로가 맞으므로 보지 않고, 낱말 안의 밑줄(``train_images``)은 강조가 아니므로 괜찮습니다.
    * **취소선**: GFM은 물결표 한두 개 사이를 취소선으로 그립니다(``0~255에서 약 −124~151``). 범위는 ``0–255`` 처럼
      줄표(–, en dash)로 씁니다. 취소선이 생기지 않은 물결표 범위(``\\S~\\S``)도 같은 문단에 범위가 하나 더 생기는 순간
      취소선이 되므로 알려 줍니다.
    * **전자 우편 링크**: GFM은 ``mAP@0.5`` 처럼 ``@`` 양쪽에 글자가 있고 뒤에 점이 있으면 ``mailto:`` 링크로 바꿉니다.
      코드 스팬(`` `mAP@0.5` ``)으로 씁니다.
    * 셀에 직접 쓴 ``<del>``, ``<s>`` 태그와 ``mailto:`` 링크.
    * **문단 안의 가운데 수식**: 강좌 사이트(MyST, :func:`myst_math_parser`)는 앞에 빈 줄이 없는 ``$$…$$`` 를 가운데
      수식으로 읽지 않습니다(JupyterLab·GitHub에서는 보여도 사이트에서 깨짐). ``$$…$$`` 앞뒤에 빈 줄을 둡니다.

    문제마다 노트북 이름과 셀 번호(0부터)를 적습니다.
    """
    math = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
    leftover_underscore = re.compile(r"(^|\s)_+\S|\S_+(\s|$)")
    tilde_range = re.compile(r"\S~+\S")
    strike_tag = re.compile(r"<\s*/?\s*(del|s|strike)\b", re.I)

    parser = gfm_parser()
    myst = myst_math_parser()
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "markdown":
            continue
        where = f"{name} 셀 {index}"
        for token in myst.parse(cell.get("source", "")):
            if token.type == "inline" and _display_math_inside_paragraph(token.children or []):
                problems.append(
                    f"{where}: 문단 안의 $$ 수식은 강좌 사이트(MyST)에서 가운데 수식이 되지 않습니다. "
                    f"$$…$$ 앞뒤에 빈 줄을 두세요: {token.content.strip()[:60]!r}"
                )
        for token in parser.parse(cell.get("source", "")):
            if token.type != "inline":
                if token.type == "html_block" and strike_tag.search(token.content):
                    problems.append(f"{where}: 취소선 태그가 있습니다: {token.content.strip()[:60]!r}")
                continue
            children = token.children or []
            for position, child in enumerate(children):
                if child.type == "text":
                    text = math.sub("", child.content)
                    if "*" in text or leftover_underscore.search(text):
                        problems.append(f"{where}: 강조 표시가 그대로 보입니다: {child.content.strip()[:60]!r}")
                    if tilde_range.search(text):
                        problems.append(
                            f"{where}: 물결표(~) 범위는 같은 문단의 다른 물결표와 짝을 지어 취소선이 됩니다. "
                            f"0–255처럼 줄표(–)로 쓰세요: {child.content.strip()[:60]!r}"
                        )
                elif child.type == "s_open":
                    struck = ""
                    for following in children[position + 1 :]:
                        if following.type == "s_close":
                            break
                        struck += following.content
                    problems.append(
                        f"{where}: 취소선으로 그려집니다(물결표 {child.markup!r} 짝). 범위는 0–255처럼 줄표(–)로 쓰세요: "
                        f"{struck.strip()[:60]!r}"
                    )
                elif child.type == "link_open" and child.attrs.get("href", "").startswith("mailto:"):
                    problems.append(
                        f"{where}: 전자 우편(mailto:) 링크로 그려집니다: {child.attrs['href'][7:]!r}. "
                        "mAP@0.5 같은 표기는 코드 스팬(`mAP@0.5`)으로 쓰세요."
                    )
                elif child.type == "html_inline" and strike_tag.search(child.content):
                    problems.append(f"{where}: 취소선 태그가 있습니다: {child.content!r}")
    return problems


def exercise_problems(nb, name: str = "notebook") -> list[str]:
    """연습문제 규칙 검사: 해답은 nbgrader 표시 사이에, 바로 다음 코드 셀은 자가 점검(assert)."""
    problems = []
    cells = nb.cells
    for index, cell in enumerate(cells):
        source = cell.get("source", "")
        if cell.get("cell_type") != "code":
            if "BEGIN SOLUTION" in source or "END SOLUTION" in source:
                problems.append(f"{name} 셀 {index}: 설명 셀에 해답 표시 문구가 있으면 nbgrader가 해답으로 오해합니다")
            continue
        if BEGIN_SOLUTION not in source:
            continue
        if source.count(BEGIN_SOLUTION) != source.count(END_SOLUTION):
            problems.append(f"{name} 셀 {index}: BEGIN/END SOLUTION 표시의 짝이 맞지 않습니다")
        following = next((c for c in cells[index + 1 :] if c.get("cell_type") == "code"), None)
        if (
            following is None
            or SELF_CHECK_MARKER not in following.get("source", "")
            or "assert" not in following.get("source", "")
        ):
            problems.append(
                f"{name} 셀 {index}: 해답 셀 다음 코드 셀이 자가 점검(`{SELF_CHECK_MARKER}` + assert)이 아닙니다"
            )
    return problems


def count_exercises(nb) -> int:
    """해답 표시(``### BEGIN SOLUTION``)가 있는 코드 셀의 수."""
    return sum(1 for c in nb.cells if c.get("cell_type") == "code" and BEGIN_SOLUTION in c.get("source", ""))


def execute_notebook(
    path: Path,
    quick: bool = True,
    timeout: int = 1200,
    allow_errors: bool = False,
    env: dict | None = None,
    cwd: Path | None = None,
):
    """노트북을 현재 파이썬 환경의 커널로 실행한 ``NotebookNode`` (파일은 바꾸지 않음).

    Args:
        quick: 빠른 모드로 실행할지(``COURSE_QUICK``).
        timeout: 셀 하나의 제한 시간(초).
        allow_errors: 참이면 오류가 난 셀이 있어도 끝까지 실행하고 오류는 출력에 남깁니다.
        env: 커널에만 덧붙일 환경 변수(예: ``{"COURSE_RESULTS_FILE": ...}``). 이 프로세스의 ``os.environ`` 은
            바꾸지 않습니다(커널을 띄울 때 ``KernelManager.start_kernel(env=...)`` 로 넘김).
        cwd: 커널의 작업 폴더(기본: 노트북이 있는 폴더).
    """
    import os

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    kernel_env = {**os.environ, "COURSE_QUICK": "1" if quick else "0", **(env or {})}
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd or Path(path).parent)}},
    ).execute(env=kernel_env)
    return nb


def refresh(path: Path, quick: bool = True) -> None:
    """노트북을 실행해 출력 검사 셀의 기대 출력을 저장하고 나머지는 지운 뒤 덮어씁니다."""
    import nbformat

    nb = execute_notebook(Path(path), quick=quick)
    clean_notebook(nb)
    nbformat.write(nb, path)


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(prog="python -m course_tools.nbtools", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refresh", "clean", "check"])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        if args.command == "refresh":
            refresh(path)
            print(f"갱신: {path}")
        elif args.command == "clean":
            nb = nbformat.read(path, as_version=4)
            clean_notebook(nb)
            nbformat.write(nb, path)
            print(f"정리: {path}")
        else:
            nb = nbformat.read(path, as_version=4)
            problems = hygiene_problems(nb, path.name) + exercise_problems(nb, path.name)
            for problem in problems:
                print(problem)
            status = status or bool(problems)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
