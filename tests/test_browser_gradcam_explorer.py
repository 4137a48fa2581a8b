"""실제 브라우저 테스트: JupyterLab에서 11의 Grad-CAM 탐색기(:class:`GradCamExplorer`)를 그리고 클래스·층·캔버스를 바꿉니다.

11 노트북 전체(모델 학습)는 실행하지 않고, 손으로 만든 지도를 넘기는 작은 노트북으로 탐색기만 띄웁니다. 지도는
클래스와 층마다 최댓점이 다른 곳에 있게 만들어, 컨트롤을 바꾸면 요약 글(최댓값 픽셀, 적중·빗나감)과 그림이 모두 바뀌어야
합니다. 그림이 바뀌었는지는 브라우저에 보이는 그림 요소의 스크린숏(픽셀)을 비교해 확인하므로, 탐색기가 그림을 다시 그리지
않거나 위젯이 새 그림을 브라우저로 보내지 않으면 실패합니다. 셀 출력에 오류나 표준 오류가 있어도 실패합니다.

``tests/test_browser_explorer.py`` 와 같이 시스템 Chromium과 ``fonts-nanum`` 을 쓰고, 없으면 SKIPPED로 보고합니다.
스크린숏은 테스트의 임시 폴더와 ``/tmp/explorer-gradcam-screenshot.png`` 에 저장합니다.
"""

import hashlib
import shutil
from pathlib import Path

import nbformat
import pytest

from course_utils.explorers import GradCamExplorer

pytestmark = pytest.mark.e2e  # make test의 e2e 단계(실제 JupyterLab과 브라우저)

NOTEBOOK = "gradcam_explorer_probe.ipynb"
SHARED_SCREENSHOT = Path("/tmp/explorer-gradcam-screenshot.png")

# 커널에서 실행할 코드: 64×64 캔버스 3장(가운데 밝은 사각형), 정답 상자 (16, 16, 48, 48), 정답 클래스 0, 1, 2.
# 지도: 클래스 c의 최댓점은 층 "낮은층"에서 (행 8 + 4c, 열 8 + 4c), 층 "높은층"에서는 상자 가운데 (32, 32)에서
# 클래스만큼 옮긴 곳. 캔버스 0의 정답 클래스(0) 지도는 낮은층에서 (8, 8): 상자 밖(빗나감), 높은층에서 (32, 32): 적중.
PROBE_SOURCE = """\
import numpy as np
from course_utils.explorers import GradCamExplorer

size, count, classes = 64, 3, 10
rows, cols = np.mgrid[0:size, 0:size]
images = np.zeros((count, size, size), dtype=np.uint8)
images[:, 20:44, 20:44] = 200
boxes = np.tile(np.array([16.0, 16.0, 48.0, 48.0]), (count, 1))
labels = np.arange(count)


def bump(row, col, width=6.0):
    return np.exp(-((rows - row) ** 2 + (cols - col) ** 2) / (2 * width ** 2))


maps = {
    "낮은층": np.stack([np.stack([bump(8 + 4 * c + i, 8 + 4 * c) for c in range(classes)]) for i in range(count)]),
    "높은층": np.stack([np.stack([bump(32 + c, 32 - c + i) for c in range(classes)]) for i in range(count)]),
}
GradCamExplorer(images, maps, boxes, labels)
"""


def test_probe_maps_point_where_the_test_expects():
    """브라우저 테스트가 기대하는 요약 글이 탐색기의 계산과 맞는지(브라우저 없이, 같은 코드로)."""
    namespace = {}
    exec(PROBE_SOURCE.replace("GradCamExplorer(images, maps, boxes, labels)\n", ""), namespace)
    explorer = GradCamExplorer(namespace["images"], namespace["maps"], namespace["boxes"], namespace["labels"])
    low = explorer.state(0, -1, "낮은층")
    assert low["point"] == (8, 8) and low["hit"] is False
    high = explorer.state(0, -1, "높은층")
    assert high["point"] == (32, 32) and high["hit"] is True
    assert explorer.state(0, 5, "낮은층")["point"] == (28, 28)
    assert explorer.state(2, -1, "낮은층")["point"] == (18, 16)


def _image_pixels(cell) -> str:
    """셀 안 탐색기 그림 요소의 스크린숏(브라우저가 실제로 그린 픽셀)의 SHA-256."""
    image = cell.locator(".widget-image").first
    image.scroll_into_view_if_needed()
    return hashlib.sha256(image.screenshot()).hexdigest()


def test_gradcam_explorer_redraws_when_class_layer_and_canvas_change_in_jupyterlab(jupyter_lab, tmp_path):
    """JupyterLab(프로세스에 하나, tests/conftest.py의 jupyter_lab)은 같은 프로세스의 다른 브라우저 테스트와 함께 씁니다."""
    from lab_server import notebook_page
    from playwright.sync_api import expect

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import course_utils\n\ncourse_utils.setup_notebook(quick=True)"),
        nbformat.v4.new_code_cell(PROBE_SOURCE),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, jupyter_lab.root / NOTEBOOK)
    with notebook_page(jupyter_lab, NOTEBOOK) as (page, run):
        cell = page.locator(".jp-CodeCell", has_text="GradCamExplorer(images").first
        run(cell)
        summary = cell.locator(".course-explorer-summary").first
        expect(summary).to_contain_text("층 낮은층")
        expect(summary).to_contain_text("최댓값 픽셀 (행 8, 열 8) → 정답 상자 밖: 빗나감")
        expect(cell.locator(".widget-image").first).to_be_visible()
        page.wait_for_timeout(500)
        start = _image_pixels(cell)

        # 층: "높은층" 단추 → 최댓점이 상자 가운데로, 적중
        cell.locator(".widget-toggle-button", has_text="높은층").first.click()
        expect(summary).to_contain_text("최댓값 픽셀 (행 32, 열 32) → 정답 상자 안: 적중")
        page.wait_for_timeout(500)
        after_layer = _image_pixels(cell)
        assert after_layer != start, "층을 바꿨는데 브라우저의 그림이 그대로입니다"

        # 클래스: 드롭다운에서 "5" → 최댓점 (37, 27), 제목에 클래스 5
        cell.locator(".widget-dropdown select").first.select_option(label="5")
        expect(summary).to_contain_text("지도의 클래스 5 | 층 높은층")
        expect(summary).to_contain_text("최댓값 픽셀 (행 37, 열 27)")
        page.wait_for_timeout(500)
        after_class = _image_pixels(cell)
        assert after_class not in (start, after_layer), "클래스를 바꿨는데 브라우저의 그림이 그대로입니다"

        # 캔버스: 슬라이더 손잡이에 초점을 두고 오른쪽 화살표 → 캔버스 1
        cell.locator(".widget-slider", has_text="캔버스").first.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        expect(summary).to_contain_text("캔버스 1: 정답 1 | 지도의 클래스 5 | 층 높은층")
        expect(summary).to_contain_text("최댓값 픽셀 (행 37, 열 28)")
        page.wait_for_timeout(500)
        assert _image_pixels(cell) not in (start, after_layer, after_class), "캔버스를 바꿨는데 그림이 그대로입니다"

        screenshot = tmp_path / "explorer-11.png"
        page.screenshot(path=str(screenshot))
        shutil.copy(screenshot, SHARED_SCREENSHOT)
        # JupyterLab은 표준 오류와 파이썬 오류(traceback)를 모두 이 MIME 형식으로 그림
        errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count()
        assert errors == 0, "셀 출력에 오류나 표준 오류가 보입니다"
