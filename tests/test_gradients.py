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

from course_utils.gradients import GradientNorms, kernel_layers, layer_gradient_norms, plot_gradient_norms  # noqa: E402
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
    result = layer_gradient_norms(model, x, y)
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
    result = layer_gradient_norms(model, x, y)
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

    result = layer_gradient_norms(model, x, y, loss=mean_squared, training=False)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(y - model(x, training=False)))
    gradient = tape.gradient(loss, model.get_layer("out").kernel)
    np.testing.assert_allclose(result.norms[-1], np.linalg.norm(gradient.numpy()), rtol=1e-5)


def test_kernel_layers_skips_layers_without_kernels():
    model = _tiny_conv_model()
    assert [layer.name for layer in kernel_layers(model)] == ["c1", "c2", "out"]


def test_bad_inputs_raise_value_error():
    model = _tiny_conv_model()
    x = np.zeros((2, 6, 6, 1), dtype="float32")
    with pytest.raises(ValueError, match="샘플 수"):
        layer_gradient_norms(model, x, np.array([0, 1, 2]))
    with pytest.raises(ValueError):
        layer_gradient_norms(model, np.zeros((0, 6, 6, 1)), np.zeros(0))
    with pytest.raises(ValueError):
        kernel_layers("모델 아님")
    no_kernel = keras.Sequential([keras.Input((4,)), layers.Activation("relu")])
    with pytest.raises(ValueError, match="커널"):
        layer_gradient_norms(no_kernel, np.zeros((2, 4)), np.zeros(2))


def test_disconnected_kernel_raises():
    inputs = keras.Input((3,))
    used = layers.Dense(2, activation="softmax", name="used")(inputs)
    unused = layers.Dense(2, name="unused")(inputs)
    model = keras.Model(inputs, [used, unused])

    def first_output_loss(y_true, predictions):
        return keras.losses.sparse_categorical_crossentropy(y_true, predictions[0])

    with pytest.raises(ValueError, match="unused"):
        layer_gradient_norms(model, np.ones((2, 3), "float32"), np.array([0, 1]), loss=first_output_loss)


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


@pytest.mark.parametrize("bad", [{}, {"x": (["a"], [1.0, 2.0])}, {"x": (["a"], [0.0])}, {"x": 3}, []])
def test_plot_gradient_norms_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        plot_gradient_norms(bad)
