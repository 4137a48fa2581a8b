"""이미지와 특성 맵 그림(course_utils.image_plots): 이미지를 보여 주는 단 하나의 규칙과 그 규칙을 쓰는 모든 도우미."""

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from conftest import assert_korean_value_error  # noqa: E402
from course_utils import box_plots, conv_plots, training_plots  # noqa: E402
from course_utils import image_plots as ip  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")


# --- 표시 규칙 ---------------------------------------------------------------------------------


def test_display_rule_integers_are_0_to_255_and_floats_0_to_1_as_they_are():
    # 손 계산: uint8 51 → 0.2, 255 → 1; 실수 0~1은 그대로.
    assert np.allclose(ip.to_display_range(np.array([0, 51, 255], dtype=np.uint8)), [0, 0.2, 1])
    assert np.allclose(ip.to_display_range(np.array([0, 51, 255], dtype=np.int64)), [0, 0.2, 1])
    values = np.array([0.0, 0.25, 1.0])
    assert np.array_equal(ip.to_display_range(values), values)


@pytest.mark.parametrize(
    "image, match",
    [
        (np.array([[0.0, 255.0]]), "value_range=\\(0, 255\\)"),  # 0~255 실수: 몰래 나누지 않고 방법을 알려 줌
        (np.array([[-1.0, 1.0]]), "value_range=\\(-1, 1\\)"),
        (np.array([[0, 256]]), "0~255"),
        (np.array([[0.0, np.nan]]), "NaN"),
        (np.array([["a"]]), "dtype"),
    ],
)
def test_display_rule_rejects_other_values_with_a_hint(image, match):
    assert_korean_value_error(ip.to_display_range, image, match=match)


def test_show_image_draws_gray_on_a_fixed_scale_and_color_as_rgb():
    fig, (gray_ax, color_ax) = plt.subplots(1, 2)
    dark = np.full((3, 4, 1), 0.2)
    shown = ip.show_image(gray_ax, dark)
    assert shown.get_array().shape == (3, 4)
    assert shown.get_clim() == (0.0, 1.0), "흑백은 이미지마다 대비를 늘리지 않고 0~1 고정 눈금"
    color = np.random.default_rng(0).uniform(0, 255, size=(2, 2, 3))
    shown = ip.show_image(color_ax, color, value_range=(0, 255))
    np.testing.assert_allclose(shown.get_array(), color / 255, rtol=1e-6)
    assert_korean_value_error(ip.show_image, color_ax, np.zeros((2, 2, 2)), match="모양")


# 이미지를 보여 주는 모든 도우미: (그림 함수, 0~255 실수 이미지 한 장을 넘겨 그리는 함수, 그려진 AxesImage 찾기)
def _helpers():
    probs = np.array([0.1, 0.9])
    return {
        "plot_images": lambda image, **kw: ip.plot_images([image], **kw).axes[0],
        "plot_image_grid": lambda image, **kw: ip.plot_image_grid(image[None], **kw).axes[0],
        "plot_misclassified": lambda image, **kw: training_plots.plot_misclassified(
            image[None], [0], [1], ["가", "나"], **kw
        ).axes[0],
        "plot_prediction": lambda image, **kw: training_plots.plot_prediction(image, probs, ["가", "나"], **kw).axes[0],
        "draw_boxes": lambda image, **kw: box_plots.draw_boxes(image, [[0, 0, 1, 1]], **kw),
        "plot_detection_gallery": lambda image, **kw: box_plots.plot_detection_gallery(
            image[None], [[0, 0, 1, 1]], [[0, 0, 1, 1]], **kw
        ).axes[0],
        "plot_pooling_before_after": lambda image, **kw: conv_plots.plot_pooling_before_after(image, image).axes[0],
    }


@pytest.mark.parametrize("name", sorted(_helpers()))
def test_every_image_helper_follows_the_same_rule(name):
    draw = _helpers()[name]
    rng = np.random.default_rng(1)
    image_uint8 = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
    ax = draw(image_uint8)
    np.testing.assert_allclose(ax.images[0].get_array(), image_uint8 / 255, rtol=1e-6)
    unit = rng.random((4, 5, 3))
    ax = draw(unit)
    np.testing.assert_allclose(ax.images[0].get_array(), unit, rtol=1e-6)
    assert_korean_value_error(draw, unit * 255, match="value_range")
    if name != "plot_pooling_before_after":  # 01~03의 풀링 그림은 0~1 입력만 씀
        ax = draw(unit * 255, value_range=(0, 255))
        np.testing.assert_allclose(ax.images[0].get_array(), unit, rtol=1e-6)


# --- 이미지와 특성 맵 ---------------------------------------------------------------------------


def test_plot_images_color_uint8_and_grayscale():
    rng = np.random.default_rng(0)
    color = rng.integers(0, 256, size=(2, 7, 9, 3), dtype=np.uint8)
    fig = ip.plot_images(color, titles=["사원", "꽃"])
    assert len(fig.axes) == 2
    np.testing.assert_allclose(fig.axes[1].images[0].get_array(), color[1] / 255)
    assert fig.axes[0].get_title() == "사원\n7×9"
    gray = rng.random((3, 5, 6, 1))
    fig = ip.plot_images(gray, show_size=False)
    assert len(fig.axes) == 3
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), gray[2, ..., 0])
    fig = ip.plot_images([rng.random((4, 4)), rng.random((2, 3))])
    assert [ax.get_title() for ax in fig.axes] == ["4×4", "2×3"]


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((4, 4)),
        np.zeros((1, 4, 4, 2)),
        np.full((1, 3, 3), 1.5),
        -np.ones((1, 2, 2)),
        [],
        np.zeros((1, 2, 2, 3, 1)),
    ],
)
def test_plot_images_rejects_bad_input(bad):
    assert_korean_value_error(ip.plot_images, bad)


def test_plot_feature_maps_one_axis_per_channel():
    maps = np.random.default_rng(1).random((6, 9, 10))
    fig = ip.plot_feature_maps(maps, ncols=4, suptitle="특성 맵")
    assert len(fig.axes) == 10  # 3줄 x 4칸 중 빈 두 칸은 지움
    for channel, ax in enumerate(fig.axes):
        np.testing.assert_array_equal(ax.images[0].get_array(), maps[..., channel])
    assert fig.axes[3].get_title() == "맵 3"


@pytest.mark.parametrize("bad", [np.zeros((4, 4)), np.zeros((1, 4, 4, 2)), np.zeros((4, 4, 65))])
def test_plot_feature_maps_rejects_bad_shapes(bad):
    assert_korean_value_error(ip.plot_feature_maps, bad)


def test_plot_feature_map_grid_rows_are_images_columns_are_filters():
    maps = np.random.default_rng(2).random((2, 5, 8, 3))
    fig = ip.plot_feature_map_grid(maps, row_titles=["사원", "꽃"], column_titles=["가", "나", "다"])
    assert len(fig.axes) == 6
    for index, ax in enumerate(fig.axes):
        image, channel = divmod(index, 3)
        np.testing.assert_array_equal(ax.images[0].get_array(), maps[image, ..., channel])
    assert fig.axes[3].get_ylabel() == "꽃" and fig.axes[2].get_title() == "다"


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(feature_maps=np.zeros((5, 8, 3))),
        dict(feature_maps=np.zeros((2, 5, 8, 3)), row_titles=["하나"]),
        dict(feature_maps=np.zeros((2, 5, 8, 9))),
    ],
)
def test_plot_feature_map_grid_rejects_bad_input(kwargs):
    assert_korean_value_error(ip.plot_feature_map_grid, **kwargs)


# --- 이미지 격자 --------------------------------------------------------------------------------


def test_display_range_maps_linearly_and_clips():
    # Xception 전처리 범위 -1~1: -1 → 0, 0 → 0.5, 1 → 1, 범위 밖은 잘라냄(손 계산).
    values = np.array([-1.5, -1.0, 0.0, 0.5, 1.0, 2.0])
    assert ip.to_display_range(values, (-1, 1)).tolist() == [0.0, 0.0, 0.5, 0.75, 1.0, 1.0]
    # 0~255: 51 → 0.2, 300 → 1 (RandomContrast가 만든 범위 밖 값)
    assert np.allclose(ip.to_display_range(np.array([0, 51, 255, 300, -4]), (0, 255)), [0, 0.2, 1, 1, 0])
    assert ip.to_display_range(np.zeros((2, 4, 4, 3)), (0, 255)).dtype == np.float64


def test_grid_shows_images_with_titles_and_hides_empty_cells():
    use_korean_font()
    rng = np.random.default_rng(0)
    images = rng.uniform(-1.3, 1.3, size=(7, 8, 8, 3))
    titles = [f"클래스 {i}" for i in range(7)]
    fig = ip.plot_image_grid(images, titles, value_range=(-1, 1), ncols=3, suptitle="증강 결과")
    assert len(fig.axes) == 9  # 3행 3열
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 7
    assert [ax.get_title() for ax in shown] == titles
    expected = np.clip((images[4] + 1) / 2, 0, 1)
    assert np.allclose(shown[4].images[0].get_array(), expected)
    assert "증강 결과" in [text.get_text() for text in fig.texts]  # 공개 API: suptitle도 fig.texts에 있음


def test_grayscale_images_with_channel_axis():
    fig = ip.plot_image_grid(np.full((2, 5, 5, 1), 255.0), value_range=(0, 255), ncols=np.int64(3))
    assert len(fig.axes) == 2  # 이미지가 2장이면 2열만
    assert fig.axes[0].images[0].get_array().shape == (5, 5)
    assert np.all(fig.axes[0].images[0].get_array() == 1.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"images": np.zeros((0, 4, 4, 3))},
        {"images": np.zeros((4, 4, 3))},  # 배치 축 없는 컬러 이미지 한 장
        {"images": np.zeros((4, 4))},
        {"images": np.zeros((2, 4, 4, 2))},
        {"images": np.zeros((2, 4, 4, 3)), "titles": ["하나"]},
        {"images": np.zeros((2, 4, 4, 3)), "ncols": 0},
        {"images": np.zeros((2, 4, 4, 3)), "value_range": (1, 1)},
        {"images": np.zeros((2, 4, 4, 3)), "value_range": "0-255"},
    ],
)
def test_image_grid_bad_input_is_a_korean_value_error(kwargs):
    assert_korean_value_error(ip.plot_image_grid, **kwargs)


FIGURES = {
    "images": lambda: ip.plot_images(np.zeros((2, 4, 4, 3)), ["사원", "꽃"], suptitle="예제"),
    "feature_maps": lambda: ip.plot_feature_maps(np.zeros((4, 4, 3)), suptitle="특성 맵"),
    "feature_map_grid": lambda: ip.plot_feature_map_grid(np.zeros((2, 4, 6, 2)), ["사원", "꽃"], ["세로", "가로"]),
    "image_grid": lambda: ip.plot_image_grid(np.zeros((2, 4, 4, 3)), ["사원", "꽃"], suptitle="격자"),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_render_korean_without_missing_glyph_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = FIGURES[name]()
        fig.canvas.draw()
