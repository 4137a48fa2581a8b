"""출력 크기·패딩·파라미터 수 계산을 실제 Keras 층과 비교합니다."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import assert_korean_value_error
from course_utils import sizes

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402


def keras_conv_length(n, k, s, padding, d):
    layer = layers.Conv1D(1, k, strides=s, padding=padding, dilation_rate=d)
    return layer.compute_output_shape((1, n, 1))[1]


# 넓은 격자: 입력 1~16, 커널 1~6, 스트라이드 1~4, 팽창 1~3, 두 가지 패딩.
GRID = [
    (n, k, s, d, p)
    for n, k, s, d, p in itertools.product(range(1, 17), range(1, 7), range(1, 5), range(1, 4), ("valid", "same"))
    if not (s > 1 and d > 1)
]


def test_conv_output_size_matches_keras_shape_inference_on_grid():
    mismatches = []
    for n, k, s, d, p in GRID:
        fits = d * (k - 1) + 1 <= n or p == "same"
        if not fits:
            assert_korean_value_error(lambda: sizes.conv_output_size(n, k, s, p, d))
            continue
        if sizes.conv_output_size(n, k, s, p, d) != keras_conv_length(n, k, s, p, d):
            mismatches.append((n, k, s, d, p))
    assert not mismatches


@pytest.mark.parametrize(
    "n,k,s,d,p",
    [
        (28, 3, 1, 1, "valid"),
        (28, 3, 2, 1, "same"),
        (28, 5, 3, 1, "valid"),
        (7, 3, 1, 2, "same"),
        (10, 3, 1, 3, "valid"),
        (13, 4, 2, 1, "same"),
        (9, 2, 4, 1, "valid"),
        (1, 5, 3, 1, "same"),
    ],
)
def test_conv2d_output_shape_matches_real_conv2d_output(n, k, s, d, p):
    # 실제 연산을 실행해 나온 텐서 모양과 비교(높이와 너비를 다르게 해 축이 섞이지 않는지 확인).
    width = n + 5
    layer = layers.Conv2D(2, (k, k), strides=s, padding=p, dilation_rate=d)
    output = layer(np.zeros((1, n, width, 3), dtype="float32"))
    assert tuple(output.shape[1:3]) == sizes.conv2d_output_shape((n, width), k, s, p, d)


@pytest.mark.parametrize(
    "n,k,s,p",
    [
        (26, 2, None, "valid"),
        (27, 2, None, "valid"),
        (27, 2, None, "same"),
        (13, 3, 2, "valid"),
        (5, 3, 1, "same"),
        (8, 3, 3, "same"),
        (6, 6, None, "valid"),
    ],
)
def test_pool2d_output_shape_matches_real_pooling_output(n, k, s, p):
    for layer_class in (layers.MaxPooling2D, layers.AveragePooling2D):
        output = layer_class(pool_size=k, strides=s, padding=p)(np.zeros((1, n, n + 1, 2), dtype="float32"))
        assert tuple(output.shape[1:3]) == sizes.pool2d_output_shape((n, n + 1), k, s, p)


def test_pool_output_size_matches_keras_shape_inference_on_grid():
    for n, k, s, p in itertools.product(range(1, 17), range(1, 6), [None, 1, 2, 3], ("valid", "same")):
        if p == "valid" and k > n:
            assert_korean_value_error(lambda: sizes.pool_output_size(n, k, s, p))
            continue
        expected = layers.MaxPooling1D(k, strides=s, padding=p).compute_output_shape((1, n, 1))[1]
        assert sizes.pool_output_size(n, k, s, p) == expected, (n, k, s, p)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 5), p=st.sampled_from(["valid", "same"]))
def test_padding_counts_reproduce_tf_conv_exactly(n, k, s, p):
    """same_padding/valid_ignored로 직접 패딩·자르기한 뒤 VALID 합성곱 = Keras의 합성곱."""
    if p == "valid" and k > n:
        return
    rng = np.random.default_rng(n * 1000 + k * 10 + s)
    x = rng.normal(size=(1, n, 1)).astype("float32")
    layer = layers.Conv1D(1, k, strides=s, padding=p, use_bias=False)
    expected = np.asarray(layer(x))
    kernel = np.asarray(layer.kernel)[:, 0, 0]
    if p == "same":
        before, after = sizes.same_padding(n, k, s)
        signal = np.concatenate([np.zeros(before), x[0, :, 0], np.zeros(after)])
    else:
        ignored = sizes.valid_ignored(n, k, s)
        signal = x[0, : n - ignored, 0]
        # 버려지는 칸이 정말 필요 없는지: 마지막 창이 정확히 끝에 닿아야 함
        assert (len(signal) - k) % s == 0
    manual = np.array([signal[i * s : i * s + k] @ kernel for i in range((len(signal) - k) // s + 1)])
    np.testing.assert_allclose(manual, expected[0, :, 0], rtol=1e-5, atol=1e-5)


def test_hand_computed_examples():
    assert sizes.conv_output_size(28, 3) == 26
    assert sizes.conv_output_size(28, 3, padding="same") == 28
    assert sizes.conv_output_size(28, 3, strides=2, padding="same") == 14
    assert sizes.conv_output_size(7, 3, dilation_rate=2) == 3
    assert sizes.pool_output_size(26, 2) == 13
    assert sizes.same_padding(28, 3) == (1, 1)
    assert sizes.same_padding(28, 3, strides=2) == (0, 1)  # 홀수 개는 뒤쪽에
    assert sizes.same_padding(5, 1) == (0, 0)
    assert sizes.valid_ignored(28, 3, strides=2) == 1
    assert sizes.valid_ignored(28, 3) == 0
    assert sizes.conv2d_output_shape((32, 64), (3, 5), strides=(1, 2), padding="valid") == (30, 30)


# 전치 합성곱의 격자: 입력 1~10, 커널 1~6, 스트라이드 1~4, 두 가지 패딩, output_padding 없음/0~3.
TRANSPOSED_GRID = list(itertools.product(range(1, 11), range(1, 7), range(1, 5), ("valid", "same"), (None, 0, 1, 2, 3)))


def test_transposed_conv_output_size_matches_keras_shape_inference_on_grid():
    checked, rejected = 0, 0
    for n, k, s, p, op in TRANSPOSED_GRID:
        try:
            layer = layers.Conv1DTranspose(1, k, strides=s, padding=p, output_padding=op)
        except ValueError:  # Keras가 거절하는 조합(output_padding >= strides)은 우리도 한국어로 거절
            assert_korean_value_error(lambda: sizes.transposed_conv_output_size(n, k, s, p, op), match="출력 패딩")
            rejected += 1
            continue
        expected = layer.compute_output_shape((1, n, 1))[1]
        assert sizes.transposed_conv_output_size(n, k, s, p, op) == expected, (n, k, s, p, op)
        checked += 1
    assert checked > 1000 and rejected > 100  # 격자가 두 경우를 모두 충분히 덮는지


@pytest.mark.parametrize(
    "n,k,s,p,op",
    [
        (7, 3, 2, "valid", None),
        (7, 3, 2, "valid", 1),
        (8, 2, 2, "same", None),
        (5, 3, 2, "same", 1),
        (5, 4, 2, "same", None),
        (6, 5, 3, "same", 2),
        (4, 1, 3, "valid", None),
        (3, 5, 1, "same", None),
        (6, 4, 3, "valid", 2),
    ],
)
def test_conv2d_transpose_output_shape_matches_real_layer_output(n, k, s, p, op):
    # 실제 연산을 실행한 텐서의 모양(높이와 너비를 다르게 해 축이 섞이지 않는지 확인).
    width = n + 3
    layer = layers.Conv2DTranspose(2, k, strides=s, padding=p, output_padding=op)
    output = layer(np.zeros((1, n, width, 3), dtype="float32"))
    assert tuple(output.shape[1:3]) == sizes.conv2d_transpose_output_shape((n, width), k, s, p, op)


def test_transposed_conv_undoes_the_shape_of_the_matching_conv():
    # 스트라이드 s인 합성곱이 m을 n으로 줄이면, 같은 k, s의 전치 합성곱은 output_padding으로 m을 되돌릴 수 있음.
    for m, k, s, p in itertools.product(range(3, 20), range(1, 6), range(1, 4), ("valid", "same")):
        if p == "valid" and k > m:
            continue
        n = sizes.conv_output_size(m, k, s, p)
        restored = {
            sizes.transposed_conv_output_size(n, k, s, p, op) for op in range(s) if not (p == "same" and k % 2 == 0)
        }
        if restored:
            assert m in restored, (m, k, s, p, restored)


def test_transposed_hand_computed_examples():
    assert sizes.transposed_conv_output_size(7, 3, strides=2) == 15  # (7 - 1) * 2 + 3
    assert sizes.transposed_conv_output_size(7, 3, strides=2, output_padding=1) == 16
    assert sizes.transposed_conv_output_size(8, 2, strides=2, padding="same") == 16
    assert sizes.transposed_conv_output_size(4, 1, strides=3) == 12  # k < s: 찍힌 칸 사이가 비어도 길이는 n * s
    assert sizes.transposed_conv_output_size(5, 3, strides=2, padding="same", output_padding=1) == 10
    assert sizes.transposed_conv_output_size(np.int64(3), np.int32(3)) == 5
    assert sizes.conv2d_transpose_output_shape((8, 5), (2, 3), strides=(2, 1), padding="valid") == (16, 7)


@pytest.mark.parametrize(
    "call",
    [
        lambda: sizes.transposed_conv_output_size(0, 3),
        lambda: sizes.transposed_conv_output_size(4, 3.0),
        lambda: sizes.transposed_conv_output_size(4, 3, strides=0),
        lambda: sizes.transposed_conv_output_size(4, 3, padding="full"),
        lambda: sizes.transposed_conv_output_size(4, 3, strides=2, output_padding=2),
        lambda: sizes.transposed_conv_output_size(4, 3, strides=1, output_padding=1),
        lambda: sizes.transposed_conv_output_size(4, 3, strides=2, output_padding=-1),
        lambda: sizes.transposed_conv_output_size(4, 3, strides=2, output_padding=True),
        lambda: sizes.conv2d_transpose_output_shape((4, 4), 3, output_padding=(0, 0, 0)),
        lambda: sizes.conv2d_transpose_output_shape((4, 4, 1), 3),
    ],
)
def test_transposed_bad_input_raises_korean_value_error(call):
    assert_korean_value_error(lambda: call())


@pytest.mark.parametrize(
    "kernel,in_ch,filters,bias", [(3, 1, 32, True), (3, 32, 64, True), ((5, 3), 3, 7, False), (7, 3, 32, True)]
)
def test_conv2d_param_count_matches_count_params(kernel, in_ch, filters, bias):
    layer = layers.Conv2D(filters, kernel, use_bias=bias)
    layer.build((None, 16, 16, in_ch))
    assert sizes.conv2d_param_count(kernel, in_ch, filters, bias) == layer.count_params()


@pytest.mark.parametrize("inputs,units,bias", [(3136, 100, True), (100, 10, True), (61952, 10, True), (5, 3, False)])
def test_dense_param_count_matches_count_params(inputs, units, bias):
    layer = layers.Dense(units, use_bias=bias)
    layer.build((None, inputs))
    assert sizes.dense_param_count(inputs, units, bias) == layer.count_params()


@pytest.mark.parametrize(
    "call",
    [
        lambda: sizes.conv_output_size(0, 3),
        lambda: sizes.conv_output_size(-4, 3),
        lambda: sizes.conv_output_size(28.0, 3),
        lambda: sizes.conv_output_size(28, 2.5),
        lambda: sizes.conv_output_size(True, 3),
        lambda: sizes.conv_output_size(28, 3, padding="full"),
        lambda: sizes.conv_output_size(28, 3, padding=None),
        lambda: sizes.conv_output_size(2, 3),
        lambda: sizes.conv_output_size(5, 3, dilation_rate=3),
        lambda: sizes.conv_output_size(28, 3, strides=2, dilation_rate=2),
        lambda: sizes.conv_output_size(28, 3, strides=0),
        lambda: sizes.pool_output_size(1, 2),
        lambda: sizes.conv2d_output_shape((28, 28, 3), 3),
        lambda: sizes.conv2d_param_count(3, 0, 32),
        lambda: sizes.dense_param_count(10, -1),
    ],
)
def test_bad_input_raises_korean_value_error(call):
    assert_korean_value_error(lambda: call())


def test_numpy_integers_are_accepted():
    assert sizes.conv_output_size(np.int64(28), np.int32(3)) == 26
