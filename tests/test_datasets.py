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

from conftest import assert_korean_value_error
from course_tools import SIBLING_MIRROR
from course_utils import datasets

needs_mirror = pytest.mark.skipif(
    not (Path(os.environ.get("COURSE_DATA_DIR", SIBLING_MIRROR)) / "datasets").is_dir(),
    reason=f"오프라인 데이터 미러({SIBLING_MIRROR} 또는 COURSE_DATA_DIR)가 필요합니다",
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
    assert datasets.flower_class_names() == ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
    subset = datasets.make_flowers_subset(4)
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
