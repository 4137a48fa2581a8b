"""11 Grad-CAM 탐색기(course_utils.explorers.GradCamExplorer): 손으로 만든 지도, 위젯 값 바꾸기, 잘못된 입력."""

import base64

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from conftest import PNG_SIGNATURE, assert_korean_value_error  # noqa: E402
from course_utils import explorers  # noqa: E402
from course_utils.explorers.gradcam import TRUE_CLASS, GradCamExplorer  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")

SIZE = 16


def _spike(row, col, value=5.0):
    """(행, 열)에만 값이 있는 16×16 지도(손으로 최댓점을 아는 지도)."""
    heatmap = np.zeros((SIZE, SIZE))
    heatmap[row, col] = value
    return heatmap


def _explorer():
    images = np.zeros((2, SIZE, SIZE, 1), dtype=np.uint8)
    boxes = np.array([[4, 4, 10, 12], [0, 0, 3, 3]], dtype=float)  # (x_min, y_min, x_max, y_max)
    labels = np.array([1, 2])
    # 층 "a": 캔버스 0의 클래스 c는 (행 c + 4, 열 5)에 봉우리 → 클래스 0–7은 상자 안(y 4.5–11.5, x 5.5)
    # 층 "b": 모든 지도의 봉우리가 (0, 15) → 상자 밖(x = 15.5 > 10)
    layer_a = np.stack([np.stack([_spike(c + 4, 5) for c in range(3)]), np.stack([_spike(1, 1) for _ in range(3)])])
    layer_b = np.stack([np.stack([_spike(0, 15) for _ in range(3)])] * 2)
    layer_a[1, 0] = 0.0  # 캔버스 1의 클래스 0 지도: 값이 모두 같음(가리킨 곳 없음)
    return GradCamExplorer(images, {"a": layer_a, "b": layer_b}, boxes, labels, class_names=["영", "일", "이"])


def test_true_class_layer_and_canvas_pick_the_map_and_its_argmax_hit():
    explorer = _explorer()
    state = explorer.state(**explorer.defaults)
    assert explorer.defaults == {"image_index": 0, "class_index": TRUE_CLASS, "layer": "a"}
    # 정답 클래스 1 → 봉우리 (행 5, 열 5) → 중심 (5.5, 5.5)는 상자 (4, 4, 10, 12) 안
    assert state["chosen_class"] == 1 and state["point"] == (5, 5) and state["hit"] is True
    assert np.array_equal(state["map"], _spike(5, 5))
    assert "적중" in state["lines"][1]
    state = explorer.state(image_index=0, class_index=2, layer="b")
    assert state["point"] == (0, 15) and state["hit"] is False and "빗나감" in state["lines"][1]
    # 캔버스 1, 정답 클래스 2, 층 a: 봉우리 (1, 1) → 중심 (1.5, 1.5)는 상자 (0, 0, 3, 3) 안
    state = explorer.state(image_index=1, class_index=TRUE_CLASS, layer="a")
    assert state["chosen_class"] == 2 and state["point"] == (1, 1) and state["hit"] is True


def test_a_flat_map_points_nowhere_and_counts_as_a_miss():
    state = _explorer().state(image_index=1, class_index=0, layer="a")
    assert state["point"] is None and state["hit"] is False
    assert "가리킨 곳이 없" in state["lines"][1]


def test_box_edge_counts_as_inside_like_the_notebook_rule():
    images = np.zeros((1, SIZE, SIZE))
    heatmap = _spike(2, 3)[None, None]  # 중심 (3.5, 2.5)
    inside = GradCamExplorer(images, {"층": heatmap}, [[3.5, 2.5, 8, 8]], [0]).state()
    outside = GradCamExplorer(images, {"층": heatmap}, [[3.6, 2.5, 8, 8]], [0]).state()
    assert inside["hit"] is True and outside["hit"] is False


def test_bad_widget_values_give_a_korean_error_state_instead_of_raising():
    explorer = _explorer()
    assert "image_index" in explorer.state(image_index=5)["error"]
    assert "모르는 층" in explorer.state(layer="c")["error"]
    assert "class_index" in explorer.state(class_index=3)["error"]


def test_widget_redraws_when_values_change_and_exports_a_static_figure():
    explorer = _explorer()
    bundle = explorer._repr_mimebundle_()
    assert explorers.WIDGET_MIMETYPE in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE) and png == explorer.last_png
    assert "적중" in bundle["text/plain"]
    state = explorer.set_values(layer="b")
    assert state["point"] == (0, 15) and explorer.last_png != png
    state = explorer.set_values(image_index=1, class_index=0, layer="a")
    assert state["point"] is None and explorer.last_png is not None


def test_figure_draws_the_chosen_map_box_and_point():
    explorer = _explorer()
    fig = explorer.figure(explorer.state(image_index=0, class_index=0, layer="a"))
    (ax,) = fig.axes
    np.testing.assert_allclose(ax.images[1].get_array(), _spike(4, 5) / 5.0)
    assert (ax.lines[0].get_xdata()[0], ax.lines[0].get_ydata()[0]) == (5.5, 4.5)
    assert "클래스 영" in ax.get_title()


@pytest.mark.parametrize(
    "change, match",
    [
        ({"images": np.zeros((2, SIZE))}, "images"),
        ({"images": np.full((2, SIZE, SIZE), 300)}, "0~255"),
        ({"maps": {}}, "비어"),
        ({"maps": {"a": np.zeros((2, 3, 8, 8))}}, "보간"),
        ({"maps": {"a": np.zeros((2, 3, SIZE, SIZE)), "b": np.zeros((2, 4, SIZE, SIZE))}}, "클래스 수"),
        ({"maps": {1: np.zeros((2, 3, SIZE, SIZE))}}, "문자열"),
        ({"boxes": np.zeros((3, 4))}, "boxes"),
        ({"labels": [0, 3]}, "클래스 수"),
        ({"class_names": ["하나"]}, "class_names"),
    ],
)
def test_bad_inputs_raise_korean_value_errors(change, match):
    arguments = {
        "images": np.zeros((2, SIZE, SIZE)),
        "maps": {"a": np.zeros((2, 3, SIZE, SIZE))},
        "boxes": np.zeros((2, 4)),
        "labels": [0, 1],
    } | change
    assert_korean_value_error(GradCamExplorer, match=match, **arguments)
