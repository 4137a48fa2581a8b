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
