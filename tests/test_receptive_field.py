"""수용 영역 계산을 손 계산 사례와 실제 Keras 모델의 기울기(gradient) 측정으로 확인합니다."""

import numpy as np
import pytest

from conftest import assert_korean_value_error
from course_utils.receptive_field import (
    ReceptiveField,
    model_receptive_fields,
    receptive_field_size,
    receptive_field_sizes,
    receptive_field_steps,
)

# --- 손으로 계산한 사례 ------------------------------------------------------------------------


def test_stacked_3x3_convolutions_grow_by_two():
    # 3x3 하나는 3, 둘은 3 + 2 = 5, 셋은 5 + 2 = 7 (스트라이드 1)
    assert receptive_field_sizes([3, 3, 3]) == [3, 5, 7]
    assert receptive_field_size([3] * 10) == 21


def test_single_layer_is_its_kernel():
    assert receptive_field_sizes([7]) == [7]
    assert receptive_field_sizes([1]) == [1]


def test_pooling_multiplies_later_growth():
    # conv3 → pool2(s2) → conv3: 3, 3 + 1*1 = 4, 4 + 2*2 = 8
    steps = receptive_field_steps([3, 2, 3], strides=[1, 2, 1])
    assert steps == [ReceptiveField(3, 1), ReceptiveField(4, 2), ReceptiveField(8, 2)]


def test_seed_model_with_pooling():
    # conv3 → pool2 → conv3 → pool2 → conv3: 3, 4, 8, 10, 18
    assert receptive_field_sizes([3, 2, 3, 2, 3], strides=[1, 2, 1, 2, 1]) == [3, 4, 8, 10, 18]


def test_dilation_widens_the_kernel():
    # 3x3 팽창 2 → 실제 폭 5; 그다음 팽창 4 → 폭 9: 5, 5 + 8 = 13
    assert receptive_field_sizes([3, 3], dilation_rates=[2, 4]) == [5, 13]


def test_strided_first_layer():
    # 7x7 스트라이드 2 (ResNet 첫 층) → 7, 그다음 3x3 풀 스트라이드 2 → 7 + 2*2 = 11
    steps = receptive_field_steps([7, 3], strides=[2, 2])
    assert steps == [ReceptiveField(7, 2), ReceptiveField(11, 4)]


@pytest.mark.parametrize("bad", [[], [0, 3], [3, -1], "33", 3, [3.0], [True]])
def test_bad_kernel_sizes_raise_korean_value_error(bad):
    assert_korean_value_error(lambda: receptive_field_sizes(bad), match="커널|층")


def test_mismatched_strides_length_raises():
    assert_korean_value_error(lambda: receptive_field_sizes([3, 3], strides=[1, 2, 1]), match="개수")
    assert_korean_value_error(lambda: receptive_field_sizes([3, 3], strides=0), match="스트라이드")


# --- 실제 Keras 모델에서 기울기로 측정 --------------------------------------------------------


def _measured_extent(model, input_size):
    """가운데 출력 픽셀의 입력에 대한 기울기가 0이 아닌 영역의 (높이, 너비)."""
    import tensorflow as tf

    x = tf.random.uniform((1, input_size, input_size, 1), 0.5, 1.0, seed=0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = model(x)
        center = y[0, y.shape[1] // 2, y.shape[2] // 2, :]
        target = tf.reduce_sum(center)
    gradient = tape.gradient(target, x)[0, :, :, 0].numpy()
    rows, cols = np.nonzero(gradient)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


def _ones_model(spec, input_size):
    """합성곱 가중치를 모두 1로 둔 선형 모델(기울기가 수용 영역 전체에서 양수)."""
    import keras
    from keras import layers

    inputs = keras.Input((input_size, input_size, 1))
    x = inputs
    for index, (kind, kernel, stride, dilation) in enumerate(spec):
        if kind == "conv":
            x = layers.Conv2D(
                2,
                kernel,
                strides=stride,
                dilation_rate=dilation,
                kernel_initializer="ones",
                bias_initializer="zeros",
                name=f"conv_{index}",
            )(x)
        else:
            # 최대 풀링은 기울기가 최댓값 한 곳으로만 흐르므로, 같은 기하 구조의 평균 풀링으로 잽니다.
            x = layers.AveragePooling2D(kernel, strides=stride, name=f"pool_{index}")(x)
    return keras.Model(inputs, x)


@pytest.mark.parametrize(
    "spec",
    [
        [("conv", 3, 1, 1)] * 3,
        [("conv", 3, 1, 1), ("pool", 2, 2, 1), ("conv", 3, 1, 1), ("pool", 2, 2, 1), ("conv", 3, 1, 1)],
        [("conv", 5, 2, 1), ("conv", 3, 1, 1), ("pool", 3, 2, 1), ("conv", 3, 1, 1)],
        [("conv", 3, 1, 2), ("conv", 3, 1, 3)],
    ],
)
def test_formula_matches_gradient_measurement_on_keras_model(spec):
    input_size = 48
    model = _ones_model(spec, input_size)
    expected = receptive_field_size([k for _, k, _, _ in spec], [s for _, _, s, _ in spec], [d for _, _, _, d in spec])
    assert _measured_extent(model, input_size) == (expected, expected)
    rows = model_receptive_fields(model)
    assert rows[-1].size == (expected, expected)
    assert [r.name for r in rows] == [layer.name for layer in model.layers[1:]]


def test_model_receptive_fields_reads_seed_model_and_skips_activations():
    import keras
    from keras import layers

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu", name="c1"),
            layers.MaxPooling2D(2, name="p1"),
            layers.Conv2D(64, 3, name="c2"),
            layers.ReLU(name="relu"),
            layers.MaxPooling2D(2, name="p2"),
            layers.Conv2D(128, (3, 1), name="c3"),
            layers.Flatten(name="flatten"),
            layers.Dense(10, name="dense"),
        ]
    )
    rows = model_receptive_fields(model)
    assert [r.name for r in rows] == ["c1", "p1", "c2", "p2", "c3"]
    assert [r.size[0] for r in rows] == [3, 4, 8, 10, 18]
    # 너비 축은 마지막 커널이 1이라 10에서 더 자라지 않습니다.
    assert rows[-1].size == (18, 10)
    assert rows[-1].jump == (4, 4)
    assert rows[-1].kernel_size == (3, 1)


def test_model_receptive_fields_rejects_unsupported_layers():
    import keras
    from keras import layers

    inputs = keras.Input((8, 8, 1))
    a = layers.Conv2D(1, 3, padding="same")(inputs)
    b = layers.Conv2D(1, 3, padding="same")(inputs)
    model = keras.Model(inputs, layers.Add()([a, b]))
    assert_korean_value_error(lambda: model_receptive_fields(model), match="계산할 수 없습니다")
    assert_korean_value_error(lambda: model_receptive_fields([3, 3]), match="Keras 모델")
    assert_korean_value_error(
        lambda: model_receptive_fields(keras.Sequential([keras.Input((4,)), layers.Dense(2)])), match="합성곱 또는 풀링"
    )
