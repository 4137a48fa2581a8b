"""NumPy 기준 연산(reference operations): 합성곱·전치 합성곱·풀링·커널이 덮는 횟수·IoU를 한 곳에서 한 번만 계산합니다.

그림(:mod:`course_utils.conv_plots`, :mod:`course_utils.box_plots`), 탐색기(:mod:`course_utils.explorers`),
지표(:mod:`course_utils.detection`)가 모두 이 함수들을 부르며, 테스트(``tests/test_reference_ops.py``)가 실제 Keras 층·
TensorFlow와 한 번 비교합니다.

* 합성곱은 딥러닝 라이브러리와 같은 뜻, 즉 커널을 뒤집지 않는 교차 상관(cross-correlation)입니다:
  ``out[i, j] = Σ_{u,v} x[i·s + u·d, j·s + v·d] · w[u, v]`` (``d``: 팽창, 0 패딩을 덧붙인 ``x`` 위에서).
* 패딩은 ``"valid"``, ``"same"`` (Keras와 같이 남는 0 하나는 아래·오른쪽), 또는 0 이상의 정수 ``p``
  (사방에 0을 ``p`` 개씩 덧붙인 뒤 ``valid``; Keras에서는 ``ZeroPadding2D(p)`` 다음 ``padding="valid"``).
* 출력 크기와 Keras가 거절하는 조합은 :mod:`course_utils.sizes` 가 정합니다(한국어 ``ValueError``).
"""

from __future__ import annotations

import numpy as np

from course_utils import sizes
from course_utils.validation import boolean, float_array, int_pair, non_negative_int, padding_mode


def padding_amounts(input_shape, kernel_size, strides=1, padding="valid", dilation_rate=1) -> tuple:
    """덧붙는 0의 개수 ``((위, 아래), (왼쪽, 오른쪽))``. ``padding``: ``"valid"``, ``"same"``, 정수 ``p``."""
    dims = zip(
        int_pair(input_shape, "input_shape"),
        int_pair(kernel_size, "kernel_size"),
        int_pair(strides, "strides"),
        int_pair(dilation_rate, "dilation_rate"),
    )
    if not isinstance(padding, str):
        p = non_negative_int(padding, "명시적 패딩 p")
        return (p, p), (p, p)
    if padding_mode(padding) == "valid":
        return (0, 0), (0, 0)
    return tuple(tuple(sizes.same_padding(n, k, s, d)) for n, k, s, d in dims)


def _output_shape(padded_shape, kernel_size, strides, dilation_rate) -> tuple:
    """0 패딩을 덧붙인 격자 위 ``valid`` 출력 크기(Keras가 거절하는 조합은 여기서 한국어 ``ValueError``)."""
    return tuple(
        sizes.conv_output_size(n, k, s, "valid", d)
        for n, k, s, d in zip(padded_shape, kernel_size, int_pair(strides, "strides"), dilation_rate)
    )


def correlate2d(x, kernel, strides=1, padding="valid", dilation_rate=1) -> np.ndarray:
    """2차원 교차 상관 ``(H, W)`` * ``(kh, kw)`` → ``(out_h, out_w)``: Keras ``Conv2D`` (필터 1개, 절편 0)와 같습니다.

    Args:
        x: ``(H, W)`` 입력. kernel: ``(kh, kw)`` 커널(뒤집지 않음).
        strides, dilation_rate: 정수 또는 쌍. padding: ``"valid"``, ``"same"`` 또는 정수 ``p``.
    """
    x = float_array(x, "x", ndims=(2,), allow_empty=False)
    kernel = float_array(kernel, "kernel", ndims=(2,), allow_empty=False)
    dilation = int_pair(dilation_rate, "dilation_rate")
    (top, bottom), (left, right) = padding_amounts(x.shape, kernel.shape, strides, padding, dilation)
    padded = np.pad(x, ((top, bottom), (left, right)))
    out_h, out_w = _output_shape(padded.shape, kernel.shape, strides, dilation)
    (sh, sw), (dh, dw) = int_pair(strides, "strides"), dilation
    span = (dh * (kernel.shape[0] - 1) + 1, dw * (kernel.shape[1] - 1) + 1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, span)[::sh, ::sw, ::dh, ::dw]
    return np.einsum("ijuv,uv->ij", windows[:out_h, :out_w], kernel)


def pool2d(x, pool_size=2, strides=None, mode: str = "max", positions: bool = False):
    """``valid`` 2차원 풀링 ``(H, W)`` → ``(out_h, out_w)``: Keras ``MaxPooling2D``/``AveragePooling2D`` 와 같습니다.

    Args:
        x: ``(H, W)`` 입력. pool_size: 정수 또는 쌍. strides: 정수 또는 쌍(생략하면 ``pool_size``, Keras 기본값).
        mode: ``"max"`` 또는 ``"average"``.
        positions: ``True`` 이면 최대 풀링이 창마다 고른 칸의 입력 좌표 ``(out_h, out_w, 2)`` (행, 열)도 돌려줌
            (같은 값이 여럿이면 창 안에서 행 우선으로 처음 것).

    Returns:
        출력 배열, 또는 ``positions=True`` 이면 ``(출력, 좌표)``.
    """
    x = float_array(x, "x", ndims=(2,), allow_empty=False)
    positions = boolean(positions, "positions")
    if not isinstance(mode, str) or mode not in ("max", "average"):
        raise ValueError(f"mode는 'max' 또는 'average'여야 합니다. 받은 값: {mode!r}")
    pool = int_pair(pool_size, "pool_size")
    stride = pool if strides is None else int_pair(strides, "strides")
    out_h, out_w = sizes.pool2d_output_shape(x.shape, pool, stride, "valid")
    windows = np.lib.stride_tricks.sliding_window_view(x, pool)[:: stride[0], :: stride[1]][:out_h, :out_w]
    if mode == "average":
        if positions:
            raise ValueError("positions는 최대 풀링(mode='max')에서만 쓸 수 있습니다.")
        return windows.mean(axis=(2, 3))
    flat = windows.reshape(out_h, out_w, -1)
    index = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, index[..., None], axis=-1)[..., 0]
    if not positions:
        return out
    rows = np.arange(out_h)[:, None] * stride[0] + index // pool[1]
    cols = np.arange(out_w)[None, :] * stride[1] + index % pool[1]
    return out, np.stack([rows, cols], axis=-1)


def coverage_counts(input_shape, kernel_size, strides=1, padding="valid", dilation_rate=1, keep_padding=False):
    """입력 칸마다 합성곱 커널이 그 칸을 몇 번 덮는지(곱셈에 몇 번 쓰이는지)센 정수 배열.

    모든 가중치가 1인 커널로 합성곱한 출력의 합을 입력으로 미분한 값과 같습니다(테스트가 TensorFlow 기울기와 비교).
    예: 4×4 입력, 3×3 커널, ``valid`` → 모서리 1, 가운데 4.

    Args:
        input_shape: 입력의 ``(높이, 너비)`` 또는 정수 하나. kernel_size, strides, dilation_rate: 정수 또는 쌍.
        padding: ``"valid"``, ``"same"`` 또는 정수 ``p``.
        keep_padding: ``True`` 이면 0 패딩 칸까지 포함한 격자 전체(패딩 칸도 덮인 횟수를 가짐).

    Returns:
        ``(높이, 너비)`` (``keep_padding`` 이면 패딩을 더한 크기)의 정수 배열.
    """
    height, width = int_pair(input_shape, "input_shape")
    kh, kw = int_pair(kernel_size, "kernel_size")
    dilation = int_pair(dilation_rate, "dilation_rate")
    (top, bottom), (left, right) = padding_amounts((height, width), (kh, kw), strides, padding, dilation)
    counts = np.zeros((height + top + bottom, width + left + right), dtype=int)
    out_h, out_w = _output_shape(counts.shape, (kh, kw), strides, dilation)
    (sh, sw), (dh, dw) = int_pair(strides, "strides"), dilation
    for u in range(kh):  # 커널 칸 (u, v)가 출력 위치마다 닿는 입력 칸들에 1씩
        for v in range(kw):
            counts[u * dh : u * dh + (out_h - 1) * sh + 1 : sh, v * dw : v * dw + (out_w - 1) * sw + 1 : sw] += 1
    if keep_padding:
        return counts
    return counts[top : top + height, left : left + width].copy()


def transposed_conv2d(x, kernel, strides=1, padding="valid", output_padding=None, stamps: bool = False):
    """2차원 전치 합성곱 ``(H, W)`` → ``(out_h, out_w)``: Keras ``Conv2DTranspose`` (필터 1개, 절편 0)와 같습니다.

    입력 칸 ``(i, j)`` 는 커널 전체를 자기 값만큼 곱해(뒤집지 않음) **찍힘 격자**(stamp canvas)
    ``((H-1)·s_h + k_h, (W-1)·s_w + k_w)`` 의 ``(i·s_h, j·s_w)`` 부터 찍고, 겹친 자리는 더합니다(scatter).
    출력은 이 격자에서 ``(위, 왼쪽)`` 칸을 건너뛴 곳부터 출력 크기만큼 잘라 낸 것이고, 격자를 넘는 끝 칸
    (``output_padding``, ``k < s``)은 0입니다.

    * 출력 크기: :func:`course_utils.sizes.conv2d_transpose_output_shape`.
    * 건너뛰는 칸: ``valid`` 0, ``same`` 은 ``sizes.same_padding(출력 크기, k, s).before``. 전치 합성곱은 출력 크기의
      입력에 같은 커널·스트라이드로 합성곱한 연산의 전치(기울기)라서, 그 합성곱이 앞에 덧붙이는 0만큼 잘립니다.
    * 그 합성곱이 출력 크기를 다시 입력 크기로 줄이지 않는 조합(``same``, 짝수 커널, ``output_padding=0``)은
      Keras가 모양은 계산하지만 TensorFlow가 실행을 거절하므로 한국어 ``ValueError`` 를 냅니다.

    Args:
        x: ``(H, W)`` 입력. kernel: ``(kh, kw)`` 커널. strides: 정수 또는 쌍. padding: ``"valid"`` 또는 ``"same"``.
        output_padding: ``None``, 정수 또는 쌍(``0 <= p < s``).
        stamps: ``True`` 이면 ``(출력, 찍힘 격자, (위, 왼쪽))`` 을 돌려줌(탐색기의 찍기 그림).

    예: 모든 값이 1인 입력과 커널이면 출력은 칸마다 커널이 찍힌 횟수(겹침 수)입니다.
    """
    x = float_array(x, "x", ndims=(2,), allow_empty=False)
    kernel = float_array(kernel, "kernel", ndims=(2,), allow_empty=False)
    stride, mode = int_pair(strides, "strides"), padding_mode(padding)
    out = sizes.conv2d_transpose_output_shape(x.shape, kernel.shape, stride, mode, output_padding)
    for n, k, s, size in zip(x.shape, kernel.shape, stride, out):
        if size < 1 or sizes.conv_output_size(size, k, s, mode) != n:
            raise ValueError(
                f"출력 {size}칸에 커널 {k}, 스트라이드 {s}의 '{mode}' 합성곱을 하면 입력 크기 {n}으로 돌아가지 않아 "
                "TensorFlow가 이 전치 합성곱을 실행하지 못합니다(Keras는 모양만 계산함). padding='same'에서 커널이 짝수이면 "
                "output_padding을 0이 아닌 값이나 None으로 두세요."
            )
    canvas = np.zeros([(n - 1) * s + k for n, k, s in zip(x.shape, kernel.shape, stride)])
    (sh, sw), (h, w) = stride, x.shape
    for (u, v), weight in np.ndenumerate(kernel):  # 커널 칸 (u, v)는 입력 칸 (i, j)마다 격자의 (i·s + u, j·s + v)에
        canvas[u : u + (h - 1) * sh + 1 : sh, v : v + (w - 1) * sw + 1 : sw] += weight * x
    skip = [
        sizes.same_padding(size, k, s).before if mode == "same" else 0 for size, k, s in zip(out, kernel.shape, stride)
    ]
    ends = [max(size + start - length, 0) for size, start, length in zip(out, skip, canvas.shape)]
    output = np.pad(canvas, ((0, ends[0]), (0, ends[1])))[skip[0] : skip[0] + out[0], skip[1] : skip[1] + out[1]]
    return (output, canvas, tuple(skip)) if boolean(stamps, "stamps") else output


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """모서리 상자 ``(..., 4)`` 두 배열(브로드캐스트)의 IoU. 학습자용 검사(모서리 순서 등)는 :func:`course_utils.detection.iou`.

    pycocotools(``maskApi.c`` 의 ``bbIou``)와 같은 연산 순서: 교집합의 폭이나 높이가 0 이하이면 0,
    아니면 ``교집합 / (넓이_a + 넓이_b − 교집합)``.
    """
    a, b = float_array(a, "a"), float_array(b, "b")
    if a.shape[-1:] != (4,) or b.shape[-1:] != (4,):
        raise ValueError(f"a와 b는 마지막 축이 4인 상자 배열 (..., 4)이어야 합니다. 받은 모양: {a.shape}, {b.shape}")
    try:
        np.broadcast_shapes(a.shape[:-1], b.shape[:-1])
    except ValueError:
        raise ValueError(f"a와 b의 상자 축 모양이 브로드캐스트되지 않습니다: {a.shape}, {b.shape}") from None
    width = np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0])
    height = np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1])
    overlap = (width > 0) & (height > 0)
    intersection = np.where(overlap, width * height, 0.0)
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    union = area_a + area_b - intersection
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(overlap, intersection / np.where(overlap, union, 1.0), 0.0)
