"""오프라인 미러 명령(prefetch, report): 데이터와 가중치를 함께 아는 유일한 모듈."""

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
from test_datasets import write_fake_mnist

from conftest import assert_korean_value_error
from course_utils import datasets, offline_mirror, pretrained


def make_source_server(root: Path):
    """file:// 주소로 내려받을 가짜 원본들(해시 포함)을 만듭니다: Keras get_file이 그대로 받습니다."""
    root.mkdir()
    write_fake_mnist(root / "mnist.npz", value=5)
    sha = hashlib.sha256((root / "mnist.npz").read_bytes()).hexdigest()
    index = root / "imagenet_class_index.json"
    index.write_text(json.dumps({str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}))
    md5 = hashlib.md5(index.read_bytes()).hexdigest()
    with tarfile.open(root / "flower_photos.tgz", "w:gz") as archive:
        for name in ("daisy", "roses"):
            for i in range(3):
                data = _tiny_jpeg()
                info = tarfile.TarInfo(f"flower_photos/{name}/{i}.jpg")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    # CIFAR-10: 공식 압축 파일처럼 cifar-10-batches-py/ 폴더 안에 파이썬 pickle 배치 6개(배치마다 1장)
    import pickle

    with tarfile.open(root / "cifar-10-python.tar.gz", "w:gz") as archive:
        for batch, name in enumerate(datasets.CIFAR10_FILES):
            data = pickle.dumps({b"data": np.full((1, 3 * 32 * 32), batch, dtype=np.uint8), b"labels": [batch]})
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return [
        {"relative_path": datasets.MNIST_FILE, "url": (root / "mnist.npz").as_uri(), "file_hash": sha},
        {
            "relative_path": datasets.CIFAR10_DIR,
            "url": (root / "cifar-10-python.tar.gz").as_uri(),
            "file_hash": None,
            "extract": True,
        },
        {
            "relative_path": datasets.FLOWERS_DIR,
            "url": (root / "flower_photos.tgz").as_uri(),
            "file_hash": None,
            "extract": True,
        },
        {"relative_path": datasets.CLASS_INDEX_FILE, "url": index.as_uri(), "file_hash": md5},
    ]


def _tiny_jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_prefetch_builds_a_mirror_that_the_loaders_read(tmp_path, monkeypatch):
    sources = make_source_server(tmp_path / "server")
    target = tmp_path / "mirror"
    done = offline_mirror.prefetch(target, sources=sources, check_network=False)
    assert [p.relative_to(target).as_posix() for p in done] == [s["relative_path"] for s in sources]
    monkeypatch.setenv("COURSE_DATA_DIR", str(target))
    (x_train, _), _ = datasets.load_mnist()
    assert x_train[0, 0, 0] == 5
    assert sorted(p.name for p in datasets.flowers_dir().iterdir()) == ["daisy", "roses"]
    assert datasets.load_imagenet_class_index()[7] == ("n00000007", "class_7")
    (x_cifar, y_cifar), (x_cifar_test, y_cifar_test) = datasets.load_cifar10()
    assert x_cifar.shape == (5, 32, 32, 3) and y_cifar[:, 0].tolist() == [0, 1, 2, 3, 4]
    assert x_cifar_test[0, 0, 0, 0] == 5 and y_cifar_test[:, 0].tolist() == [5]
    assert dict(offline_mirror.data_report())["CIFAR-10"] == str(target / datasets.CIFAR10_DIR)
    # 두 번째 실행은 이미 있는 파일을 건너뜁니다.
    assert offline_mirror.prefetch(target, sources=sources, check_network=False) == done


def test_prefetch_rejects_a_corrupted_download(tmp_path):
    sources = make_source_server(tmp_path / "server")[:1]
    sources[0]["file_hash"] = "0" * 64
    assert_korean_value_error(
        offline_mirror.prefetch, tmp_path / "mirror", sources=sources, check_network=False, match="해시"
    )
    assert not (tmp_path / "mirror" / datasets.MNIST_FILE).exists()


def test_prefetch_command_offline_fails_clearly(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert offline_mirror.main(["prefetch", str(tmp_path / "x")]) == 1
    assert "연결할 수 없습니다" in capsys.readouterr().err


def test_default_prefetch_sources_cover_every_dataset():
    paths = [s["relative_path"] for s in offline_mirror.prefetch_sources()]
    for expected in (datasets.MNIST_FILE, datasets.FLOWERS_DIR, datasets.CIFAR10_DIR, datasets.CLASS_INDEX_FILE):
        assert expected in paths
    assert all(f"{datasets.FASHION_DIR}/{name}" in paths for name in datasets.FASHION_FILES)
    assert all(s["url"].startswith("https://") for s in offline_mirror.prefetch_sources())


def test_prefetch_sources_include_the_course_weights():
    paths = [s["relative_path"] for s in offline_mirror.prefetch_sources()]
    assert paths[-len(pretrained.weight_sources()) :] == [s["relative_path"] for s in pretrained.weight_sources()]


def test_report_lists_every_dataset_and_weights_file(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(datasets, "keras_cache_dirs", lambda: [tmp_path / "keras_home"])
    (tmp_path / "models").mkdir()
    weights = tmp_path / pretrained.weights_relative_path("xception", include_top=False)
    weights.write_bytes(b"")
    rows = dict(offline_mirror.data_report())
    assert rows["MNIST"].startswith("없음")
    assert rows[f"ImageNet 가중치 {weights.name}"] == str(weights)
    assert len(rows) == 5 + len(pretrained.weight_sources()) + 1


def test_error_messages_name_the_mirror_command(monkeypatch):
    """데이터·가중치 오류 메시지가 알려 주는 명령이 실제로 있는 명령이어야 합니다."""
    assert datasets.PREFETCH_COMMAND.startswith("python -m course_utils.offline_mirror prefetch")
    result = subprocess.run(
        [sys.executable, "-m", "course_utils.offline_mirror", "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "prefetch" in result.stdout
