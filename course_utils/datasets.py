"""강좌 데이터 적재: 온라인과 오프라인에서 똑같이 동작하는 데이터 계층.

각 데이터는 다음 순서로 찾습니다.

1. ``COURSE_DATA_DIR`` — Keras 홈처럼 구성된 폴더(읽기 전용이어도 됨, 절대 쓰지 않음)::

       datasets/mnist.npz
       datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
       datasets/flower_photos/<클래스>/*.jpg
       models/imagenet_class_index.json
       models/<Keras 가중치 파일 이름>

2. Keras 캐시: 설치된 Keras와 같은 규칙으로 정한 폴더(:func:`keras_home`, :func:`keras_cache_dirs`).
3. 공식 Keras/TensorFlow 로더로 내려받기(로더가 하는 해시 검사 그대로).

아무 데서도 찾지 못하고 인터넷도 없으면 몇 초 안에 :class:`DatasetNotFoundError` 를 내며,
찾아본 곳과 해결 방법을 알려 줍니다.

오프라인 실습실을 준비하는 강사는 인터넷이 되는 컴퓨터에서 다음을 실행합니다(데이터와 가중치를 모두 아는
명령은 :mod:`course_utils.offline_mirror` 하나뿐입니다)::

    python -m course_utils.offline_mirror prefetch 폴더

그리고 학생 컴퓨터에서 ``COURSE_DATA_DIR=폴더`` 로 지정합니다.
"""

from __future__ import annotations

import collections.abc
import gzip
import hashlib
import http.client
import json
import os
import random
import shutil
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

from course_utils.flags import OFFLINE_ENV, env_flag
from course_utils.validation import integer, non_negative_int, positive_int

DATA_DIR_ENV = "COURSE_DATA_DIR"

KERAS_DATASETS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
DOWNLOAD_HOST = "storage.googleapis.com"

MNIST_FILE = "datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
FASHION_DIR = "datasets/fashion-mnist"
FASHION_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
FLOWERS_DIR = "datasets/flower_photos"
FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
CIFAR10_DIR = "datasets/cifar-10-batches-py"
CIFAR10_KERAS_CACHE_DIR = "datasets/cifar-10-batches-py-target/cifar-10-batches-py"  # Keras 3의 get_file이 푸는 곳
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
CIFAR10_FILES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)
#: CIFAR-10 미러 항목(``prefetch_sources`` 와 같은 꼴). 압축 파일 안의 ``cifar-10-batches-py/`` 폴더를
#: ``CIFAR10_DIR`` 로 풀어 넣으면 :func:`load_cifar10` 이 읽습니다. prefetch 목록에 넣는 일은 prefetch 모듈이 합니다.
CIFAR10_SOURCE = {"relative_path": CIFAR10_DIR, "url": CIFAR10_URL, "file_hash": CIFAR10_SHA256, "extract": True}
CLASS_INDEX_FILE = "models/imagenet_class_index.json"
CLASS_INDEX_URL = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
CLASS_INDEX_MD5 = "c2c37ea517e94d9795004a39431a14cb"
#: 오프라인 미러를 만드는 명령(:mod:`course_utils.offline_mirror`). 오류 메시지는 모두 이 문자열을 보여 줍니다.
PREFETCH_COMMAND = "python -m course_utils.offline_mirror prefetch 폴더"

#: 패션 MNIST 클래스의 한국어 이름(레이블 0~9 순서).
FASHION_CLASS_NAMES_KO = (
    "티셔츠",
    "바지",
    "스웨터",
    "드레스",
    "코트",
    "샌달",
    "셔츠",
    "스니커즈",
    "가방",
    "앵클 부츠",
)


class DatasetNotFoundError(FileNotFoundError):
    """데이터를 어디에서도 찾지 못했고 내려받을 수도 없을 때 나는 오류."""


# ---------------------------------------------------------------------------
# 위치 찾기
# ---------------------------------------------------------------------------


def _path_argument(value, name: str):
    """경로 인자(문자열 또는 ``Path``)이면 그대로, 아니면 한국어 ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (str, os.PathLike)):
        raise ValueError(f"{name}은(는) 경로(문자열 또는 Path)여야 합니다. 받은 값: {value!r}"[:300])
    return value


def course_data_dir() -> Path | None:
    """``COURSE_DATA_DIR`` 이 가리키는 폴더(설정되지 않았으면 ``None``).

    설정되었지만 폴더가 없으면 오타일 가능성이 크므로 ``ValueError`` 를 냅니다.
    """
    raw = os.environ.get(DATA_DIR_ENV, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise ValueError(f"{DATA_DIR_ENV}={raw!r} 폴더가 없습니다. 경로를 확인하거나 환경 변수를 지우세요.")
    return path.resolve()


_keras_home: str | None = None


def keras_home_rule(environ=None) -> str:
    """Keras 3이 import될 때 정하는 Keras 홈(keras/src/backend/config.py의 규칙을 그대로 옮김).

    환경 변수 ``KERAS_HOME`` 이 있으면(빈 값이어도) 그 값, 없으면 홈 폴더(``~``)에 쓸 수 있을 때 ``~/.keras``,
    쓸 수 없으면 ``/tmp/.keras`` 입니다(Keras가 운영 체제와 상관없이 ``/tmp`` 라고 적음).
    Keras에는 이 값을 돌려주는 공개 API가 없어 규칙을 옮기고, ``tests/test_datasets.py`` 가 설치된 Keras의 값과 비교합니다.
    """
    environ = os.environ if environ is None else environ
    if not isinstance(environ, collections.abc.Mapping):
        raise ValueError(
            f"environ은 환경 변수 사전(os.environ 같은 것)이어야 합니다. 받은 값의 형식: {type(environ).__name__}"
        )
    if "KERAS_HOME" in environ:
        return environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def keras_home() -> str:
    """설치된 Keras가 쓰는 Keras 홈(``keras.utils.get_file`` 의 기본 ``cache_dir``).

    Keras는 ``KERAS_HOME`` 을 **import할 때 한 번** 읽으므로(그 뒤에 바꾸면 Keras는 모름), 강좌도 처음 부를 때
    Keras를 import하며 같은 순간에 한 번 읽어(:func:`keras_home_rule`) 그 값을 계속 씁니다. 노트북에서는
    ``setup_notebook()`` 이 Keras를 import하므로 ``KERAS_HOME`` 은 그 전에 정하세요.
    """
    global _keras_home
    if _keras_home is None:
        # 규칙을 먼저 계산하고 Keras를 import합니다(아직이라면 Keras도 지금 같은 값을 정함). import가 홈 폴더를
        # 만드는 일이 있어(다른 라이브러리의 설정 폴더) 순서를 바꾸면 "쓸 수 없는 홈"의 판단이 Keras와 달라집니다.
        _keras_home = keras_home_rule()
        import keras  # noqa: F401
    return _keras_home


def keras_cache_dirs() -> list[Path]:
    """Keras가 내려받은 파일을 두는 캐시 폴더 후보(존재 여부와 무관), 설치된 Keras의 ``get_file`` 과 같은 순서.

    ``keras.utils.get_file`` 은 :func:`keras_home` (``~`` 를 펼친 것)에 쓸 수 없으면 ``/tmp/.keras`` 를
    (``/tmp`` 가 없는 Windows에서는 ``tempfile.gettempdir()/.keras``) 씁니다.
    """
    home = os.path.expanduser(keras_home())
    fallback = Path("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()) / ".keras"
    # KERAS_HOME이 빈 값이면 Keras도 쓸 수 없는 폴더로 보고 대체 폴더만 씁니다(현재 폴더가 아님).
    candidates = [Path(home)] if home else []
    return candidates + [fallback] if fallback not in candidates else candidates


def search_locations(relative_path: str) -> list[Path]:
    """``relative_path`` (예: ``"datasets/mnist.npz"``)를 찾아볼 경로들, 우선순위 순서."""
    relative_path = _path_argument(relative_path, "relative_path")
    places = []
    data_dir = course_data_dir()
    if data_dir is not None:
        places.append(data_dir / relative_path)
    places.extend(cache / relative_path for cache in keras_cache_dirs())
    return places


def find_local(relative_path: str) -> Path | None:
    """``search_locations`` 중 처음으로 존재하는 경로(없으면 ``None``)."""
    for path in search_locations(relative_path):
        if path.exists():
            return path
    return None


def https_proxy_for(host: str = DOWNLOAD_HOST) -> str | None:
    """Keras의 내려받기가 ``host`` 에 HTTPS로 연결할 때 거치는 프록시 주소(직접 연결이면 ``None``; 안내 문장용).

    urllib의 규칙 그대로: ``urllib.request.getproxies()`` 의 ``"https"`` 항목(``HTTPS_PROXY``/``https_proxy``; 환경
    변수가 없으면 macOS·Windows의 시스템 설정), ``urllib.request.proxy_bypass(host)`` 가 참이면(``NO_PROXY``) 직접.
    """
    proxy = urllib.request.getproxies().get("https")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return proxy


def network_available(host: str = DOWNLOAD_HOST, port: int = 443, timeout: float = 3.0) -> bool:
    """내려받기 서버가 ``timeout`` 초 안에 HTTPS로 답하는지 확인합니다.

    * ``COURSE_OFFLINE=1`` 이면 확인하지 않고 ``False``, ``COURSE_OFFLINE=0`` 이면 확인하지 않고 ``True``
      (잘못된 값은 ``ValueError``, :func:`course_utils.flags.env_flag`).
    * Keras의 ``keras.utils.get_file`` 과 같은 urllib 기본 opener(``urllib.request.build_opener()``: 프록시는
      ``ProxyHandler`` 가 ``HTTPS_PROXY``/``NO_PROXY`` 로 정함)로 ``https://host:port/`` 에 ``HEAD`` 요청을 보내, 서버가
      HTTP로 답하면(오류 상태 코드 포함) ``True`` 입니다. 연결 거부, DNS 실패, 시간 초과, 프록시의 거부(403, 407),
      TLS 실패, 잘못된 프록시 주소처럼 연결이 안 되는 경우는 ``False`` 입니다.
    * 그 밖의 예외(프로그래밍 오류)는 "오프라인"으로 숨기지 않고 그대로 냅니다.

    DNS 조회가 멈춰도 기다리지 않도록 별도 스레드에서 시도하고 ``timeout + 1`` 초가 지나면 포기합니다.
    """
    forced_offline = env_flag(OFFLINE_ENV, default=None)
    if forced_offline is not None:
        return not forced_offline
    request = urllib.request.Request(f"https://{host}:{port}/", method="HEAD")
    outcome: list = []

    def probe():
        try:
            urllib.request.build_opener().open(request, timeout=timeout).close()
            outcome.append(True)
        except urllib.error.HTTPError:  # 서버가 답함(예: 403, 404): 연결은 됨
            outcome.append(True)
        except (OSError, http.client.HTTPException):  # URLError, 시간 초과, TLS, 잘못된 프록시 주소(InvalidURL)
            outcome.append(False)
        except BaseException as error:  # 프로그래밍 오류: 부른 쪽에서 다시 냄
            outcome.append(error)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    if outcome and isinstance(outcome[0], BaseException):
        raise outcome[0]
    return bool(outcome and outcome[0])


def connection_failure_note(host: str = DOWNLOAD_HOST) -> str:
    """연결 확인이 실패했을 때 무엇을 시도했는지 한 줄로(오류 메시지의 "내려받기" 항목).

    프록시 주소에 암호가 있어도 호스트와 포트만 보여 줍니다.
    """
    if env_flag(OFFLINE_ENV, default=None):
        return f"{OFFLINE_ENV}=1 이라 연결하지 않음"
    proxy = https_proxy_for(host)
    if proxy is None:
        return "직접 연결 실패"
    parts = urllib.parse.urlsplit(proxy if "//" in proxy else "//" + proxy)
    try:
        return f"프록시 {parts.hostname}:{parts.port or 443} 를 거친 연결 실패"
    except ValueError:  # 포트가 숫자가 아님
        return "HTTPS_PROXY 프록시 주소를 해석할 수 없음"


def going_online_advice(host: str = DOWNLOAD_HOST) -> list[str]:
    """ "인터넷으로 내려받으려면" 안내(데이터·가중치 오류 메시지의 해결 방법 1번)."""
    if env_flag(OFFLINE_ENV, default=None):
        return [f"  1. {OFFLINE_ENV}=1 이 설정되어 있어 내려받지 않았습니다. 인터넷으로 받으려면 이 변수를 지우세요."]
    proxy_line = (
        "     학교·회사처럼 프록시를 거쳐야 하는 망이면 HTTPS_PROXY=http://프록시:포트 를 지정하세요"
        if https_proxy_for(host) is None
        else "     HTTPS_PROXY에 지정한 프록시의 주소·포트·인증이 맞는지 확인하세요"
    )
    return [
        "  1. 인터넷에 연결한 뒤 다시 실행하면 Keras가 자동으로 내려받습니다.",
        proxy_line,
        f"     (프록시를 거치지 않을 주소는 NO_PROXY). 연결 확인을 건너뛰고 바로 받으려면 {OFFLINE_ENV}=0.",
    ]


def _not_found(name: str, relative_path: str, url: str) -> DatasetNotFoundError:
    data_dir = os.environ.get(DATA_DIR_ENV, "").strip()
    lines = [f"'{name}' 데이터를 찾을 수 없고, 내려받을 서버({DOWNLOAD_HOST})에도 연결할 수 없습니다.", "찾아본 곳:"]
    if not data_dir:
        lines.append(f"  - {DATA_DIR_ENV}: 설정되지 않음")
    lines.extend(f"  - {path} (없음)" for path in search_locations(relative_path))
    lines.append(f"  - 내려받기: {url} ({connection_failure_note()})")
    lines.append("해결 방법:")
    lines += going_online_advice()
    lines += [
        "  2. 오프라인이라면 인터넷이 되는 컴퓨터에서",
        f"     {PREFETCH_COMMAND}",
        f"     로 내려받아 복사한 뒤 {DATA_DIR_ENV}=폴더 로 지정하세요",
        f"     (노트북에서는 setup_notebook() 전에 os.environ['{DATA_DIR_ENV}'] = '폴더').",
    ]
    return DatasetNotFoundError("\n".join(lines))


def _require_download(name: str, relative_path: str, url: str) -> None:
    if not network_available():
        raise _not_found(name, relative_path, url)


# ---------------------------------------------------------------------------
# MNIST, 패션 MNIST
# ---------------------------------------------------------------------------


def _load_npz(path: Path):
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def load_mnist():
    """MNIST 손글씨 숫자: ``keras.datasets.mnist.load_data()`` 와 같은 배열.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` — ``x``: uint8 ``(N, 28, 28)``,
        ``y``: uint8 ``(N,)``, 훈련 60,000개 / 테스트 10,000개.
    """
    path = find_local(MNIST_FILE)
    if path is not None:
        return _load_npz(path)
    _require_download("MNIST", MNIST_FILE, KERAS_DATASETS_URL + "mnist.npz")
    import keras

    return keras.datasets.mnist.load_data()


def _read_idx(path: Path, offset: int, shape_tail: tuple) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = np.frombuffer(f.read(), np.uint8, offset=offset)
    return data.reshape((-1,) + shape_tail) if shape_tail else data


def load_fashion_mnist():
    """패션 MNIST: ``keras.datasets.fashion_mnist.load_data()`` 와 같은 배열.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` — ``x``: uint8 ``(N, 28, 28)``,
        ``y``: uint8 ``(N,)``, 훈련 60,000개 / 테스트 10,000개.
        클래스 이름은 :data:`FASHION_CLASS_NAMES_KO`.
    """
    folder = None
    for candidate in search_locations(FASHION_DIR):
        if all((candidate / name).is_file() for name in FASHION_FILES):
            folder = candidate
            break
    if folder is None:
        _require_download("패션 MNIST(Fashion-MNIST)", FASHION_DIR, KERAS_DATASETS_URL + FASHION_FILES[0])
        import keras

        return keras.datasets.fashion_mnist.load_data()
    y_train = _read_idx(folder / FASHION_FILES[0], 8, ())
    x_train = _read_idx(folder / FASHION_FILES[1], 16, (28, 28))
    y_test = _read_idx(folder / FASHION_FILES[2], 8, ())
    x_test = _read_idx(folder / FASHION_FILES[3], 16, (28, 28))
    return (x_train, y_train), (x_test, y_test)


def _read_cifar_batch(path: Path):
    # CIFAR-10 파이썬 배치 파일(pickle): data uint8 (N, 3072) = (N, 3, 32, 32) 채널 우선, labels 길이 N.
    import pickle

    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    labels = np.asarray(batch[b"labels"], dtype=np.uint8).reshape(-1, 1)
    return images, labels


def load_cifar10():
    """CIFAR-10: ``keras.datasets.cifar10.load_data()`` 와 같은 배열.

    ``COURSE_DATA_DIR`` (또는 Keras 캐시)에 풀린 ``cifar-10-batches-py`` 폴더가 있으면 그것을 읽고,
    없으면 Keras 로더로 내려받습니다(약 170MB). ``python -m course_utils.offline_mirror prefetch`` 로 만든 미러에는
    들어 있지만, CI가 쓰는 미러에는 없습니다.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` — ``x``: uint8 ``(N, 32, 32, 3)``,
        ``y``: uint8 ``(N, 1)``, 훈련 50,000개 / 테스트 10,000개.
    """
    folder = None
    for candidate in search_locations(CIFAR10_DIR) + search_locations(CIFAR10_KERAS_CACHE_DIR):
        if all((candidate / name).is_file() for name in CIFAR10_FILES):
            folder = candidate
            break
    if folder is None:
        _require_download("CIFAR-10", CIFAR10_DIR, CIFAR10_URL)
        import keras

        return keras.datasets.cifar10.load_data()
    train = [_read_cifar_batch(folder / name) for name in CIFAR10_FILES[:-1]]
    x_test, y_test = _read_cifar_batch(folder / CIFAR10_FILES[-1])
    x_train = np.concatenate([images for images, _ in train])
    y_train = np.concatenate([labels for _, labels in train])
    return (x_train, y_train), (x_test, y_test)


def stratified_subset(x, y, size, seed: int = 42):
    """클래스 비율을 유지한 채 ``size`` 개를 뽑은 부분집합 ``(x_sub, y_sub)``.

    빠른 모드에서 데이터를 줄일 때 씁니다. ``size`` 가 ``None`` 이거나 전체 이상이면
    입력을 그대로 돌려줍니다. 결과 순서는 원래 순서를 유지하며 ``seed`` 가 같으면 항상 같습니다.
    모든 클래스를 비율대로 담을 수 없는 요청(클래스 수보다 작은 ``size``, 남길 샘플이 클래스 수보다 적은 ``size``,
    샘플이 하나뿐인 클래스)은 계층화를 몰래 버리지 않고 ``ValueError`` 로 알려 줍니다.

    Args:
        x: 첫 축이 샘플인 배열 ``(N, ...)``.
        y: 레이블 ``(N,)``.
        size: 뽑을 개수(1 이상의 정수) 또는 ``None``.
        seed: 0 이상 2**32 - 1 이하의 정수 시드.
    """
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim == 0 or y.ndim != 1 or len(x) != len(y):
        raise ValueError(
            f"x는 첫 축이 샘플인 배열, y는 1차원 레이블이고 샘플 수가 같아야 합니다. 받은 모양: x{x.shape}, y{y.shape}"
        )
    size = integer(size, "size", minimum=1, allow_none=True)  # 비교보다 먼저 검사("3000" 같은 문자열도 한국어 오류)
    seed = integer(seed, "seed", minimum=0, maximum=2**32 - 1)  # scikit-learn의 random_state가 받는 범위
    if size is None or size >= len(y):
        return x, y
    from sklearn.model_selection import train_test_split

    classes, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        raise ValueError(
            f"샘플이 하나뿐인 클래스({classes[counts.argmin()]!r})가 있어 클래스 비율을 유지한 부분집합을 만들 수 "
            "없습니다. 그 클래스를 빼거나 size=None으로 전체를 쓰세요."
        )
    if not len(classes) <= size <= len(y) - len(classes):
        raise ValueError(
            f"클래스 {len(classes)}개의 비율을 유지하려면 size는 {len(classes)} 이상 {len(y) - len(classes)} 이하"
            f"(뽑는 쪽과 남는 쪽에 클래스마다 적어도 하나씩)이거나, 전체({len(y)}) 이상 또는 None이어야 합니다. "
            f"받은 값: {size}"
        )
    chosen, _ = train_test_split(np.arange(len(y)), train_size=size, stratify=y, random_state=seed)
    chosen = np.sort(chosen)
    return x[chosen], y[chosen]


# ---------------------------------------------------------------------------
# 꽃 사진
# ---------------------------------------------------------------------------


def _class_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def flower_class_root(candidate: Path) -> Path | None:
    """``candidate`` 또는 그 안의 ``flower_photos`` 가 ``<클래스>/*.jpg`` 구성이면 그 폴더, 아니면 ``None``."""
    candidate = Path(_path_argument(candidate, "candidate"))
    # prefetch 미러는 datasets/flower_photos/<클래스>/ 이고, Keras의 get_file(untar=True)는
    # datasets/flower_photos/flower_photos/<클래스>/ 로 풉니다. 둘 다 받아들입니다.
    for root in (candidate, candidate / "flower_photos"):
        if root.is_dir() and any(
            any(f.suffix.lower() in {".jpg", ".jpeg", ".png"} for f in d.iterdir()) for d in _class_folders(root)
        ):
            return root
    return None


def flowers_dir() -> Path:
    """``flower_photos`` 폴더(``<클래스>/*.jpg``)의 경로: 미러 → Keras 캐시 → 내려받기 순서로 찾습니다.

    미러는 읽기만 합니다. 어디에도 없으면 다른 로더처럼 Keras 캐시에 내려받습니다.
    """
    for candidate in search_locations(FLOWERS_DIR):
        root = flower_class_root(candidate)
        if root is not None:
            return root
    _require_download("꽃 사진(flower_photos)", FLOWERS_DIR, FLOWERS_URL)
    import keras

    extracted = Path(keras.utils.get_file("flower_photos", origin=FLOWERS_URL, untar=True))
    root = flower_class_root(extracted)
    if root is None:
        raise DatasetNotFoundError(f"내려받은 꽃 사진 압축 파일에서 클래스 폴더를 찾지 못했습니다: {extracted}")
    return root


def course_cache_dir() -> Path:
    """강좌가 다시 만들 수 있는 파일(꽃 사진 부분집합)을 두는 **사용자별** 폴더: ``<임시 폴더>/cnn-course-<사용자 번호>``.

    임시 폴더는 ``tempfile.gettempdir()`` (``TMPDIR``/``TEMP``/``TMP``; macOS·Windows에서는 이미 사용자별)입니다.
    여러 사람이 ``/tmp`` 를 함께 쓰는 리눅스 실습실에서도 폴더 이름에 사용자 번호(uid)를 넣어 서로의 폴더를
    건드리지 않으며, 폴더는 나만 쓸 수 있게(0o700) 만듭니다. 다른 사용자의 폴더이거나 만들 수 없으면 한국어 ``OSError``.
    """
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / ("cnn-course" if uid is None else f"cnn-course-{uid}")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise OSError(
            f"강좌 캐시 폴더 {folder}를 만들 수 없습니다({type(error).__name__}: {error}). "
            "쓸 수 있는 임시 폴더를 TMPDIR(Windows는 TEMP) 환경 변수로 지정하고 커널을 다시 시작하세요."
        ) from error
    if uid is not None and (folder.is_symlink() or folder.stat().st_uid != uid):
        raise OSError(
            f"강좌 캐시 폴더 {folder}가 다른 사용자의 것이거나 링크입니다. 지우거나, 쓸 수 있는 임시 폴더를 "
            "TMPDIR 환경 변수로 지정하고 커널을 다시 시작하세요."
        )
    return folder


def make_flowers_subset(max_per_class: int, seed: int = 42, source=None) -> Path:
    """클래스마다 ``max_per_class`` 장을 무작위(``seed`` 고정)로 고른 꽃 사진 폴더를 만들고 그 경로를 돌려줍니다.

    ``source`` 는 원본 폴더(``<클래스>/*.jpg``, 예: ``keras.utils.get_file`` 로 받아 푼 ``flower_photos``)이고,
    주지 않으면 :func:`flowers_dir` 가 찾은 폴더를 씁니다.
    사용자별 캐시 폴더(:func:`course_cache_dir`)의 ``flower_photos_<수>_<해시>/<클래스>/`` 에 원본 사진의 심볼릭 링크
    (못 만드는 시스템, 예: 개발자 모드가 아닌 Windows에서는 복사본)를 만듭니다. 원본 폴더에는 쓰지 않고, 같은 인자로
    다시 부르면 이미 만든 폴더를 그대로 씁니다. 같은 폴더 안의 임시 이름으로 다 만든 뒤 이름을 한 번에 바꾸므로(원자적)
    반쯤 만든 폴더가 보이는 일이 없고, 이름 바꾸기가 실패해(예: 백신 프로그램이 잠금) 폴더가 없으면 한국어 ``OSError``.
    """
    max_per_class = positive_int(max_per_class, "max_per_class")
    seed = non_negative_int(seed, "seed")
    if source is None:
        root = flowers_dir()
    else:
        root = flower_class_root(_path_argument(source, "source"))
        if root is None:
            raise ValueError(
                f"source는 클래스 폴더(<클래스>/*.jpg)가 있는 꽃 사진 폴더여야 합니다. 받은 값: {str(source)!r}"
            )
    digest = hashlib.sha1(f"{root}|{max_per_class}|{seed}".encode()).hexdigest()[:10]
    # 폴더 이름에 하이픈을 넣어 파이썬 패키지 이름(course_utils)과 겹치지 않게 합니다.
    subset = course_cache_dir() / f"flower_photos_{max_per_class}_{digest}"
    if subset.is_dir():
        return subset
    staging = Path(tempfile.mkdtemp(prefix=".flowers_", dir=subset.parent))  # 같은 폴더: 이름 바꾸기가 원자적
    try:
        rng = random.Random(seed)
        for class_dir in _class_folders(root):
            files = sorted(f for f in class_dir.iterdir() if f.suffix.lower() in {".jpg", ".jpeg", ".png"})
            rng.shuffle(files)
            (staging / class_dir.name).mkdir()
            for f in sorted(files[:max_per_class]):
                target = staging / class_dir.name / f.name
                try:
                    target.symlink_to(f)
                except OSError:  # 심볼릭 링크를 못 만드는 시스템(개발자 모드가 아닌 Windows 등)
                    shutil.copy(f, target)
        os.rename(staging, subset)
    except OSError as error:  # 다른 프로세스가 먼저 만들었거나(괜찮음), 이름 바꾸기·쓰기가 실패함
        failure = error
    else:
        failure = None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # 이름을 바꿨으면 이미 없음
    if not subset.is_dir():
        raise OSError(
            f"꽃 사진 부분집합 폴더 {subset}를 만들지 못했습니다({type(failure).__name__}: {failure}). "
            "백신 프로그램 등이 폴더를 잠갔을 수 있습니다. 잠시 뒤 다시 실행하거나, 쓸 수 있는 임시 폴더를 "
            "TMPDIR(Windows는 TEMP) 환경 변수로 지정하고 커널을 다시 시작하세요."
        ) from failure
    return subset


def load_flowers(image_size=(180, 180), batch_size=32, max_per_class=None, seed=42, **kwargs):
    """꽃 사진을 ``keras.utils.image_dataset_from_directory`` 로 읽은 ``tf.data.Dataset``.

    Args:
        image_size: ``(높이, 너비)`` 로 크기 조정.
        batch_size: 배치 크기(``None`` 이면 배치하지 않음).
        max_per_class: 클래스당 최대 사진 수(빠른 모드용, ``None`` 이면 전체). 주면
            :func:`make_flowers_subset` 이 사용자별 캐시 폴더에 고른 사진의 링크 폴더를 만듭니다.
        seed: 섞기와 나누기의 시드.
        **kwargs: ``validation_split``, ``subset`` 등 ``image_dataset_from_directory`` 의 나머지 인자.

    Returns:
        배치 ``(images, labels)``: images float32 ``(B, 높이, 너비, 3)`` (0~255),
        labels int32 ``(B,)``. ``subset="both"`` 이면 ``(train_ds, val_ds)``.
    """
    import keras

    return keras.utils.image_dataset_from_directory(
        flowers_dir() if max_per_class is None else make_flowers_subset(max_per_class, seed=seed),
        image_size=tuple(image_size),
        batch_size=batch_size,
        seed=seed,
        **kwargs,
    )


# ---------------------------------------------------------------------------
# scikit-learn 예제 이미지, ImageNet 클래스 인덱스
# ---------------------------------------------------------------------------


def load_sample_images() -> np.ndarray:
    """scikit-learn에 들어 있는 예제 사진 두 장(중국 사원, 꽃): uint8 ``(2, 427, 640, 3)``.

    패키지에 포함된 파일이라 인터넷이 필요 없습니다.
    """
    from sklearn.datasets import load_sample_images as _load

    return np.stack(_load()["images"])


def load_imagenet_class_index() -> dict:
    """ImageNet 1,000개 클래스 인덱스: ``{0: ("n01440764", "tench"), ...}``.

    ``keras.applications.*.decode_predictions`` 가 쓰는 것과 같은 파일입니다.
    """
    path = find_local(CLASS_INDEX_FILE)
    if path is None:
        _require_download("ImageNet 클래스 인덱스", CLASS_INDEX_FILE, CLASS_INDEX_URL)
        import keras

        path = Path(
            keras.utils.get_file(
                "imagenet_class_index.json", CLASS_INDEX_URL, cache_subdir="models", file_hash=CLASS_INDEX_MD5
            )
        )
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return {int(k): tuple(v) for k, v in raw.items()}


def decode_imagenet_predictions(predictions, top: int = 5) -> list:
    """``keras.applications`` 의 ``decode_predictions`` 와 같은 결과(오프라인 캐시 사용).

    Args:
        predictions: ImageNet 확률 ``(배치, 1000)``.
        top: 이미지마다 돌려줄 상위 클래스 수.

    Returns:
        이미지마다 ``[(wnid, 이름, 확률), ...]`` 목록(확률 내림차순).
    """
    predictions = np.asarray(predictions)
    if predictions.ndim != 2 or predictions.shape[1] != 1000:
        raise ValueError(f"predictions의 모양은 (배치, 1000)이어야 합니다. 받은 모양: {predictions.shape}")
    top = integer(top, "top", minimum=1, maximum=1000)
    index = load_imagenet_class_index()
    results = []
    for row in predictions:
        best = np.argsort(row)[::-1][:top]
        results.append([index[int(i)] + (float(row[i]),) for i in best])
    return results
