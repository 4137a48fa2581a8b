"""학습 결과 그림: 학습 곡선 등.

모든 함수는 ``matplotlib.figure.Figure`` 를 돌려주며 제목과 축 이름은 한국어입니다.
"""

from __future__ import annotations

_METRIC_NAMES = {"loss": "손실", "accuracy": "정확도", "sparse_categorical_accuracy": "정확도",
                 "mse": "평균 제곱 오차", "mae": "평균 절댓값 오차"}


def metric_label(metric: str) -> str:
    """Keras 지표 이름의 한국어 표시: ``"loss"`` → ``"손실"``, 출력이 여럿인 모델의
    ``"box_loss"`` → ``"box 손실"``, ``"class_accuracy"`` → ``"class 정확도"`` (모르는 이름은 그대로)."""
    if metric in _METRIC_NAMES:
        return _METRIC_NAMES[metric]
    for base, name in _METRIC_NAMES.items():
        if metric.endswith("_" + base):
            return f"{metric[: -len(base) - 1]} {name}"
    return metric


def plot_history(history, metrics=("loss", "accuracy"), title: str | None = None):
    """학습 곡선: 지표마다 훈련(train)과 검증(valid) 값을 에포크에 따라 그립니다.

    강의 노트의 ``plot_history`` 와 같은 그림(손실과 정확도, 훈련 대 검증)입니다.

    Args:
        history: ``model.fit`` 이 돌려준 ``keras.callbacks.History`` 또는 그 ``.history`` 사전
            ``{"loss": [...], "val_loss": [...], ...}`` (각 목록의 길이 = 에포크 수).
        metrics: 그릴 지표 이름들. 사전에 없는 지표는 건너뜁니다.
        title: 그림 전체 제목.

    Returns:
        지표마다 하나의 축을 가진 ``Figure``.
    """
    import matplotlib.pyplot as plt

    values = getattr(history, "history", history)
    if not isinstance(values, dict) or not values:
        raise ValueError("history는 model.fit이 돌려준 History 또는 {'loss': [...]} 형태의 사전이어야 합니다.")
    if isinstance(metrics, str):
        metrics = (metrics,)
    present = [m for m in metrics if m in values]
    if not present:
        raise ValueError(f"그릴 지표가 없습니다. 요청: {list(metrics)}, history에 있는 키: {sorted(values)}")
    lengths = {len(values[m]) for m in present} | {len(values[f"val_{m}"]) for m in present if f"val_{m}" in values}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"history의 지표 길이(에포크 수)가 비어 있거나 서로 다릅니다: {sorted(lengths)}")
    fig, axes = plt.subplots(1, len(present), figsize=(5 * len(present), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], present):
        epochs = range(1, len(values[metric]) + 1)
        name = metric_label(metric)
        ax.plot(epochs, values[metric], "o-", label=f"훈련 {name}")
        if f"val_{metric}" in values:
            ax.plot(epochs, values[f"val_{metric}"], "s--", label=f"검증 {name}")
        ax.set_xlabel("에포크(epoch)")
        ax.set_ylabel(name)
        ax.set_title(f"{name} 곡선")
        ax.legend()
        ax.grid(alpha=0.3)
        if len(values[metric]) < 15:
            ax.set_xticks(list(epochs))
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# 분류 결과: 혼동 행렬, 잘못 분류한 이미지, 예측 하나
# ---------------------------------------------------------------------------

def _labels(values, name: str):
    import numpy as np

    array = np.asarray(values)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name}은(는) 비어 있지 않은 1차원 정수 레이블 배열이어야 합니다. 받은 모양: {array.shape}")
    if array.dtype.kind not in "iu":
        if array.dtype.kind != "f" or not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(
                f"{name}은(는) 정수 레이블이어야 합니다(확률이라면 argmax(axis=1)로 바꾸세요). 받은 dtype: {array.dtype}"
            )
    array = array.astype(np.int64)
    if array.min() < 0:
        raise ValueError(f"{name}에 음수 레이블이 있습니다: {int(array.min())}")
    return array


def _label_pair(y_true, y_pred):
    true = _labels(y_true, "y_true")
    pred = _labels(y_pred, "y_pred")
    if true.shape != pred.shape:
        raise ValueError(f"y_true와 y_pred의 길이가 다릅니다: {len(true)} 대 {len(pred)}")
    return true, pred


def _class_names(class_names, needed: int) -> list:
    names = [str(name) for name in class_names]
    if len(names) < needed:
        raise ValueError(f"클래스 이름이 {len(names)}개뿐인데 레이블은 0~{needed - 1}까지 있습니다.")
    return names


def confusion_matrix(y_true, y_pred, num_classes: int | None = None):
    """혼동 행렬(confusion matrix): ``matrix[i, j]`` = 실제 클래스 ``i`` 를 ``j`` 로 예측한 샘플 수.

    Args:
        y_true: 실제 레이블, 정수 ``(N,)``.
        y_pred: 예측 레이블, 정수 ``(N,)`` (확률 ``(N, C)`` 이면 먼저 ``argmax(axis=1)``).
        num_classes: 클래스 수 ``C`` (없으면 ``max(y_true, y_pred) + 1``).

    Returns:
        정수 배열 ``(C, C)``. 행(row)이 실제, 열(column)이 예측이며 대각선이 맞힌 개수,
        행의 합은 클래스마다의 샘플 수입니다.
    """
    import numpy as np

    true, pred = _label_pair(y_true, y_pred)
    largest = int(max(true.max(), pred.max())) + 1
    if num_classes is None:
        num_classes = largest
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < largest:
        raise ValueError(f"num_classes는 가장 큰 레이블+1({largest}) 이상의 정수여야 합니다. 받은 값: {num_classes!r}")
    matrix = np.zeros((int(num_classes), int(num_classes)), dtype=np.int64)
    np.add.at(matrix, (true, pred), 1)
    return matrix


def plot_confusion_matrix(y_true, y_pred, class_names, normalize: bool = False, title: str | None = None,
                          cmap: str = "Blues"):
    """혼동 행렬 그림: 행은 실제 클래스, 열은 예측한 클래스, 칸마다 개수(또는 비율)를 적습니다.

    Args:
        y_true, y_pred: 정수 레이블 ``(N,)``.
        class_names: 클래스 이름 목록(길이 ``C``, 한국어 가능).
        normalize: ``True`` 이면 행마다 나누어 비율(실제 클래스 중 몇 %를 어디로 예측했나)을 보입니다.
        title: 그림 제목(없으면 "혼동 행렬(confusion matrix)").

    Returns:
        ``Figure`` (축 하나와 색 막대). 그린 행렬은 :func:`confusion_matrix` 와 같습니다.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    names = [str(name) for name in class_names]
    matrix = confusion_matrix(y_true, y_pred, num_classes=len(names) or None)
    _class_names(names, len(matrix))
    values = matrix.astype(float)
    if normalize:
        totals = values.sum(axis=1, keepdims=True)
        values = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    size = len(names)
    fig, ax = plt.subplots(figsize=(max(4.0, 0.62 * size + 2.2), max(3.6, 0.55 * size + 1.6)))
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=1 if normalize else max(values.max(), 1))
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="비율" if normalize else "샘플 수")
    threshold = (1 if normalize else values.max()) / 2
    for i in range(size):
        for j in range(size):
            text = f"{values[i, j]:.2f}" if normalize else f"{matrix[i, j]:d}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if size > 6 else 10,
                    color="white" if values[i, j] > threshold else "black")
    ax.set_xticks(range(size), names, rotation=45, ha="right")
    ax.set_yticks(range(size), names)
    ax.set_xlabel("예측한 클래스")
    ax.set_ylabel("실제 클래스")
    ax.set_title(title or ("혼동 행렬(confusion matrix)" + (" — 행마다 비율" if normalize else "")))
    fig.tight_layout()
    return fig


def misclassified_indices(y_true, y_pred, probabilities=None):
    """잘못 분류한 샘플의 인덱스.

    ``probabilities`` (``(N, C)`` 예측 확률)를 주면 틀린 예측에 붙은 확률이 높은 것부터,
    즉 "가장 자신 있게 틀린" 샘플부터 정렬합니다(같으면 인덱스 순). 없으면 인덱스 순서입니다.

    Returns:
        정수 배열 ``(틀린 개수,)``.
    """
    import numpy as np

    true, pred = _label_pair(y_true, y_pred)
    wrong = np.flatnonzero(true != pred)
    if probabilities is None:
        return wrong
    probs = _probability_matrix(probabilities, len(true))
    if probs.shape[1] <= pred.max():
        raise ValueError(f"probabilities의 클래스 수({probs.shape[1]})가 예측 레이블({int(pred.max())})보다 작습니다.")
    confidence = probs[wrong, pred[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")]


def _probability_matrix(probabilities, rows: int):
    import numpy as np

    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.ndim != 2 or len(probs) != rows:
        raise ValueError(f"probabilities의 모양은 (샘플 수={rows}, 클래스 수)여야 합니다. 받은 모양: {probs.shape}")
    _check_probabilities(probs)
    return probs


def _check_probabilities(probs):
    import numpy as np

    if not np.all(np.isfinite(probs)) or probs.min() < 0 or probs.max() > 1 \
            or not np.allclose(probs.sum(axis=-1), 1.0, atol=1e-3):
        raise ValueError("확률은 0~1 사이이고 합이 1이어야 합니다. 로짓(logits)이라면 softmax를 거친 값을 넘기세요.")


def _show_image(ax, image, cmap):
    import numpy as np

    array = np.asarray(image)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim == 3 and array.shape[-1] not in (3, 4) or array.ndim not in (2, 3):
        raise ValueError(f"이미지는 (높이, 너비), (높이, 너비, 1) 또는 (높이, 너비, 3) 모양이어야 합니다. 받은 모양: {array.shape}")
    if array.ndim == 3 and array.dtype.kind == "f" and array.max() > 1.0:
        array = np.clip(array / 255.0, 0.0, 1.0)  # 0~255 실수 컬러 이미지
    ax.imshow(array, cmap=cmap if array.ndim == 2 else None)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_misclassified(images, y_true, y_pred, class_names, probabilities=None, max_images: int = 15,
                       columns: int = 5, cmap: str = "gray_r", title: str | None = None):
    """잘못 분류한 이미지 모음(갤러리): 칸마다 이미지와 "정답/예측" 클래스 이름.

    Args:
        images: ``(N, 높이, 너비)``, ``(N, 높이, 너비, 1)`` 또는 컬러 ``(N, 높이, 너비, 3)``.
        y_true, y_pred: 정수 레이블 ``(N,)``.
        class_names: 클래스 이름 목록.
        probabilities: 예측 확률 ``(N, C)``. 주면 가장 자신 있게 틀린 것부터 보이고 그 확률을 적습니다.
        max_images: 최대 이미지 수. columns: 한 줄의 이미지 수.

    Returns:
        ``Figure``. 보인 순서는 :func:`misclassified_indices` 와 같습니다.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    for value, name in ((max_images, "max_images"), (columns, "columns")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name}은(는) 1 이상의 정수여야 합니다. 받은 값: {value!r}")
    images = np.asarray(images)
    true, pred = _label_pair(y_true, y_pred)
    if len(images) != len(true):
        raise ValueError(f"images({len(images)}개)와 레이블({len(true)}개)의 수가 다릅니다.")
    names = _class_names(class_names, int(max(true.max(), pred.max())) + 1)
    order = misclassified_indices(true, pred, probabilities)
    shown = order[:max_images]
    if len(shown) == 0:
        fig, ax = plt.subplots(figsize=(4, 1.5))
        ax.text(0.5, 0.5, "잘못 분류한 이미지가 없습니다.", ha="center", va="center")
        ax.axis("off")
        return fig
    cols = min(columns, len(shown))
    rows = -(-len(shown) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.9 * cols, 2.5 * rows), squeeze=False)
    probs = None if probabilities is None else np.asarray(probabilities, dtype=np.float64)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, index in zip(axes.ravel(), shown):
        ax.axis("on")
        _show_image(ax, images[index], cmap)
        label = f"정답: {names[true[index]]}\n예측: {names[pred[index]]}"
        if probs is not None:
            label += f" ({probs[index, pred[index]]:.0%})"
        ax.set_title(label, fontsize=9, color="firebrick")
    fig.suptitle(title or f"잘못 분류한 이미지 {len(shown)}개 (전체 {len(true):,}개 중 {len(order):,}개 틀림)")
    fig.tight_layout()
    return fig


def plot_prediction(image, probabilities, class_names, true_label=None, cmap: str = "gray_r",
                    title: str | None = None):
    """예측 하나: 왼쪽에 입력 이미지, 오른쪽에 클래스별 확률 막대그래프(한국어 클래스 이름).

    예측한 클래스(확률이 가장 큰 클래스)의 막대는 파란색(틀렸으면 빨간색), 정답이 따로 있으면
    그 막대는 초록색입니다. 막대 끝에 확률(%)을 적습니다.

    Args:
        image: ``(높이, 너비)``, ``(높이, 너비, 1)`` 또는 ``(높이, 너비, 3)``.
        probabilities: 클래스별 확률 ``(C,)`` (``(1, C)`` 도 가능), 합이 1.
        class_names: 클래스 이름 ``C`` 개.
        true_label: 정답 레이블(정수, 선택).

    Returns:
        축 두 개(이미지, 막대그래프)를 가진 ``Figure``.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.ndim == 2 and probs.shape[0] == 1:
        probs = probs[0]
    if probs.ndim != 1:
        raise ValueError(f"probabilities는 (클래스 수,) 모양의 확률 벡터여야 합니다. 받은 모양: {probs.shape}")
    _check_probabilities(probs)
    names = [str(name) for name in class_names]
    if len(names) != len(probs):
        raise ValueError(f"클래스 이름({len(names)}개)과 확률({len(probs)}개)의 수가 다릅니다.")
    if true_label is not None:
        if isinstance(true_label, bool) or not isinstance(true_label, (int, np.integer)) \
                or not 0 <= true_label < len(probs):
            raise ValueError(f"true_label은 0~{len(probs) - 1} 사이의 정수여야 합니다. 받은 값: {true_label!r}")
        true_label = int(true_label)
    predicted = int(np.argmax(probs))
    correct = true_label is None or true_label == predicted
    colors = ["lightgray"] * len(probs)
    if true_label is not None:
        colors[true_label] = "tab:green"
    colors[predicted] = "tab:blue" if correct else "tab:red"

    fig, (image_ax, bar_ax) = plt.subplots(1, 2, figsize=(8.4, 3.4), gridspec_kw={"width_ratios": [1, 1.7]})
    _show_image(image_ax, image, cmap)
    image_ax.set_title(f"입력 이미지 (정답: {names[true_label]})" if true_label is not None else "입력 이미지")
    positions = np.arange(len(probs))
    bar_ax.barh(positions, probs, color=colors)
    for position, value in zip(positions, probs):
        bar_ax.text(value + 0.01, position, f"{value:.1%}", va="center", fontsize=8)
    bar_ax.set_yticks(positions, names)
    bar_ax.invert_yaxis()
    bar_ax.set_xlim(0, 1.18)
    bar_ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    bar_ax.set_xlabel("예측 확률")
    verdict = "" if true_label is None else (" — 맞음" if correct else " — 틀림")
    bar_ax.set_title(f"예측: {names[predicted]} ({probs[predicted]:.1%}){verdict}")
    bar_ax.grid(axis="x", alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# 모델 구조 그림: keras.utils.plot_model, graphviz가 없으면 matplotlib으로
# ---------------------------------------------------------------------------

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


def model_graph(model) -> tuple:
    """``plot_model`` 이 그리는 상자와 화살표: ``(층 목록, [(출발 번호,도착 번호), ...])``.

    Sequential 모델은 층을 차례로 잇고(입력 층은 상자로 그리지 않음), 함수형 모델은 입력 층을 포함한
    모든 층과 실제 연결(가지, 건너뛰기 연결 포함)을 따릅니다. 서브클래싱 모델은 상자 하나입니다.
    """
    import keras

    try:
        from keras.src.models.functional import Functional
    except ImportError:  # Keras 내부 경로가 바뀐 경우
        Functional = ()
    if not isinstance(model, keras.Model):
        raise ValueError(f"model은 Keras 모델이어야 합니다. 받은 형식: {type(model).__name__}")
    if not model.built:
        raise ValueError("모델이 아직 만들어지지(build) 않았습니다. keras.Input으로 입력 모양을 정하거나 model.build()를 먼저 부르세요.")
    if isinstance(model, keras.Sequential):
        layers = list(model.layers)
        return layers, [(i, i + 1) for i in range(len(layers) - 1)]
    if not (Functional and isinstance(model, Functional)):
        return [model], []
    layers = list(model.layers)
    position = {id(layer): i for i, layer in enumerate(layers)}
    edges = []
    for j, layer in enumerate(layers):
        for node in getattr(layer, "_inbound_nodes", []):
            for tensor in node.input_tensors:
                source = getattr(getattr(tensor, "_keras_history", None), "operation", None)
                edge = (position.get(id(source)), j)
                if edge[0] is not None and edge not in edges:
                    edges.append(edge)
    return layers, edges


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
    row_widths = {d: sum(boxes[i]["width"] for i in members) + gap_x * (len(members) - 1)
                  for d, members in rows.items()}
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
            mine = sorted((e for e in edges if e[key_index] == i),  # 건너뛰기 연결은 오른쪽 통로로 가므로 맨 오른쪽
                          key=lambda e: float("inf") if e in skips else boxes[e[other_index]]["left"])
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
        ax.text(left + width / 2, top - header_h / 2, box["header"], color="white", weight="bold",
                ha="center", va="center", fontsize=10)
        x = left
        for text, cell_w in zip(box["cells"], box["widths"]):
            ax.add_patch(Rectangle((x, top - header_h - body_h), cell_w, body_h, facecolor="white",
                                   edgecolor="black", lw=2))
            ax.text(x + cell_w / 2, top - header_h - body_h / 2, text, ha="center", va="center", fontsize=9)
            x += cell_w
    for a, b in edges:
        x0, y0 = start_x[(a, b)], boxes[a]["top"] - header_h - body_h
        x3, y3 = end_x[(a, b)], boxes[b]["top"]
        if (a, b) in skips:  # 층을 건너뛰는 연결: 상자들 오른쪽의 통로로 돌아감(직각 선)
            lane = margin + content_w + 0.15 + 0.2 * skips.index((a, b))
            points = [(x0, y0), (x0, y0 - gap_y / 4), (lane, y0 - gap_y / 4), (lane, y3 + gap_y * 0.7),
                      (x3, y3 + gap_y * 0.7)]
            ax.plot([p[0] for p in points], [p[1] for p in points], color="black", lw=1.8,
                    solid_joinstyle="miter")
            x0, y0 = points[-1]
        elif abs(x3 - x0) > 1e-9:  # 가지가 갈라지거나 모이는 연결: 직각으로 꺾음
            middle = y0 - gap_y / 2
            ax.plot([x0, x0, x3], [y0, middle, middle], color="black", lw=1.8)
            x0, y0 = x3, middle
        ax.add_patch(FancyArrowPatch((x0, y0), (x3, y3), arrowstyle="-|>", mutation_scale=14, lw=1.8,
                                     color="black", shrinkA=0, shrinkB=0))
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

    if backend not in _DIAGRAM_BACKENDS:
        raise ValueError(f"backend는 {', '.join(_DIAGRAM_BACKENDS)} 중 하나여야 합니다. 받은 값: {backend!r}")
    if to_file is not None and not str(to_file).lower().endswith(".png"):
        raise ValueError(f"to_file은 .png 파일 경로여야 합니다. 받은 값: {to_file!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or dpi < 20:
        raise ValueError(f"dpi는 20 이상의 정수여야 합니다. 받은 값: {dpi!r}")
    model_graph(model)  # 입력 검사(모델인지, 만들어졌는지)
    use_graphviz = backend == "graphviz" or (backend == "auto" and graphviz_available())
    if backend == "graphviz" and not graphviz_available():
        raise RuntimeError("graphviz 또는 pydot이 없어 keras.utils.plot_model을 쓸 수 없습니다. "
                           "pip install pydot 과 graphviz 설치(apt install graphviz 등) 후 다시 실행하세요.")
    if use_graphviz:
        import keras

        with tempfile.TemporaryDirectory() as folder:
            path = str(to_file) if to_file is not None else os.path.join(folder, "model.png")
            keras.utils.plot_model(model, to_file=path, show_shapes=True, show_layer_names=show_layer_names,
                                   dpi=dpi)
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
