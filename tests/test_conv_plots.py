"""합성곱·패딩·풀링 그림 도우미: 그린 값이 NumPy/TensorFlow/Keras의 계산과 같은지, 잘못된 모양을 거부하는지,
한글이 글리프 누락 경고 없이 그려지는지 확인합니다."""

import warnings

import matplotlib
import numpy as np
import pytest

from conftest import assert_korean_value_error

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_utils import conv_plots as cp  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402

X4 = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 1, 0, 2], [1, 0, 1, 3]], dtype=float)
K3 = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=float)


@pytest.fixture(autouse=True)
def _close_figures():
    use_korean_font()
    yield
    plt.close("all")


def _tf_conv(x, kernel, strides=1, padding="VALID"):
    """(H, W) 입력과 (kh, kw) 커널의 tf.nn.conv2d 결과 (H', W')."""
    import tensorflow as tf

    out = tf.nn.conv2d(
        x[None, :, :, None].astype("float32"),
        kernel[:, :, None, None].astype("float32"),
        strides=strides,
        padding=padding,
    )
    return out.numpy()[0, :, :, 0]


def _keras_pool(x, pool_size, strides, mode):
    from keras import layers

    layer = (layers.MaxPooling2D if mode == "max" else layers.AveragePooling2D)(pool_size, strides=strides)
    return np.asarray(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _patches(fig_or_ax, gid):
    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else [fig_or_ax]
    return [p for ax in axes for p in ax.patches if p.get_gid() == gid]


# --- plot_matrices ------------------------------------------------------------------------------


def test_plot_matrices_draws_each_matrix_with_its_values():
    out = np.array([[5.0, 10.0], [7.0, 6.5]])
    fig = cp.plot_matrices([X4, K3, out], titles=["입력", "커널", "출력"], suptitle="비교")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    for ax, matrix in zip(fig.axes, [X4, K3, out]):
        np.testing.assert_array_equal(ax.images[0].get_array(), matrix)
        assert len(ax.texts) == matrix.size
    assert _texts(fig.axes[2]) == ["5", "10", "7", "6.50"]
    assert [ax.get_title() for ax in fig.axes] == ["입력", "커널", "출력"]


def test_plot_matrices_accepts_single_array_and_default_titles():
    fig = cp.plot_matrices(K3)
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "3×3"


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [np.zeros(3)],
        [np.zeros((2, 2, 2))],
        [np.zeros((0, 3))],
        [np.zeros((17, 3))],
        [np.array([[1.0, np.nan]])],
        [[["a"]]],
    ],
)
def test_plot_matrices_rejects_bad_shapes(bad):
    assert_korean_value_error(lambda: cp.plot_matrices(bad), match="배열|비어|너무|NaN")


def test_plot_matrices_rejects_mismatched_titles():
    assert_korean_value_error(lambda: cp.plot_matrices([X4, K3], titles=["하나"]), match="titles")


def test_plot_matrices_center_zero_puts_zero_in_the_middle_of_the_colormap():
    edge = np.array([[0.0, -1.0, 3.0, 1.0]])
    fig = cp.plot_matrices([edge], cmap="RdBu_r", center_zero=True)
    assert fig.axes[0].images[0].get_clim() == (-3.0, 3.0)
    assert cp.plot_matrices([edge]).axes[0].images[0].get_clim() == (-1.0, 3.0)


def test_plot_matrices_large_matrix_without_annotation():
    fig = cp.plot_matrices([np.zeros((30, 30))], annotate=False)
    assert len(fig.axes[0].texts) == 0


# --- 1차원 합성곱과 Dense ------------------------------------------------------------------------


def test_plot_conv1d_vs_dense_outputs_match_keras_conv1d():
    import keras

    x = np.array([1, 2, 0, 3, 1, 0, 2, 1, 1, 2], dtype=float)
    w = np.array([1.0, 0.0, -1.0])
    layer = keras.layers.Conv1D(1, 3)
    layer.build((None, 10, 1))
    layer.set_weights([w.reshape(3, 1, 1), np.array([0.5])])
    expected = np.asarray(layer(x.reshape(1, 10, 1)))[0, :, 0]
    fig = cp.plot_conv1d_vs_dense(x, w, bias=0.5)
    assert len(fig.axes) == 2
    conv_texts = _texts(fig.axes[0])
    assert conv_texts[:10] == [cp._format_value(v) for v in x]  # 입력 값
    assert conv_texts[12:] == [cp._format_value(v) for v in expected]  # 출력 8개
    assert len(conv_texts[12:]) == 8
    # Dense 축: 입력 10개와 출력 하나, 연결선 10개
    assert len(fig.axes[1].lines) == 10
    # 합성곱 축: 출력마다 커널 길이만큼의 선
    assert len(fig.axes[0].lines) == 8 * 3


@pytest.mark.parametrize(
    "inputs, kernel", [([1, 2], [1, 2, 3]), ([[1, 2, 3]], [1, 2]), (np.arange(25), [1, 2]), ([1, 2, 3], [])]
)
def test_plot_conv1d_vs_dense_rejects_bad_shapes(inputs, kernel):
    assert_korean_value_error(lambda: cp.plot_conv1d_vs_dense(inputs, kernel))


# --- 합성곱 한 걸음 -----------------------------------------------------------------------------


@pytest.mark.parametrize("position", [(0, 0), (1, 1), (0, 1)])
def test_plot_convolution_step_feature_map_matches_tf_conv2d(position):
    fig = cp.plot_convolution_step(X4, K3, position=position, bias=1.0)
    ax_in, ax_kernel, ax_out = fig.axes
    np.testing.assert_array_equal(ax_in.images[0].get_array(), X4)
    np.testing.assert_array_equal(ax_kernel.images[0].get_array(), K3)
    expected = _tf_conv(X4, K3) + 1.0
    np.testing.assert_array_equal(ax_out.images[0].get_array(), expected)
    (window,) = _patches(ax_in, "receptive-field")
    assert (window.get_x() + 0.5, window.get_y() + 0.5) == (position[1], position[0])
    assert (window.get_width(), window.get_height()) == (3, 3)
    (cell,) = _patches(ax_out, "output-cell")
    assert (cell.get_x() + 0.5, cell.get_y() + 0.5) == (position[1], position[0])
    formula = fig.texts[-1].get_text()
    assert formula.startswith(f"출력 ({position[0]}, {position[1]}) = ")
    assert formula.endswith(f"= {cp._format_value(expected[position])}")
    assert formula.count("×") == 9


def test_plot_convolution_step_non_square_kernel():
    x = np.arange(20, dtype=float).reshape(4, 5)
    k = np.array([[1.0, -1.0]])
    fig = cp.plot_convolution_step(x, k, position=(3, 2))
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), _tf_conv(x, k))


@pytest.mark.parametrize(
    "inputs, kernel, position",
    [
        (X4, np.ones((5, 3)), (0, 0)),
        (X4, K3, (2, 0)),
        (X4, K3, (0, -1)),
        (X4, K3, (0,)),
        (X4, K3, (0.0, 1)),
        (X4[None], K3, (0, 0)),
        (X4, K3[None], (0, 0)),
        (np.zeros((20, 20)), K3, (0, 0)),
    ],
)
def test_plot_convolution_step_rejects_bad_input(inputs, kernel, position):
    assert_korean_value_error(lambda: cp.plot_convolution_step(inputs, kernel, position))


# --- 수용 영역 그림 -----------------------------------------------------------------------------


def test_plot_receptive_field_growth_draws_formula_sizes():
    fig = cp.plot_receptive_field_growth([3, 2, 3], strides=[1, 2, 1], layer_names=["합성곱", "풀링", "합성곱"])
    ax_grid, ax_line = fig.axes
    assert list(ax_line.lines[0].get_ydata()) == [3, 4, 8]  # 손 계산: 3, 3+1, 4+2*2
    labels = [text.get_text() for text in ax_grid.get_legend().get_texts()]
    assert labels == ["합성곱 뒤: 3×3", "풀링 뒤: 4×4", "합성곱 뒤: 8×8"]


@pytest.mark.parametrize(
    "kwargs", [dict(kernel_sizes=[]), dict(kernel_sizes=[3] * 30), dict(kernel_sizes=[3, 3], layer_names=["하나"])]
)
def test_plot_receptive_field_growth_rejects_bad_input(kwargs):
    assert_korean_value_error(lambda: cp.plot_receptive_field_growth(**kwargs))


# --- 패딩: 덮은 횟수(계산은 reference_ops, tests/test_reference_ops.py) ------------------------


def test_plot_coverage_panels_match_coverage_counts():
    fig = cp.plot_coverage(4, 3)
    panels = [ax for ax in fig.axes if ax.images and ax.get_title()]
    assert len(panels) == 2  # + 색 막대 축 하나
    np.testing.assert_array_equal(panels[0].images[0].get_array(), cp.coverage_counts(4, 3))
    padded = np.asarray(panels[1].images[0].get_array())
    assert padded.shape == (6, 6)
    np.testing.assert_array_equal(padded[1:-1, 1:-1], cp.coverage_counts(4, 3, padding="same"))
    assert "최소 1회 · 최대 4회" in panels[0].get_title()
    assert "최소 4회 · 최대 9회" in panels[1].get_title()


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(input_size=20, kernel_size=3),
        dict(input_size=4, kernel_size=3, paddings=()),
        dict(input_size=4, kernel_size=3, paddings=("full",)),
    ],
)
def test_plot_coverage_rejects_bad_input(kwargs):
    assert_korean_value_error(lambda: cp.plot_coverage(**kwargs))


# --- 스트라이드: 커널 위치 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, kernel, strides, padding",
    [(7, 3, 2, "valid"), (8, 3, 2, "valid"), (5, 3, 2, "same"), (6, 3, 1, "valid"), (6, 2, 2, "same")],
)
def test_plot_kernel_positions_one_window_per_keras_output_pixel(size, kernel, strides, padding):
    from keras import layers

    conv = layers.Conv2D(1, kernel, strides=strides, padding=padding)
    out_h, out_w = conv.compute_output_shape((1, size, size, 1))[1:3]
    fig = cp.plot_kernel_positions(size, kernel, strides, padding)
    centers = _patches(fig, "kernel-center")
    assert len(centers) == out_h * out_w
    assert f"출력 {out_h}×{out_w}" in fig.axes[0].get_title()
    # 첫 위치의 테두리는 입력(또는 패딩 포함 격자)의 왼쪽 위 모서리에서 시작하고 커널 크기와 같습니다.
    first = _patches(fig, "kernel-window")[0]
    assert first.get_x() + 0.5 == pytest.approx(0.06) and first.get_width() == pytest.approx(kernel - 0.12)


def test_plot_kernel_positions_reports_ignored_rows():
    fig = cp.plot_kernel_positions(8, 3, 2)
    assert "버려지는 행 1, 열 1" in fig.axes[0].get_title()  # 3칸 출력이 입력 7칸만 덮음
    assert len(_patches(fig, "ignored-cell")) == 8 + 8 - 1  # 마지막 행 8칸 + 마지막 열 8칸 - 겹친 모서리
    fig = cp.plot_kernel_positions(7, 3, 2)
    assert "버려지는 행 0, 열 0" in fig.axes[0].get_title()
    assert _patches(fig, "ignored-cell") == []


@pytest.mark.parametrize("args", [(20, 3), (5, 7), (5, 3, 1, "full"), (5, 3, 0), ((5, 5, 5), 3)])
def test_plot_kernel_positions_rejects_bad_input(args):
    assert_korean_value_error(lambda: cp.plot_kernel_positions(*args))


# --- 0 패딩 가장자리 -------------------------------------------------------------------------


def test_plot_border_profiles_draws_row_and_column_means():
    fmap = np.random.default_rng(3).random((10, 12))
    fig = cp.plot_border_profiles(fmap, 7, title="세로 필터")
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), fmap.mean(axis=1))
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), fmap.mean(axis=0))


@pytest.mark.parametrize("fmap, k", [(np.zeros((4, 4, 1)), 3), (np.zeros((1, 5)), 3), (np.zeros((4, 4)), 0)])
def test_plot_border_profiles_rejects_bad_input(fmap, k):
    assert_korean_value_error(lambda: cp.plot_border_profiles(fmap, k))


# --- 풀링 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(
    "shape, pool, strides", [((4, 4), 2, None), ((5, 5), 3, 2), ((5, 6), 2, None), ((6, 4), (3, 2), (1, 2))]
)
def test_plot_pooling_output_matches_keras(mode, shape, pool, strides):
    x = np.random.default_rng(4).integers(0, 9, size=shape).astype(float)
    fig = cp.plot_pooling(x, pool, strides, mode=mode)
    ax_in, ax_out = fig.axes
    np.testing.assert_array_equal(ax_in.images[0].get_array(), x)
    expected = _keras_pool(x, pool, strides, mode)
    np.testing.assert_allclose(ax_out.images[0].get_array(), expected, rtol=1e-6)
    assert len(_patches(ax_in, "pool-window")) == expected.size
    circles = _patches(ax_in, "max-choice")
    if mode == "max":
        assert len(circles) == expected.size
        for circle, value in zip(circles, expected.ravel()):
            col, row = circle.center
            assert x[int(row), int(col)] == value  # 동그라미 친 칸이 그 창의 최댓값
    else:
        assert circles == []


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((np.zeros((4, 4)), 5), {}),
        ((np.zeros((4, 4)),), {"mode": "min"}),
        ((np.zeros((2, 4, 4)),), {}),
        ((np.zeros((4, 4)), 0), {}),
    ],
)
def test_plot_pooling_rejects_bad_input(args, kwargs):
    assert_korean_value_error(lambda: cp.plot_pooling(*args, **kwargs))


def test_plot_pooling_before_after_same_pixel_scale():
    rng = np.random.default_rng(5)
    before = rng.random((10, 16, 3))
    after = before[::2, ::2]
    fig = cp.plot_pooling_before_after(before, after)
    ax_before, ax_after = fig.axes
    np.testing.assert_array_equal(ax_after.images[0].get_array(), after)
    assert ax_after.images[0].get_extent() == [0, 8, 5, 0]
    assert ax_before.get_xlim() == ax_after.get_xlim() == (0, 16)
    assert ax_after.get_title() == "풀링 후: 5×8"


@pytest.mark.parametrize(
    "before, after",
    [
        (np.zeros((4, 4)), np.zeros((5, 4))),
        (np.zeros((4, 4)), np.full((2, 2), 3.0)),
        (np.zeros((4, 4, 2)), np.zeros((2, 2))),
        (np.zeros(4), np.zeros(2)),
    ],
)
def test_plot_pooling_before_after_rejects_bad_input(before, after):
    assert_korean_value_error(lambda: cp.plot_pooling_before_after(before, after))


# --- 한글 글리프 -------------------------------------------------------------------------------

FIGURES = {
    "matrices": lambda: cp.plot_matrices([X4, K3], ["입력", "커널"], suptitle="행렬"),
    "conv1d": lambda: cp.plot_conv1d_vs_dense(np.arange(10), [1, 0, -1], bias=0.5),
    "step": lambda: cp.plot_convolution_step(X4, K3, (1, 1), bias=-1),
    "receptive": lambda: cp.plot_receptive_field_growth([3, 2, 3], [1, 2, 1], ["합성곱1", "풀링1", "합성곱2"]),
    "coverage": lambda: cp.plot_coverage(4, 3),
    "positions": lambda: cp.plot_kernel_positions(8, 3, 2),
    "border": lambda: cp.plot_border_profiles(np.ones((8, 8)), 3, title="가장자리"),
    "pooling": lambda: cp.plot_pooling(X4, 2),
    "before_after": lambda: cp.plot_pooling_before_after(np.zeros((8, 8)), np.zeros((4, 4))),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_render_korean_without_missing_glyph_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = FIGURES[name]()
        fig.canvas.draw()
    assert isinstance(fig, Figure)
