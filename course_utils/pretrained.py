"""사전 훈련된 ImageNet 모델(``keras.applications``)과 전이 학습 실험 도우미.

:func:`pretrained_model` 은 ImageNet 가중치를 가진 Keras 모델을 돌려주며, 가중치 파일을 다음 순서로 찾습니다.

1. ``COURSE_DATA_DIR/models/<Keras의 파일 이름>`` (오프라인 실습실의 미러, 읽기만 함)
2. Keras 캐시 ``~/.keras/models/<Keras의 파일 이름>`` (``KERAS_HOME`` 이 있으면 그곳)
3. Keras의 보통 내려받기(``weights="imagenet"``): 내려받기 서버에 연결될 때만

어디에도 없고 내려받을 수도 없으면(인터넷 없음):

* 전체 모드: 몇 초 안에 :class:`WeightsNotFoundError` 를 냅니다. 메시지는 ``COURSE_DATA_DIR/models/`` 에
  둘 정확한 파일 이름과 그 파일을 받는 명령 ``python -m course_utils.offline_mirror prefetch 폴더`` 를 알려 줍니다.
* 빠른 모드(또는 ``allow_random_weights=True``): 무작위 가중치(``weights=None``)로 모델을 만들고,
  이번 실행의 예측과 정확도가 의미 없다는 안내를 눈에 띄게 출력합니다. 코드 경로는 그대로 실행됩니다.

강좌가 쓰는 가중치 파일 목록은 :func:`weight_sources` 이며, ``python -m course_utils.offline_mirror prefetch``
(:mod:`course_utils.offline_mirror`)가 이 목록의 파일도 함께 내려받습니다.
"""

from __future__ import annotations

from course_utils.datasets import (
    DATA_DIR_ENV,
    DOWNLOAD_HOST,
    PREFETCH_COMMAND,
    DatasetNotFoundError,
    connection_failure_note,
    course_data_dir,
    going_online_advice,
    network_available,
    search_locations,
)
from course_utils.flags import is_quick_mode
from course_utils.validation import boolean

KERAS_APPLICATIONS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"

#: (모델 이름, include_top) → (Keras의 가중치 파일 이름, 내려받기 주소, Keras가 검사하는 MD5 해시).
#: ``keras/src/applications/resnet.py`` 와 ``xception.py`` 에 적힌 값 그대로입니다.
WEIGHTS_FILES = {
    ("resnet50", True): (
        "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        KERAS_APPLICATIONS_URL + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        "2cb95161c43110f7111970584f804107",
    ),
    ("resnet50", False): (
        "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
        KERAS_APPLICATIONS_URL + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "4d473c1dd8becc155b73f8504c6f6626",
    ),
    ("xception", True): (
        "xception_weights_tf_dim_ordering_tf_kernels.h5",
        KERAS_APPLICATIONS_URL + "xception/xception_weights_tf_dim_ordering_tf_kernels.h5",
        "0a58e3b7378bc2990ea3b43d5981f1f6",
    ),
    ("xception", False): (
        "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
        KERAS_APPLICATIONS_URL + "xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "b0042744bf5b25fce3cb969f33bebb97",
    ),
}

#: 강좌가 실제로 쓰는 가중치: 07 노트북의 ResNet50(분류 층 포함)과 Xception(분류 층 없음).
COURSE_WEIGHTS = (("resnet50", True), ("xception", False))

_CONSTRUCTORS = {"resnet50": "ResNet50", "xception": "Xception"}


class WeightsNotFoundError(DatasetNotFoundError):
    """ImageNet 가중치 파일을 어디에서도 찾지 못했고 내려받을 수도 없을 때 나는 오류."""


def _check_model(name, include_top) -> tuple[str, bool]:
    if not isinstance(name, str) or name.lower() not in _CONSTRUCTORS:
        raise ValueError(f"모델 이름은 {sorted(_CONSTRUCTORS)} 중 하나여야 합니다. 받은 값: {name!r}")
    return name.lower(), boolean(include_top, "include_top")


def weights_file_name(name: str, include_top: bool = True) -> str:
    """Keras가 쓰는 ImageNet 가중치 파일 이름(예: ``xception_weights_tf_dim_ordering_tf_kernels_notop.h5``)."""
    return WEIGHTS_FILES[_check_model(name, include_top)][0]


def weights_relative_path(name: str, include_top: bool = True) -> str:
    """``COURSE_DATA_DIR`` 과 Keras 캐시 안에서의 상대 경로: ``models/<Keras의 파일 이름>``."""
    return f"models/{weights_file_name(name, include_top)}"


def weight_sources() -> list[dict]:
    """강좌가 쓰는 가중치 파일마다 ``{"relative_path", "url", "file_hash"}`` (prefetch가 내려받음).

    ``file_hash`` 는 Keras가 내려받을 때 검사하는 MD5 해시입니다.
    """
    sources = []
    for key in COURSE_WEIGHTS:
        file_name, url, file_hash = WEIGHTS_FILES[key]
        sources.append({"relative_path": f"models/{file_name}", "url": url, "file_hash": file_hash})
    return sources


def imagenet_weights_location(name: str, include_top: bool = True):
    """ImageNet 가중치를 어디에서 얻을 수 있는지: 파일 경로(``Path``), ``"imagenet"`` (내려받기) 또는 ``None``.

    순서: ``COURSE_DATA_DIR/models/`` → Keras 캐시 → (서버에 연결되면) Keras의 내려받기.
    내려받기는 하지 않고, 연결 확인은 길어야 몇 초입니다.
    """
    relative_path = weights_relative_path(name, include_top)
    for path in search_locations(relative_path):
        if path.is_file():
            return path
    if network_available():
        return "imagenet"
    return None


def _instructions(name: str, include_top: bool) -> list[str]:
    file_name, url, _ = WEIGHTS_FILES[_check_model(name, include_top)]
    data_dir = course_data_dir()
    target = f"{data_dir / 'models' / file_name}" if data_dir else f"{DATA_DIR_ENV}/models/{file_name}"
    return [
        "해결 방법:",
        *going_online_advice(),
        f"  2. 오프라인이라면 파일 {file_name} 을(를) 다음 위치에 두세요:",
        f"       {target}",
        f"     인터넷이 되는 컴퓨터에서 {PREFETCH_COMMAND} 를 실행하면",
        f"     폴더/models/ 에 이 파일이 받아집니다(주소: {url}).",
        f"     그다음 {DATA_DIR_ENV}=폴더 로 지정하세요.",
    ]


def missing_weights_message(name: str, include_top: bool = True) -> str:
    """가중치를 찾지 못했을 때의 한국어 설명: 찾아본 곳, 둘 파일 이름, prefetch 명령."""
    name, include_top = _check_model(name, include_top)
    file_name, url, _ = WEIGHTS_FILES[(name, include_top)]
    lines = [
        f"'{name}' (include_top={include_top})의 ImageNet 가중치 파일 {file_name} 을(를) 찾을 수 없고, "
        f"내려받을 서버({DOWNLOAD_HOST})에도 연결할 수 없습니다.",
        "찾아본 곳:",
    ]
    if course_data_dir() is None:
        lines.append(f"  - {DATA_DIR_ENV}: 설정되지 않음")
    lines.extend(f"  - {path} (없음)" for path in search_locations(f"models/{file_name}"))
    lines.append(f"  - 내려받기: {url} ({connection_failure_note()})")
    lines += _instructions(name, include_top)
    lines.append(
        "  3. 코드만 실행해 보려면 빠른 모드(COURSE_QUICK=1)에서 무작위 가중치로 계속할 수 있습니다"
        "(이때 예측과 정확도는 의미가 없습니다)."
    )
    return "\n".join(lines)


def random_weights_notice(name: str, include_top: bool = True) -> str:
    """무작위 가중치로 대신 만들었을 때 출력하는 눈에 띄는 한국어 안내."""
    name, include_top = _check_model(name, include_top)
    bar = "⚠" + "─" * 70
    lines = [
        bar,
        f"⚠ 주의: '{name}'의 ImageNet 가중치({weights_file_name(name, include_top)})를 찾지 못해",
        "⚠ 무작위 가중치(weights=None)로 모델을 만들었습니다. 코드는 끝까지 실행되지만,",
        "⚠ 이번 실행에서 이 모델의 예측과 정확도는 의미가 없습니다(사전 훈련된 지식이 없음).",
    ]
    lines += ["⚠ " + line for line in _instructions(name, include_top)]
    lines.append(bar)
    return "\n".join(lines)


def pretrained_model(name: str, include_top: bool = True, input_shape=None, allow_random_weights=None, **kwargs):
    """ImageNet으로 사전 훈련된 ``keras.applications`` 모델을 만듭니다.

    Args:
        name: ``"resnet50"`` 또는 ``"xception"``.
        include_top: 맨 위 분류 층(1,000개 클래스 ``Dense``)을 포함할지.
        input_shape: 입력 모양 ``(높이, 너비, 3)``. ``None`` 이면 Keras 기본값
            (분류 층 포함: ResNet50 ``(224, 224, 3)``, Xception ``(299, 299, 3)``; 분류 층 없음: ``(None, None, 3)``).
            분류 층이 없으면 ResNet50은 32 이상, Xception은 71 이상이어야 합니다.
        allow_random_weights: 가중치를 얻을 수 없을 때 무작위 가중치로 계속할지.
            ``None`` 이면 빠른 모드에서만 계속합니다(전체 모드는 오류).
        **kwargs: ``pooling`` 등 ``keras.applications`` 생성자의 나머지 인자(``weights`` 제외).

    Returns:
        ``keras.Model``. 분류 층 포함이면 출력 ``(배치, 1000)`` 확률, 아니면 마지막 특성 맵
        ``(배치, h, w, 2048)`` (``pooling`` 을 주면 ``(배치, 2048)``).

    Raises:
        WeightsNotFoundError: 가중치를 얻을 수 없고 무작위 가중치도 허용되지 않을 때(몇 초 안에).
        ValueError: 모르는 모델 이름, 잘못된 인자, 읽을 수 없는 가중치 파일.
    """
    name, include_top = _check_model(name, include_top)
    if "weights" in kwargs:
        raise ValueError("weights는 이 함수가 정합니다. 무작위 가중치가 필요하면 keras.applications를 직접 쓰세요.")
    if allow_random_weights is not None:
        allow_random_weights = boolean(allow_random_weights, "allow_random_weights")
    import keras

    constructor = getattr(keras.applications, _CONSTRUCTORS[name])
    location = imagenet_weights_location(name, include_top)
    if location is None:
        allowed = is_quick_mode() if allow_random_weights is None else allow_random_weights
        if not allowed:
            raise WeightsNotFoundError(missing_weights_message(name, include_top))
        print(random_weights_notice(name, include_top))
        return constructor(weights=None, include_top=include_top, input_shape=input_shape, **kwargs)
    if location == "imagenet":
        return constructor(weights="imagenet", include_top=include_top, input_shape=input_shape, **kwargs)
    try:
        model = constructor(weights=str(location), include_top=include_top, input_shape=input_shape, **kwargs)
    except (OSError, ValueError) as error:
        raise ValueError(
            f"가중치 파일 {location} 을(를) 읽지 못했습니다({type(error).__name__}: {error}). "
            f"파일이 손상되었거나 다른 모델의 파일일 수 있습니다. 지우고 다시 받으세요 "
            f"({WEIGHTS_FILES[(name, include_top)][1]})."
        ) from error
    print(f"ImageNet 가중치: {location}")
    return model


def plot_transfer_comparison(accuracies: dict, ylabel: str = "테스트 정확도", title: str | None = None):
    """여러 시드로 반복한 실험 결과 비교 그림: 시드별 점, 평균 ± 표준편차 막대, 같은 시드끼리 잇는 선.

    Args:
        accuracies: ``{"처음부터": [시드별 값...], "층 재사용": [...]}`` — 방법(arm)마다 같은 길이의 목록.
            같은 위치의 값은 같은 시드(같은 데이터)의 결과로 보고 회색 선으로 잇습니다.
        ylabel: y축 이름.
        title: 그림 제목(없으면 ``"시드 n개의 결과: 평균 ± 표준편차"``).

    표준편차는 표본 표준편차 ``s = sqrt(sum((a_i - 평균)^2) / (n - 1))`` 입니다(n ≥ 2).

    Returns:
        ``matplotlib.figure.Figure``.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if not isinstance(accuracies, dict) or not accuracies:
        raise ValueError("accuracies는 {'방법 이름': [시드별 값, ...]} 형태의 비어 있지 않은 사전이어야 합니다.")
    values = {str(k): np.asarray(v, dtype=float) for k, v in accuracies.items()}
    lengths = {v.size for v in values.values()}
    if any(v.ndim != 1 for v in values.values()) or len(lengths) != 1 or min(lengths) < 2:
        raise ValueError(
            f"모든 방법의 값은 길이가 같은 1차원 목록이고, 시드가 2개 이상이어야 합니다. 받은 길이: {sorted(lengths)}"
        )
    if not all(np.isfinite(v).all() for v in values.values()):
        raise ValueError("값에 NaN이나 무한대가 있습니다.")
    n = lengths.pop()
    names = list(values)
    fig, ax = plt.subplots(figsize=(1.6 + 1.8 * len(names), 4.0))
    offsets = np.linspace(-0.08, 0.08, n) if n > 1 else np.zeros(1)
    stacked = np.stack([values[name] for name in names])  # (방법 수, 시드 수)
    for seed_index in range(n):
        ax.plot(np.arange(len(names)) + offsets[seed_index], stacked[:, seed_index], "-", color="0.75", zorder=1)
    for position, name in enumerate(names):
        v = values[name]
        mean, std = v.mean(), v.std(ddof=1)
        ax.scatter(
            position + offsets,
            v,
            s=25,
            color=f"C{position}",
            alpha=0.7,
            zorder=2,
            label="시드별 결과" if position == 0 else None,
        )
        ax.errorbar(
            position + 0.25,
            mean,
            yerr=std,
            fmt="D",
            color="black",
            capsize=6,
            markersize=7,
            zorder=3,
            label="평균 ± 표준편차" if position == 0 else None,
        )
        ax.annotate(f"{mean:.3f} ± {std:.3f}", (position + 0.32, mean), va="center", fontsize=9)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names)
    ax.set_xlim(-0.5, len(names) - 0.5 + 0.45)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"시드 {n}개의 결과: 평균 ± 표준편차")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(loc="best", fontsize=9)
    fig.tight_layout()
    return fig
