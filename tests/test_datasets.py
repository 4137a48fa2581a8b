"""데이터 계층: 미러·캐시·내려받기 순서, 실제 데이터와의 일치, 오프라인 오류, prefetch."""

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from synthetic_mirror import FLOWER_CLASSES, MARKER, make_synthetic_mirror

from conftest import assert_korean_value_error
from course_tools import SIBLING_MIRROR
from course_utils import datasets

_MIRROR = Path(os.environ.get("COURSE_DATA_DIR") or SIBLING_MIRROR)
needs_mirror = pytest.mark.skipif(
    not (_MIRROR / "datasets").is_dir() or (_MIRROR / MARKER).exists(),
    reason=f"진짜 데이터의 오프라인 미러({SIBLING_MIRROR} 또는 COURSE_DATA_DIR)가 필요합니다(가짜 미러로는 개수를 확인할 수 없음)",
)
# MNIST의 공식 클래스별 개수(훈련/테스트): 미러 파일이 진짜 MNIST인지 독립적으로 확인합니다.
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def mirror_dir() -> Path:
    return Path(os.environ.get("COURSE_DATA_DIR") or SIBLING_MIRROR).resolve()


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """COURSE_DATA_DIR 없음, 빈 Keras 캐시, 오프라인(연결 시도는 즉시 실패)."""
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(datasets, "keras_cache_dirs", lambda: [tmp_path / "keras_home"])
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    return tmp_path


@pytest.fixture
def with_mirror(monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mirror_dir()))


def snapshot(root: Path):
    return sorted((str(p.relative_to(root)), p.stat().st_mtime_ns) for p in root.rglob("*"))


@needs_mirror
def test_mirror_loaders_return_the_real_data_without_writing(with_mirror):
    before = snapshot(mirror_dir())
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and y_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == MNIST_TEST_COUNTS
    (f_train, fy_train), (f_test, fy_test) = datasets.load_fashion_mnist()
    assert f_train.shape == (60000, 28, 28) and f_test.shape == (10000, 28, 28)
    assert np.bincount(fy_train).tolist() == [6000] * 10
    flowers = datasets.load_flowers(image_size=(32, 32), batch_size=None)
    assert int(flowers.cardinality()) == 3119
    subset = datasets.make_flowers_subset(4)
    assert sorted(d.name for d in subset.iterdir()) == ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
    assert sorted(len(list(d.iterdir())) for d in subset.iterdir()) == [4] * 5
    # 임시 폴더가 import 가능한 이름이면 그 폴더에서 실행한 파이썬이 course_utils 대신 그것을 import합니다.
    assert not subset.parent.name.isidentifier()
    assert len(datasets.load_imagenet_class_index()) == 1000
    assert snapshot(mirror_dir()) == before, "COURSE_DATA_DIR에 아무것도 쓰면 안 됩니다"


@needs_mirror
def test_fashion_mnist_and_imagenet_decoding_equal_what_keras_does(tmp_path, with_mirror):
    """진짜 Keras가 미러 파일로 내는 값과 비교합니다(별도 프로세스, ``KERAS_HOME`` 은 임시 폴더).

    - 미러의 gz 파일을 Keras 캐시 모양으로 복사하고 ``keras.datasets.fashion_mnist.load_data()`` 와 배열을 비교
    - ``keras.applications.resnet50.decode_predictions`` 와 ImageNet 예측 풀이를 비교

    TensorFlow를 불러오는 데 수십 초가 걸리므로 두 비교가 프로세스 하나를 함께 씁니다(예전에는 테스트 둘, 프로세스 둘).
    """
    keras_home = tmp_path / "keras"
    shutil.copytree(mirror_dir() / "datasets" / "fashion-mnist", keras_home / "datasets" / "fashion-mnist")
    (keras_home / "models").mkdir(parents=True)
    shutil.copy(mirror_dir() / "models" / "imagenet_class_index.json", keras_home / "models")
    preds = np.random.default_rng(0).dirichlet(np.ones(1000), size=3).astype("float32")
    np.save(tmp_path / "preds.npy", preds)
    arrays = tmp_path / "keras_arrays.npz"
    script = textwrap.dedent(f"""
        import json, numpy as np, keras
        (a, b), (c, d) = keras.datasets.fashion_mnist.load_data()
        np.savez({str(arrays)!r}, a=a, b=b, c=c, d=d)
        out = keras.applications.resnet50.decode_predictions(np.load({str(tmp_path / "preds.npy")!r}), top=4)
        print(json.dumps([[[w, n, float(p)] for w, n, p in row] for row in out]))
    """)
    env = dict(os.environ, KERAS_HOME=str(keras_home), TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, env=env, timeout=240, capture_output=True, text=True
    )
    (x_train, y_train), (x_test, y_test) = datasets.load_fashion_mnist()
    with np.load(arrays) as ref:
        for ours, theirs in zip((x_train, y_train, x_test, y_test), (ref["a"], ref["b"], ref["c"], ref["d"])):
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), "패션 MNIST 배열이 Keras와 다릅니다"
    theirs = json.loads(result.stdout.strip().splitlines()[-1])
    ours = datasets.decode_imagenet_predictions(preds, top=4)
    assert [[(w, n) for w, n, _ in row] for row in ours] == [[(w, n) for w, n, _ in row] for row in theirs]
    np.testing.assert_allclose([[p for *_, p in row] for row in ours], [[p for *_, p in row] for row in theirs])


def test_offline_without_data_fails_fast_with_a_clear_korean_message(isolated):
    start = time.monotonic()
    with pytest.raises(datasets.DatasetNotFoundError) as error:
        datasets.load_mnist()
    assert time.monotonic() - start < 5
    message = str(error.value)
    for expected in (
        "MNIST",
        "COURSE_DATA_DIR",
        str(isolated / "keras_home" / "datasets" / "mnist.npz"),
        "prefetch",
        "찾아본 곳",
        "해결 방법",
    ):
        assert expected in message
    for loader in (datasets.load_fashion_mnist, datasets.flowers_dir, datasets.load_imagenet_class_index):
        with pytest.raises(datasets.DatasetNotFoundError):
            loader()


def test_no_network_is_detected_without_the_offline_switch(isolated, monkeypatch):
    """COURSE_OFFLINE 없이도: 연결이 거부되면 곧바로 같은 오류."""
    monkeypatch.delenv("COURSE_OFFLINE")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    start = time.monotonic()
    with pytest.raises(datasets.DatasetNotFoundError):
        datasets.load_mnist()
    assert time.monotonic() - start < 5


def test_network_probe_gives_up_when_the_connection_hangs(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)

    class Hanging:
        def close(self):
            pass

    def hang(*args, **kwargs):
        time.sleep(5)
        return Hanging()

    monkeypatch.setattr(socket, "create_connection", hang)
    start = time.monotonic()
    assert datasets.network_available(timeout=0.5) is False
    assert time.monotonic() - start < 3


def test_network_probe_against_a_closed_local_port(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    with socket.socket() as s:  # 비어 있는 포트를 하나 받아 닫으면 연결이 거부됩니다
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert datasets.network_available("127.0.0.1", port, timeout=1) is False


def write_fake_mnist(path: Path, n_train=20, n_test=10, value=7):
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(value)
    np.savez_compressed(
        path,
        x_train=np.full((n_train, 28, 28), value, np.uint8),
        y_train=rng.integers(0, 10, n_train).astype(np.uint8),
        x_test=np.zeros((n_test, 28, 28), np.uint8),
        y_test=np.zeros(n_test, np.uint8),
    )


def test_keras_cache_is_used_and_course_data_dir_has_priority(isolated, monkeypatch):
    write_fake_mnist(isolated / "keras_home" / "datasets" / "mnist.npz", value=3)
    (x_train, _), _ = datasets.load_mnist()
    assert x_train.shape == (20, 28, 28) and x_train[0, 0, 0] == 3
    write_fake_mnist(isolated / "mirror" / "datasets" / "mnist.npz", n_train=5, value=9)
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated / "mirror"))
    (x_train, _), _ = datasets.load_mnist()
    assert x_train.shape == (5, 28, 28) and x_train[0, 0, 0] == 9


def test_missing_course_data_dir_is_a_korean_value_error(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "없는폴더"))
    assert_korean_value_error(lambda: datasets.load_mnist(), match="폴더가 없습니다")


def test_stratified_subset_keeps_class_proportions_and_is_deterministic():
    y = np.repeat(np.arange(10), [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]).astype(np.uint8)
    x = np.arange(len(y))
    xs, ys = datasets.stratified_subset(x, y, 550)
    assert len(ys) == 550 and np.array_equal(y[xs], ys)
    expected = np.bincount(y) * 550 / len(y)
    assert np.all(np.abs(np.bincount(ys) - expected) <= 1)
    assert np.all(np.diff(xs) > 0), "원래 순서를 유지해야 합니다"
    xs2, _ = datasets.stratified_subset(x, y, 550)
    assert np.array_equal(xs, xs2)
    assert np.array_equal(datasets.stratified_subset(x, y, None)[0], x)
    assert np.array_equal(datasets.stratified_subset(x, y, 10**6)[1], y)
    for bad in (0, -5, 2.5, True):
        assert_korean_value_error(lambda: datasets.stratified_subset(x, y, bad))
    assert_korean_value_error(lambda: datasets.stratified_subset(x[:10], y, 5))


def test_sample_images_ship_with_scikit_learn():
    images = datasets.load_sample_images()
    assert images.shape == (2, 427, 640, 3) and images.dtype == np.uint8


def test_decode_predictions_rejects_bad_shapes(isolated):
    assert_korean_value_error(lambda: datasets.decode_imagenet_predictions(np.zeros((2, 10))), match="모양")
    assert_korean_value_error(lambda: datasets.decode_imagenet_predictions(np.zeros((1, 1000)), top=0))


def _write_fake_cifar_batch(path: Path, images_chw: np.ndarray, labels: list) -> None:
    import pickle

    with open(path, "wb") as f:
        pickle.dump({b"data": images_chw.reshape(len(labels), -1), b"labels": labels}, f)


def test_cifar10_loader_reads_a_mirror_folder_in_keras_layout(isolated, monkeypatch):
    # 작은 가짜 배치(배치마다 2장)로 Keras 로더와 같은 모양·자료형·채널 순서를 확인합니다.
    folder = isolated / "mirror" / datasets.CIFAR10_DIR
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    chw = {name: rng.integers(0, 256, size=(2, 3, 32, 32), dtype=np.uint8) for name in datasets.CIFAR10_FILES}
    for index, name in enumerate(datasets.CIFAR10_FILES):
        _write_fake_cifar_batch(folder / name, chw[name], [index, 9 - index])
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated / "mirror"))

    (x_train, y_train), (x_test, y_test) = datasets.load_cifar10()

    assert x_train.shape == (10, 32, 32, 3) and x_test.shape == (2, 32, 32, 3)
    assert y_train.shape == (10, 1) and y_test.shape == (2, 1)
    assert x_train.dtype == y_train.dtype == x_test.dtype == np.uint8
    # 채널 우선 (3, 32, 32) → 채널 마지막 (32, 32, 3): 빨강 채널의 (행 5, 열 7) 값이 [5, 7, 0]으로 옮겨 감
    assert x_train[0, 5, 7, 0] == chw["data_batch_1"][0, 0, 5, 7]
    assert x_train[9, 31, 0, 2] == chw["data_batch_5"][1, 2, 31, 0]
    assert y_train[:, 0].tolist() == [0, 9, 1, 8, 2, 7, 3, 6, 4, 5] and y_test[:, 0].tolist() == [5, 4]
    assert datasets.CIFAR10_SOURCE["relative_path"] == datasets.CIFAR10_DIR


def test_cifar10_offline_without_data_fails_fast(isolated):
    with pytest.raises(datasets.DatasetNotFoundError) as error:
        datasets.load_cifar10()
    assert "CIFAR-10" in str(error.value) and datasets.CIFAR10_URL in str(error.value)


def test_flowers_subset_from_an_explicit_source_folder(tmp_path):
    """source로 준 폴더(get_file로 받아 푼 모양: <폴더>/flower_photos/<클래스>/)에서 클래스마다 고르고, 원본은 그대로 둡니다."""
    extracted = tmp_path / "flower_photos"
    for name, count in [("daisy", 5), ("roses", 3)]:
        (extracted / "flower_photos" / name).mkdir(parents=True)
        for i in range(count):
            (extracted / "flower_photos" / name / f"{i}.jpg").write_bytes(b"jpg")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    subset = datasets.make_flowers_subset(4, source=extracted / "flower_photos")
    assert {d.name: len(list(d.iterdir())) for d in subset.iterdir()} == {"daisy": 4, "roses": 3}
    assert all(
        (subset / "daisy" / f.name).resolve().parent == (extracted / "flower_photos" / "daisy").resolve()
        for f in (subset / "daisy").iterdir()
    )
    # 한 단계 위(압축을 푼 폴더)를 주어도 그 안의 flower_photos를 찾습니다.
    assert datasets.make_flowers_subset(4, source=extracted) == subset
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_flowers_subset_rejects_a_folder_without_class_folders(tmp_path):
    (tmp_path / "empty").mkdir()
    assert_korean_value_error(datasets.make_flowers_subset, 4, source=tmp_path / "empty", match="클래스 폴더")


# --- Keras 캐시 폴더: 설치된 Keras와 같은 규칙(공개 API가 없어 규칙을 옮기고 Keras의 값과 비교) ----------------------

_KERAS_HOME_PROBE = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from course_utils import datasets
    ours = datasets.keras_home()             # 처음 부를 때 Keras를 import하고 같은 순간의 KERAS_HOME을 읽음
    from keras.src.backend import config     # 비교 대상: Keras 자신의 값(테스트에서만 내부 API)
    result = {"ours": ours, "keras": config.keras_home(), "dirs": [str(p) for p in datasets.keras_cache_dirs()]}
    os.environ["KERAS_HOME"] = "/바뀐/값"      # import 뒤에 바꾸면 Keras도 강좌도 모름
    result["after_ours"], result["after_keras"] = datasets.keras_home(), config.keras_home()
    if len(sys.argv) > 1:                    # Keras의 get_file이 실제로 쓰는 폴더(file:// 주소라 인터넷 불필요)
        import keras
        saved = keras.utils.get_file("probe.txt", Path(sys.argv[1]).as_uri(), cache_subdir="datasets")
        result["downloaded_to"] = str(Path(saved).parent.parent)
    print(json.dumps(result))
""")


def _probe_keras_home(tmp_path, env_changes: dict, download: bool):
    env = {key: value for key, value in os.environ.items() if key != "KERAS_HOME"}
    env.update(env_changes, TF_CPP_MIN_LOG_LEVEL="3")
    source = tmp_path / "probe-source.txt"
    source.write_text("probe", encoding="utf-8")
    args = [sys.executable, "-c", _KERAS_HOME_PROBE] + ([str(source)] if download else [])
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", ["KERAS_HOME", "home", "home not writable", "empty KERAS_HOME"])
def test_keras_cache_folder_is_resolved_exactly_as_keras_does(tmp_path, case):
    (tmp_path / "home").mkdir()
    env, download = {
        "KERAS_HOME": ({"KERAS_HOME": str(tmp_path / "keras_home"), "HOME": str(tmp_path / "home")}, True),
        "home": ({"HOME": str(tmp_path / "home")}, True),
        # 없는 홈 폴더는 쓸 수 없는 폴더(root도 os.access가 False): Keras는 /tmp/.keras로 갑니다.
        "home not writable": ({"HOME": str(tmp_path / "없는 홈")}, False),
        "empty KERAS_HOME": ({"KERAS_HOME": "", "HOME": str(tmp_path / "home")}, False),
    }[case]
    seen = _probe_keras_home(tmp_path, env, download)
    assert seen["ours"] == seen["keras"]
    assert seen["after_ours"] == seen["after_keras"] == seen["keras"], "Keras처럼 import 뒤의 KERAS_HOME 변경은 무시"
    if download:  # Keras가 실제로 받은 폴더가 강좌가 찾아보는 첫 폴더
        assert Path(seen["dirs"][0]) == Path(seen["downloaded_to"])
    if case == "home not writable":
        assert seen["keras"] == os.path.join("/tmp", ".keras") and seen["dirs"] == [seen["keras"]]
    if case == "empty KERAS_HOME":
        assert seen["dirs"] == [os.path.join("/tmp", ".keras")], "빈 KERAS_HOME은 현재 폴더가 아니라 /tmp/.keras"


def test_keras_cache_fallback_follows_keras_on_a_machine_without_tmp(monkeypatch, tmp_path):
    # Windows에는 /tmp가 없습니다: Keras의 get_file은 그때 tempfile.gettempdir()/.keras를 씁니다.
    monkeypatch.setattr(datasets, "_keras_home", str(tmp_path / "keras_home"))
    monkeypatch.setattr(datasets.tempfile, "tempdir", str(tmp_path / "temp"))
    real_isdir = os.path.isdir
    monkeypatch.setattr(datasets.os.path, "isdir", lambda path: False if path == "/tmp" else real_isdir(path))
    assert datasets.keras_cache_dirs() == [tmp_path / "keras_home", tmp_path / "temp" / ".keras"]


# --- 꽃 사진 부분집합: 사용자별 캐시 폴더, 원자적 쓰기, 실패하면 한국어 오류 ---------------------------------------------


def _fake_flowers(root: Path) -> Path:
    for name, count in [("daisy", 5), ("roses", 3)]:
        (root / name).mkdir(parents=True)
        for i in range(count):
            (root / name / f"{i}.jpg").write_bytes(b"jpg")
    return root


@pytest.fixture
def temp_root(monkeypatch, tmp_path):
    """tempfile.gettempdir()가 테스트 폴더를 가리키게 합니다(여러 사용자가 함께 쓰는 /tmp 대신)."""
    root = tmp_path / "shared-tmp"
    root.mkdir()
    monkeypatch.setattr(datasets.tempfile, "tempdir", str(root))
    return root


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="사용자 번호(uid)는 POSIX에만 있음")
def test_flowers_subset_goes_to_a_per_user_folder_beside_other_users(temp_root, tmp_path):
    # 다른 사용자(uid 54321)가 먼저 만든 폴더들: 예전의 공용 폴더와 그 사용자의 캐시 폴더. 둘 다 건드리지 않아야 합니다.
    other = temp_root / "cnn-course-54321"
    shared = temp_root / "cnn-course-data"
    for folder in (other, shared):
        folder.mkdir(mode=0o700)
        os.chown(folder, 54321, 54321)
    subset = datasets.make_flowers_subset(2, source=_fake_flowers(tmp_path / "flowers"))
    mine = temp_root / f"cnn-course-{os.getuid()}"
    assert subset.parent == mine and mine.stat().st_uid == os.getuid()
    assert mine.stat().st_mode & 0o777 == 0o700, "나만 읽고 쓸 수 있어야 합니다"
    assert {d.name: len(list(d.iterdir())) for d in subset.iterdir()} == {"daisy": 2, "roses": 2}
    assert not list(other.iterdir()) and not list(shared.iterdir())
    assert [p.name for p in mine.iterdir()] == [subset.name], "임시 이름(.flowers_*)이 남으면 안 됩니다"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="사용자 번호(uid)는 POSIX에만 있음")
def test_someone_elses_folder_under_my_name_is_a_korean_error(temp_root, tmp_path):
    squatted = temp_root / f"cnn-course-{os.getuid()}"
    squatted.mkdir()
    os.chown(squatted, 54321, 54321)
    with pytest.raises(OSError, match="다른 사용자의 것") as error:
        datasets.make_flowers_subset(2, source=_fake_flowers(tmp_path / "flowers"))
    assert "TMPDIR" in str(error.value)


def test_unwritable_shared_temp_folder_is_a_korean_error_not_a_permission_error(temp_root, tmp_path, monkeypatch):
    # 공용 임시 폴더에 쓸 수 없을 때(root는 권한을 무시하므로 mkdir이 PermissionError를 내게 함).
    source = _fake_flowers(tmp_path / "flowers")
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.parent == temp_root:
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(OSError) as error:
        datasets.make_flowers_subset(2, source=source)
    assert type(error.value) is OSError, "영어 PermissionError가 그대로 나오면 안 됩니다"
    assert "만들 수 없습니다" in str(error.value) and "TMPDIR" in str(error.value)
    assert isinstance(error.value.__cause__, PermissionError)


def test_failed_rename_is_a_korean_error_and_leaves_no_half_folder(temp_root, tmp_path, monkeypatch):
    # 예: Windows 백신 프로그램이 막 만든 폴더를 잠가 이름 바꾸기가 실패. 전에는 없는 경로를 돌려줬습니다.
    source = _fake_flowers(tmp_path / "flowers")

    def locked(src, dst):
        raise PermissionError(13, "Access is denied", str(src))

    monkeypatch.setattr(datasets.os, "rename", locked)
    with pytest.raises(OSError, match="만들지 못했습니다") as error:
        datasets.make_flowers_subset(2, source=source)
    assert isinstance(error.value.__cause__, PermissionError)
    cache = datasets.course_cache_dir()
    assert list(cache.iterdir()) == [], "반쯤 만든 임시 폴더가 남으면 안 됩니다"
    monkeypatch.undo()
    monkeypatch.setattr(datasets.tempfile, "tempdir", str(temp_root))
    assert datasets.make_flowers_subset(2, source=source).is_dir()


def test_rename_losing_a_race_to_another_process_is_fine(temp_root, tmp_path, monkeypatch):
    # 다른 커널이 같은 부분집합을 먼저 만들었으면 이름 바꾸기는 실패하지만 폴더는 있으므로 그것을 씁니다.
    source = _fake_flowers(tmp_path / "flowers")
    real_rename = os.rename

    def other_process_won(src, dst):
        real_rename(src, dst)  # 다른 프로세스가 먼저 같은 이름으로 만든 것처럼
        raise FileExistsError(17, "File exists", str(dst))

    monkeypatch.setattr(datasets.os, "rename", other_process_won)
    subset = datasets.make_flowers_subset(2, source=source)
    assert subset.is_dir() and {d.name for d in subset.iterdir()} == {"daisy", "roses"}


def test_loaders_read_a_mirror_in_the_documented_layout(tmp_path, monkeypatch):
    """가짜 미러(진짜 미러와 같은 파일 형식)에서 모든 로더가 keras.datasets와 같은 모양·자료형을 돌려줍니다."""
    mirror = make_synthetic_mirror(tmp_path / "mirror", per_split=20)
    monkeypatch.setenv("COURSE_DATA_DIR", str(mirror))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(datasets, "keras_cache_dirs", lambda: [tmp_path / "keras_home"])
    monkeypatch.setattr(datasets.tempfile, "tempdir", str(tmp_path))
    for load in (datasets.load_mnist, datasets.load_fashion_mnist):
        (x_train, y_train), (x_test, y_test) = load()
        assert x_train.shape == x_test.shape == (20, 28, 28) and x_train.dtype == y_test.dtype == np.uint8
        assert y_train.tolist() == [i % 10 for i in range(20)]
    subset = datasets.make_flowers_subset(2)
    assert sorted(d.name for d in subset.iterdir()) == sorted(FLOWER_CLASSES)
    assert sorted(len(list(d.iterdir())) for d in subset.iterdir()) == [2] * 5
    assert datasets.load_imagenet_class_index()[3] == ("n00000003", "class_3")
