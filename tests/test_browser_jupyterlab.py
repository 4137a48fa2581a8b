"""실제 JupyterLab(헤드리스 Chromium)에서 학습자가 보는 것을 확인합니다.

1. 모든 노트북(해답·학생용)의 마크다운을 JupyterLab이 그린 DOM에서 취소선(``<del>``, ``<s>``), ``mailto:`` 링크,
   글자로 남은 강조 표시(``*``, ``_``)를 찾습니다. 커널은 띄우지 않습니다. ``course_tools.nbtools.rendering_problems``
   (GFM 흉내)가 실제 렌더러와 같은 답을 내는지 확인하는 짝입니다.
2. 03 노트북을 빠른 모드로 모두 실행(Run All)하고 오류 출력 0개, 표준 오류(분홍색) 블록 0개인지 봅니다
   (TensorFlow 로그 필터 ``course_utils.tf_logs``).
3. JupyterLab과 그 커널이 사용자의 Jupyter 폴더(설정, 작업 공간, 실행 정보, IPython)에 아무것도 쓰지 않았는지 봅니다.

JupyterLab 서버는 ``tests/test_browser_explorer.py`` 와 함께 세션에 하나만 띄웁니다(``tests/conftest.py`` 의 ``jupyter_lab``).
화면은 ``/tmp/jupyterlab-markdown-range.png``, ``/tmp/jupyterlab-markdown-map.png``, ``/tmp/jupyterlab-run-all.png`` 에도
저장합니다.
"""

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from lab_server import CHROMIUM, LAUNCH_ARGS, snapshot

pytestmark = pytest.mark.e2e  # make test의 e2e 단계(실제 JupyterLab과 브라우저)

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))
RUN_ALL_NOTEBOOK = "03_pooling.ipynb"  # 학습(fit)과 예측이 있는 작은 수업 노트북(빠른 모드 약 10초)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
LEFTOVER_UNDERSCORE = re.compile(r"(^|\s)_+\S|\S_+(\s|$)")

# 마크다운 셀마다: 취소선 글, mailto 링크, 코드·수식 밖의 글(강조 표시가 남았는지 볼 것)
_SCAN_MARKDOWN = """() => [...document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')].map(cell => {
    const md = cell.querySelector('.jp-RenderedMarkdown');
    if (!md) return null;
    const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest('code, pre, mjx-container, .MathJax, script, style')) texts.push(node.textContent);
    }
    return {
        struck: [...md.querySelectorAll('del, s, strike')].map(e => e.textContent),
        mailto: [...md.querySelectorAll('a[href^="mailto:"]')].map(a => a.getAttribute('href')),
        text: texts.join(''),
    };
})"""

# 지금 노트북의 모든 출력(nbformat 모양)과 커널 상태
_NOTEBOOK_OUTPUTS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.model.cells;
    const result = [];
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type === 'code') result.push({index: i, count: cell.executionCount, outputs: cell.outputs.toJSON()});
    }
    return result;
}"""


def _browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)


def _markdown_cells():
    """모든 노트북(해답·학생용)의 마크다운 셀을 한 노트북에 모읍니다(같은 글은 한 번만). 셀마다 그 글이 있는 곳들.

    학생용 사본의 마크다운은 머리 셀 말고는 해답 노트북과 같으므로, 같은 글을 한 번만 그려 시간을 줄입니다.
    """
    places: dict[str, list[str]] = {}
    for path in SOLUTIONS + STUDENTS:
        name = path.relative_to(ROOT / "notebooks").as_posix()
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                places.setdefault(cell.source, []).append(f"{name} 셀 {index}")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source) for source in places])
    nb.metadata = {}  # 커널 정보가 없으면 JupyterLab은 커널을 띄우지 않고 고르라고만 함(마크다운만 그림)
    return nb, [", ".join(where) for where in places.values()]


def test_every_notebook_renders_in_jupyterlab_without_strikethrough_mailto_or_markers(jupyter_lab):
    from playwright.sync_api import sync_playwright

    nb, where = _markdown_cells()
    name = "모든_마크다운.ipynb"
    nbformat.write(nb, jupyter_lab.root / name)
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(jupyter_lab.notebook_url(name))
            rendered = page.locator(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown")
            rendered.first.wait_for()
            deadline = time.monotonic() + 120
            while rendered.count() < len(where) and time.monotonic() < deadline:
                time.sleep(0.5)
            scanned = page.evaluate(_SCAN_MARKDOWN)
            assert len(scanned) == len(where) and all(scanned), "JupyterLab이 모든 마크다운 셀을 그리지 않았습니다"
            sessions = jupyter_lab.api("sessions")
            assert not any(s["path"].endswith(name) for s in sessions), "마크다운 검사에는 커널이 필요 없습니다"
            problems = []
            for place, cell in zip(where, scanned):
                problems += [f"{place}: 취소선 {text[:60]!r}" for text in cell["struck"]]
                problems += [f"{place}: 전자 우편 링크 {href!r}" for href in cell["mailto"]]
                text = MATH.sub("", cell["text"])
                if "*" in text or LEFTOVER_UNDERSCORE.search(text):
                    problems.append(f"{place}: 강조 표시가 글자로 남음 {text.strip()[:80]!r}")
            # 화면 확인용(사람이 봄): 커널 고르기 창을 닫고, 범위(0–255)와 `mAP@0.5`가 있는 셀을 찍음
            if page.locator(".jp-Dialog").count():
                page.keyboard.press("Escape")  # 커널 고르기 창 닫기(= 커널 없이)
                page.locator(".jp-Dialog").first.wait_for(state="detached")
            for word, file in (("−124부터 151까지", "markdown-range.png"), ("`mAP@0.5`로", "markdown-map.png")):
                target = next(i for i, cell in enumerate(nb.cells) if word in cell.source)
                page.locator(".jp-Notebook .jp-MarkdownCell").nth(target).scroll_into_view_if_needed()
                page.wait_for_timeout(300)
                page.screenshot(path=str(jupyter_lab.root.parent / file))
                shutil.copy(jupyter_lab.root.parent / file, f"/tmp/jupyterlab-{file}")
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)


def test_run_all_of_a_lesson_notebook_shows_no_errors_and_no_stderr_blocks(jupyter_lab):
    from playwright.sync_api import sync_playwright

    shutil.copy(ROOT / "notebooks" / RUN_ALL_NOTEBOOK, jupyter_lab.root / RUN_ALL_NOTEBOOK)
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(300_000)
            page.goto(jupyter_lab.notebook_url(RUN_ALL_NOTEBOOK))
            page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
            page.wait_for_function(
                "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'"
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                """() => {
                    const panel = window.jupyterapp.shell.currentWidget;
                    const cells = panel.content.model.cells;
                    for (let i = 0; i < cells.length; i++) {
                        const cell = cells.get(i);
                        if (cell.type === 'code' && cell.executionCount === null) return false;
                    }
                    return panel.sessionContext.session.kernel.status === 'idle';
                }""",
                polling=1000,
            )
            cells = page.evaluate(_NOTEBOOK_OUTPUTS)
            shown_stderr = page.locator(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
            ).count()
            last = page.locator(".jp-Notebook .jp-CodeCell").last
            last.scroll_into_view_if_needed()
            page.screenshot(path=str(jupyter_lab.root.parent / "run-all.png"))
            shutil.copy(jupyter_lab.root.parent / "run-all.png", "/tmp/jupyterlab-run-all.png")
            for session in jupyter_lab.api("sessions"):  # TensorFlow 커널의 메모리를 바로 돌려줌
                jupyter_lab.api(f"sessions/{session['id']}", method="DELETE")
        finally:
            browser.close()
    errors = [
        (c["index"], o.get("ename"), o.get("evalue"))
        for c in cells
        for o in c["outputs"]
        if o["output_type"] == "error"
    ]
    stderr = [
        (c["index"], o["text"][:300])
        for c in cells
        for o in c["outputs"]
        if o["output_type"] == "stream" and o["name"] == "stderr"
    ]
    assert all(c["count"] is not None for c in cells), "실행되지 않은 셀이 있습니다"
    assert errors == [], errors
    assert stderr == [] and shown_stderr == 0, stderr


def _workspace_names(folder: Path, name: str) -> bool:
    """``folder`` 아래 작업 공간 파일 중 하나에 노트북 ``name`` 이 들어 있는지."""
    return folder.exists() and any(
        name in path.read_text(encoding="utf-8", errors="ignore") for path in folder.rglob("*") if path.is_file()
    )


def test_jupyterlab_tests_leave_the_users_jupyter_folders_untouched(jupyter_lab):
    """서버의 작업 공간·설정·실행 정보와 커널의 연결 파일·IPython 기록이 임시 폴더에만 쓰이고, 사용자의 폴더는 그대로입니다.

    사용자 폴더의 모습은 서버를 띄우기 전에 찍어 두었고(앞선 브라우저 테스트들이 한 일도 함께 봄), 이 테스트는 노트북을 열어
    작업 공간을 저장하게 하고 코드 셀 하나를 실행해 커널이 어느 폴더를 쓰는지 직접 묻습니다.
    """
    from playwright.sync_api import expect, sync_playwright

    name = "작업_공간_확인.ipynb"
    probe = "import os, IPython\nprint(IPython.get_ipython().profile_dir.location)\nprint(os.environ['JUPYTER_RUNTIME_DIR'])"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, jupyter_lab.root / name)
    workspaces = jupyter_lab.isolated["workspaces"]
    before_workspace = snapshot({"w": workspaces})
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.set_default_timeout(180_000)
            page.goto(jupyter_lab.notebook_url(name))  # 노트북을 열면 JupyterLab이 작업 공간을 저장함
            page.wait_for_function(
                "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'"
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            output = page.locator(".jp-Notebook .jp-CodeCell .jp-OutputArea-output").first
            expect(output).to_contain_text(str(jupyter_lab.isolated["runtime"]), timeout=180_000)
            kernel_dirs = output.inner_text().split()
            session = next(s for s in jupyter_lab.api("sessions") if s["path"].endswith(name))
            # JupyterLab은 작업 공간을 여러 번 나눠 저장합니다(처음 저장에는 연 노트북이 아직 없을 수 있음):
            # 연 노트북이 들어간 저장을 기다립니다(아래 assert가 같은 조건을 확인).
            deadline = time.monotonic() + 60
            while not _workspace_names(workspaces, name) and time.monotonic() < deadline:
                time.sleep(0.5)
            connection = f"kernel-{session['kernel']['id']}.json"
            assert (jupyter_lab.isolated["runtime"] / connection).exists()
            assert not (jupyter_lab.user_dirs["runtime"] / connection).exists()
            jupyter_lab.api(f"sessions/{session['id']}", method="DELETE")
        finally:
            browser.close()
    # 커널의 IPython 폴더(기록 history.sqlite)와 실행 정보 폴더가 임시 폴더
    assert kernel_dirs == [
        str(jupyter_lab.isolated["ipython"] / "profile_default"),
        str(jupyter_lab.isolated["runtime"]),
    ]
    assert (jupyter_lab.isolated["ipython"] / "profile_default" / "history.sqlite").exists()
    saved = snapshot({"w": workspaces})
    assert saved != before_workspace, "JupyterLab이 작업 공간을 저장하지 않았습니다(확인할 수 없음)"
    assert any(name in Path(path).read_text(encoding="utf-8") for path in saved), "작업 공간에 연 노트북이 없습니다"
    server_info = f"jpserver-{jupyter_lab.process.pid}.json"
    assert (jupyter_lab.isolated["runtime"] / server_info).exists()
    assert not (jupyter_lab.user_dirs["runtime"] / server_info).exists()
    # 사용자 폴더 전체: 같은 컴퓨터의 다른 커널(nbval 등)이 언제든 쓰는 커널 연결 파일과 IPython 기록은 위에서
    # 이 서버의 커널에 대해 직접 확인했으므로 빼고, 나머지(설정·작업 공간·데이터·서버 정보)는 새로 생기거나 바뀐 것이 없어야 함.
    shared = re.compile(r"/kernel-[0-9a-f-]+\.json$|/history\.sqlite(-journal)?$")
    after = snapshot(jupyter_lab.user_dirs)
    changed = sorted(
        path
        for path, value in after.items()
        if jupyter_lab.user_files_before.get(path) != value and not shared.search(path)
    )
    assert changed == [], f"사용자의 Jupyter 폴더에 새로 생기거나 바뀐 파일: {changed}"
