"""실제 브라우저 테스트: JupyterLab에서 02 노트북의 패딩·스트라이드 탐색기를 실행하고 스트라이드 슬라이더를 움직입니다.

시스템 Chromium(Debian ``chromium`` 패키지, ``/usr/bin/chromium``)을 Playwright for Python으로 조종합니다
(``playwright install`` 로 내려받는 브라우저는 쓰지 않음). 한글 스크린숏에는 ``fonts-nanum`` 이 필요합니다.
``.ci/run`` 이 root일 때 둘을 apt로 설치합니다. Chromium이나 playwright가 없으면 이유를 적고 SKIPPED로 보고합니다.

스크린숏은 테스트의 임시 폴더와 ``/tmp/explorer-screenshot.png`` 에 저장합니다.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course_utils import sizes

pytestmark = pytest.mark.e2e  # make test의 e2e 단계(실제 JupyterLab과 브라우저)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_padding_and_stride.ipynb"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHARED_SCREENSHOT = Path("/tmp/explorer-screenshot.png")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab이 종료되었습니다(코드 {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab이 {timeout:.0f}초 안에 뜨지 않았습니다: {url}")


@pytest.fixture()
def jupyter_lab(tmp_path):
    """임시 폴더에 02 노트북 사본을 두고 JupyterLab을 빈 포트에서 시작합니다(토큰은 테스트가 정함)."""
    if CHROMIUM is None:
        pytest.skip(
            "Chromium이 없습니다(Debian: apt-get install chromium fonts-nanum). .ci/run이 root일 때 설치합니다."
        )
    pytest.importorskip("playwright.sync_api", reason="playwright가 없습니다(pip install -e '.[test]').")
    pytest.importorskip("jupyterlab", reason="JupyterLab이 없습니다(pip install -e '.[lab]').")
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    # 셀이 화면 밖에 있어도 DOM에 있도록 노트북 가상화(windowing)를 끕니다. 사용자 설정은 건드리지 않음.
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # 오프라인이므로 "Jupyter 소식을 받을까요?" 알림과 업데이트 확인을 끕니다.
    notification = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = _free_port(), "explorer-test-" + os.urandom(8).hex()
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--allow-root",
    ]
    log = open(tmp_path / "jupyterlab.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", process)
        yield f"http://127.0.0.1:{port}", token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _summary_text(cell) -> str:
    return cell.locator(".course-explorer-summary").first.inner_text()


def test_geometry_explorer_reacts_to_stride_slider_in_jupyterlab(jupyter_lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=180_000)  # 2코어를 나눠 쓰는 CI에서 커널 시작과 TensorFlow import가 느림
    base_url, token = jupyter_lab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(f"{base_url}/lab/tree/{NOTEBOOK}?token={token}")
            page.locator(".jp-Notebook").first.wait_for()
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()

            def run(cell):
                cell.scroll_into_view_if_needed()
                cell.locator(".jp-InputPrompt").first.click()
                page.keyboard.press("Shift+Enter")

            setup = page.locator(".jp-CodeCell", has_text="setup_notebook(").first
            run(setup)
            expect(setup.locator(".jp-OutputArea-output").first).to_contain_text("한글 글꼴")

            cell = page.locator(".jp-CodeCell", has_text="import GeometryExplorer").first
            run(cell)
            summary = cell.locator(".course-explorer-summary").first
            expect(summary).to_contain_text("출력 크기: 5×5")
            expect(cell.locator(".widget-image img, img.widget-image, .widget-image").first).to_be_visible()
            before = _summary_text(cell)

            # 스트라이드 슬라이더의 손잡이에 초점을 두고 오른쪽 화살표 키로 1 → 2.
            slider = cell.locator(".widget-slider", has_text="스트라이드").first
            slider.locator(".noUi-handle").first.focus()
            page.keyboard.press("ArrowRight")
            expected = sizes.conv_output_size(7, 3, strides=2, padding="valid")
            expect(summary).to_contain_text(f"출력 크기: {expected}×{expected}")
            after = _summary_text(cell)
            assert before != after and "⌊4 / 2⌋ + 1" in after

            cell.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            screenshot = tmp_path / "explorer-02.png"
            page.screenshot(path=str(screenshot))
            shutil.copy(screenshot, SHARED_SCREENSHOT)
            assert screenshot.stat().st_size > 10_000
        finally:
            browser.close()
