"""빠른 모드(quick mode)와 전체 모드(full mode) 전환.

강좌의 모든 노트북은 같은 코드를 두 가지 크기로 실행합니다.

* 전체 모드(기본값): 책과 강의 노트의 결과를 그대로 재현하는 크기.
* 빠른 모드(``COURSE_QUICK=1``): 데이터(계층별 부분집합), 에포크, 이미지 크기만 줄여
  2코어 CPU에서도 노트북 하나가 약 1분 안에 끝납니다. GPU 없는 교실과 CI가 씁니다.

모드는 환경 변수 ``COURSE_QUICK`` 하나로 정해지며, 노트북 안에서는
``set_quick_mode(True)`` 를 ``setup_notebook()`` 보다 먼저 호출해 바꿀 수 있습니다.
"""

from __future__ import annotations

import os

from course_utils.flags import QUICK_ENV, env_flag
from course_utils.validation import boolean

ENV_VAR = QUICK_ENV


def is_quick_mode() -> bool:
    """``COURSE_QUICK`` 환경 변수를 읽어 빠른 모드이면 ``True`` 를 돌려줍니다.

    ``1/true/yes/on`` 은 빠른 모드, 비어 있거나 ``0/false/no/off`` 이면 전체 모드입니다.
    그 밖의 값은 오타일 가능성이 커서 ``ValueError`` 를 냅니다(모든 ``COURSE_*`` 스위치와 같은 규칙,
    :func:`course_utils.flags.env_flag`).
    """
    return env_flag(ENV_VAR, default=False)


def set_quick_mode(enabled: bool = True) -> None:
    """빠른 모드를 켜거나 끕니다(현재 프로세스와 그 자식 프로세스에 적용).

    노트북에서는 ``setup_notebook()`` 을 부르기 전에 호출하세요.
    """
    os.environ[ENV_VAR] = "1" if boolean(enabled, "enabled") else "0"


def mode_name() -> str:
    """현재 모드의 한국어 이름: ``"빠른 모드(quick)"`` 또는 ``"전체 모드(full)"``."""
    return "빠른 모드(quick)" if is_quick_mode() else "전체 모드(full)"


def by_mode(*, quick, full):
    """빠른 모드이면 ``quick`` 을, 전체 모드이면 ``full`` 을 돌려줍니다.

    노트북에서 크기만 바꾸는 데 씁니다. 예: ``epochs = by_mode(quick=1, full=5)``.
    """
    return quick if is_quick_mode() else full
