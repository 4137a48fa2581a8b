"""이미지 격자 그림: 표시 범위 변환(잘라내기)과 격자 배치."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course_utils.image_grid import plot_image_grid, to_display_range  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402


def test_display_range_maps_linearly_and_clips():
    # Xception 전처리 범위 -1~1: -1 → 0, 0 → 0.5, 1 → 1, 범위 밖은 잘라냄(손 계산).
    values = np.array([-1.5, -1.0, 0.0, 0.5, 1.0, 2.0])
    assert to_display_range(values, (-1, 1)).tolist() == [0.0, 0.0, 0.5, 0.75, 1.0, 1.0]
    # 0~255: 51 → 0.2, 300 → 1 (RandomContrast가 만든 범위 밖 값)
    assert np.allclose(to_display_range(np.array([0, 51, 255, 300, -4]), (0, 255)), [0, 0.2, 1, 1, 0])
    assert to_display_range(np.zeros((2, 4, 4, 3)), (0, 255)).dtype == np.float32


def test_grid_shows_images_with_titles_and_hides_empty_cells():
    use_korean_font()
    rng = np.random.default_rng(0)
    images = rng.uniform(-1.3, 1.3, size=(7, 8, 8, 3))
    titles = [f"클래스 {i}" for i in range(7)]
    fig = plot_image_grid(images, titles, value_range=(-1, 1), ncols=3, suptitle="증강 결과")
    assert len(fig.axes) == 9  # 3행 3열
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 7
    assert [ax.get_title() for ax in shown] == titles
    expected = np.clip((images[4] + 1) / 2, 0, 1)
    assert np.allclose(shown[4].images[0].get_array(), expected)
    assert fig._suptitle.get_text() == "증강 결과"


def test_grayscale_images_with_channel_axis():
    fig = plot_image_grid(np.full((2, 5, 5, 1), 255.0), ncols=3)
    assert len(fig.axes) == 2  # 이미지가 2장이면 2열만
    assert fig.axes[0].images[0].get_array().shape == (5, 5)
    assert np.all(fig.axes[0].images[0].get_array() == 1.0)


@pytest.mark.parametrize("kwargs", [
    {"images": np.zeros((0, 4, 4, 3))},
    {"images": np.zeros((4, 4, 3))},  # 배치 축 없는 컬러 이미지 한 장
    {"images": np.zeros((4, 4))},
    {"images": np.zeros((2, 4, 4, 2))},
    {"images": np.zeros((2, 4, 4, 3)), "titles": ["하나"]},
    {"images": np.zeros((2, 4, 4, 3)), "ncols": 0},
    {"images": np.zeros((2, 4, 4, 3)), "value_range": (1, 1)},
    {"images": np.zeros((2, 4, 4, 3)), "value_range": "0-255"},
])
def test_bad_input_is_a_korean_value_error(kwargs):
    with pytest.raises(ValueError):
        plot_image_grid(**kwargs)
