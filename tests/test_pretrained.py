"""사전 훈련 가중치 도우미: 미러 → 캐시 → 내려받기 순서, 오프라인 오류, 빠른 모드의 무작위 가중치 안내,
Keras가 실제로 요청하는 파일 이름·주소·해시와의 일치, 전이 실험 비교 그림."""

import time

import matplotlib
import numpy as np
import pytest

from conftest import assert_korean_value_error

matplotlib.use("Agg")

import keras  # noqa: E402

from course_utils import datasets, offline_mirror, pretrained  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """빈 미러(COURSE_DATA_DIR), 빈 Keras 캐시, 강제 오프라인. 돌려주는 값은 미러 폴더."""
    mirror = tmp_path / "mirror"
    (mirror / "models").mkdir(parents=True)
    home = tmp_path / "keras_home"
    home.mkdir()
    monkeypatch.setenv("COURSE_DATA_DIR", str(mirror))
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setattr(datasets, "keras_cache_dirs", lambda: [home])
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("COURSE_QUICK", "0")
    return mirror


def save_legacy_weights(model, path):
    """Keras의 ImageNet 가중치 파일과 같은 형식(가중치만 담은 레거시 HDF5)으로 저장합니다."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)


# ---------------------------------------------------------------------------
# 파일 이름, 주소, 해시: Keras가 실제로 요청하는 것과 같은가
# ---------------------------------------------------------------------------


class _Requested(Exception):
    pass


@pytest.mark.parametrize("name, include_top", sorted(pretrained.WEIGHTS_FILES))
def test_weights_table_matches_what_keras_requests(monkeypatch, name, include_top):
    """Keras 생성자를 weights="imagenet"으로 부르고 get_file에 넘기는 인자를 가로채 비교합니다."""
    from keras.src.utils import file_utils

    requested = {}

    def fake_get_file(fname=None, origin=None, file_hash=None, cache_subdir=None, **kwargs):
        requested.update(fname=fname, origin=origin, file_hash=file_hash, cache_subdir=cache_subdir)
        raise _Requested

    monkeypatch.setattr(file_utils, "get_file", fake_get_file)
    constructor = {"resnet50": keras.applications.ResNet50, "xception": keras.applications.Xception}[name]
    shape = None if include_top else {"resnet50": (32, 32, 3), "xception": (71, 71, 3)}[name]
    with pytest.raises(_Requested):
        constructor(weights="imagenet", include_top=include_top, input_shape=shape)
    file_name, url, file_hash = pretrained.WEIGHTS_FILES[(name, include_top)]
    assert requested == {"fname": file_name, "origin": url, "file_hash": file_hash, "cache_subdir": "models"}
    assert pretrained.weights_relative_path(name, include_top) == f"models/{requested['fname']}"


def test_weight_sources_cover_the_course_models_and_feed_prefetch():
    sources = pretrained.weight_sources()
    assert [s["relative_path"] for s in sources] == [
        "models/resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        "models/xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
    ]
    for source in sources:
        assert source["url"].endswith("/" + source["relative_path"].split("/")[1])
        assert source["url"].startswith("https://storage.googleapis.com/tensorflow/keras-applications/")
        assert len(source["file_hash"]) == 32 and int(source["file_hash"], 16) >= 0
        assert source in offline_mirror.prefetch_sources()


# ---------------------------------------------------------------------------
# 찾는 순서
# ---------------------------------------------------------------------------


def test_location_order_mirror_then_cache_then_nothing(offline, tmp_path, monkeypatch):
    relative = pretrained.weights_relative_path("xception", include_top=False)
    cache_file = tmp_path / "keras_home" / relative
    mirror_file = offline / relative
    assert pretrained.imagenet_weights_location("xception", include_top=False) is None
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"cache")
    assert pretrained.imagenet_weights_location("xception", include_top=False) == cache_file
    mirror_file.write_bytes(b"mirror")
    assert pretrained.imagenet_weights_location("xception", include_top=False) == mirror_file
    # 다른 모델·다른 include_top의 파일은 대신 쓰지 않습니다.
    assert pretrained.imagenet_weights_location("xception", include_top=True) is None
    # 연결되면 Keras의 내려받기("imagenet")를 씁니다.
    monkeypatch.setattr(pretrained, "network_available", lambda: True)
    assert pretrained.imagenet_weights_location("resnet50") == "imagenet"


def test_mirror_weights_file_is_loaded_exactly(offline):
    """새로 초기화한 모델의 가중치를 Keras 파일 이름으로 미러에 두면, 도우미가 그 가중치를 그대로 싣습니다."""
    keras.utils.set_random_seed(1)
    source = keras.applications.ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3))
    path = offline / pretrained.weights_relative_path("resnet50", include_top=False)
    save_legacy_weights(source, path)
    before = path.stat().st_mtime_ns

    keras.utils.set_random_seed(2)  # 다른 시드로 초기화된 뒤 파일의 가중치로 덮어써져야 합니다.
    loaded = pretrained.pretrained_model("resnet50", include_top=False, input_shape=(32, 32, 3))

    expected = source.get_weights()
    got = loaded.get_weights()
    assert len(got) == len(expected) == 318
    assert all(np.array_equal(a, b) for a, b in zip(got, expected))
    assert path.stat().st_mtime_ns == before  # 미러에는 쓰지 않음


def test_unreadable_weights_file_is_a_clear_error(offline):
    path = offline / pretrained.weights_relative_path("resnet50", include_top=False)
    path.write_bytes(b"not an hdf5 file")
    with pytest.raises(ValueError, match="읽지 못했습니다") as info:
        pretrained.pretrained_model("resnet50", include_top=False, input_shape=(32, 32, 3))
    assert str(path) in str(info.value)


# ---------------------------------------------------------------------------
# 아무 데도 없을 때
# ---------------------------------------------------------------------------


def test_offline_full_mode_error_is_clear_and_fast(offline):
    start = time.monotonic()
    with pytest.raises(pretrained.WeightsNotFoundError) as info:
        pretrained.pretrained_model("xception", include_top=False)
    elapsed = time.monotonic() - start
    message = str(info.value)
    assert elapsed < 3, f"오류까지 {elapsed:.1f}초"
    assert isinstance(info.value, datasets.DatasetNotFoundError)
    file_name = "xception_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert str(offline / "models" / file_name) in message
    assert "python -m course_utils.offline_mirror prefetch" in message
    assert "찾을 수 없고" in message and "해결 방법" in message


def test_offline_error_without_course_data_dir_names_the_folder(offline, monkeypatch):
    monkeypatch.delenv("COURSE_DATA_DIR")
    with pytest.raises(pretrained.WeightsNotFoundError) as info:
        pretrained.pretrained_model("resnet50")
    message = str(info.value)
    assert "COURSE_DATA_DIR/models/resnet50_weights_tf_dim_ordering_tf_kernels.h5" in message
    assert "COURSE_DATA_DIR: 설정되지 않음" in message


def test_quick_mode_refusal_when_random_weights_are_not_allowed(offline, monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "1")
    with pytest.raises(pretrained.WeightsNotFoundError):
        pretrained.pretrained_model("resnet50", allow_random_weights=False)


def test_quick_mode_falls_back_to_random_weights_with_a_notice(offline, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_QUICK", "1")
    model = pretrained.pretrained_model("xception", include_top=False, input_shape=(71, 71, 3))
    out = capsys.readouterr().out
    assert "무작위 가중치" in out and "의미가 없습니다" in out
    assert "xception_weights_tf_dim_ordering_tf_kernels_notop.h5" in out
    assert "python -m course_utils.offline_mirror prefetch" in out
    assert model.output_shape == (None, 3, 3, 2048)
    # Keras의 Xception(분류 층 없음)과 같은 구조(파라미터 수로 확인).
    assert model.count_params() == 20_861_480


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "vgg16"},
        {"name": 5},
        {"name": "resnet50", "include_top": "yes"},
        {"name": "resnet50", "weights": "imagenet"},
        {"name": "resnet50", "allow_random_weights": "yes"},
    ],
)
def test_bad_arguments_are_korean_value_errors(offline, kwargs):
    assert_korean_value_error(lambda: pretrained.pretrained_model(**kwargs))


# ---------------------------------------------------------------------------
# 전이 실험 비교 그림
# ---------------------------------------------------------------------------


def test_transfer_comparison_plots_mean_and_sample_std():
    use_korean_font()
    fig = pretrained.plot_transfer_comparison({"처음부터": [0.80, 0.90, 0.85], "층 재사용": [0.86, 0.88, 0.87]})
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    # 손 계산: 평균 0.85, 표본 표준편차 sqrt((0.05² + 0.05² + 0) / 2) = 0.05
    #          평균 0.87, 표본 표준편차 sqrt((0.01² + 0.01² + 0) / 2) = 0.01
    assert texts == ["0.850 ± 0.050", "0.870 ± 0.010"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["처음부터", "층 재사용"]
    # 같은 시드끼리 잇는 선 3개: 첫 시드는 0.80 → 0.86
    seed_lines = [line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_ydata()) == 2]
    assert len(seed_lines) == 3
    assert np.allclose(seed_lines[0].get_ydata(), [0.80, 0.86])


@pytest.mark.parametrize("bad", [{}, [], {"a": [0.5]}, {"a": [0.5, 0.6], "b": [0.5]}, {"a": [0.5, float("nan")]}])
def test_transfer_comparison_rejects_bad_input(bad):
    assert_korean_value_error(lambda: pretrained.plot_transfer_comparison(bad))
