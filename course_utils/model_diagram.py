"""모델 구조 그림: ``keras.utils.plot_model`` 의 상자·화살표 그림(graphviz가 없으면 matplotlib 또는 ``model.summary()``).

``model_diagram(model)`` 은 graphviz(``dot``)와 ``pydot`` 이 있으면 Keras의 ``plot_model`` 그림을 그대로 보여 줍니다.
없으면 ``keras.Sequential`` 모델은 같은 배치(층마다 상자: 종류, 입력·출력 모양; 층 사이 화살표)를 matplotlib으로
그리고, 가지가 있을 수 있는 함수형·서브클래싱 모델은 설치 안내와 함께 ``model.summary()`` 표를 출력합니다.
공개 API만 씁니다(``model.layers``, ``layer.input``, ``layer.output``).
"""

from __future__ import annotations

from course_utils.validation import integer

_DIAGRAM_BACKENDS = ("auto", "graphviz", "matplotlib")
_INSTALL_ADVICE = "pip install pydot 과 graphviz 설치(apt install graphviz, brew install graphviz 등)"


def graphviz_available() -> bool:
    """``keras.utils.plot_model`` 이 동작하는가: ``pydot`` 을 import할 수 있고 graphviz의 ``dot`` 이 실행되는가.

    Keras가 하는 검사와 같습니다(빈 그래프 하나를 그려 봄).
    """
    try:
        import pydot
    except ImportError:
        return False
    try:
        pydot.Dot.create(pydot.Dot())
    except Exception:  # dot 실행 파일이 없음(OSError), pydot 오류 등
        return False
    return True


def _shape_text(tensors) -> str:
    """Keras ``plot_model`` 과 같은 모양 표기: ``(None, 28, 28, 1)``, 입력이 여럿이면 ``[(...), (...)]``."""
    if isinstance(tensors, (list, tuple)):
        return "[" + ", ".join(_shape_text(t) for t in tensors) + "]"
    return str(tuple(tensors.shape))


def _check_model(model):
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model은 Keras 모델이어야 합니다. 받은 형식: {type(model).__name__}")
    if not model.built:
        raise ValueError(
            "모델이 아직 만들어지지(build) 않았습니다. keras.Input으로 입력 모양을 정하거나 model.build()를 먼저 부르세요."
        )


def _draw_sequential(model, show_layer_names: bool):
    """graphviz 없이 ``plot_model(show_shapes=True)`` 과 같은 상자 그림(층마다 상자, 위에서 아래로)을 그립니다."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    boxes = []
    for layer in model.layers:
        kind = type(layer).__name__
        cells = [f"Input shape: {_shape_text(layer.input)}", f"Output shape: {_shape_text(layer.output)}"]
        header = f"{layer.name} ({kind})" if show_layer_names else kind
        widths = [0.075 * len(text) + 0.25 for text in cells]  # 단위: 인치
        width = max(sum(widths), 0.075 * 1.15 * len(header) + 0.3)
        boxes.append((header, cells, [w * width / sum(widths) for w in widths], width))
    header_h, body_h, row_h, margin = 0.30, 0.30, 0.95, 0.15
    total_w = max(box[3] for box in boxes) + 2 * margin
    total_h = len(boxes) * row_h - (row_h - header_h - body_h) + 2 * margin
    fig = plt.figure(figsize=(total_w, total_h), label="matplotlib")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, total_w)
    ax.set_ylim(0, total_h)
    ax.axis("off")
    for row, (header, cells, widths, width) in enumerate(boxes):
        left, top = (total_w - width) / 2, total_h - margin - row * row_h
        ax.add_patch(Rectangle((left, top - header_h), width, header_h, facecolor="black", edgecolor="black", lw=2))
        ax.text(left + width / 2, top - header_h / 2, header, color="white", weight="bold", ha="center", va="center")
        for text, cell_w in zip(cells, widths):
            ax.add_patch(Rectangle((left, top - header_h - body_h), cell_w, body_h, facecolor="white", lw=2))
            ax.text(left + cell_w / 2, top - header_h - body_h / 2, text, ha="center", va="center", fontsize=9)
            left += cell_w
        if row:
            start, end = (total_w / 2, top + row_h - header_h - body_h), (total_w / 2, top)
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.8, color="black"))
    return fig


def model_diagram(model, to_file=None, show_layer_names: bool = False, backend: str = "auto", dpi: int = 96):
    """모델 구조 그림(층마다 상자, 입력·출력 모양, 연결 화살표).

    graphviz와 pydot이 있으면 ``keras.utils.plot_model(model, show_shapes=True)`` 이 만든 그림을 돌려줍니다.
    없으면 ``keras.Sequential`` 모델은 같은 모양의 그림을 matplotlib으로 그려 돌려주고(오류 없이), 다른 모델은
    설치 안내와 ``model.summary()`` 를 출력하고 ``None`` 을 돌려줍니다. 어느 쪽으로 그렸는지는
    ``fig.get_label()`` (``"graphviz"`` 또는 ``"matplotlib"``)에 있습니다.

    Args:
        model: 만들어진(built) Keras 모델.
        to_file: 그림을 저장할 ``.png`` 경로(선택).
        show_layer_names: 상자 제목에 층 이름도 적을지(``plot_model`` 의 같은 인자).
        backend: ``"auto"`` (기본), ``"graphviz"`` (없으면 ``RuntimeError``), ``"matplotlib"`` (Sequential만).
        dpi: 그림 파일의 해상도.

    Returns:
        ``matplotlib.figure.Figure`` 또는 ``None`` (graphviz가 없고 Sequential이 아닌 모델).
    """
    import os
    import tempfile

    import keras
    import matplotlib.image
    import matplotlib.pyplot as plt

    if not isinstance(backend, str) or backend not in _DIAGRAM_BACKENDS:
        raise ValueError(f"backend는 {', '.join(_DIAGRAM_BACKENDS)} 중 하나여야 합니다. 받은 값: {backend!r}")
    if to_file is not None and not str(to_file).lower().endswith(".png"):
        raise ValueError(f"to_file은 .png 파일 경로여야 합니다. 받은 값: {to_file!r}")
    dpi = integer(dpi, "dpi", minimum=20)
    _check_model(model)
    sequential = isinstance(model, keras.Sequential)
    if backend == "matplotlib" and not sequential:
        raise ValueError(f"matplotlib 그림은 keras.Sequential 모델만 그립니다. 받은 형식: {type(model).__name__}")
    if backend == "graphviz" and not graphviz_available():
        raise RuntimeError(
            f"graphviz 또는 pydot이 없어 keras.utils.plot_model을 쓸 수 없습니다. {_INSTALL_ADVICE} 후 다시 실행하세요."
        )
    if backend != "matplotlib" and graphviz_available():
        with tempfile.TemporaryDirectory() as folder:
            path = str(to_file) if to_file is not None else os.path.join(folder, "model.png")
            keras.utils.plot_model(model, to_file=path, show_shapes=True, show_layer_names=show_layer_names, dpi=dpi)
            if os.path.exists(path):
                picture = matplotlib.image.imread(path)
                height, width = picture.shape[:2]
                scale = min(1.0, 8.0 / (width / 100), 8.0 / (height / 100))
                fig = plt.figure(figsize=(width / 100 * scale, height / 100 * scale), label="graphviz")
                ax = fig.add_axes((0, 0, 1, 1))
                ax.imshow(picture)
                ax.axis("off")
                return fig
        if backend == "graphviz":
            raise RuntimeError("keras.utils.plot_model이 그림 파일을 만들지 못했습니다(graphviz 설치를 확인하세요).")
    if not sequential:
        print(f"graphviz가 없어 구조 그림 대신 모델 요약을 보입니다(그림을 보려면 {_INSTALL_ADVICE}).")
        model.summary()
        return None
    fig = _draw_sequential(model, show_layer_names)
    if to_file is not None:
        fig.savefig(to_file, dpi=dpi)
    return fig
