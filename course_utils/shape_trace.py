"""층별 출력 모양과 파라미터 수를 ``course_utils.sizes`` 의 공식으로 직접 계산해 Keras 모델과 비교합니다.

모델 요약(``model.summary()``)의 숫자는 Keras가 계산해 준 것입니다. 이 모듈은 같은 숫자를 층의 설정
(커널 크기, 스트라이드, 패딩, 필터 수)만 보고 공식으로 다시 계산합니다.

* ``Conv2D``: 높이·너비 ``conv2d_output_shape``, 채널 = ``filters``, 파라미터 ``kh·kw·C_in·filters + filters``
* ``MaxPooling2D``/``AveragePooling2D``: ``pool2d_output_shape``, 채널 그대로, 파라미터 0
* ``ZeroPadding2D``: 위+아래, 왼쪽+오른쪽만큼 커짐
* ``Flatten``: ``H·W·C`` 한 축, ``Dense``: 마지막 축 → ``units``, 파라미터 ``n_in·units + units``
* ``GlobalAveragePooling2D``/``GlobalMaxPooling2D``: ``(C,)``
* ``BatchNormalization``: 모양 그대로, 파라미터 ``4·C`` (γ, β, 이동 평균, 이동 분산)
* ``Dropout``, ``Activation``, ``ReLU``, ``Rescaling``: 모양 그대로, 파라미터 0

모양은 배치 축을 뺀 ``(높이, 너비, 채널)`` 처럼 씁니다(channels_last).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from course_utils.sizes import conv2d_output_shape, conv2d_param_count, dense_param_count, pool2d_output_shape
from course_utils.validation import positive_int

_UNCHANGED = ("Dropout", "SpatialDropout2D", "Activation", "ReLU", "LeakyReLU", "Softmax", "Rescaling", "GaussianNoise")


class ShapeTraceRow(NamedTuple):
    """한 층의 계산값과 Keras 값. ``computed_*`` 은 공식, ``keras_*`` 는 모델에서 읽은 값."""

    name: str
    kind: str
    computed_shape: tuple
    keras_shape: tuple
    computed_params: int
    keras_params: int

    @property
    def matches(self) -> bool:
        """모양과 파라미터 수가 모두 같으면 ``True``."""
        return self.computed_shape == self.keras_shape and self.computed_params == self.keras_params


def _check_channels_last(layer):
    data_format = getattr(layer, "data_format", "channels_last")
    if data_format not in (None, "channels_last"):
        raise ValueError(
            f"층 {layer.name!r}: channels_last(높이, 너비, 채널) 형식만 계산합니다. 받은 값: {data_format!r}"
        )


def _need_image(layer, input_shape):
    if len(input_shape) != 3:
        raise ValueError(
            f"층 {layer.name!r}({type(layer).__name__})의 입력은 (높이, 너비, 채널)이어야 합니다. "
            f"받은 모양: {input_shape}"
        )


def layer_output_shape_and_params(layer, input_shape) -> tuple:
    """층 하나의 출력 모양(배치 축 제외)과 파라미터 수를 공식으로 계산합니다.

    Args:
        layer: Keras 층(설정만 읽음).
        input_shape: 배치 축을 뺀 입력 모양, 예: ``(224, 224, 3)``.

    Returns:
        ``(output_shape, param_count)``.

    지원하지 않는 층이면 ``ValueError``.
    """
    import keras

    if not isinstance(layer, keras.layers.Layer):
        raise ValueError(f"layer는 Keras 층이어야 합니다. 받은 값의 형식: {type(layer).__name__}")
    if not isinstance(input_shape, (tuple, list)) or not input_shape:
        raise ValueError(f"입력 모양은 양의 정수들의 튜플이어야 합니다. 받은 값: {input_shape!r}")
    input_shape = tuple(positive_int(d, "입력 모양의 크기") for d in input_shape)
    kind = type(layer).__name__
    if kind in (
        "Conv2D",
        "MaxPooling2D",
        "AveragePooling2D",
        "ZeroPadding2D",
        "GlobalAveragePooling2D",
        "GlobalMaxPooling2D",
    ):
        _need_image(layer, input_shape)
        _check_channels_last(layer)
    if kind == "Conv2D":
        if getattr(layer, "groups", 1) != 1:
            raise ValueError(f"층 {layer.name!r}: 그룹 합성곱(groups > 1)은 계산하지 않습니다.")
        height, width = conv2d_output_shape(
            input_shape[:2], layer.kernel_size, layer.strides, layer.padding, layer.dilation_rate
        )
        params = conv2d_param_count(layer.kernel_size, input_shape[2], layer.filters, layer.use_bias)
        return (height, width, layer.filters), params
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        height, width = pool2d_output_shape(input_shape[:2], layer.pool_size, layer.strides, layer.padding)
        return (height, width, input_shape[2]), 0
    if kind == "ZeroPadding2D":
        (top, bottom), (left, right) = layer.padding
        return (input_shape[0] + top + bottom, input_shape[1] + left + right, input_shape[2]), 0
    if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        if getattr(layer, "keepdims", False):
            return (1, 1, input_shape[2]), 0
        return (input_shape[2],), 0
    if kind == "Flatten":
        return (math.prod(input_shape),), 0
    if kind == "Dense":
        return input_shape[:-1] + (layer.units,), dense_param_count(input_shape[-1], layer.units, layer.use_bias)
    if kind == "BatchNormalization":
        axis = layer.axis[0] if isinstance(layer.axis, (list, tuple)) and len(layer.axis) == 1 else layer.axis
        if axis not in (-1, len(input_shape)):  # 배치 축을 포함하면 마지막 축의 번호는 len(input_shape)
            raise ValueError(
                f"층 {layer.name!r}: 마지막 축(채널)을 정규화하는 배치 정규화만 계산합니다. axis={layer.axis!r}"
            )
        per_channel = 2 + int(layer.center) + int(layer.scale)  # 이동 평균·분산 + β + γ
        return input_shape, per_channel * input_shape[-1]
    if kind in _UNCHANGED:
        return input_shape, 0
    raise ValueError(
        f"층 {layer.name!r}의 종류 {kind}은(는) 계산할 수 없습니다. "
        "지원: Conv2D, 풀링, ZeroPadding2D, Flatten, Dense, 전역 풀링, BatchNormalization, Dropout 등"
    )


def _keras_shape(tensor) -> tuple:
    return tuple(int(d) for d in tensor.shape[1:])


def _inbound_layer_names(model) -> dict | None:
    """함수형 모델의 층마다 입력을 준 층의 이름 목록(``model.get_config()``, 저장 형식 ``.keras`` 와 같은 공개 설정).

    ``keras.Sequential`` 은 정의상 일렬이므로 ``None``.
    """
    import keras

    if isinstance(model, keras.Sequential):
        return None

    def names(value):
        if isinstance(value, dict):
            history = (
                value.get("config", {}).get("keras_history") if value.get("class_name") == "__keras_tensor__" else None
            )
            return [history[0]] if history else [name for item in value.values() for name in names(item)]
        if isinstance(value, (list, tuple)):
            return [name for item in value for name in names(item)]
        return []

    return {layer["name"]: names(layer.get("inbound_nodes", [])) for layer in model.get_config()["layers"]}


def trace_shapes(model) -> list:
    """일렬로 이어진(체인) 모델의 층마다 공식으로 계산한 모양·파라미터 수와 Keras의 값을 나란히 돌려줍니다.

    Args:
        model: ``keras.Sequential`` 또는 층이 한 줄로 이어진 함수형 모델(입력 하나, 분기 없음).

    Returns:
        ``ShapeTraceRow`` 목록(입력 층 제외). 첫 층의 입력 모양은 ``model.inputs[0]`` 에서 읽고,
        그다음부터는 **앞 층에서 계산한 모양**을 이어서 씁니다(Keras 값을 빌려 쓰지 않음).
    """
    inputs = getattr(model, "inputs", None)
    if not inputs:
        raise ValueError("model은 입력 모양이 정해진(built) Keras 모델이어야 합니다. keras.Input을 먼저 지정하세요.")
    if len(inputs) != 1:
        raise ValueError(f"입력이 하나인 모델만 추적합니다. 입력 수: {len(inputs)}")
    shape = _keras_shape(inputs[0])
    sources = _inbound_layer_names(model)
    previous = None
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            previous = layer.name
            continue
        if sources is not None and previous is not None and sources.get(layer.name) != [previous]:
            raise ValueError(
                f"층 {layer.name!r}의 입력이 바로 앞 층의 출력이 아닙니다. "
                "분기나 덧셈(잔차 연결)이 없는 일렬 모델만 추적할 수 있습니다."
            )
        shape, params = layer_output_shape_and_params(layer, shape)
        rows.append(
            ShapeTraceRow(
                layer.name, type(layer).__name__, shape, _keras_shape(layer.output), params, int(layer.count_params())
            )
        )
        previous = layer.name
    return rows


def plot_shape_trace(rows, title: str | None = None):
    """``trace_shapes`` 의 결과를 층마다 가로 막대 두 개로 그립니다.

    왼쪽: 층 출력의 원소 수(샘플 하나당 ``H·W·C``, 메모리와 계산량의 척도),
    오른쪽: 층의 파라미터 수. 둘 다 로그 눈금이며 막대 길이는 공식으로 계산한 값입니다.

    Args:
        rows: ``ShapeTraceRow`` 목록(``trace_shapes(model)``).
        title: 그림 전체 제목.

    Returns:
        축 두 개를 가진 ``matplotlib.figure.Figure``.
    """
    import matplotlib.pyplot as plt

    if rows is not None and (
        not isinstance(rows, (list, tuple)) or not all(isinstance(row, ShapeTraceRow) for row in rows)
    ):
        raise ValueError(
            f"rows는 trace_shapes(model)가 돌려준 ShapeTraceRow 목록이어야 합니다. 받은 값: {rows!r}"[:300]
        )
    rows = list(rows) if rows is not None else []
    if not rows or not all(isinstance(row, ShapeTraceRow) for row in rows):
        raise ValueError("rows는 trace_shapes(model)이 돌려준 ShapeTraceRow의 비어 있지 않은 목록이어야 합니다.")
    names = [row.name for row in rows]
    sizes = [math.prod(row.computed_shape) for row in rows]
    params = [row.computed_params for row in rows]
    positions = list(range(len(rows)))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.32 * len(rows) + 1.6), sharey=True)
    left.barh(positions, sizes, color="tab:blue")
    left.set_xscale("log")
    left.set_xlabel("출력 원소 수 (H×W×C, 로그 눈금)")
    left.set_title("층 출력의 크기")
    # 파라미터가 없는 층(풀링, Flatten)은 막대 없이 0으로 표시
    right.barh(positions, [p if p > 0 else float("nan") for p in params], color="tab:orange")
    right.set_xscale("log")
    right.set_xlabel("파라미터 수 (로그 눈금)")
    right.set_title("층의 파라미터 수")
    for position, value in zip(positions, params):
        if value == 0:
            right.text(1, position, " 0", va="center", fontsize=8, color="gray")
    left.set_yticks(positions)
    left.set_yticklabels(names)
    left.invert_yaxis()
    for ax in (left, right):
        ax.grid(alpha=0.3, axis="x")
    right.set_xlim(left=1)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
