"""설명 지도 그림(course_utils.heatmap_plots): 좌표 규약, 지도의 밝기, 표시, 잘못된 입력."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from conftest import assert_korean_value_error  # noqa: E402
from course_utils import heatmap_plots as hp  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")


def test_normalize_heatmap_maps_min_to_0_and_max_to_1_and_keeps_the_argmax():
    heatmap = np.array([[-2.0, 0.0], [2.0, 6.0]])
    # 손 계산: (값 - (-2)) / (6 - (-2))
    np.testing.assert_allclose(hp.normalize_heatmap(heatmap), [[0.0, 0.25], [0.5, 1.0]])
    rng = np.random.default_rng(0)
    random_map = rng.normal(size=(8, 8)) * 100 + 5
    assert hp.normalize_heatmap(random_map).argmax() == random_map.argmax()
    assert np.array_equal(hp.normalize_heatmap(np.full((3, 3), 7.0)), np.zeros((3, 3))), "값이 모두 같으면 0"


@pytest.mark.parametrize(
    "heatmap, match",
    [(np.zeros((2, 2, 2)), "2차원"), (np.zeros((0, 3)), "비어"), (np.array([[0.0, np.nan]]), "NaN"), ("abc", "숫자")],
)
def test_normalize_heatmap_rejects_bad_maps_in_korean(heatmap, match):
    assert_korean_value_error(hp.normalize_heatmap, heatmap, match=match)


def test_overlay_stretches_a_coarse_map_over_the_image_in_pixel_boundary_coordinates():
    fig, ax = plt.subplots()
    image = np.zeros((64, 64, 1), dtype=np.uint8)
    heatmap = np.arange(64, dtype=float).reshape(8, 8)
    shown = hp.overlay_heatmap(ax, image, heatmap, box=(10, 20, 30, 44), point=(5, 7), hit=True, alpha=0.3)
    # 지도는 8×8 그대로(보간하지 않음), 0~1로 옮겨져 이미지 전체(0..64)를 덮음
    assert shown.get_array().shape == (8, 8)
    np.testing.assert_allclose(shown.get_array(), heatmap / 63)
    assert shown.get_extent() == [0, 64, 64, 0]
    assert ax.images[0].get_extent() == [0, 64, 64, 0], "이미지도 08의 상자 그림과 같은 픽셀 경계 좌표"
    assert shown.get_alpha() == 0.3
    # 상자: 모서리 (10, 20), 폭 20, 높이 24
    rectangles = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    assert len(rectangles) == 1
    assert rectangles[0].get_xy() == (10, 20)
    assert (rectangles[0].get_width(), rectangles[0].get_height()) == (20, 24)
    # 최댓점 (행 5, 열 7)은 픽셀 중심 (x = 7.5, y = 5.5)에 초록 점(적중)
    (marker,) = ax.lines
    assert marker.get_xdata()[0] == 7.5 and marker.get_ydata()[0] == 5.5
    assert matplotlib.colors.same_color(marker.get_color(), hp.HIT_COLOR)
    plt.close(fig)


def test_overlay_marks_a_miss_red_and_an_unjudged_point_white():
    fig, (miss_ax, plain_ax) = plt.subplots(1, 2)
    image = np.zeros((16, 16))
    hp.overlay_heatmap(miss_ax, image, np.ones((4, 4)), point=(0, 0), hit=False)
    hp.overlay_heatmap(plain_ax, image, np.ones((4, 4)), point=(15, 15))
    assert matplotlib.colors.same_color(miss_ax.lines[0].get_color(), hp.MISS_COLOR)
    assert matplotlib.colors.same_color(plain_ax.lines[0].get_color(), hp.POINT_COLOR)
    assert (plain_ax.lines[0].get_xdata()[0], plain_ax.lines[0].get_ydata()[0]) == (15.5, 15.5)
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"point": (64, 0)}, "밖"),
        ({"point": (1.5, 2)}, "정수"),
        ({"point": (1, 2, 3)}, "두 정수"),
        ({"hit": True}, "point"),
        ({"hit": 1, "point": (0, 0)}, "True 또는 False"),
        ({"box": (30, 20, 10, 44)}, "음수"),
        ({"alpha": 1.5}, "alpha"),
    ],
)
def test_overlay_rejects_bad_arguments_in_korean(kwargs, match):
    fig, ax = plt.subplots()
    assert_korean_value_error(hp.overlay_heatmap, ax, np.zeros((64, 64)), np.ones((8, 8)), match=match, **kwargs)
    plt.close(fig)


def test_overlay_rejects_an_image_outside_the_display_rule_and_a_non_axis():
    fig, ax = plt.subplots()
    assert_korean_value_error(hp.overlay_heatmap, ax, np.full((8, 8), 200.0), np.ones((2, 2)), match="value_range")
    assert_korean_value_error(hp.overlay_heatmap, "축 아님", np.zeros((8, 8)), np.ones((2, 2)), match="축")
    plt.close(fig)


def test_gallery_draws_one_overlay_per_image_with_its_own_box_point_and_colour():
    rng = np.random.default_rng(1)
    images = rng.uniform(0, 1, size=(5, 32, 32, 1))
    heatmaps = rng.uniform(size=(5, 4, 4))
    boxes = np.array([[0, 0, 10, 10], [5, 5, 20, 20], [1, 2, 3, 4], [0, 0, 32, 32], [10, 10, 11, 11]], dtype=float)
    points = np.array([[1, 1], [30, 30], [2, 2], [16, 16], [0, 31]])
    hits = np.array([True, False, True, True, False])
    fig = hp.plot_heatmap_gallery(
        images, heatmaps, boxes=boxes, points=points, hits=hits, titles=[f"그림 {i}" for i in range(5)], columns=3
    )
    assert len(fig.axes) == 5, "빈 칸(6번째)의 축은 지움"
    for index, ax in enumerate(fig.axes):
        assert ax.get_title() == f"그림 {index}"
        np.testing.assert_allclose(ax.images[1].get_array(), hp.normalize_heatmap(heatmaps[index]))
        rectangle = next(patch for patch in ax.patches if isinstance(patch, Rectangle))
        assert rectangle.get_xy() == tuple(boxes[index, :2])
        row, col = points[index]
        assert (ax.lines[0].get_xdata()[0], ax.lines[0].get_ydata()[0]) == (col + 0.5, row + 0.5)
        expected = hp.HIT_COLOR if hits[index] else hp.MISS_COLOR
        assert matplotlib.colors.same_color(ax.lines[0].get_color(), expected)
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"images": np.zeros((3, 8, 8))}, "지도 수"),
        ({"boxes": np.zeros((2, 3))}, "boxes"),
        ({"points": np.zeros((2, 3), dtype=int)}, "points"),
        ({"hits": np.array([True, False])}, "points"),
        ({"hits": np.array([0.5, 0.2]), "points": np.zeros((2, 2), dtype=int)}, "True/False"),
        ({"titles": ["하나"]}, "titles"),
        ({"columns": 0}, "columns"),
        ({"heatmaps": np.zeros((49, 2, 2)), "images": np.zeros((49, 8, 8))}, "너무 많"),
    ],
)
def test_gallery_rejects_mismatched_inputs_in_korean(kwargs, match):
    arguments = {"images": np.zeros((2, 8, 8)), "heatmaps": np.ones((2, 2, 2))} | kwargs
    assert_korean_value_error(hp.plot_heatmap_gallery, match=match, **arguments)
