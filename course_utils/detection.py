"""객체 탐지(object detection) 지표: 상자 변환, IoU, 매칭, 정밀도·재현율, AP, mAP, NMS.

순수 NumPy로 구현했으며, ``pycocotools`` 의 COCO 평가와 같은 값을 내도록 테스트합니다
(``tests/test_detection.py``).

상자 규약(이 모듈과 강좌 전체에서 한 번만 정함)
------------------------------------------------
* 상자는 **모서리 좌표** ``(x_min, y_min, x_max, y_max)`` 이고 단위는 픽셀입니다. x는 오른쪽, y는 아래쪽으로
  커집니다(이미지 좌표). 좌표는 연속값이며 픽셀 ``(행 i, 열 j)`` 는 ``[j, j+1) x [i, i+1)`` 를 차지합니다.
  따라서 폭은 ``x_max - x_min`` 이고 넓이는 ``(x_max - x_min) * (y_max - y_min)`` 입니다(VOC 개발 도구처럼
  ``+1`` 을 더하지 않음). ``x_max >= x_min``, ``y_max >= y_min`` 이어야 합니다.
* 중심·크기 형식 ``(cx, cy, w, h)`` 와 COCO 형식 ``(x_min, y_min, w, h)`` 로 바꾸는 함수가 있습니다.
  ``pycocotools`` 는 COCO 형식 ``bbox`` 를 받고, IoU를 ``x + w`` 로 오른쪽 끝을 구해 ``+1`` 없이 계산하므로
  위 규약과 같은 IoU가 나옵니다.

검출 결과와 정답의 형식
-----------------------
이미지 N장에 대해 길이 N의 목록 두 개를 씁니다(같은 순서)::

    ground_truths[i] = {"boxes": (G_i, 4), "labels": (G_i,)}                   # 정답 상자와 클래스
    detections[i]    = {"boxes": (D_i, 4), "labels": (D_i,), "scores": (D_i,)}  # 예측 상자, 클래스, 점수

레이블은 0 이상의 정수, 점수는 ``[0, 1]`` 범위입니다.

매칭과 AP 계산 규칙(COCO와 같음)
--------------------------------
* 이미지와 클래스마다 검출을 점수 내림차순(같은 점수는 입력 순서)으로 보며, 아직 매칭되지 않은 정답 중
  ``IoU >= 임계값`` 이고 IoU가 가장 큰 정답과 짝짓습니다(IoU가 같으면 뒤쪽 정답, pycocotools와 같음).
  정답 하나는 한 번만 매칭됩니다. 짝이 있으면 참 양성(TP), 없으면 거짓 양성(FP)입니다.
  (VOC 개발 도구는 IoU가 가장 큰 정답이 이미 매칭되었으면 다른 정답을 찾지 않고 FP로 셉니다. 여기서는 COCO를 따릅니다.)
* 클래스마다 모든 이미지의 검출을 점수 내림차순으로 합쳐(같은 점수는 이미지 순서) 누적 TP, FP로
  정밀도 ``P_k = TP_k / k`` 와 재현율 ``R_k = TP_k / 정답 수`` 를 구합니다.
* 정답이 하나도 없는 클래스는 mAP 평균에서 빠집니다(그 클래스의 검출도 무시). 정답은 있는데 검출이 없으면 AP = 0.
* 이미지·클래스마다 검출을 모두 씁니다(COCO처럼 상위 100개로 자르지 않음; 강좌의 장면은 검출이 그보다 적음).

pycocotools와 같은 값을 얻는 설정(테스트에서 사용)
--------------------------------------------------
* 변환: 상자는 :func:`corners_to_xywh` 로 COCO ``bbox`` 로, 클래스 c는 ``category_id = c + 1``, 이미지 i는
  ``image_id = i + 1``. 정답 주석에는 ``area = w * h`` (pycocotools의 넓이 범위는 이 필드로 판정), ``iscrowd = 0``,
  1부터 시작하는 ``id`` (pycocotools는 id 0을 "매칭 없음"으로 씀)를 넣습니다. 검출의 넓이는 ``loadRes`` 가 ``w * h`` 로 채웁니다.
* ``params.areaRng = [[0, 1e10]]``, ``params.areaRngLbl = ["all"]``: 넓이 때문에 무시되는 상자가 없게 합니다.
* ``params.maxDets``: 이미지·클래스마다의 검출 수보다 크게(예: 10000; COCO 기본값 100은 검출이 100개 미만일 때 같음).
* ``params.iouThrs``: 기본값 ``linspace(0.5, 0.95, 10)`` (= :data:`COCO_IOU_THRESHOLDS`).

이렇게 하면 ``evaluate(); accumulate()`` 의 ``eval["precision"][t, :, k, 0, -1]`` 의 평균이 클래스 k, 임계값 t의
:func:`average_precision` ``"101_points"`` 값과 같고, :func:`coco_mean_average_precision` 은 COCO의 AP(``stats[0]``),
임계값 0.5와 0.75의 :func:`mean_average_precision` (``"101_points"``)은 AP50, AP75와 같습니다(테스트에서 1e-6 이내).
"""

from __future__ import annotations

import numpy as np

from course_utils.reference_ops import box_iou
from course_utils.validation import (
    corner_boxes,
    float_array,
    integer,
    integer_labels,
    positive_int,
    real_number,
    unit_scores,
)

#: COCO의 IoU 임계값 0.50, 0.55, ..., 0.95 (pycocotools와 똑같이 linspace로 만듦).
COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1, endpoint=True)
#: COCO의 재현율 점 0.00, 0.01, ..., 1.00 (101개). pycocotools와 같은 값이 나오도록 같은 linspace로 만듭니다
#: (그래서 0.07000000000000001처럼 정확한 소수보다 아주 조금 큰 점이 10개 있습니다).
COCO_RECALL_POINTS = np.linspace(0.0, 1.00, int(np.round((1.00 - 0.0) / 0.01)) + 1, endpoint=True)
#: VOC2007의 재현율 점 0.0, 0.1, ..., 1.0 (11개, 가장 가까운 부동소수점 값).
VOC07_RECALL_POINTS = np.arange(11) / 10
#: :func:`average_precision` 이 아는 보간 방법.
INTERPOLATIONS = ("11_points", "all_points", "101_points")


# ---------------------------------------------------------------------------
# 입력 검사
# ---------------------------------------------------------------------------


def _check_threshold(value, name: str = "iou_threshold") -> float:
    number = real_number(value, name, minimum=0.0, maximum=1.0)
    if number == 0.0:
        raise ValueError(f"{name}은(는) 0보다 크고 1 이하인 실수여야 합니다. 받은 값: {value!r}")
    return number


# ---------------------------------------------------------------------------
# 상자 형식과 IoU
# ---------------------------------------------------------------------------


def corners_to_center(boxes) -> np.ndarray:
    """모서리 ``(x_min, y_min, x_max, y_max)`` → 중심·크기 ``(cx, cy, w, h)``.

    ``cx = (x_min + x_max) / 2``, ``w = x_max - x_min`` (y도 같음). 모양 ``(..., 4)`` → ``(..., 4)``.
    """
    b = corner_boxes(boxes)
    return np.stack(
        [(b[..., 0] + b[..., 2]) / 2, (b[..., 1] + b[..., 3]) / 2, b[..., 2] - b[..., 0], b[..., 3] - b[..., 1]],
        axis=-1,
    )


def center_to_corners(boxes) -> np.ndarray:
    """중심·크기 ``(cx, cy, w, h)`` → 모서리 ``(x_min, y_min, x_max, y_max)``.

    ``x_min = cx - w / 2``, ``x_max = cx + w / 2`` (y도 같음). 모양 ``(..., 4)`` → ``(..., 4)``.
    ``w``, ``h`` 가 음수이면 ``ValueError``.
    """
    b = float_array(boxes, "boxes")
    if b.ndim == 0 or b.shape[-1] != 4:
        raise ValueError(f"boxes의 마지막 축 길이는 4 (cx, cy, w, h)여야 합니다. 받은 모양: {b.shape}")
    if np.any(b[..., 2:] < 0):
        raise ValueError("폭(w)과 높이(h)는 0 이상이어야 합니다.")
    half_w, half_h = b[..., 2] / 2, b[..., 3] / 2
    return np.stack([b[..., 0] - half_w, b[..., 1] - half_h, b[..., 0] + half_w, b[..., 1] + half_h], axis=-1)


def corners_to_xywh(boxes) -> np.ndarray:
    """모서리 → COCO 형식 ``(x_min, y_min, w, h)`` (pycocotools의 ``bbox``). 모양 ``(..., 4)``."""
    b = corner_boxes(boxes)
    return np.concatenate([b[..., :2], b[..., 2:] - b[..., :2]], axis=-1)


def iou(boxes_a, boxes_b):
    """두 상자(또는 같은 모양으로 브로드캐스트되는 상자 배열)의 IoU(Intersection over Union).

    ``IoU = 교집합 넓이 / (넓이_a + 넓이_b - 교집합 넓이)``. 겹치지 않으면(교집합의 폭이나 높이가 0 이하) 0입니다.

    Args:
        boxes_a, boxes_b: 모서리 상자 ``(..., 4)``. 예: ``(4,)`` 두 개 → 실수 하나,
            ``(N, 4)`` 두 개 → 상자끼리 짝지은 ``(N,)``.

    Returns:
        ``[0, 1]`` 범위의 IoU. 입력이 상자 하나씩이면 ``float``, 아니면 ``(...)`` 배열.
    """
    a = corner_boxes(boxes_a, "boxes_a")
    b = corner_boxes(boxes_b, "boxes_b")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"boxes_a{a.shape}와 boxes_b{b.shape}의 모양이 맞지 않습니다.") from None
    result = box_iou(a, b)
    return float(result) if result.ndim == 0 else result


def pairwise_iou(boxes_a, boxes_b) -> np.ndarray:
    """모든 짝의 IoU 행렬: ``(N, 4)`` 와 ``(M, 4)`` → ``(N, M)``, ``[i, j] = IoU(a_i, b_j)``."""
    a = corner_boxes(boxes_a, "boxes_a", ndim=2)
    b = corner_boxes(boxes_b, "boxes_b", ndim=2)
    return box_iou(a[:, None, :], b[None, :, :])


# ---------------------------------------------------------------------------
# 매칭과 정밀도·재현율
# ---------------------------------------------------------------------------


def _descending_order(scores: np.ndarray) -> np.ndarray:
    # 점수 내림차순, 같은 점수는 입력 순서(안정 정렬; pycocotools의 mergesort와 같음).
    return np.argsort(-scores, kind="mergesort")


def _greedy_match(ious: np.ndarray, iou_thresholds: np.ndarray) -> np.ndarray:
    """점수 내림차순으로 정렬된 검출의 IoU 행렬 ``(D, G)`` → TP 여부 ``(T, D)``."""
    return _greedy_assign(ious, iou_thresholds) >= 0


def _greedy_assign(ious: np.ndarray, iou_thresholds: np.ndarray) -> np.ndarray:
    """점수 내림차순으로 정렬된 검출의 IoU 행렬 ``(D, G)`` → 짝지어진 정답 번호 ``(T, D)`` (짝이 없으면 -1)."""
    num_detections, num_truths = ious.shape
    assigned = np.full((len(iou_thresholds), num_detections), -1, dtype=np.int64)
    if num_detections == 0 or num_truths == 0:
        return assigned
    limits = np.minimum(np.asarray(iou_thresholds, dtype=np.float64), 1 - 1e-10)  # pycocotools와 같음
    if num_truths == 1:  # 정답이 하나면: 임계값을 넘는 첫 검출만 TP (빠른 경로)
        passing = ious[:, 0][None, :] >= limits[:, None]
        first = np.argmax(passing, axis=1)
        rows = np.flatnonzero(passing.any(axis=1))
        assigned[rows, first[rows]] = 0
        return assigned
    if num_detections == 1:  # 검출이 하나면: 임계값을 넘는 정답 중 IoU 최대(같으면 뒤쪽 정답)와 짝 (빠른 경로)
        best = num_truths - 1 - int(np.argmax(ious[0, ::-1]))
        assigned[:, 0] = np.where(ious[0, best] >= limits, best, -1)
        return assigned
    reversed_ious = ious[:, ::-1]
    for t in range(len(iou_thresholds)):
        limit = limits[t]
        taken = np.zeros(num_truths, dtype=bool)
        for d in range(num_detections):
            candidates = (~taken[::-1]) & (reversed_ious[d] >= limit)
            if not candidates.any():
                continue
            # 후보 중 IoU 최대, 같으면 뒤쪽 정답(뒤집은 배열에서 앞쪽)을 고름.
            best = num_truths - 1 - int(np.argmax(np.where(candidates, reversed_ious[d], -1.0)))
            taken[best] = True
            assigned[t, d] = best
    return assigned


def match_detections(detection_boxes, detection_scores, ground_truth_boxes, iou_threshold: float = 0.5) -> np.ndarray:
    """이미지 한 장, 클래스 하나의 검출을 정답과 짝짓습니다(탐욕적 매칭).

    검출을 점수 내림차순으로 보면서, 아직 짝이 없는 정답 중 ``IoU >= iou_threshold`` 이고 IoU가 가장 큰
    정답과 짝짓습니다. 정답 하나는 한 번만 쓰입니다.

    Args:
        detection_boxes: ``(D, 4)`` 모서리 상자.
        detection_scores: ``(D,)`` 점수(0~1).
        ground_truth_boxes: ``(G, 4)`` 모서리 상자.
        iou_threshold: 참 양성이 되는 최소 IoU (0, 1].

    Returns:
        ``(D,)`` bool: 입력 순서대로 각 검출이 참 양성(TP)인지.
    """
    return assign_detections(detection_boxes, detection_scores, ground_truth_boxes, iou_threshold) >= 0


def assign_detections(detection_boxes, detection_scores, ground_truth_boxes, iou_threshold: float = 0.5) -> np.ndarray:
    """:func:`match_detections` 와 같은 탐욕적 매칭에서 각 검출이 짝지어진 정답의 번호.

    오류 분석처럼 "어느 정답을 찾았고 어느 정답을 놓쳤는가"가 필요할 때 씁니다. 찾은 정답은
    ``np.isin(np.arange(G), 결과)`` 로, TP 여부는 ``결과 >= 0`` 으로 얻습니다(:func:`match_detections` 와 같음).

    Args:
        detection_boxes, detection_scores, ground_truth_boxes, iou_threshold: :func:`match_detections` 와 같음.

    Returns:
        ``(D,)`` int: 입력 순서대로 각 검출과 짝지어진 정답의 번호(``ground_truth_boxes`` 의 행 번호),
        짝이 없으면(FP) -1. 같은 번호는 두 번 나오지 않습니다.
    """
    boxes = corner_boxes(detection_boxes, "detection_boxes", ndim=2)
    scores = unit_scores(detection_scores, "detection_scores", len(boxes))
    truths = corner_boxes(ground_truth_boxes, "ground_truth_boxes", ndim=2)
    threshold = _check_threshold(iou_threshold)
    order = _descending_order(scores)
    ious = box_iou(boxes[order][:, None], truths[None]).reshape(len(boxes), len(truths))
    assigned_sorted = _greedy_assign(ious, np.array([threshold]))[0]
    result = np.full(len(boxes), -1, dtype=np.int64)
    result[order] = assigned_sorted
    return result


def precision_recall_curve(scores, is_true_positive, num_ground_truths: int):
    """점수 순위에 따른 정밀도·재현율 곡선.

    검출을 점수 내림차순(같은 점수는 입력 순서)으로 놓고 위에서 k개를 양성으로 볼 때
    ``정밀도 P_k = TP_k / k``, ``재현율 R_k = TP_k / num_ground_truths`` 입니다.

    Args:
        scores: ``(D,)`` 검출 점수(0~1).
        is_true_positive: ``(D,)`` bool, 각 검출이 참 양성인지(예: :func:`match_detections` 의 결과).
        num_ground_truths: 정답 수(1 이상, 참 양성 수 이상).

    Returns:
        ``(precisions, recalls)``: 둘 다 ``(D,)``, 점수 내림차순. 재현율은 감소하지 않습니다.
    """
    scores = unit_scores(scores)
    flags = np.asarray(is_true_positive)
    if flags.shape != scores.shape or (flags.size and flags.dtype != bool and not np.all(np.isin(flags, [0, 1]))):
        raise ValueError(
            f"is_true_positive는 scores{scores.shape}와 길이가 같은 bool 배열이어야 합니다. 받은 모양: {flags.shape}"
        )
    flags = flags.astype(bool)
    num_ground_truths = positive_int(num_ground_truths, "num_ground_truths")
    if flags.sum() > num_ground_truths:
        raise ValueError(f"참 양성 수({int(flags.sum())})가 정답 수({num_ground_truths})보다 많을 수 없습니다.")
    return _curve(flags[_descending_order(scores)], num_ground_truths)


def _curve(sorted_flags: np.ndarray, num_ground_truths: int):
    true_positives = np.cumsum(sorted_flags).astype(np.float64)
    ranks = np.arange(1, len(sorted_flags) + 1, dtype=np.float64)
    return true_positives / ranks, true_positives / num_ground_truths


# ---------------------------------------------------------------------------
# AP
# ---------------------------------------------------------------------------


def maximum_precisions(precisions) -> np.ndarray:
    """오른쪽부터의 누적 최댓값: ``p_max[i] = max(p[i], p[i+1], ..., p[-1])``.

    재현율 순서로 놓인 정밀도의 단조 감소 포락선(envelope)입니다. 책의 ``maximum_precisions``
    (``np.flip(np.maximum.accumulate(np.flip(precisions)))``)와 같습니다. 모양 ``(K,)`` → ``(K,)``.
    """
    p = float_array(precisions, "precisions")
    if p.ndim != 1:
        raise ValueError(f"precisions는 1차원 배열이어야 합니다. 받은 모양: {p.shape}")
    return np.flip(np.maximum.accumulate(np.flip(p)))


def _check_curve(precisions, recalls):
    p = float_array(precisions, "precisions")
    r = float_array(recalls, "recalls")
    if p.ndim != 1 or p.shape != r.shape:
        raise ValueError(f"precisions와 recalls는 길이가 같은 1차원 배열이어야 합니다. 받은 모양: {p.shape}, {r.shape}")
    if np.any((p < 0) | (p > 1)) or np.any((r < 0) | (r > 1)):
        raise ValueError("정밀도와 재현율은 0과 1 사이여야 합니다.")
    if np.any(np.diff(r) < 0):
        raise ValueError("recalls는 감소하지 않아야 합니다(점수 내림차순으로 계산한 곡선을 넣으세요).")
    return p, r


def _interpolated_precisions(envelope: np.ndarray, recalls: np.ndarray, recall_points: np.ndarray) -> np.ndarray:
    # 재현율 점 r마다 재현율이 r 이상인 첫 지점의 포락선 값 = max{P_k : R_k >= r}, 그런 지점이 없으면 0.
    index = np.searchsorted(recalls, recall_points, side="left")
    valid = index < len(recalls)
    values = np.zeros(len(recall_points))
    values[valid] = envelope[index[valid]]
    return values


def average_precision(precisions, recalls, interpolation: str = "all_points") -> float:
    """정밀도·재현율 곡선의 AP(average precision), 세 가지 보간.

    먼저 정밀도를 단조 감소 포락선 ``P̂_k = max_{j >= k} P_j`` (:func:`maximum_precisions`)로 바꿉니다.

    * ``"11_points"`` (PASCAL VOC2007): ``AP = (1/11) Σ_{r ∈ {0, 0.1, ..., 1}} max{P_k : R_k >= r}``
      (그런 k가 없으면 0). VOC 개발 도구의 ``np.arange(0, 1.1, 0.1)`` (``linspace`` 도 같음)은 0.30000000000000004처럼
      부동소수점 오차가 있어 재현율이 정확히 0.3, 0.6, 0.7인 점을 놓치므로, 여기서는 ``np.arange(11) / 10`` 을 씁니다.
    * ``"all_points"`` (VOC2010 이후): 포락선 아래 넓이 ``AP = Σ_k (R_k - R_{k-1}) · P̂_k`` (``R_0 = 0``).
    * ``"101_points"`` (COCO): 재현율 점 0, 0.01, ..., 1 (101개)에서 11점과 같은 방식으로 평균.

    Args:
        precisions: ``(D,)`` 정밀도(점수 내림차순, :func:`precision_recall_curve` 의 결과).
        recalls: ``(D,)`` 재현율(감소하지 않음).
        interpolation: ``"11_points"``, ``"all_points"``, ``"101_points"`` 중 하나.

    Returns:
        ``[0, 1]`` 범위의 AP. 검출이 없으면(빈 배열) 0.
    """
    p, r = _check_curve(precisions, recalls)
    if not isinstance(interpolation, str) or interpolation not in INTERPOLATIONS:
        raise ValueError(f"interpolation은 {INTERPOLATIONS} 중 하나여야 합니다. 받은 값: {interpolation!r}")
    if len(p) == 0:
        return 0.0
    envelope = maximum_precisions(p)
    if interpolation == "all_points":
        steps = np.diff(np.concatenate([[0.0], r]))
        return float(np.sum(steps * envelope))
    points = VOC07_RECALL_POINTS if interpolation == "11_points" else COCO_RECALL_POINTS
    return float(np.mean(_interpolated_precisions(envelope, r, points)))


# ---------------------------------------------------------------------------
# 여러 이미지·여러 클래스: 클래스별 AP, mAP, COCO mAP
# ---------------------------------------------------------------------------


def _read_sets(detections, ground_truths):
    """목록 두 개를 검사하고 이미지마다 ``(det_boxes, scores, det_labels, gt_boxes, gt_labels)`` 로 돌려줍니다.

    이미지가 많아도 빠르도록 모양만 이미지마다 확인하고, 값(NaN, 음수 폭, 점수 범위)은 한꺼번에 검사합니다.
    """
    if not isinstance(detections, (list, tuple)) or not isinstance(ground_truths, (list, tuple)):
        raise ValueError("detections와 ground_truths는 이미지마다 사전 하나씩 담은 목록이어야 합니다.")
    if len(detections) != len(ground_truths):
        raise ValueError(
            f"detections({len(detections)}장)와 ground_truths({len(ground_truths)}장)의 이미지 수가 다릅니다."
        )
    parts = {"det_boxes": [], "scores": [], "det_labels": [], "gt_boxes": [], "gt_labels": []}
    for i, (det, gt) in enumerate(zip(detections, ground_truths)):
        if not isinstance(det, dict) or not isinstance(gt, dict):
            raise ValueError(f"{i}번 이미지: 검출과 정답은 사전이어야 합니다.")
        for key in ("boxes", "labels", "scores"):
            if key not in det:
                raise ValueError(f"{i}번 이미지의 검출 사전에 '{key}'가 없습니다.")
        for key in ("boxes", "labels"):
            if key not in gt:
                raise ValueError(f"{i}번 이미지의 정답 사전에 '{key}'가 없습니다.")
        for kind, boxes, labels in (("det", det["boxes"], det["labels"]), ("gt", gt["boxes"], gt["labels"])):
            boxes = np.asarray(boxes)
            boxes = boxes.reshape(0, 4) if boxes.size == 0 else boxes
            labels = np.asarray(labels)
            labels = labels.reshape(0) if labels.size == 0 else labels
            what = "검출" if kind == "det" else "정답"
            if boxes.ndim != 2 or boxes.shape[1] != 4:
                raise ValueError(
                    f"{i}번 이미지의 {what} boxes 모양은 (상자 수, 4)여야 합니다. 받은 모양: {boxes.shape}"
                )
            if labels.shape != (len(boxes),):
                raise ValueError(
                    f"{i}번 이미지의 {what} labels 모양은 ({len(boxes)},)이어야 합니다. 받은 모양: {labels.shape}"
                )
            parts[f"{kind}_boxes"].append(boxes)
            parts[f"{kind}_labels"].append(labels)
        scores = np.asarray(det["scores"])
        scores = scores.reshape(0) if scores.size == 0 else scores
        if scores.shape != (len(parts["det_boxes"][-1]),):
            raise ValueError(
                f"{i}번 이미지의 검출 scores 모양은 ({len(parts['det_boxes'][-1])},)이어야 합니다. "
                f"받은 모양: {scores.shape}"
            )
        parts["scores"].append(scores)
    if not parts["scores"]:
        return []
    det_counts = [len(b) for b in parts["det_boxes"]]
    gt_counts = [len(b) for b in parts["gt_boxes"]]

    def joined(key, empty_shape):
        return np.concatenate(parts[key]) if parts[key] else np.zeros(empty_shape)

    det_boxes = corner_boxes(joined("det_boxes", (0, 4)), "검출 boxes", ndim=2)
    gt_boxes = corner_boxes(joined("gt_boxes", (0, 4)), "정답 boxes", ndim=2)
    scores = unit_scores(joined("scores", (0,)), "검출 scores")
    det_labels = integer_labels(joined("det_labels", (0,)), "검출 labels", len(det_boxes))
    gt_labels = integer_labels(joined("gt_labels", (0,)), "정답 labels", len(gt_boxes))
    det_split = np.cumsum(det_counts)[:-1]
    gt_split = np.cumsum(gt_counts)[:-1]
    return list(
        zip(
            np.split(det_boxes, det_split),
            np.split(scores, det_split),
            np.split(det_labels, det_split),
            np.split(gt_boxes, gt_split),
            np.split(gt_labels, gt_split),
        )
    )


def evaluate_detections(detections, ground_truths, iou_thresholds=(0.5,)) -> dict:
    """모든 이미지의 검출을 정답과 매칭해 클래스별로 모읍니다(AP 계산의 공통 단계).

    Args:
        detections, ground_truths: 모듈 설명의 형식(이미지마다 사전, 같은 길이의 목록).
        iou_thresholds: IoU 임계값들 ``(T,)``.

    Returns:
        ``{클래스: {"scores": (D_c,), "true_positives": (T, D_c) bool, "num_ground_truths": int}}``.
        정답이 있는 클래스만 들어 있고, 검출은 점수 내림차순(같은 점수는 이미지 순서)입니다.
    """
    thresholds = np.atleast_1d(float_array(iou_thresholds, "iou_thresholds"))
    if thresholds.ndim != 1 or len(thresholds) == 0:
        raise ValueError("iou_thresholds는 하나 이상의 임계값을 담은 1차원 배열이어야 합니다.")
    for threshold in thresholds:
        _check_threshold(threshold, "iou_thresholds의 값")
    images = _read_sets(detections, ground_truths)
    classes = sorted({int(c) for *_, gt_labels in images for c in gt_labels})
    collected = {c: {"scores": [], "true_positives": [], "num_ground_truths": 0} for c in classes}
    for det_boxes, scores, det_labels, gt_boxes, gt_labels in images:
        for c in set(det_labels.tolist()) | set(gt_labels.tolist()):
            if c not in collected:
                continue  # 정답이 하나도 없는 클래스의 검출은 무시(COCO와 같음)
            truths = gt_boxes[gt_labels == c]
            chosen = np.flatnonzero(det_labels == c)
            chosen = chosen[_descending_order(scores[chosen])]
            ious = box_iou(det_boxes[chosen][:, None], truths[None])
            collected[c]["scores"].append(scores[chosen])
            collected[c]["true_positives"].append(_greedy_match(ious.reshape(len(chosen), len(truths)), thresholds))
            collected[c]["num_ground_truths"] += len(truths)
    result = {}
    for c, parts in collected.items():
        scores = np.concatenate(parts["scores"]) if parts["scores"] else np.zeros(0)
        flags = (
            np.concatenate(parts["true_positives"], axis=1)
            if parts["true_positives"]
            else np.zeros((len(thresholds), 0), dtype=bool)
        )
        order = _descending_order(scores)
        result[c] = {
            "scores": scores[order],
            "true_positives": flags[:, order],
            "num_ground_truths": parts["num_ground_truths"],
        }
    return result


def class_precision_recall_curves(detections, ground_truths, iou_threshold: float = 0.5) -> dict:
    """클래스별 정밀도·재현율 곡선 ``{클래스: (precisions (D_c,), recalls (D_c,))}`` (정답이 있는 클래스만)."""
    threshold = _check_threshold(iou_threshold)
    evaluated = evaluate_detections(detections, ground_truths, [threshold])
    return {c: _curve(item["true_positives"][0], item["num_ground_truths"]) for c, item in evaluated.items()}


def class_average_precisions(
    detections, ground_truths, iou_threshold: float = 0.5, interpolation: str = "all_points"
) -> dict:
    """클래스별 AP ``{클래스: AP}`` (정답이 하나 이상 있는 클래스만, 클래스 번호 순)."""
    curves = class_precision_recall_curves(detections, ground_truths, iou_threshold)
    return {c: average_precision(p, r, interpolation) for c, (p, r) in curves.items()}


def mean_average_precision(
    detections, ground_truths, iou_threshold: float = 0.5, interpolation: str = "all_points"
) -> float:
    """mAP: 정답이 있는 클래스들의 AP 평균 ``mAP = (1/K) Σ_c AP_c``.

    ``iou_threshold=0.5`` 이면 흔히 mAP@0.5 (COCO의 AP50은 ``interpolation="101_points"``)입니다.
    정답이 하나도 없으면 ``ValueError``.
    """
    per_class = class_average_precisions(detections, ground_truths, iou_threshold, interpolation)
    if not per_class:
        raise ValueError("정답 상자가 하나도 없어 mAP를 계산할 수 없습니다.")
    return float(np.mean(list(per_class.values())))


def mean_average_precision_per_threshold(
    detections,
    ground_truths,
    iou_thresholds=COCO_IOU_THRESHOLDS,
    interpolation: str = "101_points",
) -> np.ndarray:
    """IoU 임계값마다의 mAP ``(T,)``: ``[t] = (1/K) Σ_c AP(c, iou_thresholds[t])``.

    매칭을 한 번에 하므로 :func:`mean_average_precision` 을 임계값마다 부르는 것과 같은 값을 더 빨리 구합니다.
    """
    thresholds = np.atleast_1d(float_array(iou_thresholds, "iou_thresholds"))
    if not isinstance(interpolation, str) or interpolation not in INTERPOLATIONS:
        raise ValueError(f"interpolation은 {INTERPOLATIONS} 중 하나여야 합니다. 받은 값: {interpolation!r}")
    evaluated = evaluate_detections(detections, ground_truths, thresholds)
    if not evaluated:
        raise ValueError("정답 상자가 하나도 없어 mAP를 계산할 수 없습니다.")
    table = np.array(
        [
            [
                average_precision(*_curve(item["true_positives"][t], item["num_ground_truths"]), interpolation)
                for item in evaluated.values()
            ]
            for t in range(len(thresholds))
        ]
    )
    return table.mean(axis=1)


def coco_mean_average_precision(detections, ground_truths, iou_thresholds=COCO_IOU_THRESHOLDS) -> float:
    """COCO mAP (AP@[.50:.05:.95]): IoU 임계값 0.50, 0.55, ..., 0.95마다 101점 mAP를 구해 평균.

    ``COCO mAP = (1/T) Σ_t (1/K) Σ_c AP_101(c, t)``. pycocotools의 ``stats[0]`` 과 같은 값입니다
    (설정은 모듈 설명 참고).
    """
    return float(np.mean(mean_average_precision_per_threshold(detections, ground_truths, iou_thresholds, "101_points")))


# ---------------------------------------------------------------------------
# NMS
# ---------------------------------------------------------------------------


def non_max_suppression(
    boxes, scores, iou_threshold: float = 0.5, max_output_size=None, score_threshold=None
) -> np.ndarray:
    """비최대 억제(NMS, non-maximum suppression): 많이 겹치는 상자 중 점수가 가장 높은 것만 남깁니다.

    점수 내림차순(같은 점수는 앞 번호 먼저)으로 상자를 보면서, 이미 고른 상자와의 IoU가
    ``iou_threshold`` 보다 **큰** 상자는 버리고 나머지를 고릅니다. ``tf.image.non_max_suppression`` 과 같은 규칙입니다.

    Args:
        boxes: ``(N, 4)`` 모서리 상자.
        scores: ``(N,)`` 점수(0~1).
        iou_threshold: 이 값보다 IoU가 크면 억제 [0, 1].
        max_output_size: 최대 몇 개를 고를지(``None`` 이면 제한 없음).
        score_threshold: 점수가 이 값보다 큰 상자만 후보로 씀(``None`` 이면 모두).

    Returns:
        고른 상자의 번호 ``(K,)`` int64, 점수 내림차순.
    """
    boxes = corner_boxes(boxes, "boxes", ndim=2)
    scores = unit_scores(scores, "scores", len(boxes))
    threshold = real_number(iou_threshold, "iou_threshold", minimum=0.0, maximum=1.0)
    max_output_size = integer(max_output_size, "max_output_size", minimum=0, allow_none=True)
    order = _descending_order(scores)
    if score_threshold is not None:
        order = order[scores[order] > float(score_threshold)]
    limit = len(order) if max_output_size is None else int(max_output_size)
    selected = []
    for index in order:
        if len(selected) >= limit:
            break
        if selected and np.any(box_iou(boxes[index], boxes[selected]) > threshold):
            continue
        selected.append(int(index))
    return np.array(selected, dtype=np.int64)
