"""학습 결과 그림: 학습 곡선, 혼동 행렬, 잘못 분류한 이미지 모음, 예측 하나(이미지 + 클래스별 확률).

모든 함수는 ``matplotlib.figure.Figure`` 를 돌려주며 제목과 축 이름은 한국어입니다.
"""

from __future__ import annotations

import numpy as np

from course_utils.image_plots import show_image
from course_utils.validation import float_array, integer, integer_labels, positive_int

_METRIC_NAMES = {
    "loss": "손실",
    "accuracy": "정확도",
    "sparse_categorical_accuracy": "정확도",
    "mse": "평균 제곱 오차",
    "mae": "평균 절댓값 오차",
}


def metric_label(metric: str) -> str:
    """Keras 지표 이름의 한국어 표시: ``"loss"`` → ``"손실"``, 출력이 여럿인 모델의
    ``"box_loss"`` → ``"box 손실"``, ``"class_accuracy"`` → ``"class 정확도"`` (모르는 이름은 그대로)."""
    if not isinstance(metric, str):
        raise ValueError(f"metric은 Keras 지표 이름(문자열, 예: 'loss')이어야 합니다. 받은 값: {metric!r}")
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


def _label_pair(y_true, y_pred):
    true = integer_labels(y_true, "y_true", allow_empty=False)
    pred = integer_labels(y_pred, "y_pred", allow_empty=False)
    if true.shape != pred.shape:
        raise ValueError(f"y_true와 y_pred의 길이가 다릅니다: {len(true)} 대 {len(pred)}")
    return true, pred


def _name_list(class_names) -> list:
    """클래스 이름 목록(목록·튜플·1차원 배열)을 문자열 목록으로. 그 밖의 값은 한국어 ``ValueError``."""
    if (
        isinstance(class_names, str)
        or not isinstance(class_names, (list, tuple, np.ndarray))
        or np.ndim(class_names) != 1
    ):
        raise ValueError(f"class_names는 클래스 이름의 목록이어야 합니다. 받은 값: {class_names!r}"[:300])
    return [str(name) for name in class_names]


def _class_names(class_names, needed: int) -> list:
    names = _name_list(class_names)
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
    num_classes = integer(num_classes, "num_classes", minimum=largest)
    from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

    return sklearn_confusion_matrix(true, pred, labels=np.arange(num_classes)).astype(np.int64)


def plot_confusion_matrix(
    y_true, y_pred, class_names, normalize: bool = False, title: str | None = None, cmap: str = "Blues"
):
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

    names = _name_list(class_names)
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
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8 if size > 6 else 10,
                color="white" if values[i, j] > threshold else "black",
            )
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

    if (
        probs.size == 0
        or not np.all(np.isfinite(probs))
        or probs.min() < 0
        or probs.max() > 1
        or not np.allclose(probs.sum(axis=-1), 1.0, atol=1e-3)
    ):
        raise ValueError("확률은 0~1 사이이고 합이 1이어야 합니다. 로짓(logits)이라면 softmax를 거친 값을 넘기세요.")


def _show_image(ax, image, cmap, value_range=None):
    show_image(ax, image, value_range, cmap=cmap)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_misclassified(
    images,
    y_true,
    y_pred,
    class_names,
    probabilities=None,
    max_images: int = 15,
    columns: int = 5,
    cmap: str = "gray_r",
    title: str | None = None,
    value_range=None,
):
    """잘못 분류한 이미지 모음(갤러리): 칸마다 이미지와 "정답/예측" 클래스 이름.

    Args:
        images: ``(N, 높이, 너비)``, ``(N, 높이, 너비, 1)`` 또는 컬러 ``(N, 높이, 너비, 3)``. 값은
            :mod:`course_utils.image_plots` 의 표시 규칙(정수 0~255, 실수 0~1, 그 밖에는 ``value_range``)을 따릅니다.
        y_true, y_pred: 정수 레이블 ``(N,)``.
        class_names: 클래스 이름 목록.
        probabilities: 예측 확률 ``(N, C)``. 주면 가장 자신 있게 틀린 것부터 보이고 그 확률을 적습니다.
        max_images: 최대 이미지 수. columns: 한 줄의 이미지 수.
        value_range: 0~1이 아닌 실수 이미지의 값 범위(예: ``(0, 255)``).

    Returns:
        ``Figure``. 보인 순서는 :func:`misclassified_indices` 와 같습니다.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    for value, name in ((max_images, "max_images"), (columns, "columns")):
        positive_int(value, name)
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
        _show_image(ax, images[index], cmap, value_range)
        label = f"정답: {names[true[index]]}\n예측: {names[pred[index]]}"
        if probs is not None:
            label += f" ({probs[index, pred[index]]:.0%})"
        ax.set_title(label, fontsize=9, color="firebrick")
    fig.suptitle(title or f"잘못 분류한 이미지 {len(shown)}개 (전체 {len(true):,}개 중 {len(order):,}개 틀림)")
    fig.tight_layout()
    return fig


def plot_prediction(
    image, probabilities, class_names, true_label=None, cmap: str = "gray_r", title: str | None = None, value_range=None
):
    """예측 하나: 왼쪽에 입력 이미지, 오른쪽에 클래스별 확률 막대그래프(한국어 클래스 이름).

    예측한 클래스(확률이 가장 큰 클래스)의 막대는 파란색(틀렸으면 빨간색), 정답이 따로 있으면
    그 막대는 초록색입니다. 막대 끝에 확률(%)을 적습니다.

    Args:
        image: ``(높이, 너비)``, ``(높이, 너비, 1)`` 또는 ``(높이, 너비, 3)``. 값은
            :mod:`course_utils.image_plots` 의 표시 규칙을 따릅니다(0~1이 아닌 실수는 ``value_range``).
        probabilities: 클래스별 확률 ``(C,)`` (``(1, C)`` 도 가능), 합이 1.
        class_names: 클래스 이름 ``C`` 개.
        true_label: 정답 레이블(정수, 선택).

    Returns:
        축 두 개(이미지, 막대그래프)를 가진 ``Figure``.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    probs = float_array(probabilities, "probabilities")
    if probs.ndim == 2 and probs.shape[0] == 1:
        probs = probs[0]
    if probs.ndim != 1:
        raise ValueError(f"probabilities는 (클래스 수,) 모양의 확률 벡터여야 합니다. 받은 모양: {probs.shape}")
    _check_probabilities(probs)
    names = _name_list(class_names)
    if len(names) != len(probs):
        raise ValueError(f"클래스 이름({len(names)}개)과 확률({len(probs)}개)의 수가 다릅니다.")
    if true_label is not None:
        true_label = integer(true_label, "true_label", minimum=0, maximum=len(probs) - 1)
        true_label = int(true_label)
    predicted = int(np.argmax(probs))
    correct = true_label is None or true_label == predicted
    colors = ["lightgray"] * len(probs)
    if true_label is not None:
        colors[true_label] = "tab:green"
    colors[predicted] = "tab:blue" if correct else "tab:red"

    fig, (image_ax, bar_ax) = plt.subplots(1, 2, figsize=(8.4, 3.4), gridspec_kw={"width_ratios": [1, 1.7]})
    _show_image(image_ax, image, cmap, value_range)
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
