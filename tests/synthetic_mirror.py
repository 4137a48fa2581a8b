"""작은 가짜 오프라인 미러(``COURSE_DATA_DIR`` 구성)를 만듭니다: 진짜 미러가 없는 기계(GitHub Actions 등)의 단위 테스트용.

파일 형식은 진짜 미러와 같습니다(:mod:`course_utils.datasets` 의 설명): MNIST ``.npz``, 패션 MNIST IDX ``.gz`` 네 개,
``flower_photos/<클래스>/*.jpg``, ``models/imagenet_class_index.json``. 값은 작고 임의이므로 진짜 데이터의 개수·값을
확인하는 테스트(``needs_mirror``)는 이 미러로 돌지 않습니다.
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

import numpy as np

#: 이 파일이 있으면 가짜 미러입니다(진짜 데이터가 필요한 테스트가 건너뜀).
MARKER = "SYNTHETIC_MIRROR"
FLOWER_CLASSES = ("daisy", "dandelion", "roses", "sunflowers", "tulips")


def _idx(path: Path, array: np.ndarray) -> None:
    header = struct.pack(">HBB", 0, 8, array.ndim) + b"".join(struct.pack(">I", n) for n in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def make_synthetic_mirror(root: Path, per_split: int = 20, photos_per_class: int = 3) -> Path:
    from PIL import Image

    rng = np.random.default_rng(0)
    datasets = root / "datasets"
    datasets.mkdir(parents=True, exist_ok=True)
    images = {split: rng.integers(0, 256, (per_split, 28, 28), dtype=np.uint8) for split in ("train", "t10k")}
    labels = {split: (np.arange(per_split) % 10).astype(np.uint8) for split in ("train", "t10k")}
    np.savez(
        datasets / "mnist.npz",
        x_train=images["train"],
        y_train=labels["train"],
        x_test=images["t10k"],
        y_test=labels["t10k"],
    )
    fashion = datasets / "fashion-mnist"
    fashion.mkdir(exist_ok=True)
    for split in ("train", "t10k"):
        _idx(fashion / f"{split}-images-idx3-ubyte.gz", images[split])
        _idx(fashion / f"{split}-labels-idx1-ubyte.gz", labels[split])
    for name in FLOWER_CLASSES:
        folder = datasets / "flower_photos" / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(photos_per_class):
            pixels = rng.integers(0, 256, (24, 32, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / f"{name}_{i}.jpg")
    models = root / "models"
    models.mkdir(exist_ok=True)
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    (models / "imagenet_class_index.json").write_text(json.dumps(index), encoding="utf-8")
    (root / MARKER).write_text("테스트가 만든 가짜 미러\n", encoding="utf-8")
    return root
