import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

from conftest import assert_korean_value_error  # noqa: E402
from course_utils.gradients import (  # noqa: E402
    GradientNorms,
    activation_gradient_norms,
    kernel_gradient_norms,
    kernel_layers,
    plot_gradient_norms,
)
from course_utils.korean_font import use_korean_font  # noqa: E402


def _tiny_conv_model():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((6, 6, 1))
    h = layers.Conv2D(3, 3, activation="tanh", name="c1")(inputs)
    h = layers.BatchNormalization(name="bn")(h)
    h = layers.Conv2D(2, 3, activation="relu", name="c2")(h)
    h = layers.Flatten(name="flat")(h)
    outputs = layers.Dense(4, activation="softmax", name="out")(h)
    return keras.Model(inputs, outputs)


def test_softmax_regression_matches_closed_form_gradient():
    # 소프트맥스 회귀: dL/dW = X^T (P - Y) / N (손으로 유도한 공식)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(8, 5)).astype("float32")
    y = rng.integers(0, 3, size=8)
    model = keras.Sequential([keras.Input((5,)), layers.Dense(3, activation="softmax", name="softmax")])
    result = kernel_gradient_norms(model, x, y)
    kernel, bias = (w.numpy().astype(np.float64) for w in model.layers[0].weights)
    logits = x.astype(np.float64) @ kernel + bias
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    onehot = np.eye(3)[y]
    expected = x.astype(np.float64).T @ (probabilities - onehot) / len(x)
    assert result.names == ["softmax"]
    np.testing.assert_allclose(result.norms, [np.linalg.norm(expected)], rtol=1e-4)


def test_conv_model_matches_manual_gradient_tape():
    model = _tiny_conv_model()
    rng = np.random.default_rng(2)
    x = rng.normal(size=(5, 6, 6, 1)).astype("float32")
    y = np.array([0, 1, 2, 3, 1])
    result = kernel_gradient_norms(model, x, y)
    assert result.names == ["c1", "c2", "out"]  # 배치 정규화와 Flatten은 커널이 없음
    loss_object = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_object(y, model(x, training=True))
    kernels = [model.get_layer(name).kernel for name in ["c1", "c2", "out"]]
    expected = [np.sqrt(np.sum(g.numpy().astype(np.float64) ** 2)) for g in tape.gradient(loss, kernels)]
    np.testing.assert_allclose(result.norms, expected, rtol=1e-5)
    assert result.norms.dtype == np.float64 and np.all(result.norms > 0)


def test_custom_loss_function_and_inference_mode():
    model = _tiny_conv_model()
    x = np.random.default_rng(3).normal(size=(4, 6, 6, 1)).astype("float32")
    y = np.eye(4, dtype="float32")

    def mean_squared(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)

    result = kernel_gradient_norms(model, x, y, loss=mean_squared, training=False)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(y - model(x, training=False)))
    gradient = tape.gradient(loss, model.get_layer("out").kernel)
    np.testing.assert_allclose(result.norms[-1], np.linalg.norm(gradient.numpy()), rtol=1e-5)


def test_kernel_layers_skips_layers_without_kernels_and_selects_by_name():
    model = _tiny_conv_model()
    assert [layer.name for layer in kernel_layers(model)] == ["c1", "c2", "out"]
    assert [layer.name for layer in kernel_layers(model, ["out", "c1"])] == ["c1", "out"]  # 모델 순서
    assert_korean_value_error(lambda: kernel_layers(model, ["bn"]), match="없습니다")


def test_activation_gradients_match_closed_form_two_layer_network():
    # h = x W1 + b1 (선형), p = softmax(h W2 + b2), L = mean_i -log p[i, y_i]
    # 손으로: Keras의 교차 엔트로피는 -log(p_y / Σp)이므로 dL/dp = (1 - onehot / p_y) / N,
    #         dL/dh = (P - Y) W2^T / N
    rng = np.random.default_rng(4)
    x = rng.normal(size=(6, 4)).astype("float32")
    y = rng.integers(0, 3, size=6)
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(5, name="hidden"), layers.Dense(3, activation="softmax", name="probs")]
    )
    result = activation_gradient_norms(model, x, y)
    w1, b1 = (w.numpy().astype(np.float64) for w in model.get_layer("hidden").weights)
    w2, b2 = (w.numpy().astype(np.float64) for w in model.get_layer("probs").weights)
    hidden = x.astype(np.float64) @ w1 + b1
    logits = hidden @ w2 + b2
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    onehot = np.eye(3)[y]
    n = len(x)
    d_probs = (1 - onehot / p[np.arange(n), y][:, None]) / n
    d_hidden = (p - onehot) @ w2.T / n
    assert result.names == ["hidden", "probs"]
    np.testing.assert_allclose(result.norms, [np.linalg.norm(d_hidden), np.linalg.norm(d_probs)], rtol=1e-4)


def test_activation_gradients_match_manual_tape_on_conv_model():
    model = _tiny_conv_model()
    x = np.random.default_rng(5).normal(size=(3, 6, 6, 1)).astype("float32")
    y = np.array([2, 0, 1])
    result = activation_gradient_norms(model, x, y, layer_names=["c1", "c2"])
    # 같은 계산을 층을 하나씩 불러 손으로 이어 붙여 확인
    with tf.GradientTape() as tape:
        a1 = model.get_layer("c1")(x)
        tape.watch(a1)
        a2 = model.get_layer("c2")(model.get_layer("bn")(a1, training=True))
        tape.watch(a2)
        p = model.get_layer("out")(model.get_layer("flat")(a2))
        loss = -tf.reduce_mean(tf.math.log(tf.gather(p, y, axis=1, batch_dims=1)))
    expected = [np.linalg.norm(g.numpy()) for g in tape.gradient(loss, [a1, a2])]
    assert result.names == ["c1", "c2"]
    np.testing.assert_allclose(result.norms, expected, rtol=1e-4)


def test_plain_deep_network_gradients_vanish_toward_input():
    # 글로럿 초기화 + ReLU의 깊은 평범한 합성곱 신경망: 역전파 신호가 층마다 줄어듦
    keras.utils.set_random_seed(0)
    inputs = keras.Input((12, 12, 1))
    h = inputs
    for index in range(12):
        h = layers.Conv2D(8, 3, padding="same", activation="relu", name=f"conv{index}")(h)
    outputs = layers.Dense(4, activation="softmax")(layers.GlobalAveragePooling2D()(h))
    model = keras.Model(inputs, outputs)
    x = np.random.default_rng(6).uniform(size=(16, 12, 12, 1)).astype("float32")
    result = activation_gradient_norms(model, x, np.arange(16) % 4, layer_names=[f"conv{i}" for i in range(12)])
    assert result.norms[0] < result.norms[-1] / 10


def test_bad_inputs_raise_value_error():
    model = _tiny_conv_model()
    x = np.zeros((2, 6, 6, 1), dtype="float32")
    assert_korean_value_error(lambda: kernel_gradient_norms(model, x, np.array([0, 1, 2])), match="샘플 수")
    assert_korean_value_error(lambda: kernel_gradient_norms(model, np.zeros((0, 6, 6, 1)), np.zeros(0)))
    assert_korean_value_error(lambda: kernel_layers("모델 아님"))
    no_kernel = keras.Sequential([keras.Input((4,)), layers.Activation("relu")])
    assert_korean_value_error(lambda: kernel_gradient_norms(no_kernel, np.zeros((2, 4)), np.zeros(2)), match="커널")


def test_disconnected_kernel_raises():
    inputs = keras.Input((3,))
    used = layers.Dense(2, activation="softmax", name="used")(inputs)
    unused = layers.Dense(2, name="unused")(inputs)
    model = keras.Model(inputs, [used, unused])

    def first_output_loss(y_true, predictions):
        return keras.losses.sparse_categorical_crossentropy(y_true, predictions[0])

    assert_korean_value_error(
        lambda: kernel_gradient_norms(model, np.ones((2, 3), "float32"), np.array([0, 1]), loss=first_output_loss),
        match="unused",
    )


def test_plot_gradient_norms_draws_one_line_per_model():
    use_korean_font()
    results = {
        "평범한 CNN": GradientNorms(["a", "b", "c"], np.array([1e-6, 1e-3, 1e-1])),
        "잔차 CNN": (["a", "b", "c"], [1e-2, 5e-2, 1e-1]),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plot_gradient_norms(results)
        fig.canvas.draw()
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["평범한 CNN", "잔차 CNN"]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1e-6, 1e-3, 1e-1])
    assert ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "$10^{-3}$" in labels and all(label.startswith("$10^{") for label in labels)


def test_plot_gradient_norms_draws_into_given_axis():
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    returned = plot_gradient_norms({"a": (["x", "y"], [1.0, 2.0])}, ax=axes[1], log_scale=False, ylabel="크기")
    assert returned is fig and len(axes[1].lines) == 1 and not axes[0].lines
    assert axes[1].get_ylabel() == "크기" and axes[1].get_yscale() == "linear"


@pytest.mark.parametrize("bad", [{}, {"x": (["a"], [1.0, 2.0])}, {"x": (["a"], [0.0])}, {"x": 3}, []])
def test_plot_gradient_norms_rejects_bad_input(bad):
    assert_korean_value_error(lambda: plot_gradient_norms(bad))
