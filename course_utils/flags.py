"""강좌 환경 변수(``COURSE_*``)를 읽는 한 곳.

강좌의 켬/끔 스위치와 숫자 설정은 모두 이 모듈의 함수로 읽으므로, 같은 값은 어느 변수에서나 같은 뜻이고
잘못된 값은 어느 변수에서나 같은 한국어 ``ValueError`` 를 냅니다.

* ``COURSE_QUICK`` — 켬: 빠른 모드, 끔·비어 있음: 전체 모드(:func:`is_quick_mode`, :func:`by_mode`, 아래 "빠른 모드").
* ``COURSE_OFFLINE`` — 켬: 오프라인으로 간주(내려받지 않음), 끔: 온라인으로 간주(연결 확인 없이 내려받기),
  비어 있음: 내려받기 서버(``HTTPS_PROXY`` 가 있으면 그 프록시)에 연결해 보고 정함
  (:func:`course_utils.datasets.network_available`).
* ``COURSE_SEED`` — 0 이상의 정수 난수 시드, 비어 있으면 42(:func:`course_utils.notebook_setup.course_seed`).

켬/끔 값은 대소문자와 앞뒤 공백을 가리지 않습니다: 켬 ``1, true, yes, on, y`` / 끔 ``0, false, no, off, n``.
경로를 담는 ``COURSE_DATA_DIR`` 과 ``COURSE_RESULTS_FILE`` 은 켬/끔 값이 아니므로 쓰는 모듈이 직접 읽습니다.

빠른 모드(quick mode)와 전체 모드(full mode): 강좌의 모든 노트북은 같은 코드를 두 가지 크기로 실행합니다.
전체 모드(기본값)는 책과 강의 노트의 결과를 그대로 재현하는 크기, 빠른 모드(``COURSE_QUICK=1``)는 데이터(계층별
부분집합), 에포크, 이미지 크기만 줄여 2코어 CPU에서도 노트북 하나가 약 1분 안에 끝나는 크기입니다(GPU 없는 교실과
CI). 노트북 안에서는 ``set_quick_mode(True)`` 를 ``setup_notebook()`` 보다 먼저 호출해 바꿀 수 있습니다.

이 모듈은 import할 때 아무것도 바꾸지 않습니다.
"""

from __future__ import annotations

import os

from course_utils.validation import boolean

QUICK_ENV = "COURSE_QUICK"
OFFLINE_ENV = "COURSE_OFFLINE"
SEED_ENV = "COURSE_SEED"

#: 켬으로 읽는 값과 끔으로 읽는 값(소문자, 앞뒤 공백 제거 뒤 비교).
TRUE_VALUES = ("1", "true", "yes", "on", "y")
FALSE_VALUES = ("0", "false", "no", "off", "n")

#: 변수마다 켬·끔이 뜻하는 것(오류 메시지에 덧붙임).
_MEANINGS = {
    QUICK_ENV: "1은 빠른 모드, 0이나 빈 값은 전체 모드입니다",
    OFFLINE_ENV: "1은 오프라인(내려받지 않음), 0은 온라인(연결 확인 없이 내려받기)이고, "
    "변수를 지우면 연결해 보고 정합니다",
}


def _variable_name(name) -> str:
    if not isinstance(name, str) or not name or "=" in name or "\0" in name:
        raise ValueError(f"환경 변수 이름은 비어 있지 않은 문자열이어야 합니다(예: 'COURSE_QUICK'). 받은 값: {name!r}")
    return name


def env_flag(name: str, default: bool | None = False) -> bool | None:
    """켬/끔 환경 변수 ``name`` 을 읽습니다.

    Args:
        name: 환경 변수 이름(예: ``"COURSE_QUICK"``).
        default: 변수가 없거나 비어 있을 때 돌려줄 값(``None`` 이면 "정하지 않음", 예: 자동 확인).

    Returns:
        ``TRUE_VALUES`` 이면 ``True``, ``FALSE_VALUES`` 이면 ``False``, 없거나 비어 있으면 ``default``.

    Raises:
        ValueError: 그 밖의 값(예: ``"maybe"``, ``"2"``). 오타를 조용히 "끔"으로 읽지 않도록
            변수 이름, 받은 값, 쓸 수 있는 값을 알려 줍니다.
    """
    raw = os.environ.get(_variable_name(name))
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    meaning = _MEANINGS.get(name, "1은 켬, 0은 끔입니다")
    raise ValueError(
        f"환경 변수 {name}의 값 {raw!r}을(를) 이해할 수 없습니다. "
        f"쓸 수 있는 값: 켬 {', '.join(TRUE_VALUES)} / 끔 {', '.join(FALSE_VALUES)}(대소문자 무관). "
        f"{name}에서 {meaning}."
    )


def env_nonnegative_int(name: str, default: int) -> int:
    """0 이상의 정수 환경 변수(예: 난수 시드 ``COURSE_SEED``)를 읽습니다. 없거나 비어 있으면 ``default``.

    Raises:
        ValueError: 정수가 아니거나 음수인 값(예: ``"-1"``, ``"1.5"``, ``"abc"``).
    """
    raw = os.environ.get(_variable_name(name))
    if raw is None or not raw.strip():
        return default
    value = raw.strip()
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"환경 변수 {name}의 값 {raw!r}은(는) 0 이상의 정수여야 합니다. 예: {name}=1")
    return int(value)


# ---------------------------------------------------------------------------
# 빠른 모드와 전체 모드
# ---------------------------------------------------------------------------


def is_quick_mode() -> bool:
    """``COURSE_QUICK`` 환경 변수를 읽어 빠른 모드이면 ``True`` 를 돌려줍니다.

    ``1/true/yes/on`` 은 빠른 모드, 비어 있거나 ``0/false/no/off`` 이면 전체 모드입니다.
    그 밖의 값은 오타일 가능성이 커서 ``ValueError`` 를 냅니다(모든 ``COURSE_*`` 스위치와 같은 규칙,
    :func:`course_utils.flags.env_flag`).
    """
    return env_flag(QUICK_ENV, default=False)


def set_quick_mode(enabled: bool = True) -> None:
    """빠른 모드를 켜거나 끕니다(현재 프로세스와 그 자식 프로세스에 적용).

    노트북에서는 ``setup_notebook()`` 을 부르기 전에 호출하세요.
    """
    os.environ[QUICK_ENV] = "1" if boolean(enabled, "enabled") else "0"


def mode_name() -> str:
    """현재 모드의 한국어 이름: ``"빠른 모드(quick)"`` 또는 ``"전체 모드(full)"``."""
    return "빠른 모드(quick)" if is_quick_mode() else "전체 모드(full)"


def by_mode(*, quick, full):
    """빠른 모드이면 ``quick`` 을, 전체 모드이면 ``full`` 을 돌려줍니다.

    노트북에서 크기만 바꾸는 데 씁니다. 예: ``epochs = by_mode(quick=1, full=5)``.
    """
    return quick if is_quick_mode() else full
