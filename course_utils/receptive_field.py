"""쌓인 합성곱·풀링 층의 수용 영역(receptive field) 크기.

출력 특성 맵의 한 픽셀 값은 입력 이미지의 한정된 사각형 영역에서만 영향을 받습니다. 이 영역이
그 픽셀의 수용 영역이고, 한 축(높이 또는 너비)의 크기를 ``r`` 로 적습니다. 층 ``l`` 의 커널 크기를
``k_l``, 스트라이드를 ``s_l``, 팽창 비율을 ``d_l`` 이라 하면(풀링 층은 풀 크기가 ``k_l``, ``d_l = 1``)::

    k_eff_l = d_l (k_l - 1) + 1                      # 팽창을 반영한 커널 폭
    j_l     = s_1 * s_2 * ... * s_l                  # 점프: 이웃한 출력 픽셀이 입력에서 떨어진 거리 (j_0 = 1)
    r_0     = 1
    r_l     = r_{l-1} + (k_eff_l - 1) * j_{l-1}      # = r_{l-1} + (k_l - 1) * (l 앞 층들의 스트라이드 곱)

예를 들어 3x3 합성곱 세 개(스트라이드 1)는 3 → 5 → 7, 3x3 합성곱 + 2x2 최대 풀링 + 3x3 합성곱은
3 → 4 → 8 입니다. 패딩은 수용 영역의 크기를 바꾸지 않습니다(가장자리 픽셀의 수용 영역 일부가
0 패딩 위에 놓일 뿐입니다).
"""

from __future__ import annotations

from typing import NamedTuple

from course_utils.validation import positive_int


class ReceptiveField(NamedTuple):
    """한 층을 지난 뒤의 수용 영역.

    Attributes:
        size: 수용 영역의 한 축 크기 ``r_l`` (입력 픽셀 수).
        jump: 이웃한 출력 픽셀 사이의 입력 픽셀 거리 ``j_l`` (스트라이드의 누적 곱).
    """

    size: int
    jump: int


class LayerReceptiveField(NamedTuple):
    """Keras 모델의 한 층에 대한 수용 영역 정보(높이, 너비 순서의 쌍)."""

    name: str
    kernel_size: tuple
    strides: tuple
    size: tuple
    jump: tuple


def _per_layer(value, count: int, name: str) -> list:
    """정수 하나이면 모든 층에 같은 값, 목록이면 층마다 하나씩."""
    if isinstance(value, (list, tuple)):
        if len(value) != count:
            raise ValueError(
                f"{name}의 개수({len(value)})가 층의 개수({count})와 다릅니다. "
                "정수 하나(모든 층에 같은 값) 또는 층마다 하나씩 주세요."
            )
        return [positive_int(v, f"{name}의 각 값") for v in value]
    return [positive_int(value, name)] * count


def receptive_field_steps(kernel_sizes, strides=1, dilation_rates=1) -> list[ReceptiveField]:
    """층을 하나씩 지날 때마다의 수용 영역 ``(size, jump)`` 목록(한 축).

    Args:
        kernel_sizes: 층마다의 커널(풀) 크기 ``[k_1, ..., k_L]`` (양의 정수).
        strides: 정수 하나(모든 층) 또는 층마다의 스트라이드 ``[s_1, ..., s_L]``.
        dilation_rates: 정수 하나 또는 층마다의 팽창 비율 ``[d_1, ..., d_L]``.

    Returns:
        길이 ``L`` 의 목록. ``l`` 번째 원소는 ``ReceptiveField(size=r_l, jump=j_l)``::

            r_l = r_{l-1} + (d_l (k_l - 1) + 1 - 1) * j_{l-1},   j_l = j_{l-1} * s_l,   r_0 = j_0 = 1

    예: ``receptive_field_steps([3, 3, 3])`` → 크기 3, 5, 7 (점프 1, 1, 1).
    """
    if isinstance(kernel_sizes, (str, bytes)) or not hasattr(kernel_sizes, "__len__"):
        raise ValueError(f"kernel_sizes는 층마다의 커널 크기 목록이어야 합니다. 받은 값: {kernel_sizes!r}")
    if len(kernel_sizes) == 0:
        raise ValueError("kernel_sizes가 비어 있습니다. 층이 하나 이상 있어야 합니다.")
    kernels = [positive_int(k, "커널 크기(kernel_sizes)의 각 값") for k in kernel_sizes]
    stride_list = _per_layer(strides, len(kernels), "스트라이드(strides)")
    dilation_list = _per_layer(dilation_rates, len(kernels), "팽창 비율(dilation_rates)")
    size, jump = 1, 1
    steps = []
    for k, s, d in zip(kernels, stride_list, dilation_list):
        effective_kernel = d * (k - 1) + 1
        size = size + (effective_kernel - 1) * jump
        jump = jump * s
        steps.append(ReceptiveField(size, jump))
    return steps


def receptive_field_sizes(kernel_sizes, strides=1, dilation_rates=1) -> list[int]:
    """층마다의 수용 영역 크기 ``[r_1, ..., r_L]`` (한 축). 공식은 모듈 설명 참고.

    예: ``receptive_field_sizes([3, 3, 3])`` → ``[3, 5, 7]``,
    ``receptive_field_sizes([3, 2, 3], strides=[1, 2, 1])`` → ``[3, 4, 8]``.
    """
    return [step.size for step in receptive_field_steps(kernel_sizes, strides, dilation_rates)]


def receptive_field_size(kernel_sizes, strides=1, dilation_rates=1) -> int:
    """마지막 층 출력 픽셀 하나의 수용 영역 크기 ``r_L`` (한 축).

    예: 3x3 합성곱 ``n`` 개를 쌓으면 ``2n + 1``: ``receptive_field_size([3] * 5)`` → 11.
    """
    return receptive_field_sizes(kernel_sizes, strides, dilation_rates)[-1]


# 공간 크기를 바꾸지 않고 픽셀마다 따로 계산하는 층(수용 영역 그대로).
_PASS_THROUGH = {
    "InputLayer",
    "Activation",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Softmax",
    "BatchNormalization",
    "LayerNormalization",
    "Dropout",
    "SpatialDropout2D",
    "GaussianNoise",
    "GaussianDropout",
    "Rescaling",
    "Normalization",
}
# 여기서부터는 출력이 입력 전체에 의존하므로 목록을 끝냅니다.
_STOP = {"Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Reshape"}
_CONVOLUTIONS = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D"}
_POOLINGS = {"MaxPooling2D", "AveragePooling2D"}


def _pair(value) -> tuple:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value), int(value))


def model_receptive_fields(model) -> list[LayerReceptiveField]:
    """층이 한 줄로 이어진 Keras 모델(예: ``Sequential``)에서 층마다의 수용 영역.

    ``Conv2D``, ``DepthwiseConv2D``, ``SeparableConv2D``, ``MaxPooling2D``, ``AveragePooling2D`` 의
    ``kernel_size``/``pool_size``, ``strides``, ``dilation_rate`` 를 읽어 높이·너비 축마다
    :func:`receptive_field_steps` 의 공식을 적용합니다. 활성화·배치 정규화·드롭아웃처럼 픽셀마다 따로
    계산하는 층은 건너뛰고, ``Flatten``·``Dense``·전역 풀링을 만나면 멈춥니다(그 뒤는 입력 전체).

    Returns:
        공간 층마다 ``LayerReceptiveField(name, kernel_size, strides, size, jump)``;
        ``size``, ``jump`` 는 ``(높이, 너비)`` 쌍입니다.

    Raises:
        ValueError: 모델에 층이 없거나, 이 계산이 다루지 않는 층(예: ``Add``, ``Conv1D``)이 있을 때.
    """
    layers = getattr(model, "layers", None)
    if layers is None:
        raise ValueError(f"model은 층(layers)을 가진 Keras 모델이어야 합니다. 받은 값: {type(model).__name__}")
    rows = []
    size, jump = (1, 1), (1, 1)
    for layer in layers:
        kind = type(layer).__name__
        if kind in _PASS_THROUGH:
            continue
        if kind in _STOP:
            break
        if kind in _CONVOLUTIONS:
            kernel = _pair(layer.kernel_size)
            dilation = _pair(layer.dilation_rate)
        elif kind in _POOLINGS:
            kernel = _pair(layer.pool_size)
            dilation = (1, 1)
        else:
            raise ValueError(
                f"층 '{layer.name}'({kind})의 수용 영역은 계산할 수 없습니다. "
                "합성곱·풀링 층이 한 줄로 이어진 모델만 다룹니다."
            )
        stride = _pair(layer.strides)
        axes = [receptive_field_steps([kernel[a]], [stride[a]], [dilation[a]]) for a in range(2)]
        # 한 층짜리 계산 결과를 앞 층까지의 (size, jump)에 이어 붙입니다.
        size = tuple(size[a] + (axes[a][0].size - 1) * jump[a] for a in range(2))
        jump = tuple(jump[a] * stride[a] for a in range(2))
        rows.append(LayerReceptiveField(layer.name, kernel, stride, size, jump))
    if not rows:
        raise ValueError("모델에 합성곱 또는 풀링 층이 없습니다.")
    return rows
