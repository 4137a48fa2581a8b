"""합성곱·풀링 층의 출력 크기, 패딩 양, 파라미터 수 계산 (Keras 규칙과 같음).

한 축(높이 또는 너비)의 크기 ``n``, 커널 크기 ``k``, 스트라이드 ``s``, 팽창(dilation) ``d`` 에
대해 커널이 실제로 덮는 폭은 ``k_eff = d(k-1) + 1`` 입니다.

* ``padding="valid"`` (패딩 없음):  ``out = floor((n - d(k-1) - 1) / s) + 1``
  커널이 입력 안에 완전히 들어가는 위치만 쓰므로, 오른쪽/아래쪽 끝의
  ``n - ((out-1)s + k_eff)`` 개 행(열)은 계산에 쓰이지 않고 버려집니다.
* ``padding="same"`` (`same` 패딩, 혼공머신의 세임 패딩): ``out = ceil(n / s)``
  이를 위해 ``max((out-1)s + k_eff - n, 0)`` 개의 0을 덧붙이며, 홀수이면
  TensorFlow/Keras처럼 한 개를 더 아래쪽(오른쪽)에 붙입니다.

풀링 층은 같은 공식에서 ``d = 1`` 이고, 스트라이드를 생략하면 풀 크기와 같습니다.

전치 합성곱(``Conv2DTranspose``, 10 노트북)은 입력 한 칸이 커널 하나를 출력에 ``s`` 칸 간격으로 찍으므로
출력이 커집니다(:func:`transposed_conv_output_size`):

* ``output_padding`` 을 주지 않으면 ``valid``: ``n s + max(k - s, 0)``, ``same``: ``n s``
* ``output_padding = p`` (``0 <= p < s``) 를 주면 ``(n - 1) s + k - 2 * pad + p`` (``pad`` 는 ``valid`` 0, ``same`` ``k // 2``)
"""

from __future__ import annotations

from typing import NamedTuple

from course_utils.validation import boolean, int_pair, integer, padding_mode, positive_int


def _check_all(input_size, kernel_size, strides, dilation_rate, kernel_name):
    n = positive_int(input_size, "입력 크기(input_size)")
    k = positive_int(kernel_size, kernel_name)
    s = positive_int(strides, "스트라이드(strides)")
    d = positive_int(dilation_rate, "팽창 비율(dilation_rate)")
    if s > 1 and d > 1:
        raise ValueError(
            "Keras는 스트라이드가 1보다 크면서 팽창 비율도 1보다 큰 합성곱을 지원하지 않습니다. "
            f"받은 값: strides={s}, dilation_rate={d}"
        )
    return n, k, s, d


def _output(n: int, k_eff: int, s: int, padding: str, what: str) -> int:
    if padding == "same":
        return -(-n // s)  # ceil(n / s)
    if k_eff > n:
        raise ValueError(
            f"padding='valid'에서는 {what}({k_eff})가 입력 크기({n})보다 클 수 없습니다. "
            "커널을 줄이거나 padding='same'을 쓰세요."
        )
    return (n - k_eff) // s + 1


def conv_output_size(input_size, kernel_size, strides=1, padding="valid", dilation_rate=1) -> int:
    """합성곱 층 출력의 한 축 크기.

    Args:
        input_size: 입력의 높이 또는 너비 ``n``.
        kernel_size: 커널 크기 ``k``.
        strides: 스트라이드 ``s`` (기본 1).
        padding: ``"valid"`` 또는 ``"same"``.
        dilation_rate: 팽창 비율 ``d`` (기본 1).

    Returns:
        ``valid``: ``floor((n - d(k-1) - 1) / s) + 1``, ``same``: ``ceil(n / s)``.

    예: ``conv_output_size(28, 3)`` → 26, ``conv_output_size(28, 3, strides=2, padding="same")`` → 14.
    """
    n, k, s, d = _check_all(input_size, kernel_size, strides, dilation_rate, "커널 크기(kernel_size)")
    return _output(n, d * (k - 1) + 1, s, padding_mode(padding), "팽창을 반영한 커널 크기")


def pool_output_size(input_size, pool_size, strides=None, padding="valid") -> int:
    """풀링 층 출력의 한 축 크기 (``strides`` 를 생략하면 ``pool_size`` 와 같음).

    ``valid``: ``floor((n - k) / s) + 1``, ``same``: ``ceil(n / s)``.
    예: ``pool_output_size(26, 2)`` → 13.
    """
    if strides is None:
        strides = pool_size
    n, k, s, _ = _check_all(input_size, pool_size, strides, 1, "풀 크기(pool_size)")
    return _output(n, k, s, padding_mode(padding), "풀 크기")


class Padding(NamedTuple):
    """한 축에 덧붙이는 0의 개수: 앞쪽(위/왼쪽) ``before``, 뒤쪽(아래/오른쪽) ``after``."""

    before: int
    after: int


def same_padding(input_size, kernel_size, strides=1, dilation_rate=1) -> Padding:
    """``padding="same"`` 에서 한 축에 덧붙는 0의 개수 ``(before, after)``.

    전체 개수는 ``max((out-1)s + d(k-1) + 1 - n, 0)`` 이고, 홀수이면 남는 하나를
    뒤쪽(아래/오른쪽)에 붙입니다(TensorFlow 규칙).
    예: ``same_padding(28, 3)`` → ``Padding(before=1, after=1)``.
    """
    n, k, s, d = _check_all(input_size, kernel_size, strides, dilation_rate, "커널 크기(kernel_size)")
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return Padding(total // 2, total - total // 2)


def valid_ignored(input_size, kernel_size, strides=1, dilation_rate=1) -> int:
    """``padding="valid"`` 에서 계산에 쓰이지 않고 버려지는 끝쪽 행(열)의 개수.

    ``n - ((out-1)s + d(k-1) + 1)``. 예: ``valid_ignored(28, 3, strides=2)`` → 1
    (출력 13칸이 입력 27칸만 덮고 마지막 1칸은 버려짐).
    """
    n, k, s, d = _check_all(input_size, kernel_size, strides, dilation_rate, "커널 크기(kernel_size)")
    k_eff = d * (k - 1) + 1
    out = _output(n, k_eff, s, "valid", "팽창을 반영한 커널 크기")
    return n - ((out - 1) * s + k_eff)


def conv2d_output_shape(input_shape, kernel_size, strides=1, padding="valid", dilation_rate=1) -> tuple:
    """``Conv2D`` 출력의 ``(높이, 너비)``.

    Args:
        input_shape: ``(높이, 너비)``.
        kernel_size, strides, dilation_rate: 정수 하나 또는 ``(높이, 너비)`` 쌍.
        padding: ``"valid"`` 또는 ``"same"``.

    예: ``conv2d_output_shape((28, 28), 3)`` → ``(26, 26)``.
    """
    shape = int_pair(input_shape, "input_shape")
    ks, ss, ds = (
        int_pair(kernel_size, "kernel_size"),
        int_pair(strides, "strides"),
        int_pair(dilation_rate, "dilation_rate"),
    )
    return tuple(conv_output_size(shape[i], ks[i], ss[i], padding, ds[i]) for i in range(2))


def pool2d_output_shape(input_shape, pool_size, strides=None, padding="valid") -> tuple:
    """``MaxPooling2D``/``AveragePooling2D`` 출력의 ``(높이, 너비)``.

    예: ``pool2d_output_shape((26, 26), 2)`` → ``(13, 13)``.
    """
    shape = int_pair(input_shape, "input_shape")
    ps = int_pair(pool_size, "pool_size")
    ss = ps if strides is None else int_pair(strides, "strides")
    return tuple(pool_output_size(shape[i], ps[i], ss[i], padding) for i in range(2))


def conv2d_param_count(kernel_size, in_channels, filters, use_bias=True) -> int:
    """``Conv2D`` 층의 파라미터 수: ``kh * kw * in_channels * filters (+ filters)``.

    커널 텐서의 크기는 ``(kh, kw, in_channels, filters)`` 이고 필터마다 절편이 하나입니다.
    예: ``conv2d_param_count(3, 1, 32)`` → 320.
    """
    kh, kw = int_pair(kernel_size, "kernel_size")
    kh = positive_int(kh, "커널 높이")
    kw = positive_int(kw, "커널 너비")
    c = positive_int(in_channels, "입력 채널 수(in_channels)")
    f = positive_int(filters, "필터 수(filters)")
    return kh * kw * c * f + (f if boolean(use_bias, "use_bias") else 0)


def dense_param_count(in_features, units, use_bias=True) -> int:
    """``Dense`` 층의 파라미터 수: ``in_features * units (+ units)``.

    예: ``dense_param_count(3136, 100)`` → 313,700.
    """
    i = positive_int(in_features, "입력 특성 수(in_features)")
    u = positive_int(units, "유닛 수(units)")
    return i * u + (u if boolean(use_bias, "use_bias") else 0)


def transposed_conv_output_size(input_size, kernel_size, strides=1, padding="valid", output_padding=None) -> int:
    """전치 합성곱(``Conv2DTranspose``) 출력의 한 축 크기 (Keras 규칙과 같음).

    입력 한 칸이 ``k`` 칸짜리 커널을 출력에 ``s`` 칸 간격으로 찍는다고 보면, 찍힌 자리 전체의 길이는
    ``(n - 1) s + k`` 입니다. Keras는 여기서 다음과 같이 출력 크기를 정합니다.

    * ``output_padding=None`` (기본): ``valid`` 는 ``n s + max(k - s, 0)``, ``same`` 은 ``n s``
      (``same`` 전치 합성곱은 스트라이드 ``s`` 인 ``same`` 합성곱의 모양을 거꾸로 돌려 ``ceil(n' / s) = n`` 인
      ``n' = n s`` 를 냄).
    * ``output_padding=p`` (``0 <= p < s``): ``(n - 1) s + k - 2 * pad + p``, ``pad`` 는 ``valid`` 에서 0,
      ``same`` 에서 ``k // 2``. 스트라이드가 1보다 크면 같은 크기로 줄어드는 입력 크기가 여럿이므로
      (예: 스트라이드 2인 ``valid`` 3×3 합성곱은 15와 16을 모두 7로 줄임) 그중 어느 것을 낼지 고르는 값입니다.

    Args:
        input_size: 입력의 높이 또는 너비 ``n``.
        kernel_size: 커널 크기 ``k``.
        strides: 스트라이드 ``s`` (기본 1).
        padding: ``"valid"`` 또는 ``"same"``.
        output_padding: ``None`` 또는 ``0 <= p < s`` 인 정수.

    예: ``transposed_conv_output_size(7, 3, strides=2)`` → 15,
    ``transposed_conv_output_size(7, 3, strides=2, output_padding=1)`` → 16,
    ``transposed_conv_output_size(8, 2, strides=2, padding="same")`` → 16.
    """
    n = positive_int(input_size, "입력 크기(input_size)")
    k = positive_int(kernel_size, "커널 크기(kernel_size)")
    s = positive_int(strides, "스트라이드(strides)")
    mode = padding_mode(padding)
    if output_padding is None:
        return n * s + max(k - s, 0) if mode == "valid" else n * s
    p = integer(output_padding, "출력 패딩(output_padding)", minimum=0, allow_none=True)
    if p >= s:
        raise ValueError(
            f"출력 패딩(output_padding)은 스트라이드보다 작아야 합니다(Keras 규칙). 받은 값: output_padding={p}, strides={s}"
        )
    pad = k // 2 if mode == "same" else 0
    return (n - 1) * s + k - 2 * pad + p


def conv2d_transpose_output_shape(input_shape, kernel_size, strides=1, padding="valid", output_padding=None) -> tuple:
    """``Conv2DTranspose`` 출력의 ``(높이, 너비)`` (축마다 :func:`transposed_conv_output_size`).

    ``kernel_size``, ``strides``, ``output_padding`` 은 정수 하나 또는 ``(높이, 너비)`` 쌍(``output_padding`` 은 ``None`` 도 됨).
    예: ``conv2d_transpose_output_shape((8, 8), 2, strides=2)`` → ``(16, 16)``.
    """
    shape = int_pair(input_shape, "input_shape")
    ks, ss = int_pair(kernel_size, "kernel_size"), int_pair(strides, "strides")
    if output_padding is None:
        ops = (None, None)
    elif isinstance(output_padding, (tuple, list)):
        if len(output_padding) != 2:
            raise ValueError(
                f"output_padding은 None, 정수 하나 또는 (높이, 너비) 두 개여야 합니다. 받은 값: {output_padding!r}"
            )
        ops = tuple(output_padding)
    else:
        ops = (output_padding, output_padding)
    return tuple(transposed_conv_output_size(shape[i], ks[i], ss[i], padding, ops[i]) for i in range(2))
