"""오프라인 실습실용 데이터 미러: 모든 데이터와 ImageNet 가중치를 한 폴더에 받기(prefetch), 찾은 위치 보기(report).

데이터(:mod:`course_utils.datasets`)와 가중치(:mod:`course_utils.pretrained`)를 둘 다 아는 모듈은 이것
하나뿐입니다. 두 모듈은 서로를 import하지 않고(``pretrained`` 가 ``datasets`` 의 위치 찾기를 씀), 이 모듈이
둘을 모아 명령줄 도구를 만듭니다.

인터넷이 되는 컴퓨터에서::

    python -m course_utils.offline_mirror prefetch 폴더   # 모든 데이터와 가중치를 Keras 홈 구성으로 받기
    python -m course_utils.offline_mirror report          # 데이터마다 어디에서 찾았는지

그다음 학생 컴퓨터에서 ``COURSE_DATA_DIR=폴더`` 로 지정합니다(폴더 구성은 :mod:`course_utils.datasets` 참고).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from course_utils.datasets import (
    CIFAR10_DIR,
    CIFAR10_FILES,
    CIFAR10_SOURCE,
    CLASS_INDEX_FILE,
    CLASS_INDEX_MD5,
    CLASS_INDEX_URL,
    DATA_DIR_ENV,
    DOWNLOAD_HOST,
    FASHION_DIR,
    FASHION_FILES,
    FLOWERS_DIR,
    FLOWERS_URL,
    KERAS_DATASETS_URL,
    MNIST_FILE,
    MNIST_SHA256,
    DatasetNotFoundError,
    flower_class_root,
    network_available,
    search_locations,
)
from course_utils.pretrained import weight_sources


def _is_dataset_root(path: Path, relative_path: str) -> bool:
    """풀어 놓은 압축 파일 안의 ``path`` 가 미러의 ``relative_path`` 폴더 자리에 들어갈 폴더인가.

    꽃 사진은 클래스 폴더들을 담은 폴더, CIFAR-10은 배치 파일 6개(``data_batch_1`` … ``test_batch``)를 담은 폴더입니다.
    """
    if relative_path == CIFAR10_DIR:
        return all((path / name).is_file() for name in CIFAR10_FILES)
    return flower_class_root(path) == path


def data_report() -> list[tuple[str, str]]:
    """데이터와 가중치마다 어디에서 찾았는지: ``[(데이터 이름, 위치 또는 설명), ...]``.

    내려받기는 하지 않습니다(00 노트북의 환경 점검 표).
    """
    checks = [
        ("MNIST", MNIST_FILE, lambda p: p.is_file()),
        ("패션 MNIST", FASHION_DIR, lambda p: all((p / f).is_file() for f in FASHION_FILES)),
        ("꽃 사진", FLOWERS_DIR, lambda p: flower_class_root(p) is not None),
        ("CIFAR-10", CIFAR10_DIR, lambda p: _is_dataset_root(p, CIFAR10_DIR)),
        ("ImageNet 클래스 인덱스", CLASS_INDEX_FILE, lambda p: p.is_file()),
    ]
    for source in weight_sources():
        checks.append(
            (f"ImageNet 가중치 {Path(source['relative_path']).name}", source["relative_path"], lambda p: p.is_file())
        )
    rows = []
    for name, rel, ok in checks:
        found = next((p for p in search_locations(rel) if p.exists() and ok(p)), None)
        rows.append((name, str(found) if found else "없음 → 처음 쓸 때 내려받음(인터넷 필요)"))
    rows.append(("scikit-learn 예제 이미지", "scikit-learn 패키지에 포함"))
    return rows


def prefetch_sources() -> list[dict]:
    """``prefetch`` 가 내려받는 파일 목록: ``relative_path``, ``url``, ``file_hash``, ``extract``.

    데이터 파일 다음에 :func:`course_utils.pretrained.weight_sources` 의 가중치 파일이 옵니다.
    ``extract`` 가 참인 항목(꽃 사진 tgz, CIFAR-10 tar.gz)은 ``relative_path`` 폴더로 풀어 넣습니다.
    """
    sources = [
        {"relative_path": MNIST_FILE, "url": KERAS_DATASETS_URL + "mnist.npz", "file_hash": MNIST_SHA256},
    ]
    sources += [
        {"relative_path": f"{FASHION_DIR}/{name}", "url": KERAS_DATASETS_URL + name, "file_hash": None}
        for name in FASHION_FILES
    ]
    sources.append({"relative_path": FLOWERS_DIR, "url": FLOWERS_URL, "file_hash": None, "extract": True})
    sources.append(dict(CIFAR10_SOURCE))
    sources.append({"relative_path": CLASS_INDEX_FILE, "url": CLASS_INDEX_URL, "file_hash": CLASS_INDEX_MD5})
    return sources + weight_sources()


def prefetch(target_dir, sources=None, check_network: bool = True) -> list[Path]:
    """강좌 데이터를 모두 ``target_dir`` 에 ``COURSE_DATA_DIR`` 구성으로 내려받습니다.

    이미 있는 파일은 건너뜁니다. 돌려주는 값은 준비된 경로 목록입니다.

    Raises:
        DatasetNotFoundError: 내려받기 서버에 연결할 수 없을 때.
        ValueError: 받은 파일의 해시가 ``file_hash`` 와 다를 때(파일은 미러에 남기지 않음).
    """
    import keras

    target = Path(target_dir).expanduser().resolve()
    sources = prefetch_sources() if sources is None else sources
    if check_network and not network_available():
        raise DatasetNotFoundError(
            f"내려받을 서버({DOWNLOAD_HOST})에 연결할 수 없습니다. 인터넷이 되는 컴퓨터에서 실행하세요."
        )
    done = []
    for source in sources:
        destination = target / source["relative_path"]
        if destination.exists():
            print(f"이미 있음: {destination}")
            done.append(destination)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                downloaded = Path(
                    keras.utils.get_file(
                        Path(source["url"]).name,
                        source["url"],
                        file_hash=source.get("file_hash"),
                        cache_dir=tmp,
                        cache_subdir="download",
                    )
                )
            except ValueError as error:  # Keras: 해시가 맞지 않는 파일("Incomplete or corrupted file")
                raise ValueError(
                    f"내려받은 파일 {source['url']}의 해시가 기대한 값({source.get('file_hash')})과 다릅니다. "
                    f"파일이 손상되었거나 덜 받아졌습니다. 다시 실행하세요. ({error})"
                ) from error
            if source.get("extract"):
                unpack = Path(tmp) / "unpack"
                with tarfile.open(downloaded) as archive:
                    archive.extractall(unpack, filter="data")
                root = next(
                    (r for r in [unpack, *unpack.iterdir()] if _is_dataset_root(r, source["relative_path"])), None
                )
                if root is None:
                    raise DatasetNotFoundError(f"압축 파일 {source['url']}에서 데이터 폴더를 찾지 못했습니다.")
                shutil.move(str(root), destination)
            else:
                shutil.move(str(downloaded), destination)
        print(f"받음: {destination}")
        done.append(destination)
    return done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.offline_mirror",
        description="오프라인 실습실용 데이터 미러: 모든 데이터와 가중치 받기(prefetch), 찾은 위치 보기(report).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("prefetch", help="모든 데이터와 가중치를 폴더에 내려받습니다(COURSE_DATA_DIR 구성).")
    fetch.add_argument("directory", help="내려받을 폴더(없으면 만듦)")
    commands.add_parser("report", help="데이터마다 어디에서 찾았는지 보여 줍니다.")
    args = parser.parse_args(argv)
    if args.command == "prefetch":
        try:
            prefetch(args.directory)
        except DatasetNotFoundError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"완료. 이제 {DATA_DIR_ENV}={Path(args.directory).resolve()} 로 지정하세요.")
        return 0
    for name, where in data_report():
        print(f"{name}: {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
