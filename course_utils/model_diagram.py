"""모델 구조 그림: ``keras.utils.plot_model`` 과 같은 상자·화살표 그림(graphviz가 없으면 matplotlib으로).

``model_diagram(model)`` 은 graphviz(``dot``)와 ``pydot`` 이 있으면 Keras의 ``plot_model`` 그림을 그대로 보여 주고,
없으면 같은 배치(층마다 상자: 이름·종류, 입력·출력 모양; 연결마다 화살표)를 matplotlib으로 그립니다.
층 사이의 연결을 읽는 데에만 Keras 내부 API가 필요하며, 그 코드는 :func:`keras_layer_edges` 하나에 모여 있습니다.
"""

from __future__ import annotations

from course_utils.validation import integer

#: Keras 내부 구조가 바뀌었을 때의 안내(테스트가 이 메시지로 실패함).
_KERAS_CHANGED = (
    "Keras 내부 구조가 바뀌어 함수형 모델의 층 연결을 읽을 수 없습니다"
    "(course_utils.model_diagram.keras_layer_edges를 새 Keras에 맞게 고쳐야 합니다)"
)


_DIAGRAM_BACKENDS = ("auto", "graphviz", "matplotlib")


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
    if isinstance(tensors, dict):
        return ", ".join(f"{key}: {_shape_text(value)}" for key, value in tensors.items())
    return str(tuple(tensors.shape))


def _layer_shapes(layer) -> tuple:
    try:
        input_text = _shape_text(layer.input)
    except (AttributeError, ValueError):
        input_text = "?"
    try:
        output_text = _shape_text(layer.output)
    except (AttributeError, ValueError):
        output_text = "?"
    return input_text, output_text


def keras_layer_edges(model) -> list[tuple[int, int]]:
    """함수형 Keras 모델의 층 연결 ``[(출발 층 번호, 도착 층 번호), ...]`` (``model.layers`` 의 번호).

    공개 API에는 층 사이의 연결을 묻는 방법이 없어서, 이 강좌에서 **유일하게 Keras 내부(비공개) API** 를 쓰는
    함수입니다: ``keras.src.models.functional.Functional``, ``layer._inbound_nodes``, ``node.input_tensors``,
    ``tensor._keras_history.operation`` (Keras 3). Keras가 이 내부 구조를 바꾸면 조용히 틀린 그림을 그리지 않고
    한국어 메시지의 ``RuntimeError`` 를 냅니다(테스트가 실제 Keras로 이 함수를 확인함).

    Returns:
        연결 목록(중복 없음, 발견한 순서). 함수형 모델이 아니면 ``ValueError``.
    """
    try:
        from keras.src.models.functional import Functional
    except ImportError as error:
        raise RuntimeError(
            _KERAS_CHANGED + f" (keras.src.models.functional.Functional을 import할 수 없음: {error})"
        ) from error
    if not isinstance(model, Functional):
        raise ValueError(f"함수형(Functional) Keras 모델이어야 합니다. 받은 형식: {type(model).__name__}")
    layers = list(model.layers)
    position = {id(layer): i for i, layer in enumerate(layers)}
    edges = []
    try:
        for j, layer in enumerate(layers):
            for node in layer._inbound_nodes:
                for tensor in node.input_tensors:
                    edge = (position.get(id(tensor._keras_history.operation)), j)
                    if edge[0] is not None and edge not in edges:
                        edges.append(edge)
    except AttributeError as error:
        raise RuntimeError(_KERAS_CHANGED + f" ({error})") from error
    return edges


def model_graph(model) -> tuple:
    """``plot_model`` 이 그리는 상자와 화살표: ``(층 목록, [(출발 번호, 도착 번호), ...])``.

    Sequential 모델은 층을 차례로 잇고(입력 층은 상자로 그리지 않음), 함수형 모델은 입력 층을 포함한
    모든 층과 실제 연결(가지, 건너뛰기 연결 포함, :func:`keras_layer_edges`)을 따릅니다. 서브클래싱 모델은 상자 하나입니다.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model은 Keras 모델이어야 합니다. 받은 형식: {type(model).__name__}")
    if not model.built:
        raise ValueError(
            "모델이 아직 만들어지지(build) 않았습니다. keras.Input으로 입력 모양을 정하거나 model.build()를 먼저 부르세요."
        )
    if isinstance(model, keras.Sequential):
        layers = list(model.layers)
        return layers, [(i, i + 1) for i in range(len(layers) - 1)]
    if _is_functional(model):
        return list(model.layers), keras_layer_edges(model)
    return [model], []


def _is_functional(model) -> bool:
    """``keras.Model(inputs, outputs)`` 로 만든 함수형 모델인가(공개 API: 입력·출력 텐서가 정해져 있음)."""
    try:
        return bool(model.inputs) and bool(model.outputs) and type(model).__name__ == "Functional"
    except (AttributeError, ValueError):
        return False


def _draw_model_diagram(model, show_layer_names: bool):
    """graphviz 없이 ``plot_model(show_shapes=True)`` 과 같은 상자 그림을 matplotlib으로 그립니다."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    layers, edges = model_graph(model)
    depth = [0] * len(layers)
    for i in range(len(layers)):  # 층 목록은 위상 정렬 순서(입력 → 출력)
        depth[i] = max((depth[a] + 1 for a, b in edges if b == i), default=0)
    rows = {}
    for i, d in enumerate(depth):
        rows.setdefault(d, []).append(i)

    char, header_h, body_h, gap_x, row_h, margin = 0.075, 0.30, 0.30, 0.35, 0.95, 0.15  # 단위: 인치
    boxes = []
    for layer in layers:
        class_name = layer.__class__.__name__
        header = f"{layer.name} ({class_name})" if show_layer_names else class_name
        input_text, output_text = _layer_shapes(layer)
        cells = [f"Output shape: {output_text}"]
        if class_name != "InputLayer":
            cells.insert(0, f"Input shape: {input_text}")
        widths = [char * len(text) + 0.25 for text in cells]
        width = max(sum(widths), char * 1.15 * len(header) + 0.3)
        scale = width / sum(widths)
        boxes.append({"header": header, "cells": cells, "widths": [w * scale for w in widths], "width": width})
    row_widths = {
        d: sum(boxes[i]["width"] for i in members) + gap_x * (len(members) - 1) for d, members in rows.items()
    }
    content_w = max(row_widths.values())
    skips = [(a, b) for a, b in edges if depth[b] - depth[a] > 1]
    total_w = content_w + 2 * margin + (0.3 + 0.2 * len(skips) if skips else 0)
    total_h = len(rows) * row_h - (row_h - header_h - body_h) + 2 * margin
    for d, members in rows.items():
        x = margin + (content_w - row_widths[d]) / 2
        top = total_h - margin - d * row_h
        for i in members:
            boxes[i].update(left=x, top=top)
            x += boxes[i]["width"] + gap_x

    # 화살표가 상자에 닿는 자리: 들어오는(나가는) 화살표가 여럿이면 상자 위(아래) 가장자리에 고르게 나눔
    def anchors(key_index, other_index):
        result = {}
        for i in range(len(layers)):
            mine = sorted(
                (e for e in edges if e[key_index] == i),  # 건너뛰기 연결은 오른쪽 통로로 가므로 맨 오른쪽
                key=lambda e: float("inf") if e in skips else boxes[e[other_index]]["left"],
            )
            for k, edge in enumerate(mine):
                result[edge] = boxes[i]["left"] + boxes[i]["width"] * (k + 1) / (len(mine) + 1)
        return result

    start_x, end_x = anchors(0, 1), anchors(1, 0)
    gap_y = row_h - header_h - body_h

    fig = plt.figure(figsize=(total_w, total_h), label="matplotlib")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, total_w)
    ax.set_ylim(0, total_h)
    ax.axis("off")
    for box in boxes:
        left, top, width = box["left"], box["top"], box["width"]
        ax.add_patch(Rectangle((left, top - header_h), width, header_h, facecolor="black", edgecolor="black", lw=2))
        ax.text(
            left + width / 2,
            top - header_h / 2,
            box["header"],
            color="white",
            weight="bold",
            ha="center",
            va="center",
            fontsize=10,
        )
        x = left
        for text, cell_w in zip(box["cells"], box["widths"]):
            ax.add_patch(
                Rectangle((x, top - header_h - body_h), cell_w, body_h, facecolor="white", edgecolor="black", lw=2)
            )
            ax.text(x + cell_w / 2, top - header_h - body_h / 2, text, ha="center", va="center", fontsize=9)
            x += cell_w
    for a, b in edges:
        x0, y0 = start_x[(a, b)], boxes[a]["top"] - header_h - body_h
        x3, y3 = end_x[(a, b)], boxes[b]["top"]
        if (a, b) in skips:  # 층을 건너뛰는 연결: 상자들 오른쪽의 통로로 돌아감(직각 선)
            lane = margin + content_w + 0.15 + 0.2 * skips.index((a, b))
            points = [
                (x0, y0),
                (x0, y0 - gap_y / 4),
                (lane, y0 - gap_y / 4),
                (lane, y3 + gap_y * 0.7),
                (x3, y3 + gap_y * 0.7),
            ]
            ax.plot([p[0] for p in points], [p[1] for p in points], color="black", lw=1.8, solid_joinstyle="miter")
            x0, y0 = points[-1]
        elif abs(x3 - x0) > 1e-9:  # 가지가 갈라지거나 모이는 연결: 직각으로 꺾음
            middle = y0 - gap_y / 2
            ax.plot([x0, x0, x3], [y0, middle, middle], color="black", lw=1.8)
            x0, y0 = x3, middle
        ax.add_patch(
            FancyArrowPatch(
                (x0, y0), (x3, y3), arrowstyle="-|>", mutation_scale=14, lw=1.8, color="black", shrinkA=0, shrinkB=0
            )
        )
    return fig


def model_diagram(model, to_file=None, show_layer_names: bool = False, backend: str = "auto", dpi: int = 96):
    """모델 구조 그림(층마다 상자, 입력·출력 모양, 연결 화살표).

    graphviz와 pydot이 있으면 ``keras.utils.plot_model(model, show_shapes=True)`` 이 만든 그림을,
    없으면 같은 모양의 그림을 matplotlib으로 직접 그려 돌려줍니다(오류 없이). 어느 쪽으로 그렸는지는
    ``fig.get_label()`` (``"graphviz"`` 또는 ``"matplotlib"``)에 있습니다.

    Args:
        model: 만들어진(built) Keras 모델.
        to_file: 그림을 저장할 ``.png`` 경로(선택).
        show_layer_names: 상자 제목에 층 이름도 적을지(``plot_model`` 의 같은 인자).
        backend: ``"auto"`` (기본), ``"graphviz"`` (없으면 ``RuntimeError``), ``"matplotlib"``.
        dpi: graphviz 그림의 해상도.

    Returns:
        ``matplotlib.figure.Figure``.
    """
    import os
    import tempfile

    import matplotlib.image
    import matplotlib.pyplot as plt

    if not isinstance(backend, str) or backend not in _DIAGRAM_BACKENDS:
        raise ValueError(f"backend는 {', '.join(_DIAGRAM_BACKENDS)} 중 하나여야 합니다. 받은 값: {backend!r}")
    if to_file is not None and not str(to_file).lower().endswith(".png"):
        raise ValueError(f"to_file은 .png 파일 경로여야 합니다. 받은 값: {to_file!r}")
    dpi = integer(dpi, "dpi", minimum=20)
    model_graph(model)  # 입력 검사(모델인지, 만들어졌는지)
    use_graphviz = backend == "graphviz" or (backend == "auto" and graphviz_available())
    if backend == "graphviz" and not graphviz_available():
        raise RuntimeError(
            "graphviz 또는 pydot이 없어 keras.utils.plot_model을 쓸 수 없습니다. "
            "pip install pydot 과 graphviz 설치(apt install graphviz 등) 후 다시 실행하세요."
        )
    if use_graphviz:
        import keras

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
    fig = _draw_model_diagram(model, show_layer_names)
    if to_file is not None:
        fig.savefig(to_file, dpi=dpi)
    return fig
