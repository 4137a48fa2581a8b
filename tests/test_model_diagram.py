"""모델 구조 그림(course_utils.model_diagram): Keras plot_model과 같은 그림, graphviz가 없을 때 Sequential 모델의
matplotlib 대체 그림(Keras가 graphviz에 넘기는 그래프와 같은 상자·연결)과 다른 모델의 model.summary()."""

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from conftest import HANGUL, assert_korean_value_error  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402
from course_utils.model_diagram import graphviz_available, model_diagram  # noqa: E402


def _small_sequential():
    import keras
    from keras import layers

    return keras.Sequential(
        [keras.Input((10, 10, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(3)],
        name="small",
    )


def _branching_functional():
    import keras
    from keras import layers

    inputs = keras.Input((8, 8, 3))
    left = layers.Conv2D(4, 3, padding="same")(inputs)
    right = layers.Conv2D(4, 1)(inputs)
    merged = layers.Add()([left, right])
    activated = layers.Activation("relu")(merged)
    skipped = layers.Add()([activated, left])  # 층 두 개를 건너뛰는 연결
    outputs = layers.Dense(2)(layers.Flatten()(skipped))
    return keras.Model(inputs, outputs, name="branching")


def _diagram_texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def _arrow_count(fig):
    from matplotlib.patches import FancyArrowPatch

    return sum(isinstance(p, FancyArrowPatch) for p in fig.axes[0].patches)


def test_model_diagram_fallback_draws_boxes_with_hand_computed_shapes(monkeypatch, tmp_path):
    use_korean_font()
    monkeypatch.setenv("PATH", str(tmp_path))  # graphviz의 dot 실행 파일이 없는 컴퓨터 흉내
    assert not graphviz_available()
    model = _small_sequential()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = model_diagram(model)  # 오류 없이 matplotlib으로 그림
        fig.canvas.draw()
    assert fig.get_label() == "matplotlib"
    texts = _diagram_texts(fig)
    # 손 계산: 10-3+1 = 8, 8/2 = 4, 4*4*4 = 64
    assert texts == [
        "Conv2D",
        "Input shape: (None, 10, 10, 1)",
        "Output shape: (None, 8, 8, 4)",
        "MaxPooling2D",
        "Input shape: (None, 8, 8, 4)",
        "Output shape: (None, 4, 4, 4)",
        "Flatten",
        "Input shape: (None, 4, 4, 4)",
        "Output shape: (None, 64)",
        "Dense",
        "Input shape: (None, 64)",
        "Output shape: (None, 3)",
    ]
    assert _arrow_count(fig) == 3


def test_model_diagram_fallback_when_pydot_is_missing(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "pydot", None)  # import pydot → ImportError
    assert not graphviz_available()
    path = tmp_path / "model.png"
    fig = model_diagram(_small_sequential(), to_file=path)
    assert fig.get_label() == "matplotlib" and path.stat().st_size > 0
    with pytest.raises(RuntimeError):
        model_diagram(_small_sequential(), backend="graphviz")


def test_fallback_boxes_and_arrows_match_keras_model_to_dot():
    import keras

    model = _small_sequential()
    dot = keras.utils.model_to_dot(model, show_shapes=True)  # Keras가 graphviz에 넘기는 그래프(pydot만 필요)
    nodes = [n.get_name() for n in dot.get_nodes() if n.get_name() not in ("node", "edge", "graph")]  # 기본값 항목 제외
    names = {str(id(layer)): i for i, layer in enumerate(model.layers)}
    assert sorted(nodes) == sorted(names)  # 상자 = 층마다 하나(입력 층 없음)
    keras_edges = {(names[e.get_source()], names[e.get_destination()]) for e in dot.get_edges()}
    assert keras_edges == {(i, i + 1) for i in range(len(model.layers) - 1)}
    fig = model_diagram(model, backend="matplotlib", show_layer_names=True)
    assert _arrow_count(fig) == len(keras_edges)
    assert [t for t in _diagram_texts(fig) if t.endswith(")") and "shape" not in t] == [
        f"{layer.name} ({type(layer).__name__})" for layer in model.layers
    ]


def test_without_graphviz_other_models_show_the_summary_instead(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # graphviz의 dot 실행 파일이 없는 컴퓨터
    model = _branching_functional()
    assert model_diagram(model) is None
    printed = capsys.readouterr().out
    assert "graphviz가 없어" in printed and HANGUL.search(printed)
    assert all(layer.name in printed for layer in model.layers)  # model.summary()의 표
    assert_korean_value_error(model_diagram, model, backend="matplotlib", match="Sequential")


@pytest.mark.skipif(not graphviz_available(), reason="graphviz가 설치되어 있지 않음")
def test_model_diagram_uses_keras_plot_model_when_graphviz_is_available(tmp_path):
    import keras
    import matplotlib.image

    model = _small_sequential()
    fig = model_diagram(model, to_file=tmp_path / "ours.png", dpi=60)
    assert fig.get_label() == "graphviz"
    keras.utils.plot_model(model, to_file=str(tmp_path / "keras.png"), show_shapes=True, dpi=60)
    expected = matplotlib.image.imread(tmp_path / "keras.png")
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), expected)


def test_model_diagram_rejects_bad_input():
    import keras

    assert_korean_value_error(model_diagram, "모델 아님")
    assert_korean_value_error(model_diagram, keras.Sequential([keras.layers.Dense(2)]))  # 아직 build되지 않음
    assert_korean_value_error(model_diagram, _small_sequential(), backend="dot")
    assert_korean_value_error(model_diagram, _small_sequential(), to_file="model.svg")
    assert_korean_value_error(model_diagram, _small_sequential(), dpi=np.int64(10), match="20 이상")
    assert model_diagram(_small_sequential(), backend="matplotlib", dpi=np.int64(60)) is not None


def _notebook_04_fashion_cnn():
    """04 노트북 2절의 fashion_model과 같은 구조(노트북의 셀과 같은 층, 같은 순서)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, kernel_size=3, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(100, activation="relu"),
            layers.Dropout(0.4),
            layers.Dense(10, activation="softmax"),
        ],
        name="fashion_cnn",
    )


# 한 화면: 노트북 화면(약 1000픽셀 높이)에서 스크롤 없이 그림 전체가 보임. 읽기: 너무 줄여 글자가 뭉개지지 않음.
SCREEN_HEIGHT_PX, READABLE_HEIGHT_PX = 900, 500


def test_notebook_04_model_diagram_fits_one_screen_with_and_without_graphviz(tmp_path):
    """04의 plot_model 그림(graphviz, 노트북 셀의 dpi)과 graphviz가 없을 때의 대체 그림이 모두 한 화면 높이 안."""
    import re
    from pathlib import Path

    import keras
    import nbformat
    from PIL import Image

    nb = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / "04_mnist_cnn.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "keras.utils.plot_model(" in c.source)
    call = re.search(r"keras\.utils\.plot_model\((.*)\)", cell.source).group(1)
    dpi = int(re.search(r"dpi=(\d+)", call).group(1))
    model = _notebook_04_fashion_cnn()
    fig = model_diagram(model, backend="matplotlib")
    height = fig.get_size_inches()[1] * 100  # setup_notebook의 figure.dpi=100으로 보일 때의 픽셀
    assert READABLE_HEIGHT_PX <= height <= SCREEN_HEIGHT_PX
    if graphviz_available():
        path = tmp_path / "fashion_cnn.png"
        keras.utils.plot_model(model, to_file=str(path), show_shapes=True, dpi=dpi)
        assert READABLE_HEIGHT_PX <= Image.open(path).size[1] <= SCREEN_HEIGHT_PX
        keras.utils.plot_model(model, to_file=str(path), show_shapes=True)  # 기본값 dpi=200은 화면 셋 높이
        assert Image.open(path).size[1] > 2 * SCREEN_HEIGHT_PX
