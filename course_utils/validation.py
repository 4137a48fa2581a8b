"""도우미들이 함께 쓰는 입력 검사(강좌의 유일한 입력 검사 층).

잘못된 값에는 무엇이 왜 잘못되었는지와 받은 값을 적은 한국어 메시지의 ``ValueError`` 를 냅니다.
정수는 파이썬 ``int`` 와 NumPy 정수(``np.int64`` 등, 예: ``len(x) // 2`` 나 ``np.argmax`` 의 결과)를 똑같이
받고 ``bool`` 은 받지 않습니다(``True`` 가 1로 몰래 쓰이지 않도록). 돌려주는 값은 파이썬 ``int``/``float`` 입니다.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

PADDINGS = ("valid", "same")


def integer(
    value, name: str, minimum: int | None = None, maximum: int | None = None, allow_none: bool = False
) -> int | None:
    """``minimum <= value <= maximum`` 인 정수(파이썬·NumPy 정수, ``bool`` 제외)이면 ``int`` 로 돌려줍니다.

    ``allow_none`` 이면 ``None`` 도 받아 그대로 돌려줍니다.
    """
    if value is None and allow_none:
        return None
    if minimum is not None and maximum is not None:
        expected = f"{minimum}~{maximum} 사이의 정수"
    elif minimum == 1:
        expected = "1 이상의 정수(양의 정수)"
    elif minimum is not None:
        expected = f"{minimum} 이상의 정수"
    elif maximum is not None:
        expected = f"{maximum} 이하의 정수"
    else:
        expected = "정수"
    if allow_none:
        expected += " 또는 None"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name}은(는) {expected}여야 합니다. 받은 값: {value!r} ({type(value).__name__})")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name}은(는) {expected}여야 합니다. 받은 값: {value!r}")
    return int(value)


def positive_int(value, name: str) -> int:
    """1 이상의 정수(파이썬·NumPy 정수, ``bool`` 제외)이면 ``int`` 로 돌려줍니다."""
    return integer(value, name, minimum=1)


def non_negative_int(value, name: str) -> int:
    """0 이상의 정수(파이썬·NumPy 정수, ``bool`` 제외)이면 ``int`` 로 돌려줍니다."""
    return integer(value, name, minimum=0)


def int_pair(value, name: str) -> tuple[int, int]:
    """정수 하나 또는 ``(높이, 너비)`` 두 개를 양의 정수 쌍 ``(높이, 너비)`` 로."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name}은(는) 정수 하나 또는 (높이, 너비) 두 개여야 합니다. 받은 값: {value!r}")
        return positive_int(value[0], name), positive_int(value[1], name)
    size = positive_int(value, name)
    return size, size


def real_number(value, name: str, minimum: float | None = None, maximum: float | None = None) -> float:
    """``minimum <= value <= maximum`` 인 유한한 실수(파이썬·NumPy 수, 스칼라 텐서; ``bool``·문자열 제외)이면 ``float`` 로."""
    if minimum is not None and maximum is not None:
        expected = f"{minimum:g}~{maximum:g} 사이의 실수"
    elif minimum is not None:
        expected = f"{minimum:g} 이상의 실수"
    elif maximum is not None:
        expected = f"{maximum:g} 이하의 실수"
    else:
        expected = "유한한 실수"
    number = float("nan")
    if not isinstance(value, (bool, np.bool_, str, bytes)):
        try:
            number = float(value)  # 파이썬·NumPy 수, 0차원 배열, 스칼라 텐서
        except (TypeError, ValueError):
            pass
    if (
        not math.isfinite(number)
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        raise ValueError(f"{name}은(는) {expected}여야 합니다. 받은 값: {value!r}")
    return number


def boolean(value, name: str) -> bool:
    """``True`` 또는 ``False`` (NumPy ``bool_`` 포함)이면 ``bool`` 로 돌려줍니다. 0, 1, 문자열은 받지 않습니다."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}은(는) True 또는 False여야 합니다. 받은 값: {value!r}")
    return bool(value)


def padding_mode(padding) -> str:
    """``"valid"`` 또는 ``"same"`` (대소문자 무관)을 소문자로 돌려줍니다."""
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(f"padding은 'valid' 또는 'same'이어야 합니다. 받은 값: {padding!r}")
    return padding.lower()


def float_array(value, name: str, ndims=None, allow_empty: bool = True) -> np.ndarray:
    """NaN·무한대가 없는 ``float64`` 배열로 바꿉니다(텐서, 목록 가능).

    Args:
        ndims: 허용하는 차원 수들(예: ``(2, 3)``). ``None`` 이면 검사하지 않음.
        allow_empty: 원소가 없는 배열을 받을지.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}은(는) 숫자 배열이어야 합니다. 받은 값의 형식: {type(value).__name__}") from None
    if ndims is not None and array.ndim not in ndims:
        allowed = " 또는 ".join(f"{n}차원" for n in ndims)
        raise ValueError(f"{name}은(는) {allowed} 배열이어야 합니다. 받은 모양: {array.shape}")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name}이(가) 비어 있습니다. 받은 모양: {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}에 NaN 또는 무한대 값이 있습니다.")
    return array


def integer_labels(values, name: str, length: int | None = None, allow_empty: bool = True) -> np.ndarray:
    """0 이상의 정수 클래스 번호 ``(N,)`` 를 ``int64`` 배열로(``1.0`` 처럼 정수 값인 실수도 받음).

    Args:
        length: 기대하는 길이 ``N`` (``None`` 이면 검사하지 않음).
        allow_empty: 빈 배열을 받을지.
    """
    raw = np.asarray(values)
    if raw.ndim != 1 or (length is not None and len(raw) != length) or (not allow_empty and raw.size == 0):
        expected = f"길이 {length}의 " if length is not None else ("" if allow_empty else "비어 있지 않은 ")
        raise ValueError(f"{name}은(는) {expected}1차원 정수 레이블 배열이어야 합니다. 받은 모양: {raw.shape}")
    integral = raw.dtype != bool and np.issubdtype(raw.dtype, np.integer)
    if (
        raw.size
        and not integral
        and not (np.issubdtype(raw.dtype, np.floating) and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)))
    ):
        raise ValueError(
            f"{name}은(는) 정수 레이블이어야 합니다(확률이라면 argmax(axis=-1)로 바꾸세요). "
            f"받은 dtype: {raw.dtype}, 처음 값: {raw[:5]}"
        )
    array = raw.astype(np.int64)
    if array.size and array.min() < 0:
        raise ValueError(f"{name}에 음수 레이블이 있습니다: {int(array.min())}")
    return array


def corner_boxes(boxes, name: str = "boxes", ndim: int | None = None) -> np.ndarray:
    """마지막 축이 4인 모서리 상자 배열 ``(..., 4)`` = ``(x_min, y_min, x_max, y_max)`` 를 ``float64`` 로(폭·높이 ≥ 0).

    Args:
        ndim: 기대하는 차원 수(1이면 ``(4,)``, 2이면 ``(상자 수, 4)``; ``None`` 이면 검사하지 않음).
    """
    array = float_array(boxes, name)
    if array.ndim == 0 or array.shape[-1] != 4:
        raise ValueError(
            f"{name}의 마지막 축 길이는 4 (x_min, y_min, x_max, y_max)여야 합니다. 받은 모양: {array.shape}"
        )
    if ndim is not None and array.ndim != ndim:
        expected = "(4,)" if ndim == 1 else "(상자 수, 4)"
        raise ValueError(f"{name}의 모양은 {expected}이어야 합니다. 받은 모양: {array.shape}")
    if np.any(array[..., 2] < array[..., 0]) or np.any(array[..., 3] < array[..., 1]):
        raise ValueError(
            f"{name}에 폭이나 높이가 음수인 상자가 있습니다(x_max < x_min 또는 y_max < y_min). "
            "상자는 (x_min, y_min, x_max, y_max) 순서여야 합니다."
        )
    return array


def unit_scores(scores, name: str = "scores", length: int | None = None) -> np.ndarray:
    """0~1 사이의 점수(신뢰도) ``(N,)`` 를 ``float64`` 로. ``length`` 를 주면 길이(상자 수)도 확인합니다."""
    array = float_array(scores, name)
    if array.ndim != 1:
        raise ValueError(f"{name}는 1차원 배열이어야 합니다. 받은 모양: {array.shape}")
    if length is not None and len(array) != length:
        raise ValueError(f"{name}의 길이({len(array)})가 상자 수({length})와 다릅니다.")
    if np.any((array < 0) | (array > 1)):
        raise ValueError(f"{name}는 0과 1 사이여야 합니다. 범위를 벗어난 값: {array[(array < 0) | (array > 1)][:5]}")
    return array


def image_values(images, name: str = "images", ndims=None, allow_empty: bool = False) -> tuple[np.ndarray, bool]:
    """이미지 배열을 NaN 없는 ``float64`` 로 바꾸고, 원래 정수 이미지였는지를 함께 돌려줍니다: ``(배열, 정수였는가)``.

    정수·실수가 아닌 dtype(``bool``, 문자열 등)은 ``ValueError``. 값의 범위는 보지 않습니다(:func:`unit_images` 가 봄).
    """
    raw = np.asarray(images)
    if raw.dtype == bool or not (np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)):
        raise ValueError(f"{name}은(는) 정수(0~255) 또는 실수 배열이어야 합니다. 받은 dtype: {raw.dtype}")
    return float_array(raw, name, ndims=ndims, allow_empty=allow_empty), bool(np.issubdtype(raw.dtype, np.integer))


def unit_images(images, name: str = "images", ndims=None, allow_empty: bool = False) -> np.ndarray:
    """이미지 값을 0~1 ``float64`` 로(강좌의 표시 규칙 1·2, :mod:`course_utils.image_plots`).

    정수 이미지(``uint8`` 등)는 0~255여야 하고 ``x / 255`` 로 옮깁니다. 실수 이미지는 0~1이어야 하고 그대로 둡니다.
    그 밖의 값(0~255 실수, -1~1 등)은 몰래 나누거나 자르지 않고 ``ValueError`` 로 알려 줍니다.

    Args:
        ndims: 허용하는 차원 수들(예: ``(2,)`` 흑백 한 장, ``(3,)`` 흑백 여러 장). ``None`` 이면 검사하지 않음.
        allow_empty: 원소가 없는 배열을 받을지.
    """
    array, was_integer = image_values(images, name, ndims=ndims, allow_empty=allow_empty)
    if array.size == 0:
        return array
    low, high = array.min(), array.max()
    if was_integer:
        if low < 0 or high > 255:
            raise ValueError(f"정수 이미지 {name}의 값은 0~255여야 합니다(최소 {low:g}, 최대 {high:g}).")
        return array / 255.0
    if low < 0 or high > 1:
        raise ValueError(
            f"실수 이미지 {name}의 값은 0~1이어야 합니다(최소 {low:.3g}, 최대 {high:.3g}). "
            "0~255 값이라면 uint8로 넣거나 255로 나누세요. 그림 함수(value_range 인자가 있는 함수)라면 "
            "0~255 실수는 value_range=(0, 255), 전처리 뒤 -1~1은 value_range=(-1, 1)처럼 값의 범위를 알려 줄 수도 있습니다."
        )
    return array
