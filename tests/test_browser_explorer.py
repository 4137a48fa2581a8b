"""실제 브라우저 테스트: JupyterLab에서 02 노트북의 패딩·스트라이드 탐색기를 실행하고 스트라이드 슬라이더를 움직입니다.
10 전치 합성곱 탐색기는 커널 슬라이더를 움직여 요약 글과 그림의 픽셀이 바뀌는지 봅니다.

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
    from lab_server import notebook_page
    from playwright.sync_api import expect

    shutil.copy(ROOT / "notebooks" / NOTEBOOK, jupyter_lab.root / NOTEBOOK)
    with notebook_page(jupyter_lab, NOTEBOOK) as (page, run):
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


# 10 전치 합성곱 탐색기: 노트북 10 2절의 탐색기 셀과 같은 코드를 두 셀짜리 노트북으로 실행합니다(노트북의 다른 셀 없이).
TRANSPOSED_NOTEBOOK = "transposed_explorer.ipynb"
TRANSPOSED_CELLS = [
    "import course_utils\n\ncourse_utils.setup_notebook(quick=None)",
    "from course_utils.explorers import TransposedExplorer\n\nTransposedExplorer()",
]
# 위젯 그림(<img>)의 픽셀을 캔버스에 그려 크기와 해시를 냅니다: 그림이 실제로 바뀌었는지 봄(주소만 바뀐 것이 아니라).
PIXEL_HASH = """async (img) => {
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) % 1000000007;
    return [canvas.width, canvas.height, hash];
}"""


def test_transposed_explorer_redraws_picture_when_kernel_slider_moves(jupyter_lab, tmp_path):
    """커널 슬라이더를 3 → 4로 움직이면 요약(출력 크기, 고른 겹침)과 **그림의 픽셀**이 바뀌어야 합니다."""
    import nbformat
    from lab_server import notebook_page
    from playwright.sync_api import expect

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in TRANSPOSED_CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, jupyter_lab.root / TRANSPOSED_NOTEBOOK)
    with notebook_page(jupyter_lab, TRANSPOSED_NOTEBOOK, height=1200) as (page, run):
        cell = page.locator(".jp-CodeCell", has_text="import TransposedExplorer").first
        run(cell)
        summary = cell.locator(".course-explorer-summary").first
        expect(summary).to_contain_text("출력 크기: 7×7")
        expect(summary).to_contain_text("바둑판")
        image = cell.locator("img.widget-image").first
        expect(image).to_be_visible()
        before = image.evaluate(PIXEL_HASH)

        slider = cell.locator(".widget-slider", has_text="커널 크기").first
        slider.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")  # 커널 3 → 4
        expected = sizes.transposed_conv_output_size(3, 4, strides=2)
        expect(summary).to_contain_text(f"출력 크기: {expected}×{expected}")
        expect(summary).to_contain_text("모두 4회로 고름")
        after = before
        for _ in range(60):  # 위젯이 새 PNG를 <img>에 넣을 때까지(최대 30초) 기다림
            after = image.evaluate(PIXEL_HASH)
            if after != before:
                break
            page.wait_for_timeout(500)
        assert after != before, "커널 슬라이더를 움직였는데 탐색기 그림의 픽셀이 그대로입니다."

        screenshot = tmp_path / "explorer-10.png"
        cell.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot))
        assert screenshot.stat().st_size > 10_000
