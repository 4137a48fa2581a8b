"""노트북의 '인터넷이 되면' 가지(학습자가 옮겨 쓸 정식 Keras 코드)를 인터넷 없이 확인합니다.

CI에는 인터넷이 없어 nbval은 도우미 가지(``else``)만 실행합니다. 여기서는 셀의 원문을 그대로 실행하되,
내려받기 주소만 같은 구성의 로컬 압축 파일(``file://``)로 바꿔 온라인 가지가 실제로 동작하는지 봅니다.
"""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
CLASS_COUNTS = {"daisy": 9, "roses": 7, "tulips": 8}


def _cell_with(notebook: str, text: str) -> str:
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    found = ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and text in "".join(c["source"])]
    assert len(found) == 1, f"{notebook}에 {text!r}를 담은 코드 셀이 하나여야 합니다(찾은 수 {len(found)})"
    return found[0]


def _fake_flower_archive(tmp_path: Path) -> Path:
    """TensorFlow의 flower_photos.tgz와 같은 구성(flower_photos/<클래스>/*.jpg)의 작은 압축 파일."""
    rng = np.random.default_rng(0)
    source = tmp_path / "src" / "flower_photos"
    for name, count in CLASS_COUNTS.items():
        (source / name).mkdir(parents=True)
        for i in range(count):
            size = (40 + 3 * i, 30 + 2 * i)  # 원본처럼 크기와 비율이 제각각
            Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(
                source / name / f"{i}.jpg"
            )
    archive = tmp_path / "flower_photos.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname="flower_photos")
    return archive


def test_07_flower_cell_reads_what_keras_get_file_downloads(tmp_path):
    """셀을 두 번 실행합니다: 꽃 전체(``flowers_per_class = None``, 이때 새로 받아 풂)와 클래스마다 5장(캐시를 다시 씀).

    TensorFlow를 불러오는 데 수십 초가 걸리므로 두 경우를 한 프로세스에서 차례로 실행합니다(예전에는 경우마다 프로세스 하나).
    """
    cell = _cell_with("07_transfer_learning.ipynb", "image_dataset_from_directory(")
    assert FLOWERS_URL in cell and "if online:" in cell
    archive = _fake_flower_archive(tmp_path)
    cases = [None, 5]
    script = "\n".join(
        [
            "import json, pathlib, keras, course_utils",
            "online = True",
            f"CELL = {cell.replace(FLOWERS_URL, archive.as_uri())!r}",
            f"for flowers_per_class in {cases!r}:",
            "    exec(compile(CELL, 'cell', 'exec'))",
            "    print('RESULT ' + json.dumps({'root': str(flowers_root), 'classes': class_names, 'total': n_total}))",
        ]
    )
    keras_home = tmp_path / "keras_home"
    env = {**os.environ, "KERAS_HOME": str(keras_home), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("COURSE_DATA_DIR", None)  # 온라인 가지는 미러를 쓰지 않아야 합니다
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = [json.loads(line.split("RESULT ", 1)[1]) for line in result.stdout.splitlines() if "RESULT " in line]
    assert len(results) == len(cases), result.stdout[-3000:]
    # Keras 캐시(KERAS_HOME)에 받아 풀었고, 셀이 가리킨 폴더가 그 안의 flower_photos(또는 그것을 고른 임시 폴더)입니다.
    extracted = keras_home / "datasets" / "flower_photos" / "flower_photos"
    assert sorted(d.name for d in extracted.iterdir()) == sorted(CLASS_COUNTS)
    for flowers_per_class, found in zip(cases, results):
        assert found["classes"] == sorted(CLASS_COUNTS)
        expected_total = sum(min(n, flowers_per_class or n) for n in CLASS_COUNTS.values())
        assert found["total"] == expected_total, flowers_per_class
        if flowers_per_class is None:
            assert Path(found["root"]).resolve() == extracted.resolve()
        else:
            picked = next(Path(found["root"]).glob("daisy/*.jpg"))
            assert picked.resolve().parent == (extracted / "daisy").resolve()
