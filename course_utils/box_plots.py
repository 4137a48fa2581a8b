"""경계 상자와 탐지 지표 그림: 상자 그리기, IoU 그림, 11점 보간 그림, 클래스별 정밀도·재현율 곡선, IoU 히스토그램.

상자는 :mod:`course_utils.detection` 의 규약(모서리 ``(x_min, y_min, x_max, y_max)``, 픽셀, 픽셀 ``(i, j)`` 는
``[j, j+1) x [i, i+1)``)을 따릅니다. 그래서 이미지를 ``imshow(..., extent=(0, W, H, 0))`` 로 그려 픽셀 경계와
상자 좌표가 정확히 맞게 합니다. 그림 함수는 ``matplotlib.figure.Figure`` (``draw_boxes`` 는 ``Axes``)를 돌려주며
제목과 축 이름은 한국어입니다.
"""

from __future__ import annotations

import numpy as np

from course_utils.detection import maximum_precisions
from course_utils.image_plots import show_image
from course_utils.reference_ops import box_iou
from course_utils.validation import corner_boxes, float_array, positive_int

#: 정답 상자와 예측 상자의 기본 색.
TRUE_COLOR = "deepskyblue"
PRED_COLOR = "orange"
#: :func:`plot_map_by_iou_threshold` 가 선마다 쓰는 표식(선의 최대 개수).
MAP_MARKERS = ("o", "s", "^", "d", "v", "P", "X", "*")


def _label_text(label, score, class_names) -> str | None:
    parts = []
    if label is not None:
        parts.append(str(class_names[int(label)]) if class_names is not None else str(label))
    if score is not None:
        parts.append(f"({float(score):.2f})" if parts else f"{float(score):.2f}")
    return " ".join(parts) if parts else None


def _show_image(ax, image, value_range=None):
    """이미지를 픽셀 경계가 상자 좌표와 맞게(``extent=(0, W, H, 0)``) 그리고 ``(높이, 너비)`` 를 돌려줍니다."""
    height, width = np.shape(image)[:2]
    show_image(ax, image, value_range, extent=(0, width, height, 0), interpolation="nearest")
    return height, width


def draw_boxes(
    image,
    boxes,
    labels=None,
    scores=None,
    class_names=None,
    color: str = TRUE_COLOR,
    ax=None,
    title: str | None = None,
    linestyle: str = "-",
    linewidth: float = 2.0,
    value_range=None,
):
    """이미지 위에 상자와 이름표(클래스 이름, 점수)를 그립니다.

    Args:
        image: ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` 이미지. ``None`` 이면 이미 그려진 ``ax`` 위에 상자만 덧그림.
            값은 :mod:`course_utils.image_plots` 의 표시 규칙(정수 0~255, 실수 0~1, 그 밖에는 ``value_range``)을 따릅니다.
        boxes: ``(N, 4)`` 모서리 상자(픽셀).
        labels: ``(N,)`` 정수 클래스(선택).
        scores: ``(N,)`` 점수(선택, 이름표에 소수 둘째 자리까지).
        class_names: 클래스 번호 → 이름(선택).
        color, linestyle, linewidth: 상자 선 모양.
        ax: 그릴 축(없으면 새 그림).
        title: 축 제목.
        value_range: 0~1이 아닌 실수 이미지의 값 범위(예: ``(0, 255)``).

    Returns:
        상자를 그린 ``matplotlib.axes.Axes`` (사각형은 ``ax.patches``, 이름표는 ``ax.texts``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    box_array = np.reshape(boxes, (-1, 4)) if np.size(boxes) == 0 else boxes
    box_array = corner_boxes(box_array, "boxes", ndim=2)
    count = len(box_array)
    for name, values in (("labels", labels), ("scores", scores)):
        if values is not None and np.shape(values) != (count,):
            raise ValueError(f"{name}의 길이는 상자 수({count})와 같아야 합니다. 받은 모양: {np.shape(values)}")
    if image is None and ax is None:
        raise ValueError("image가 없으면 상자를 덧그릴 ax를 주어야 합니다.")
    if ax is not None and not hasattr(ax, "add_patch"):
        raise ValueError(f"ax는 matplotlib 축이어야 합니다(예: fig, ax = plt.subplots()). 받은 값: {ax!r}"[:300])
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    if image is not None:
        _show_image(ax, image, value_range)
    top_margin = 0.06 * abs(np.subtract(*ax.get_ylim()))  # 이름표가 그림 위로 잘리지 않게 할 여유
    for i, (x_min, y_min, x_max, y_max) in enumerate(box_array):
        ax.add_patch(
            Rectangle(
                (x_min, y_min),
                x_max - x_min,
                y_max - y_min,
                fill=False,
                edgecolor=color,
                linewidth=linewidth,
                linestyle=linestyle,
            )
        )
        text = _label_text(None if labels is None else labels[i], None if scores is None else scores[i], class_names)
        if text:
            inside = y_min - min(ax.get_ylim()) < top_margin  # 상자가 그림 위쪽 끝에 붙어 있으면 상자 안쪽에 씀
            ax.text(
                x_min,
                y_min,
                text,
                color="black",
                fontsize=8,
                va="top" if inside else "bottom",
                ha="left",
                bbox={"facecolor": color, "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
                clip_on=True,
            )
    if title:
        ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_detection_gallery(
    images,
    true_boxes,
    pred_boxes,
    true_labels=None,
    pred_labels=None,
    pred_scores=None,
    class_names=None,
    columns: int = 6,
    title: str | None = None,
    value_range=None,
):
    """정답 상자(파란 실선)와 예측 상자(주황 점선)를 나란히 보여 주는 갤러리.

    칸 제목: ``정답 <클래스> → 예측 <클래스> <점수>`` (레이블을 주었을 때)와 ``IoU <값>``.

    Args:
        images: ``(N, H, W)`` 또는 ``(N, H, W, 1|3)``.
        true_boxes, pred_boxes: ``(N, 4)`` 모서리 상자(이미지마다 하나).
        true_labels, pred_labels: ``(N,)`` 클래스(선택). pred_scores: ``(N,)`` 점수(선택).
        class_names: 클래스 번호 → 이름(선택). columns: 한 줄의 칸 수.
        value_range: 0~1이 아닌 실수 이미지의 값 범위(표시 규칙은 :mod:`course_utils.image_plots`).

    Returns:
        ``Figure`` (칸마다 축 하나, 빈 칸은 숨김).
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    truths = corner_boxes(true_boxes, "true_boxes", ndim=2)
    predictions = corner_boxes(pred_boxes, "pred_boxes", ndim=2)
    count = len(images)
    if count == 0 or len(truths) != count or len(predictions) != count:
        raise ValueError(
            f"images({count}), true_boxes({len(truths)}), pred_boxes({len(predictions)})의 "
            "개수가 같고 0보다 커야 합니다."
        )
    columns = positive_int(columns, "columns")
    columns = min(columns, count)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.1 * columns, 2.5 * rows), squeeze=False, layout="constrained")
    overlaps = box_iou(truths, predictions)
    for i, ax in enumerate(axes.ravel()):
        if i >= count:
            ax.axis("off")
            continue
        draw_boxes(images[i], truths[i : i + 1], color=TRUE_COLOR, ax=ax, value_range=value_range)
        draw_boxes(None, predictions[i : i + 1], color=PRED_COLOR, ax=ax, linestyle="--")
        lines = []
        if true_labels is not None or pred_labels is not None:
            truth_text = "?" if true_labels is None else _label_text(true_labels[i], None, class_names)
            pred_text = _label_text(
                None if pred_labels is None else pred_labels[i],
                None if pred_scores is None else pred_scores[i],
                class_names,
            )
            lines.append(f"정답 {truth_text} / 예측 {pred_text}")
        lines.append(f"IoU {overlaps[i]:.2f}")
        ax.set_title("\n".join(lines), fontsize=9)
    fig.suptitle(title or "정답 상자(파란 실선)와 예측 상자(주황 점선)")
    return fig


def plot_iou_pairs(pairs, canvas_size=(10, 10), titles=None):
    """상자 쌍마다 두 상자와 교집합(빗금)을 그리고 IoU 계산을 제목에 적습니다.

    Args:
        pairs: ``[(상자 A, 상자 B), ...]`` (모서리 상자).
        canvas_size: 그릴 영역 ``(너비, 높이)`` (픽셀 단위 좌표).
        titles: 칸마다 덧붙일 설명(선택).

    Returns:
        쌍마다 축 하나인 ``Figure``. 제목: ``IoU = 교집합 / 합집합 = ...``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if not isinstance(pairs, (list, tuple)) or len(pairs) == 0:
        raise ValueError("pairs는 (상자 A, 상자 B) 쌍을 하나 이상 담은 목록이어야 합니다.")
    width, height = canvas_size
    fig, axes = plt.subplots(1, len(pairs), figsize=(3.2 * len(pairs), 3.6), squeeze=False, layout="constrained")
    for i, (ax, pair) in enumerate(zip(axes[0], pairs)):
        if len(pair) != 2:
            raise ValueError(f"{i}번 쌍은 상자 두 개여야 합니다.")
        a = corner_boxes(pair[0], "상자 A", ndim=1)
        b = corner_boxes(pair[1], "상자 B", ndim=1)
        ax.imshow(np.zeros((int(height), int(width))), cmap="gray", vmin=0, vmax=1, extent=(0, width, height, 0))
        draw_boxes(None, a[None], ["A"], color=TRUE_COLOR, ax=ax)
        draw_boxes(None, b[None], ["B"], color=PRED_COLOR, ax=ax, linestyle="--")
        ix0, iy0 = max(a[0], b[0]), max(a[1], b[1])
        ix1, iy1 = min(a[2], b[2]), min(a[3], b[3])
        intersection = max(ix1 - ix0, 0) * max(iy1 - iy0, 0)
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
        if intersection > 0:
            ax.add_patch(
                Rectangle(
                    (ix0, iy0),
                    ix1 - ix0,
                    iy1 - iy0,
                    facecolor="white",
                    alpha=0.35,
                    hatch="//",
                    edgecolor="white",
                    linewidth=0,
                )
            )
        value = box_iou(a, b)
        heading = f"IoU = {intersection:g} / {union:g} = {float(value):.2f}"
        if titles is not None:
            heading = f"{titles[i]}\n{heading}"
        ax.set_title(heading, fontsize=10)
    return fig


def plot_eleven_point_interpolation(precisions, title: str | None = None):
    """책의 11점 보간 그림: 재현율 0, 0.1, ..., 1에서의 정밀도, 최대 정밀도, 그 평균(AP) 선.

    최대 정밀도는 :func:`course_utils.detection.maximum_precisions` (오른쪽부터의 누적 최댓값)이고,
    ``AP = mean(최대 정밀도)`` 입니다(책은 이 선을 mAP라고 부름: 클래스가 하나면 mAP = AP).

    Args:
        precisions: 재현율 0, 0.1, ..., 1.0에서의 정밀도 ``(11,)``.

    Returns:
        선 3개(정밀도, 최대 정밀도, AP)를 그린 ``Figure``.
    """
    import matplotlib.pyplot as plt

    values = float_array(precisions, "precisions")
    if values.shape != (11,) or np.any((values < 0) | (values > 1)):
        raise ValueError(f"precisions는 0~1 사이 값 11개여야 합니다(재현율 0, 0.1, ..., 1). 받은 모양: {values.shape}")
    recalls = np.arange(11) / 10
    best = maximum_precisions(values)
    average = float(best.mean())
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(recalls, values, "ro--", label="정밀도")
    ax.plot(recalls, best, "bo-", label="최대 정밀도(오른쪽 최댓값)")
    ax.plot([0, 1], [average, average], "g:", linewidth=3, label=f"AP = 최대 정밀도의 평균 = {average:.3f}")
    ax.set_xlabel("재현율(recall)")
    ax.set_ylabel("정밀도(precision)")
    ax.set_title(title or "11점 보간 정밀도와 AP")
    ax.set_xticks(recalls)
    ax.axis([0, 1, 0, 1.02])
    ax.grid(True, alpha=0.4)
    ax.legend(loc="lower center")
    fig.tight_layout()
    return fig


def plot_precision_recall_curves(
    curves, average_precisions=None, class_names=None, columns: int = 5, title: str | None = None
):
    """클래스별 정밀도·재현율 곡선: 원래 곡선(가는 선)과 단조 포락선(계단, 아래 넓이 = 전체 점 AP).

    Args:
        curves: ``{클래스: (precisions, recalls)}`` (:func:`course_utils.detection.class_precision_recall_curves`).
        average_precisions: ``{클래스: AP}`` (선택, 칸 제목에 표시).
        class_names: 클래스 번호 → 이름(선택).
        columns: 한 줄의 칸 수.

    Returns:
        클래스마다 축 하나인 ``Figure``.
    """
    import matplotlib.pyplot as plt

    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves는 {클래스: (precisions, recalls)} 사전이어야 하고 비어 있지 않아야 합니다.")
    columns = positive_int(columns, "columns")
    classes = sorted(curves)
    columns = min(columns, len(classes))
    rows = -(-len(classes) // columns)
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(2.6 * columns, 2.5 * rows + 0.4),
        squeeze=False,
        sharex=True,
        sharey=True,
        layout="constrained",
    )
    for ax in axes.ravel()[len(classes) :]:
        ax.axis("off")
    for ax, c in zip(axes.ravel(), classes):
        precisions = float_array(curves[c][0], "precisions")
        recalls = float_array(curves[c][1], "recalls")
        if precisions.shape != recalls.shape or precisions.ndim != 1:
            raise ValueError(f"클래스 {c}: precisions와 recalls는 길이가 같은 1차원 배열이어야 합니다.")
        name = class_names[c] if class_names is not None else str(c)
        heading = f"{name}"
        if average_precisions is not None and c in average_precisions:
            heading += f" (AP {average_precisions[c]:.3f})"
        ax.set_title(heading, fontsize=10)
        ax.grid(True, alpha=0.3)
        if len(precisions) == 0:
            ax.text(0.5, 0.5, "검출 없음", ha="center", va="center", transform=ax.transAxes)
            continue
        envelope = maximum_precisions(precisions)
        step_recalls = np.concatenate([[0.0], recalls])
        step_precisions = np.concatenate([[envelope[0]], envelope])
        ax.fill_between(step_recalls, step_precisions, step="pre", alpha=0.2, color="tab:blue")
        ax.step(step_recalls, step_precisions, where="pre", color="tab:blue", label="포락선(최대 정밀도)")
        ax.plot(recalls, precisions, color="tab:red", linewidth=0.8, alpha=0.8, label="정밀도")
    for ax in axes[-1]:
        ax.set_xlabel("재현율")
    for ax in axes[:, 0]:
        ax.set_ylabel("정밀도")
    axes[0, 0].set_xlim(0, 1.0)
    axes[0, 0].set_ylim(0, 1.05)
    handles, labels = next(
        ((h, lab) for h, lab in (ax.get_legend_handles_labels() for ax in axes.ravel()) if h), ([], [])
    )
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles), fontsize=9)
    fig.suptitle(title or "클래스별 정밀도·재현율 곡선(칠한 넓이 = 전체 점 AP)")
    return fig


def plot_iou_histogram(ious, threshold: float = 0.5, bins: int = 20, title: str | None = None):
    """IoU 분포 히스토그램과 임계값 선. 범례에 임계값 이상인 비율과 평균 IoU를 적습니다.

    Args:
        ious: ``(N,)`` IoU 값(0~1).
        threshold: 세로선을 그을 IoU 임계값.
        bins: 0~1을 나눌 구간 수.

    Returns:
        ``Figure`` (막대는 ``fig.axes[0].patches``, 구간 경계는 ``linspace(0, 1, bins + 1)``).
    """
    import matplotlib.pyplot as plt

    values = float_array(ious, "ious")
    if values.ndim != 1 or len(values) == 0 or np.any((values < 0) | (values > 1)):
        raise ValueError("ious는 0~1 사이 값을 담은 비어 있지 않은 1차원 배열이어야 합니다.")
    bins = positive_int(bins, "bins")
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.hist(values, bins=np.linspace(0, 1, bins + 1), color="tab:blue", edgecolor="white")
    share = float(np.mean(values >= threshold))
    ax.axvline(threshold, color="tab:red", linestyle="--", label=f"IoU ≥ {threshold:g}: {100 * share:.1f}%")
    ax.axvline(values.mean(), color="tab:green", linestyle=":", linewidth=2, label=f"평균 IoU {values.mean():.3f}")
    ax.set_xlim(0, 1)
    ax.set_xlabel("IoU(예측 상자, 정답 상자)")
    ax.set_ylabel("이미지 수")
    ax.set_title(title or "테스트 세트의 IoU 분포")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_map_by_iou_threshold(thresholds, values, title: str | None = None):
    """IoU 임계값에 따른 mAP 곡선(``values`` 는 ``{이름: (T,) mAP}`` 또는 ``(T,)`` 하나).

    선마다 다른 표식(marker)을 쓰므로 한 그림에 선은 최대 ``len(MAP_MARKERS)`` 개입니다(넘으면 ``ValueError``).

    Returns:
        선마다 이름이 붙은 ``Figure``.
    """
    import matplotlib.pyplot as plt

    thresholds = float_array(thresholds, "thresholds")
    series = values if isinstance(values, dict) else {"mAP": values}
    if not series or len(series) > len(MAP_MARKERS):
        raise ValueError(f"values의 선은 1~{len(MAP_MARKERS)}개여야 합니다(선마다 다른 표식). 받은 개수: {len(series)}")
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for (name, line), marker in zip(series.items(), MAP_MARKERS):
        line = float_array(line, name)
        if line.shape != thresholds.shape:
            raise ValueError(f"{name}의 길이({line.shape})가 thresholds의 길이({thresholds.shape})와 다릅니다.")
        ax.plot(thresholds, line, marker=marker, label=name)
    ax.set_xlabel("IoU 임계값")
    ax.set_ylabel("mAP")
    ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.set_title(title or "IoU 임계값에 따른 mAP")
    ax.legend()
    fig.tight_layout()
    return fig
