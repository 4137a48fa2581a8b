"""NumPy 기준 연산(course_utils.reference_ops)을 실제 Keras 층·TensorFlow와 한 번에 비교합니다.

그림(conv_plots, box_plots), 탐색기(explorers), 지표(detection)는 모두 이 함수들을 부르므로, 여기서 Keras와 같으면
그 값들도 Keras와 같습니다. 손으로 센 작은 예도 함께 둡니다.
"""

import numpy as np
import pytest

from conftest import assert_korean_value_error
from course_utils import reference_ops as ops


def _random_conv_cases(count, seed=0):
    """Keras가 받는 (입력, 커널, 스트라이드, 팽창, 패딩) 조합. 패딩은 'valid', 'same', 명시적 정수 p."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        shape = tuple(int(v) for v in rng.integers(3, 12, size=2))
        kernel = tuple(int(v) for v in rng.integers(1, 5, size=2))
        strides = tuple(int(v) for v in rng.integers(1, 4, size=2))
        dilation = (1, 1) if max(strides) > 1 else tuple(int(v) for v in rng.integers(1, 4, size=2))
        padding = str(rng.choice(["valid", "same", "explicit"]))
        padding = int(rng.integers(0, 3)) if padding == "explicit" else padding
        span = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
        pad = 0 if not isinstance(padding, int) else padding
        if padding != "same" and any(n + 2 * pad < s for n, s in zip(shape, span)):
            continue
        cases.append((shape, kernel, strides, dilation, padding))
    return cases


def _keras_conv(x, kernel, strides, dilation, padding):
    import keras
    from keras import layers

    conv = layers.Conv2D(
        1, kernel.shape, strides=strides, dilation_rate=dilation, use_bias=False,
        padding="valid" if isinstance(padding, int) else padding,
    )  # fmt: skip
    stack = (
        [keras.Input((*x.shape, 1))] + ([layers.ZeroPadding2D(padding)] if isinstance(padding, int) else []) + [conv]
    )
    model = keras.Sequential(stack)
    conv.set_weights([kernel[:, :, None, None].astype("float32")])
    return np.asarray(model(x[None, :, :, None].astype("float32")))[0, :, :, 0]


@pytest.mark.parametrize("shape, kernel, strides, dilation, padding", _random_conv_cases(40))
def test_correlate2d_matches_keras_conv2d(shape, kernel, strides, dilation, padding):
    rng = np.random.default_rng(sum(shape) + sum(kernel))
    x, w = rng.normal(size=shape), rng.normal(size=kernel)
    ours = ops.correlate2d(x, w, strides, padding, dilation)
    np.testing.assert_allclose(ours, _keras_conv(x, w, strides, dilation, padding), rtol=1e-4, atol=1e-4)


def test_correlate2d_hand_computed_and_does_not_flip_the_kernel():
    x = np.arange(16.0).reshape(4, 4)
    kernel = np.array([[1.0, 0.0], [0.0, 0.0]])  # 왼쪽 위 칸만: 뒤집지 않으면 출력 = 입력의 왼쪽 위 3×3
    np.testing.assert_array_equal(ops.correlate2d(x, kernel), x[:3, :3])
    np.testing.assert_array_equal(ops.correlate2d(x, np.ones((2, 2)), strides=2), [[10, 18], [42, 50]])
    assert ops.correlate2d(x, np.ones((3, 3)), padding="same").shape == (4, 4)
    np.testing.assert_array_equal(
        ops.correlate2d(np.ones((5, 5)), np.ones((2, 2)), dilation_rate=2), np.full((3, 3), 4)
    )


@pytest.mark.parametrize(
    "args",
    [
        (np.ones((4, 4)), np.ones((3, 3)), 2, "valid", 2),  # Keras가 거절하는 조합(스트라이드와 팽창이 둘 다 > 1)
        (np.ones((2, 2)), np.ones((3, 3))),  # valid에서 커널이 입력보다 큼
        (np.ones(4), np.ones((3, 3))),
        (np.ones((4, 4)), np.ones((3, 3)), 1, "full"),
        (np.ones((4, 4)), np.ones((3, 3)), 1, -1),
    ],
)
def test_correlate2d_rejects_what_keras_rejects(args):
    assert_korean_value_error(ops.correlate2d, *args)


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("seed", range(6))
def test_pool2d_matches_keras_pooling_layers(mode, seed):
    from keras import layers

    rng = np.random.default_rng(seed)
    shape = tuple(int(v) for v in rng.integers(4, 12, size=2))
    pool = tuple(int(v) for v in rng.integers(1, 4, size=2))
    strides = None if seed % 3 == 0 else tuple(int(v) for v in rng.integers(1, 4, size=2))
    x = rng.integers(0, 9, size=shape).astype(float)  # 같은 값이 많아 최댓값 위치가 겹치는 경우도 시험
    layer = (layers.MaxPooling2D if mode == "max" else layers.AveragePooling2D)(pool, strides=strides)
    expected = np.asarray(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]
    np.testing.assert_allclose(ops.pool2d(x, pool, strides, mode), expected, rtol=1e-6)
    if mode == "max":
        out, positions = ops.pool2d(x, pool, strides, "max", positions=True)
        stride = pool if strides is None else strides
        rows, cols = positions[..., 0], positions[..., 1]
        np.testing.assert_array_equal(x[rows, cols], out)  # 고른 칸의 값이 창의 최댓값
        i, j = np.indices(out.shape)
        assert np.all((rows - i * stride[0] >= 0) & (rows - i * stride[0] < pool[0]))  # 고른 칸이 자기 창 안
        assert np.all((cols - j * stride[1] >= 0) & (cols - j * stride[1] < pool[1]))


def test_pool2d_hand_computed_and_bad_input():
    x = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 3], [2, 2, 0, 1]], float)
    np.testing.assert_array_equal(ops.pool2d(x, 2), [[4, 5], [2, 3]])
    np.testing.assert_array_equal(ops.pool2d(x, 2, mode="average"), [[2.5, 2], [1.25, 1.75]])
    _, positions = ops.pool2d(x, 2, positions=True)
    assert positions.tolist() == [[[1, 0], [1, 3]], [[3, 0], [2, 2]]]  # 같은 값(2, 2)이면 행 우선으로 처음 칸
    assert_korean_value_error(ops.pool2d, x, 5)  # 창이 입력보다 큼
    assert_korean_value_error(ops.pool2d, x, 2, mode="min")
    assert_korean_value_error(ops.pool2d, x, 2, mode="average", positions=True)


def test_coverage_counts_hand_computed_case():
    expected = np.array([[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]])
    np.testing.assert_array_equal(ops.coverage_counts(4, 3), expected)
    same = ops.coverage_counts(4, 3, padding="same")
    np.testing.assert_array_equal(same, [[4, 6, 6, 4], [6, 9, 9, 6], [6, 9, 9, 6], [4, 6, 6, 4]])
    padded = ops.coverage_counts(4, 3, padding="same", keep_padding=True)
    assert padded.shape == (6, 6) and padded[0, 0] == 1 and padded.sum() == 9 * 16  # 출력 16칸 × 커널 9칸


@pytest.mark.parametrize(
    "shape, kernel, strides, padding, dilation",
    [
        ((4, 4), 3, 1, "valid", 1),
        ((4, 4), 3, 1, "same", 1),
        ((7, 6), 3, 2, "valid", 1),
        ((7, 6), 3, 2, "same", 1),
        ((8, 5), (3, 2), (2, 1), "same", 1),
        ((6, 6), 4, 1, "same", 1),
        ((6, 6), 1, 2, "same", 1),
        ((9, 9), 5, 3, "valid", 1),
        ((9, 8), 3, 1, "valid", 2),
        ((9, 8), 3, 1, "same", (2, 3)),
    ],
)
def test_coverage_counts_equals_gradient_of_summed_convolution(shape, kernel, strides, padding, dilation):
    # 가중치가 모두 1인 커널의 합성곱 출력 합을 입력으로 미분하면, 픽셀이 쓰인 횟수가 됩니다.
    import tensorflow as tf

    kh, kw = kernel if isinstance(kernel, tuple) else (kernel, kernel)
    x = tf.zeros((1, *shape, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.conv2d(x, tf.ones((kh, kw, 1, 1)), strides=strides, padding=padding.upper(), dilations=dilation)
        total = tf.reduce_sum(y)
    gradient = tape.gradient(total, x).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(ops.coverage_counts(shape, kernel, strides, padding, dilation), gradient)


@pytest.mark.parametrize("args", [(3, 4), (4, 3, 1, "full"), (0, 3), ((4, 4, 4), 3), (4, 3, 0), (6, 3, 2, "same", 2)])
def test_coverage_counts_rejects_bad_input(args):
    assert_korean_value_error(lambda: ops.coverage_counts(*args))


def test_box_iou_matches_pycocotools():
    from pycocotools import mask as mask_utils

    rng = np.random.default_rng(0)
    corners = np.sort(rng.uniform(0, 20, size=(2, 30, 2, 2)), axis=3)  # (a/b, 상자, x/y, 작은/큰 값)
    a = np.stack([corners[0, :, 0, 0], corners[0, :, 1, 0], corners[0, :, 0, 1], corners[0, :, 1, 1]], axis=1)
    b = np.stack([corners[1, :, 0, 0], corners[1, :, 1, 0], corners[1, :, 0, 1], corners[1, :, 1, 1]], axis=1)
    a[:5] = b[:5]  # 같은 상자(IoU 1)
    a[5, :] = [0, 0, 1, 1]
    b[5, :] = [2, 2, 3, 3]  # 떨어진 상자(IoU 0)

    def xywh(boxes):
        return np.column_stack([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]])

    expected = mask_utils.iou(xywh(a).tolist(), xywh(b).tolist(), [0] * len(b))
    np.testing.assert_allclose(ops.box_iou(a[:, None], b[None]), expected, atol=1e-12)
    assert ops.box_iou(a[0], b[0]) == 1.0 and ops.box_iou(a[5], b[5]) == 0.0


# 전치 합성곱: 커널 1~4(짝수·홀수), 스트라이드 1~3, 두 패딩, output_padding 없음/0/1/2. 높이·너비와 축마다 값을 달리 함.
_TRANSPOSED_CASES = [
    (k, s, padding, op)
    for k in range(1, 5)
    for s in range(1, 4)
    for padding in ("valid", "same")
    for op in (None, 0, 1, 2)
    if op is None or op < s
]


def test_transposed_conv2d_matches_keras_conv2d_transpose_on_a_grid():
    """임의의 입력과 뒤집어 보면 다른 커널로 Keras ``Conv2DTranspose`` 와 값·모양을 비교합니다.

    TensorFlow가 실행을 거절하는 조합(``same``, 짝수 커널, ``output_padding=0``)은 우리도 한국어로 거절합니다.
    """
    from keras import layers

    rng = np.random.default_rng(30)
    checked = rejected = 0
    for k, s, padding, op in _TRANSPOSED_CASES:
        shape = tuple(int(v) for v in rng.integers(2, 6, size=2))
        kernel_shape = (k, int(rng.integers(1, 5)))
        strides = (s, int(rng.integers(1, 4)))
        output_padding = None if op is None else (op, min(op, strides[1] - 1))
        x, w = rng.normal(size=shape), rng.normal(size=kernel_shape)
        layer = layers.Conv2DTranspose(
            1, kernel_shape, strides=strides, padding=padding, output_padding=output_padding, use_bias=False
        )
        layer.build((1, *shape, 1))
        layer.set_weights([w[:, :, None, None].astype("float32")])
        try:
            expected = np.asarray(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]
        except Exception:  # TensorFlow의 오류 종류는 커널 구현(oneDNN 등)에 따라 다름
            expected = None
        case = (shape, kernel_shape, strides, padding, output_padding)
        if expected is None:
            assert padding == "same" and 0 in [o for o, kk in zip(output_padding or (), kernel_shape) if kk % 2 == 0]
            assert_korean_value_error(ops.transposed_conv2d, x, w, strides, padding, output_padding, match="TensorFlow")
            rejected += 1
            continue
        ours = ops.transposed_conv2d(x, w, strides, padding, output_padding)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=str(case))
        checked += 1
    assert checked > 50 and rejected >= 3


def test_transposed_conv2d_hand_computed_stamps_and_crop():
    # 10 노트북 2절의 예: 2×2 입력이 모두 1인 3×3 커널을 스트라이드 2로 찍음 → 5×5, 가운데 줄·열은 겹쳐 더해짐.
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    expected = np.array(
        [[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [4, 4, 10, 6, 6], [3, 3, 7, 4, 4], [3, 3, 7, 4, 4]], dtype=float
    )
    np.testing.assert_array_equal(ops.transposed_conv2d(x, np.ones((3, 3)), strides=2), expected)
    # 커널을 뒤집지 않음: 왼쪽 위 칸만 1이면 입력 칸 (i, j)의 값이 (2i, 2j)에 그대로 놓임.
    corner = np.zeros((3, 3))
    corner[0, 0] = 1
    np.testing.assert_array_equal(ops.transposed_conv2d(x, corner, strides=2)[::2, ::2][:2, :2], x)
    # same: 찍힘 격자 (3-1)·2 + 4 = 8칸에서 출력 6칸, 앞 1칸·뒤 1칸을 잘라 냄.
    out, canvas, skip = ops.transposed_conv2d(np.ones((3, 3)), np.ones((4, 4)), 2, "same", stamps=True)
    assert canvas.shape == (8, 8) and skip == (1, 1) and out.shape == (6, 6)
    np.testing.assert_array_equal(out, canvas[1:7, 1:7])
    # output_padding: 격자(7칸)를 넘는 끝 칸은 0.
    padded = ops.transposed_conv2d(np.ones((3, 3)), np.ones((3, 3)), 2, "valid", 1)
    assert padded.shape == (8, 8) and not padded[-1].any() and not padded[:, -1].any()


@pytest.mark.parametrize(
    "args, words",
    [
        ((np.ones((3, 3)), np.ones((2, 2)), 2, "same", 0), "TensorFlow"),  # Keras는 모양만 계산하고 실행은 거절
        ((np.ones((3, 3)), np.ones((3, 3)), 2, "valid", 2), "출력 패딩"),  # output_padding >= strides
        ((np.ones(3), np.ones((3, 3))), "차원"),
        ((np.ones((3, 3)), np.ones((3, 3)), 1, "full"), "padding"),
        ((np.ones((3, 3)), np.ones((3, 3)), 0), "strides"),
    ],
)
def test_transposed_conv2d_rejects_what_keras_rejects(args, words):
    assert_korean_value_error(ops.transposed_conv2d, *args, match=words)
