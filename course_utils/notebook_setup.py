"""모든 노트북 맨 위에서 한 번 부르는 준비 함수 ``setup_notebook()``.

import만으로는 아무 일도 하지 않고, 함수를 부를 때 다음을 합니다.

* TensorFlow C++ 로그 줄이기(TensorFlow를 처음 불러오기 전에, ``course_utils.tf_logs``), 난수 시드
  (``keras.utils.set_random_seed``, 기본 42 또는 ``COURSE_SEED``)와 연산 결정성 설정(기본: GPU가 없을 때만 켬,
  :func:`set_op_determinism`)
* matplotlib 기본값과 한글 글꼴(재시작 없이)
* GPU가 없으면 안내, 버전·모드·데이터 위치 출력
"""

from __future__ import annotations

import os
import platform
import sys

from course_utils import __version__
from course_utils.flags import (
    OFFLINE_ENV,
    SEED_ENV,
    env_flag,
    env_nonnegative_int,
    is_quick_mode,
    mode_name,
    set_quick_mode,
)
from course_utils.korean_font import use_korean_font
from course_utils.tf_logs import quiet_tensorflow_logs
from course_utils.validation import boolean, integer

DEFAULT_SEED = 42
SEED_ENV_VAR = SEED_ENV


def course_seed() -> int:
    """강좌의 난수 시드: 환경 변수 ``COURSE_SEED`` 가 있으면 그 값, 없으면 ``DEFAULT_SEED`` (42).

    같은 노트북을 다른 시드로 다시 실행해 결과가 얼마나 흔들리는지 볼 때 씁니다
    (예: ``COURSE_SEED=1 jupyter lab``, ``make bench`` 의 시드 반복).
    """
    return env_nonnegative_int(SEED_ENV_VAR, DEFAULT_SEED)


def in_colab() -> bool:
    """Google Colab에서 실행 중이면 ``True``."""
    return "google.colab" in sys.modules


def environment_info() -> dict:
    """파이썬·TensorFlow·Keras 버전, 장치, 모드, 데이터 폴더를 담은 사전."""
    import keras
    import numpy
    import tensorflow as tf

    from course_utils.datasets import DATA_DIR_ENV

    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": numpy.__version__,
        "course_utils": __version__,
        "gpus": [device.name for device in tf.config.list_physical_devices("GPU")],
        "mode": mode_name(),
        "quick": is_quick_mode(),
        "data_dir": os.environ.get(DATA_DIR_ENV) or None,
        "colab": in_colab(),
    }


def _matplotlib_defaults() -> None:
    import matplotlib

    matplotlib.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "image.cmap": "gray",
            "figure.autolayout": False,
        }
    )


#: GPU에서 기본값(시드만 고정)으로 준비했을 때 출력하는 한 줄.
GPU_SEEDS_ONLY_NOTE = (
    "GPU에서는 속도를 위해 난수 시드만 고정하므로 실행할 때마다 결과가 조금 다를 수 있습니다. "
    "매번 같은 결과가 필요하면 course_utils.setup_notebook(deterministic=True)로 준비하세요."
)
#: GPU에서 ``deterministic=True`` 로 준비했을 때 출력하는 경고.
GPU_DETERMINISM_WARNING = (
    "⚠ GPU에서 연산 결정성(op determinism)을 켰습니다. 학습이 느려질 수 있고, 결정적인 GPU 구현이 없는 연산"
    "(예: 일부 이미지 크기 조정·자르기의 기울기)은 UnimplementedError를 내며 실행을 거부할 수 있습니다. "
    "그러면 setup_notebook()을 deterministic 인자 없이 다시 부르세요(시드만 고정)."
)


def set_op_determinism(deterministic: bool | None = None) -> tuple[bool, str | None]:
    """TensorFlow 연산 결정성(op determinism)을 켜거나 끄고 ``(켰는가, 알릴 문장 또는 None)`` 을 돌려줍니다.

    * ``None`` (기본): GPU가 보이지 않으면(CPU) 켜고, GPU가 보이면 끕니다(시드만 고정). TensorFlow 문서대로 결정성은
      성능을 대가로 하고, GPU에서는 결정적인 구현이 없는 연산이 ``UnimplementedError`` 를 내거나 CPU로 옮겨져
      크게 느려질 수 있기 때문입니다. GPU이면 :data:`GPU_SEEDS_ONLY_NOTE` 를 돌려줍니다.
    * ``True``: 언제나 켭니다. GPU이면 :data:`GPU_DETERMINISM_WARNING` 을 돌려줍니다.
    * ``False``: 끕니다.

    장치는 ``tf.config.list_physical_devices("GPU")`` 로 봅니다.
    """
    if deterministic is not None:
        deterministic = boolean(deterministic, "deterministic")
    import tensorflow as tf

    on_gpu = bool(tf.config.list_physical_devices("GPU"))
    enabled = (not on_gpu) if deterministic is None else deterministic
    if enabled:
        tf.config.experimental.enable_op_determinism()
    else:
        # 같은 커널에서 전에 켰을 수 있으므로 끕니다(공개 API에는 끄는 함수가 없어 TensorFlow 내부 설정을 씁니다).
        from tensorflow.python.framework import config as tf_config

        tf_config.disable_op_determinism()
    if on_gpu and deterministic is None:
        return enabled, GPU_SEEDS_ONLY_NOTE
    if on_gpu and enabled:
        return enabled, GPU_DETERMINISM_WARNING
    return enabled, None


def setup_notebook(
    seed: int | None = None, quick: bool | None = None, deterministic: bool | None = None, verbose: bool = True
) -> None:
    """노트북 준비: 시드, 결정성, 로그, 한글 글꼴, 그림 기본값, 환경 출력.

    Args:
        seed: 파이썬·NumPy·TensorFlow 난수 시드(``None`` 이면 ``course_seed()``: ``COURSE_SEED`` 또는 42).
        quick: ``True``/``False`` 이면 빠른 모드를 켜거나 끔(``None`` 이면 ``COURSE_QUICK`` 을 따름).
        deterministic: 연산 결정성(``tf.config.experimental.enable_op_determinism()``)을 켤지. ``None`` (기본)이면
            GPU가 없을 때만 켜고, GPU에서는 시드만 고정한 뒤 그렇다고 한 줄 알립니다. ``True`` 는 GPU에서도 켜며
            일부 연산이 실행을 거부할 수 있다고 경고합니다(:func:`set_op_determinism`).
        verbose: 버전과 모드를 출력할지.
    """
    if seed is None:
        seed = course_seed()
    seed = integer(seed, "seed", minimum=0, maximum=2**32 - 1)  # keras.utils.set_random_seed가 받는 범위
    if deterministic is not None:
        deterministic = boolean(deterministic, "deterministic")
    if quick is not None:
        set_quick_mode(quick)
    is_quick_mode()  # 잘못된 COURSE_QUICK·COURSE_OFFLINE 값이면 데이터를 읽기 전에 여기서 바로 알려 줌
    env_flag(OFFLINE_ENV, default=None)
    # TensorFlow를 불러오기 전에: 로그 수준 기본값(TF_CPP_MIN_LOG_LEVEL=2)과, 노트북에서 뜻 없는 C++ 로그 줄만 거르는 필터
    # (GPU 드라이버가 없을 때의 cuInit 303, tf.data의 use_unbounded_threadpool; 자세한 것은 course_utils.tf_logs).
    quiet_tensorflow_logs()

    import keras
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    import absl.logging  # TensorFlow의 의존성이라 항상 있음

    absl.logging.set_verbosity(absl.logging.ERROR)
    keras.utils.set_random_seed(seed)
    _, determinism_note = set_op_determinism(deterministic)
    font = use_korean_font()
    _matplotlib_defaults()

    if not verbose:
        if determinism_note == GPU_DETERMINISM_WARNING:
            print(determinism_note)  # 경고는 verbose=False여도 보입니다
        return
    info = environment_info()
    print(
        f"파이썬 {info['python']} | TensorFlow {info['tensorflow']} | Keras {info['keras']} "
        f"| course_utils {info['course_utils']}"
    )
    print(f"실행 모드: {info['mode']}  (바꾸려면 COURSE_QUICK=1 또는 0)")
    print(f"데이터 폴더(COURSE_DATA_DIR): {info['data_dir'] or '설정 안 됨 → Keras 캐시/내려받기'}")
    print(f"난수 시드: {seed} | 한글 글꼴: {font}")
    if info["gpus"]:
        print(f"GPU: {', '.join(info['gpus'])}")
    else:
        print(f"⚠ GPU가 없어 CPU로 실행합니다. {_cpu_advice(info['quick'], info['colab'])}")
    if determinism_note:
        print(determinism_note)


def _cpu_advice(quick: bool, colab: bool) -> str:
    """GPU가 없을 때 지금 모드에 맞는 안내 한 문장(빠른 모드에서는 빠른 모드를 권하지 않음)."""
    if quick:
        return "빠른 모드라 CPU로도 노트북 하나가 몇 분 안에 끝납니다."
    if colab:
        return "전체 모드 학습은 CPU에서 오래 걸리니 [런타임] → [런타임 유형 변경]에서 GPU를 고르세요."
    return (
        "전체 모드 학습은 CPU에서 오래 걸립니다. 빨리 훑어보려면 준비 줄의 quick=None을 quick=True로 바꾸세요"
        "(또는 COURSE_QUICK=1 make lab)."
    )
