"""실제 브라우저 테스트: JupyterLab에서 02 노트북의 패딩·스트라이드 탐색기를 실행하고 스트라이드 슬라이더를 움직입니다.

시스템 Chromium(Debian ``chromium`` 패키지, ``/usr/bin/chromium``)을 Playwright for Python으로 조종합니다
(``playwright install`` 로 내려받는 브라우저는 쓰지 않음). 한글 스크린숏에는 ``fonts-nanum`` 이 필요합니다.
``.ci/run`` 이 root일 때 둘을 apt로 설치합니다. Chromium이나 playwright가 없으면 이유를 적고 SKIPPED로 보고합니다.

스크린숏은 테스트의 임시 폴더와 ``/tmp/explorer-screenshot.png`` 에 저장합니다.
"""

import shutil
from pathlib import Path

import pytest

from course_utils import sizes

pytestmark = pytest.mark.e2e  # make test의 e2e 단계(실제 JupyterLab과 브라우저)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_padding_and_stride.ipynb"
SHARED_SCREENSHOT = Path("/tmp/explorer-screenshot.png")


def _summary_text(cell) -> str:
    return cell.locator(".course-explorer-summary").first.inner_text()


def test_geometry_explorer_reacts_to_stride_slider_in_jupyterlab(jupyter_lab, tmp_path):
    """JupyterLab(프로세스에 하나, tests/conftest.py의 jupyter_lab)은 같은 프로세스의 tests/test_browser_jupyterlab.py와 함께 씁니다."""
    from lab_server import CHROMIUM, LAUNCH_ARGS
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=180_000)  # 2코어를 나눠 쓰는 CI에서 커널 시작과 TensorFlow import가 느림
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, jupyter_lab.root / NOTEBOOK)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(jupyter_lab.notebook_url(NOTEBOOK))
            page.locator(".jp-Notebook").first.wait_for()
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            # 커널이 준비된 뒤에 셀을 실행합니다(준비 중에 누른 Shift+Enter가 실행되지 않는 일이 있음).
            page.wait_for_function(
                "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'"
            )

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
            for session in jupyter_lab.api("sessions"):  # TensorFlow 커널의 메모리를 바로 돌려줌
                jupyter_lab.api(f"sessions/{session['id']}", method="DELETE")
        finally:
            browser.close()
