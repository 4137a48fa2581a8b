"""강좌의 약속을 공개 API 전체에 대해 확인하는 성질 기반 테스트(hypothesis).

약속: ``course_utils`` 의 공개 함수(``course_utils.__all__`` 과 각 모듈의 공개 이름)에 잘못된 형식, 잘못된 모양,
NaN·무한대, 음수와 아주 큰 수, 빈 배열, ``bool`` 을 넣으면, 호출은 **올바른 결과(NaN 없음)를 돌려주거나
한국어 메시지의 ``ValueError`` 를 냅니다**. 다른 종류의 예외(``TypeError``, ``MemoryError``, 라이브러리의 영어 오류)나
NaN이 든 결과는 실패입니다.

* 모듈과 이름은 테스트할 때 ``pkgutil`` 과 ``dir`` 로 찾으므로(손으로 적은 목록 없음) 모듈을 나누거나 옮겨도 그대로 돕니다.
  새 공개 함수도 저절로 검사됩니다.
* 건너뛰는 것은 아래 ``SKIPPED`` 에 이유와 함께 적은 것뿐입니다(내려받기·파일 쓰기·학습처럼 단위 테스트에서 돌릴 수 없는 것).
* 한 호출이 큰 메모리를 잡지 않도록 "아주 큰 수"는 10**12와 2**63만 씁니다: 검사하지 않고 그 크기로 배열을 만들면
  NumPy가 메모리를 잡기 전에 ``MemoryError`` 로 실패해(테스트 실패로 드러남) 실제로 메모리를 쓰지 않습니다.
  그래도 오래 도는 호출은 호출마다 시간 제한(POSIX의 ``SIGALRM``)으로 잡아 실패로 알립니다.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import pkgutil
import signal
import threading

import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import keras  # noqa: E402, F401 - TensorFlow를 처음 불러오는 데 드는 시간(느린 기계에서 1분 넘게)을 호출 시간 제한에서 뺌

import course_utils  # noqa: E402
from conftest import HANGUL  # noqa: E402

#: 호출 하나의 시간 제한(초). 넘으면 검사하지 않은 큰 값으로 오래 도는 것으로 보고 실패.
CALL_TIMEOUT = 60  # 첫 TensorFlow import와 느린 공유 기계를 견딤; 검사 없이 10**12번 도는 호출은 못 견딤

#: 건너뛰는 공개 이름과 이유. 여기 없는 공개 함수·클래스는 모두 검사합니다.
SKIPPED = {
    # 인터넷·데이터 미러·파일 쓰기: 인자 검사는 tests/test_datasets.py, test_offline_mirror.py가 따로 봅니다.
    "datasets.make_flowers_subset": "사용자 캐시 폴더에 파일을 씀(test_datasets가 인자와 두 실패 경로를 확인)",
    "datasets.load_flowers": "꽃 사진 미러를 읽고 tf.data를 만듦(느림; 인자는 Keras가 받음)",
    "datasets.network_available": "네트워크에 연결해 봄",
    "offline_mirror.prefetch": "인터넷에서 내려받아 폴더에 씀",
    "offline_mirror.main": "명령 줄 도구(argparse가 잘못된 인자에 SystemExit을 내는 것이 정상)",
    # 모델을 만들거나 학습·추론하는 함수: 잘못된 입력 검사는 각 모듈의 테스트가 봅니다.
    "pretrained.pretrained_model": "ImageNet 가중치로 모델을 만듦(수십 MB를 읽음; test_pretrained가 확인)",
    "gradients.activation_gradient_norms": "모델과 데이터로 역전파를 실행(test_gradients가 확인)",
    "gradients.kernel_gradient_norms": "모델과 데이터로 역전파를 실행(test_gradients가 확인)",
    # 프로세스의 표준 오류(파일 서술자 2)를 파이프로 바꾸는 함수: 테스트 프로세스에서 켜면 pytest의 출력이 바뀜.
    "tf_logs.quiet_tensorflow_logs": "표준 오류를 거르는 스레드를 켬(tests/test_tf_logs.py가 하위 프로세스에서 확인)",
}

#: 함수가 아니라 자료 묶음(NamedTuple)이거나 예외 클래스인 공개 이름은 "도우미"가 아니므로 검사하지 않습니다(자동 판별).

#: 학습자가 넣는 값이 아니라 강좌 코드가 직접 적어 넘기는 인자: 잘못된 값을 넣지 않고 기본값(필수이면 여기 적은 값)을 씁니다.
#: ``validation`` 의 검사 함수는 첫 인자(검사할 값)만 학습자의 값이고, 이름·범위·차원 수는 도우미가 적은 상수입니다.
#: ``by_mode`` 와 ``env_*`` 의 ``default`` 는 받은 값을 그대로 돌려주는 자리라(NaN을 주면 NaN) 검사할 것이 없습니다.
DEVELOPER_ARGUMENTS = {
    "validation.*": {"name": "값", "minimum": None, "maximum": None, "ndims": None, "length": None},
    "flags.by_mode": {},  # 아래 PASSTHROUGH
    "flags.env_flag": {"default": False},
    "flags.env_nonnegative_int": {"default": 0},
}
#: 받은 값을 고르기만 하는 함수(결과의 NaN은 넣은 NaN): NaN 검사를 하지 않습니다.
PASSTHROUGH = {"flags.by_mode"}

#: 알려진 빈틈(xfail, strict 아님: 고치면 XPASS). 지금은 없음.
KNOWN_GAPS: dict = {}


def _is_record_or_error(obj) -> bool:
    return inspect.isclass(obj) and (issubclass(obj, BaseException) or issubclass(obj, tuple))


def public_callables() -> list[tuple[str, object]]:
    """``course_utils.__all__`` 과 모든 모듈의 공개 함수·클래스(그 모듈에서 정의한 것) ``[("모듈.이름", 객체)]``."""
    found = {}
    for name in course_utils.__all__:
        obj = getattr(course_utils, name)
        if not callable(obj):  # 상수(예: FASHION_CLASS_NAMES_KO)
            continue
        found[f"{obj.__module__.removeprefix('course_utils.')}.{obj.__name__}"] = obj
    for info in pkgutil.iter_modules(course_utils.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"course_utils.{info.name}")
        for name in dir(module):
            obj = getattr(module, name)
            if name.startswith("_") or not callable(obj) or getattr(obj, "__module__", None) != module.__name__:
                continue
            found[f"{info.name}.{name}"] = obj
    return sorted((key, obj) for key, obj in found.items() if not _is_record_or_error(obj))


#: 잘못된 값(과 올바를 수도 있는 값 몇 개: 그래야 뒤쪽 인자까지 검사가 닿습니다).
BAD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    2,
    3,
    -1,
    2.5,
    0.5,
    float("nan"),
    float("inf"),
    -float("inf"),
    10**12,
    2**63,
    np.int64(2),
    np.float32(np.nan),
    "",
    "3",
    "abc",
    "valid",
    [],
    (),
    [1, 2],
    (3, 3),
    [[0.0, 0.0, 1.0, 1.0]],
    {},
    object(),
    np.array([]),
    np.zeros((0, 4)),
    np.zeros((0, 8, 8)),
    np.array([0.9, 0.2]),
    np.array([0, 1]),
    np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0]]),
    np.full((2, 2), np.nan),
    np.array([[1.0, np.inf]]),
    np.array([[-1.0, 2.0]]),
    np.ones((2, 3)),
    np.ones((4, 4)),
    np.zeros((4, 4)),
    np.ones((4, 4, 1)),
    np.ones((2, 8, 8), dtype=np.uint8) * 255,
    np.full((3, 3), 300, dtype=np.int64),
    np.array(["a", "b"]),
    np.array([True, False]),
    np.ones((2, 10)) / 10,
]
OMIT = object()  # 기본값이 있는 인자를 주지 않음


def _developer_arguments(key: str) -> dict:
    return DEVELOPER_ARGUMENTS.get(key, DEVELOPER_ARGUMENTS.get(key.split(".")[0] + ".*", {}))


def _arguments_strategy(key, function):
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # pragma: no cover - 서명이 없는 내장 함수
        return None
    fixed = _developer_arguments(key)
    learner_facing = parameters[:1] if key.startswith("validation.") else parameters
    fields = {}
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or parameter.name == "self":
            continue
        if parameter.name in fixed or parameter not in learner_facing:
            if parameter.default is parameter.empty:
                fields[parameter.name] = st.just(fixed[parameter.name])
            continue
        values = st.sampled_from(BAD_VALUES)
        fields[parameter.name] = values if parameter.default is parameter.empty else st.one_of(st.just(OMIT), values)
    return st.fixed_dictionaries(fields) if fields else None


def _nan_free(value, depth: int = 0) -> bool:
    """결과에 NaN이 없는지(숫자, 배열, 튜플·목록·사전, NamedTuple을 따라 들어감; 그림·모델 같은 객체는 통과)."""
    if depth > 5:
        return True
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return not math.isnan(value)
    if isinstance(value, np.ndarray):
        return not (np.issubdtype(value.dtype, np.floating) and np.isnan(value).any())
    if isinstance(value, dict):
        return all(_nan_free(v, depth + 1) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(_nan_free(v, depth + 1) for v in value)
    return True


class _CallTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise _CallTimeout


def _call_isolated(function, kwargs):
    """환경 변수·matplotlib 설정을 되돌리고 그림을 닫으며, 시간 제한 안에서 ``function(**kwargs)``."""
    import matplotlib.pyplot as plt

    environ = dict(os.environ)
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, CALL_TIMEOUT)
    try:
        with matplotlib.rc_context():
            return function(**kwargs)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        os.environ.clear()
        os.environ.update(environ)
        plt.close("all")


CASES = [
    pytest.param(key, obj, id=key, marks=[pytest.mark.xfail(reason=KNOWN_GAPS[key])] if key in KNOWN_GAPS else [])
    for key, obj in public_callables()
    if key not in SKIPPED
]


def test_the_property_test_sees_the_whole_public_api():
    """찾은 목록이 비어 있거나 __all__의 이름을 빠뜨리면 아래 성질 테스트가 아무것도 증명하지 않습니다."""
    keys = {key for key, _ in public_callables()}
    for name in course_utils.__all__:
        obj = getattr(course_utils, name)
        assert not callable(obj) or _is_record_or_error(obj) or any(key.endswith(f".{name}") for key in keys), name
    assert len(CASES) > 100, len(CASES)
    for names in (SKIPPED, KNOWN_GAPS, PASSTHROUGH, [k for k in DEVELOPER_ARGUMENTS if not k.endswith("*")]):
        assert set(names) <= keys, f"없는 이름을 적어 두었습니다: {set(names) - keys}"


@pytest.mark.parametrize("key, function", CASES)
def test_wrong_input_gives_a_valid_result_or_a_korean_value_error(key, function):
    strategy = _arguments_strategy(key, function)
    if strategy is None:
        pytest.skip("인자가 없는 함수: 잘못 넣을 입력이 없음")

    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,  # CI에서 실행마다 같은 예를 씀(실패를 그대로 재현)
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def check(arguments):
        kwargs = {name: value for name, value in arguments.items() if value is not OMIT}
        shown = ", ".join(f"{name}={value!r}"[:80] for name, value in kwargs.items())
        try:
            result = _call_isolated(function, kwargs)
        except ValueError as error:
            assert HANGUL.search(str(error)), f"{key}({shown}): 한국어가 아닌 ValueError: {error}"
            return
        except _CallTimeout:
            pytest.fail(f"{key}({shown}): {CALL_TIMEOUT}초 안에 끝나지 않음(큰 값을 검사하지 않고 돌고 있음)")
        except Exception as error:  # noqa: BLE001 - 약속: ValueError 말고는 어떤 예외도 안 됨
            pytest.fail(f"{key}({shown}): ValueError가 아닌 {type(error).__name__}: {str(error)[:300]}")
        assert key in PASSTHROUGH or _nan_free(result), f"{key}({shown}): 결과에 NaN이 있습니다: {result!r}"[:500]

    check()
