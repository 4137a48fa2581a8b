"""도우미들이 함께 쓰는 입력 검사. 잘못된 값에는 한국어 메시지의 ``ValueError`` 를 냅니다."""

from __future__ import annotations

import numbers

PADDINGS = ("valid", "same")


def positive_int(value, name: str) -> int:
    """1 이상의 정수(파이썬·NumPy 정수, ``bool`` 제외)이면 ``int`` 로 돌려줍니다."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name}은(는) 양의 정수여야 합니다. 받은 값: {value!r}")
    if value < 1:
        raise ValueError(f"{name}은(는) 1 이상의 정수여야 합니다. 받은 값: {value!r}")
    return int(value)


def int_pair(value, name: str) -> tuple[int, int]:
    """정수 하나 또는 ``(높이, 너비)`` 두 개를 양의 정수 쌍 ``(높이, 너비)`` 로."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name}은(는) 정수 하나 또는 (높이, 너비) 두 개여야 합니다. 받은 값: {value!r}")
        return positive_int(value[0], name), positive_int(value[1], name)
    size = positive_int(value, name)
    return size, size


def padding_mode(padding) -> str:
    """``"valid"`` 또는 ``"same"`` (대소문자 무관)을 소문자로 돌려줍니다."""
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(f"padding은 'valid' 또는 'same'이어야 합니다. 받은 값: {padding!r}")
    return padding.lower()
