"""층별 기울기(gradient) 크기: 기울기 소실(vanishing gradient)을 숫자와 그림으로 보기.

깊은 신경망에서 역전파(backpropagation)는 출력 쪽에서 입력 쪽으로 연쇄 법칙을 따라 기울기를
곱해 나갑니다. 층마다 곱해지는 값이 1보다 작으면 입력 쪽 층의 기울기는 층 수에 따라
지수적으로 작아집니다. 이 모듈은 한 배치에서 층마다 가중치(커널) 기울기의 L2 노름

    ``||∂L/∂W_l||_2 = sqrt(Σ (∂L/∂W_l)²)``

과 층 출력(활성값) 기울기의 L2 노름 ``||∂L/∂a_l||_2`` 을 계산하고
(``kernel_gradient_norms``, ``activation_gradient_norms``), 여러 모델의 결과를 한 그림에 그립니다
(``plot_gradient_norms``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class GradientNorms(NamedTuple):
    """층별 커널 기울기 노름. ``names[i]`` 층의 값이 ``norms[i]`` (입력 쪽 층부터 순서대로)."""

    names: list
    norms: np.ndarray


def kernel_layers(model, layer_names=None) -> list:
    """``model.layers`` 중 커널(``kernel``) 가중치를 가진 층(Conv2D, Dense 등)을 순서대로 돌려줍니다.

    Args:
        model: Keras 모델. 맨 위 수준 층만 봅니다(사용자 정의 층 안의 하위 층은 세지 않음).
        layer_names: 이 이름의 층만 고를 때의 이름 목록(순서는 모델의 층 순서를 따름). ``None`` 이면 전부.
    """
    layers = getattr(model, "layers", None)
    if layers is None:
        raise ValueError(f"model은 Keras 모델이어야 합니다. 받은 값의 자료형: {type(model).__name__}")
    found = [layer for layer in layers if getattr(layer, "kernel", None) is not None]
    if layer_names is not None:
        if isinstance(layer_names, str):
            layer_names = [layer_names]
        known = {layer.name for layer in found}
        unknown = [name for name in layer_names if name not in known]
        if unknown:
            raise ValueError(f"커널을 가진 층 중에 이 이름이 없습니다: {unknown}. 있는 이름: {sorted(known)}")
        found = [layer for layer in found if layer.name in set(layer_names)]
    if not found:
        raise ValueError("모델에 커널 가중치를 가진 층(Conv2D, Dense 등)이 없습니다.")
    return found


def _check_batch(x, y, loss):
    import keras

    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x는 (N, ...) 모양의 비어 있지 않은 배치여야 합니다. 받은 모양: {x.shape}")
    if len(y) != len(x):
        raise ValueError(f"x와 y의 샘플 수가 다릅니다: x {len(x)}개, y {len(y)}개")
    loss_fn = keras.losses.get(loss) if isinstance(loss, str) else loss
    if not callable(loss_fn):
        raise ValueError(f"loss는 손실 이름이나 함수여야 합니다. 받은 값: {loss!r}")
    return x, y, loss_fn


def _norms(layers, gradients, what) -> GradientNorms:
    import tensorflow as tf

    norms = []
    for layer, gradient in zip(layers, gradients):
        if gradient is None:
            raise ValueError(f"층 {layer.name!r}의 {what}에 기울기가 흐르지 않습니다(손실과 연결되지 않은 층).")
        norms.append(float(tf.norm(tf.cast(gradient, tf.float64))))
    return GradientNorms([layer.name for layer in layers], np.array(norms, dtype=np.float64))


def kernel_gradient_norms(
    model, x, y, loss="sparse_categorical_crossentropy", training=True, layer_names=None
) -> GradientNorms:
    """배치 ``(x, y)`` 에서 손실의 층별 커널(가중치) 기울기 L2 노름 ``||∂L/∂W_l||_2``.

    가중치가 한 번의 경사 하강법 단계에서 얼마나 움직이는지(``ΔW_l = -η ∂L/∂W_l``)를 보여 줍니다.

    Args:
        model: 만들어진(built) Keras 모델.
        x: 입력 배치, 모양 ``(N, ...)`` (모델 입력과 같은 모양).
        y: 정답, 모양 ``(N,)`` 의 정수 레이블(기본 손실일 때) 또는 손실 함수가 받는 모양.
        loss: 손실 이름(``keras.losses.get`` 이 아는 것) 또는 ``loss(y_true, y_pred)`` 함수.
            배치 평균 손실 ``L = mean_i loss(y_i, model(x_i))`` 을 미분합니다.
        training: 모델을 훈련 모드로 부를지(배치 정규화·드롭아웃이 훈련 때처럼 동작).
        layer_names: 볼 층 이름들(``None`` 이면 커널을 가진 모든 층).

    Returns:
        ``GradientNorms(names, norms)``: 입력 쪽 → 출력 쪽 순서의 층 이름과 ``float64`` 노름 배열.
    """
    import tensorflow as tf

    layers = kernel_layers(model, layer_names)
    x, y, loss_fn = _check_batch(x, y, loss)
    kernels = [layer.kernel for layer in layers]
    with tf.GradientTape() as tape:
        predictions = model(x, training=training)
        value = tf.reduce_mean(loss_fn(y, predictions))
    return _norms(layers, tape.gradient(value, kernels), "커널")


def activation_gradient_norms(
    model, x, y, loss="sparse_categorical_crossentropy", training=True, layer_names=None
) -> GradientNorms:
    """배치 ``(x, y)`` 에서 손실의 층별 출력(활성값) 기울기 L2 노름 ``||∂L/∂a_l||_2``.

    ``a_l`` 은 커널을 가진 층 ``l`` 의 출력(활성화 함수 적용 후), 모양 ``(N, H, W, C)`` 또는 ``(N, units)``.
    역전파 신호가 출력 쪽에서 입력 쪽으로 전해지며 얼마나 줄어드는지(기울기 소실)를 보여 줍니다.
    연쇄 법칙에 따라 ``∂L/∂a_{l-1} = (∂a_l/∂a_{l-1})^T ∂L/∂a_l`` 입니다.

    입력 하나·출력 하나인 함수형(또는 Sequential) 모델이어야 합니다. 인자는 ``kernel_gradient_norms`` 와 같습니다.
    손실은 모델의 최종 출력(확률)에서 계산합니다(소프트맥스 앞의 로짓으로 건너뛰지 않음).
    """
    import keras
    import tensorflow as tf

    layers = kernel_layers(model, layer_names)
    x, y, loss_fn = _check_batch(x, y, loss)
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ValueError("입력 하나, 출력 하나인 Keras 모델만 계산합니다.")
    probe = keras.Model(model.inputs[0], [layer.output for layer in layers] + [model.outputs[0]])
    with tf.GradientTape() as tape:
        *activations, predictions = probe(x, training=training)
        # tf.identity: Keras 손실이 소프트맥스 출력을 건너뛰고 로짓에서 계산하면 출력 층의 기울기가 끊기므로
        value = tf.reduce_mean(loss_fn(y, tf.identity(predictions)))
    return _norms(layers, tape.gradient(value, activations), "출력")


def _decade_label(value, position=None) -> str:
    """로그 눈금 값이 10의 거듭제곱이면 ``$10^{k}$`` (수식 글꼴), 아니면 빈 문자열."""
    if value <= 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-6:
        return ""
    return f"$10^{{{int(round(exponent))}}}$"


def plot_gradient_norms(
    results: dict, title: str = "층별 기울기 크기", log_scale: bool = True, ylabel: str = "기울기의 L2 노름", ax=None
):
    """여러 모델의 층별 기울기 노름을 한 축에 겹쳐 그립니다.

    Args:
        results: ``{"모델 이름": GradientNorms 또는 (names, norms)}``. 가로축은 층 번호
            (1 = 입력 쪽 첫 층), 세로축은 그 층의 기울기 노름.
        title: 그림 제목.
        log_scale: 세로축을 로그 눈금으로 그릴지(기울기가 몇 자릿수씩 달라질 때 필요).
        ylabel: 세로축 이름(예: ``"||∂L/∂W||"``).
        ax: 그릴 matplotlib 축(여러 그림을 나란히 둘 때). ``None`` 이면 새 그림을 만듭니다.

    Returns:
        ``matplotlib.figure.Figure`` (``ax`` 를 주었으면 그 축의 그림).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    if not isinstance(results, dict) or not results:
        raise ValueError("results는 {'모델 이름': (층 이름들, 기울기 노름들)} 형태의 비어 있지 않은 사전이어야 합니다.")
    own_figure = ax is None
    if own_figure:
        fig, ax = plt.subplots(figsize=(7.5, 4.0))
    else:
        fig = ax.figure
    markers = "os^Dv*"
    for index, (label, value) in enumerate(results.items()):
        try:
            names, norms = value
        except (TypeError, ValueError):
            raise ValueError(f"{label!r}의 값은 (층 이름들, 기울기 노름들) 쌍이어야 합니다.") from None
        norms = np.asarray(norms, dtype=float)
        if norms.ndim != 1 or len(norms) == 0 or len(names) != len(norms):
            raise ValueError(f"{label!r}: 층 이름 수({len(names)})와 기울기 노름 수({norms.size})가 같아야 합니다.")
        if log_scale and np.any(norms <= 0):
            raise ValueError(
                f"{label!r}: 로그 눈금에는 0보다 큰 기울기 노름만 그릴 수 있습니다(log_scale=False를 쓰세요)."
            )
        ax.plot(np.arange(1, len(norms) + 1), norms, marker=markers[index % len(markers)], label=str(label))
    if log_scale:
        ax.set_yscale("log")
        # 10의 거듭제곱 눈금을 수식 글꼴로: 한글 글꼴(나눔고딕)에는 수식의 마이너스 기호(−)가 없어 10^-3이 깨짐
        ax.yaxis.set_major_locator(LogLocator(base=10))
        ax.yaxis.set_major_formatter(FuncFormatter(_decade_label))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("층 번호 (1 = 입력 쪽)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    if own_figure:
        fig.tight_layout()
    return fig
