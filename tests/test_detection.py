"""course_utils.detection: 손 계산, 성질(hypothesis), 참조 구현(pycocotools, VOC 개발 도구, TensorFlow NMS)과 비교.

pycocotools 설정(두 구현이 같은 양을 계산하도록)
-----------------------------------------------
* 상자: 모서리 ``(x_min, y_min, x_max, y_max)`` → COCO ``bbox = [x_min, y_min, w, h]`` (:func:`corners_to_xywh`).
  정답 주석에는 ``area = w * h``, ``iscrowd = 0``, 1부터 시작하는 ``id`` 를 넣습니다(pycocotools는 id 0을
  "매칭 없음"으로 씀). 클래스 c는 ``category_id = c + 1``, 이미지 i는 ``image_id = i + 1`` (목록 순서 = id 순서).
* ``params.areaRng = [[0, 1e10]]``, ``params.areaRngLbl = ["all"]``: 넓이로 무시되는 상자가 없게 합니다.
* ``params.maxDets = [10000]``: 이미지·클래스당 검출 수보다 크게(우리 쪽은 검출을 모두 씀).
* ``params.iouThrs``: 기본값 ``linspace(0.5, 0.95, 10)`` (우리 :data:`COCO_IOU_THRESHOLDS` 와 같은 배열).
* 결과: ``eval["precision"][t, :, k, 0, -1]`` (101개 재현율 점의 보간 정밀도)의 평균이 클래스 k, 임계값 t의
  101점 AP이고, -1(정답 없는 클래스)을 뺀 전체 평균이 COCO mAP, t = 0(0.5)과 t = 5(0.75)만의 평균이 AP50, AP75입니다.
"""

import contextlib
import io
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import assert_korean_value_error
from course_utils import detection as D

# ---------------------------------------------------------------------------
# 상자 형식
# ---------------------------------------------------------------------------


def test_box_format_conversions_by_hand():
    corners = np.array([[10.0, 20.0, 30.0, 60.0]])
    np.testing.assert_array_equal(D.corners_to_center(corners), [[20.0, 40.0, 20.0, 40.0]])
    np.testing.assert_array_equal(D.center_to_corners([[20.0, 40.0, 20.0, 40.0]]), corners)
    np.testing.assert_array_equal(D.corners_to_xywh(corners), [[10.0, 20.0, 20.0, 40.0]])


box_coordinate = st.floats(-100, 100, allow_nan=False, allow_infinity=False, width=32)
box_size = st.floats(0, 100, allow_nan=False, allow_infinity=False, width=32)
positive_size = st.floats(0.5, 100, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def boxes(draw, size=box_size):
    x, y = draw(box_coordinate), draw(box_coordinate)
    return np.array([x, y, x + draw(size), y + draw(size)], dtype=np.float64)


@settings(max_examples=200, deadline=None)
@given(boxes())
def test_conversions_round_trip(box):
    np.testing.assert_allclose(D.center_to_corners(D.corners_to_center(box)), box, rtol=0, atol=1e-9)
    x, y, w, h = D.corners_to_xywh(box)
    np.testing.assert_allclose([x, y, x + w, y + h], box, rtol=0, atol=1e-9)


# ---------------------------------------------------------------------------
# IoU
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([0, 0, 2, 2], [1, 1, 3, 3], 1 / 7),  # 교집합 1, 합집합 4 + 4 - 1 = 7
        ([0, 0, 4, 4], [1, 1, 3, 3], 4 / 16),  # 안에 들어 있음
        ([0, 0, 2, 2], [2, 0, 4, 2], 0.0),  # 변만 맞닿음
        ([0, 0, 2, 2], [5, 5, 6, 6], 0.0),  # 떨어져 있음
        ([0, 0, 10, 10], [0, 0, 10, 10], 1.0),
        ([0, 0, 10, 10], [5, 0, 15, 10], 50 / 150),  # 절반 겹침
        ([0, 0, 0, 10], [0, 0, 0, 10], 0.0),  # 넓이 0인 상자(pycocotools도 0)
    ],
)
def test_iou_hand_computed(a, b, expected):
    assert D.iou(a, b) == pytest.approx(expected, abs=1e-15)
    assert D.iou(b, a) == pytest.approx(expected, abs=1e-15)


def test_pairwise_iou_equals_pycocotools_mask_iou():
    from pycocotools import mask as mask_utils

    rng = np.random.default_rng(0)
    for quant in (None, 4):
        a = _random_boxes(rng, 17, quant)
        b = _random_boxes(rng, 9, quant)
        reference = mask_utils.iou(D.corners_to_xywh(a).tolist(), D.corners_to_xywh(b).tolist(), [0] * len(b))
        ours = D.pairwise_iou(a, b)
        assert ours.shape == (17, 9)
        np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(D.iou(a[:9], b), np.diag(ours[:9]))


@settings(max_examples=300, deadline=None)
@given(boxes(), boxes())
def test_iou_properties(a, b):
    value = D.iou(a, b)
    assert 0.0 <= value <= 1.0
    assert value == D.iou(b, a)
    assert D.pairwise_iou(a[None], b[None])[0, 0] == value


@settings(max_examples=200, deadline=None)
@given(boxes(positive_size), st.floats(-50, 50), st.floats(0.25, 4))
def test_iou_of_box_with_itself_is_one_and_invariant_to_shift_and_scale(box, shift, scale):
    assert D.iou(box, box) == pytest.approx(1.0, abs=1e-12)
    other = box + np.array([1.0, 2.0, 3.0, 4.0])
    moved_scaled = (box + shift) * scale, (other + shift) * scale
    assert D.iou(*moved_scaled) == pytest.approx(D.iou(box, other), abs=1e-9)


# ---------------------------------------------------------------------------
# 매칭, 정밀도·재현율
# ---------------------------------------------------------------------------


def test_match_detections_by_hand():
    truths = np.array([[0, 0, 10, 10], [20, 0, 30, 10]], dtype=float)
    detections = np.array(
        [
            [0, 0, 10, 9],  # 정답 0과 IoU 0.9 (점수 0.6)
            [1, 0, 11, 10],  # 정답 0과 IoU 9/11 (점수 0.9, 먼저 매칭)
            [20, 0, 26, 10],  # 정답 1과 IoU 0.6
            [50, 50, 60, 60],  # 아무것과도 안 겹침
        ],
        dtype=float,
    )
    scores = np.array([0.6, 0.9, 0.8, 0.95])
    # 점수 순서: 3(FP), 1(정답 0과 TP), 2(정답 1과 TP), 0(정답 0은 이미 매칭 → FP)
    assert D.match_detections(detections, scores, truths, 0.5).tolist() == [False, True, True, False]
    assert D.match_detections(detections, scores, truths, 0.7).tolist() == [False, True, False, False]
    assert D.match_detections(np.zeros((0, 4)), np.zeros(0), truths).tolist() == []
    assert D.match_detections(detections, scores, np.zeros((0, 4))).tolist() == [False] * 4


def test_match_takes_best_unmatched_ground_truth_like_coco():
    # 검출 A(점수 높음)가 정답 0을 가져간 뒤, 검출 B는 IoU가 더 큰 정답 0 대신 남은 정답 1과 짝지어짐
    # (VOC 개발 도구라면 B는 FP).
    truths = np.array([[0, 0, 10, 10], [4, 0, 14, 10]], dtype=float)
    detections = np.array([[0, 0, 10, 10], [2, 0, 12, 10]], dtype=float)
    assert D.pairwise_iou(detections[1:], truths).round(4).tolist() == [[round(8 / 12, 4), round(8 / 12, 4)]]
    assert D.match_detections(detections, [0.9, 0.8], truths, 0.5).tolist() == [True, True]


def test_assign_detections_names_the_matched_ground_truth():
    # test_match_detections_by_hand의 장면: 점수 순서 3(FP), 1(정답 0), 2(정답 1), 0(정답 0은 이미 짝 → FP)
    truths = np.array([[0, 0, 10, 10], [20, 0, 30, 10]], dtype=float)
    detections = np.array([[0, 0, 10, 9], [1, 0, 11, 10], [20, 0, 26, 10], [50, 50, 60, 60]], dtype=float)
    scores = np.array([0.6, 0.9, 0.8, 0.95])
    assert D.assign_detections(detections, scores, truths, 0.5).tolist() == [-1, 0, 1, -1]
    assert D.assign_detections(detections, scores, truths, 0.7).tolist() == [-1, 0, -1, -1]
    # COCO 규칙: B는 IoU가 같은 두 정답 중 남은 정답 1과 짝
    coco_truths = np.array([[0, 0, 10, 10], [4, 0, 14, 10]], dtype=float)
    coco_detections = np.array([[0, 0, 10, 10], [2, 0, 12, 10]], dtype=float)
    assert D.assign_detections(coco_detections, [0.9, 0.8], coco_truths, 0.5).tolist() == [0, 1]
    # 검출이 하나이고 IoU가 같은 정답이 둘이면 뒤쪽 정답(pycocotools와 같음)
    assert D.assign_detections(coco_detections[1:], [0.8], coco_truths, 0.5).tolist() == [1]
    assert D.assign_detections(np.zeros((0, 4)), np.zeros(0), truths).tolist() == []
    assert D.assign_detections(detections, scores, np.zeros((0, 4))).tolist() == [-1] * 4


def test_assign_detections_equals_pycocotools_dt_matches():
    # pycocotools의 evalImgs["dtMatches"]는 검출(점수 내림차순)마다 짝지어진 정답의 id(없으면 0)입니다.
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(30):
        num_classes = int(rng.integers(1, 4))
        detections, truths = random_detection_set(rng, int(rng.integers(1, 8)), num_classes, quant=4)
        if sum(len(d["scores"]) for d in detections) == 0 or sum(len(t["labels"]) for t in truths) == 0:
            continue
        evaluator = coco_evaluator(detections, truths, num_classes)
        for entry in evaluator.evalImgs:
            if entry is None:
                continue
            image, label = entry["image_id"] - 1, entry["category_id"] - 1
            truth_ids = [a["id"] for a in evaluator.cocoGt.loadAnns(evaluator.cocoGt.getAnnIds(imgIds=[image + 1]))]
            truth_labels = np.asarray(truths[image]["labels"])
            class_truth_ids = np.asarray(truth_ids)[truth_labels == label]
            mine = np.asarray(detections[image]["labels"]) == label
            boxes = np.reshape(detections[image]["boxes"], (-1, 4))[mine]
            scores = np.asarray(detections[image]["scores"])[mine]
            order = np.argsort(-scores, kind="mergesort")  # pycocotools의 검출 순서
            for t, threshold in enumerate(D.COCO_IOU_THRESHOLDS):
                assigned = D.assign_detections(boxes, scores, truths[image]["boxes"][truth_labels == label], threshold)
                expected = entry["dtMatches"][t].astype(int)  # 정답 id, 0이면 짝 없음
                ours = np.append(class_truth_ids, 0)[assigned[order]]  # -1(짝 없음) → 마지막의 0
                assert ours.tolist() == expected.tolist()
            checked += 1
    assert checked >= 30


def test_precision_recall_curve_by_hand():
    scores = np.array([0.3, 0.9, 0.5, 0.8, 0.1])
    flags = np.array([False, True, True, False, True])
    precisions, recalls = D.precision_recall_curve(scores, flags, num_ground_truths=3)
    # 점수 순서 0.9(T) 0.8(F) 0.5(T) 0.3(F) 0.1(T)
    np.testing.assert_allclose(precisions, [1, 1 / 2, 2 / 3, 2 / 4, 3 / 5])
    np.testing.assert_allclose(recalls, [1 / 3, 1 / 3, 2 / 3, 2 / 3, 1])


# ---------------------------------------------------------------------------
# AP
# ---------------------------------------------------------------------------

HAND_PRECISIONS = np.array([1, 1 / 2, 2 / 3, 2 / 4, 3 / 5])
HAND_RECALLS = np.array([1 / 3, 1 / 3, 2 / 3, 2 / 3, 1])


def test_maximum_precisions_of_source_example():
    precisions = [0.91, 0.94, 0.96, 0.94, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]
    expected = [0.96, 0.96, 0.96, 0.95, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]  # 손 계산
    np.testing.assert_array_equal(D.maximum_precisions(precisions), expected)
    # 책의 mAP 선: 최대 정밀도의 평균 = (0.96·3 + 0.95·2 + 0.92 + 0.80 + 0.60 + 0.45 + 0.20 + 0.10) / 11 = 7.85 / 11
    assert D.average_precision(D.maximum_precisions(precisions), np.linspace(0, 1, 11), "11_points") == pytest.approx(
        7.85 / 11, abs=1e-12
    )


@pytest.mark.parametrize(
    "interpolation, expected",
    [
        # 포락선 [1, 2/3, 2/3, 3/5, 3/5]
        ("all_points", 1 / 3 * 1 + 1 / 3 * 2 / 3 + 1 / 3 * 3 / 5),  # = 34/45
        ("11_points", (4 * 1 + 3 * 2 / 3 + 4 * 3 / 5) / 11),  # r=0~0.3 / 0.4~0.6 / 0.7~1.0
        ("101_points", (34 * 1 + 33 * 2 / 3 + 34 * 3 / 5) / 101),  # r=0~0.33 / 0.34~0.66 / 0.67~1.0
    ],
)
def test_average_precision_by_hand(interpolation, expected):
    assert D.average_precision(HAND_PRECISIONS, HAND_RECALLS, interpolation) == pytest.approx(expected, abs=1e-12)


def test_eleven_point_counts_recall_exactly_at_a_recall_point():
    # 재현율이 정확히 3/10인 점은 재현율 점 0.3에 포함: r = 0, 0.1, 0.2, 0.3에서 1 → 4/11
    # (VOC 코드의 arange 값 0.30000000000000004라면 빠져서 3/11).
    precisions, recalls = np.array([1.0, 0.5]), np.array([3 / 10, 3 / 10])
    assert D.average_precision(precisions, recalls, "11_points") == pytest.approx(4 / 11, abs=1e-15)
    assert voc_ap_reference(recalls, precisions, True) == pytest.approx(3 / 11, abs=1e-15)


def voc_ap_reference(rec, prec, use_07_metric):
    """py-faster-rcnn ``voc_eval.voc_ap`` 그대로(VOC 개발 도구의 파이썬 판)."""
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap = ap + p / 11.0
    else:
        mrec = np.concatenate(([0.0], rec, [1.0]))
        mpre = np.concatenate(([0.0], prec, [0.0]))
        for i in range(mpre.size - 1, 0, -1):
            mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
        i = np.where(mrec[1:] != mrec[:-1])[0]
        ap = np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])
    return ap


def test_voc_interpolations_equal_voc_devkit_reference():
    rng = np.random.default_rng(3)
    for _ in range(300):
        # 정답 수를 2와 5의 배수가 아니게 하면 재현율이 0.1의 배수에 걸리지 않아 arange 문제와 무관
        num_truths = int(rng.choice([3, 7, 9, 11, 13, 17]))
        count = int(rng.integers(1, 40))
        flags = np.zeros(count, dtype=bool)
        flags[rng.choice(count, size=min(count, int(rng.integers(0, num_truths + 1))), replace=False)] = True
        precisions, recalls = D.precision_recall_curve(rng.random(count), flags, num_truths)
        assert D.average_precision(precisions, recalls, "all_points") == pytest.approx(
            voc_ap_reference(recalls, precisions, False), abs=1e-12
        )
        assert D.average_precision(precisions, recalls, "11_points") == pytest.approx(
            voc_ap_reference(recalls, precisions, True), abs=1e-12
        )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), min_size=0, max_size=40), st.integers(0, 10), st.randoms(use_true_random=False))
def test_average_precision_properties(flags, missing, random):
    flags = np.array(flags, dtype=bool)
    num_truths = int(flags.sum()) + missing
    if num_truths == 0:
        return
    scores = np.array([random.random() for _ in flags])
    precisions, recalls = D.precision_recall_curve(scores, flags, num_truths)
    envelope = D.maximum_precisions(precisions)
    assert np.all(envelope >= precisions) and np.all(np.diff(envelope) <= 0)
    values = {name: D.average_precision(precisions, recalls, name) for name in D.INTERPOLATIONS}
    for value in values.values():
        assert 0.0 <= value <= 1.0
    if missing == 0 and len(flags) and np.all(flags[np.argsort(-scores, kind="mergesort")][: int(flags.sum())]):
        # 모든 TP가 FP보다 점수가 높고 정답을 다 찾으면 AP = 1
        assert all(v == pytest.approx(1.0) for v in values.values())


def test_perfect_detections_give_ap_one():
    rng = np.random.default_rng(5)
    truths = [{"boxes": _random_boxes(rng, 4), "labels": rng.integers(0, 3, 4)} for _ in range(6)]
    detections = [{"boxes": t["boxes"], "labels": t["labels"], "scores": rng.random(4)} for t in truths]
    for interpolation in D.INTERPOLATIONS:
        assert D.mean_average_precision(detections, truths, 0.5, interpolation) == pytest.approx(1.0)
    assert D.coco_mean_average_precision(detections, truths) == pytest.approx(1.0)


def test_multi_image_map_by_hand():
    # 클래스 0: 정답 2개(이미지 0, 1), 검출 3개: 0.9(이미지 0, TP) 0.7(이미지 1, FP: IoU 낮음) 0.6(이미지 1, TP)
    #   → P = 1, 1/2, 2/3, R = 1/2, 1/2, 1 → 포락선 1, 2/3, 2/3 → all-point AP = 1/2·1 + 1/2·2/3 = 5/6
    # 클래스 1: 정답 1개(이미지 1), 검출 없음 → AP 0.  클래스 2: 정답 없음 → 평균에서 빠짐(검출도 무시)
    truths = [
        {"boxes": [[0, 0, 10, 10]], "labels": [0]},
        {"boxes": [[0, 0, 10, 10], [20, 20, 30, 30]], "labels": [0, 1]},
    ]
    detections = [
        {"boxes": [[0, 0, 10, 10], [0, 0, 5, 5]], "labels": [0, 2], "scores": [0.9, 0.99]},
        {"boxes": [[5, 5, 15, 15], [0, 0, 10, 11]], "labels": [0, 0], "scores": [0.7, 0.6]},
    ]
    per_class = D.class_average_precisions(detections, truths, 0.5, "all_points")
    assert list(per_class) == [0, 1]
    assert per_class[0] == pytest.approx(5 / 6) and per_class[1] == 0.0
    assert D.mean_average_precision(detections, truths, 0.5, "all_points") == pytest.approx(5 / 12)
    curves = D.class_precision_recall_curves(detections, truths, 0.5)
    np.testing.assert_allclose(curves[0][0], [1, 1 / 2, 2 / 3])
    np.testing.assert_allclose(curves[0][1], [1 / 2, 1 / 2, 1])
    assert len(curves[1][0]) == 0


def test_per_threshold_map_equals_separate_calls():
    rng = np.random.default_rng(11)
    detections, truths = random_detection_set(rng, 8, 3)
    table = D.mean_average_precision_per_threshold(detections, truths, D.COCO_IOU_THRESHOLDS, "all_points")
    separate = [D.mean_average_precision(detections, truths, t, "all_points") for t in D.COCO_IOU_THRESHOLDS]
    np.testing.assert_allclose(table, separate, rtol=0, atol=1e-15)
    assert np.all(np.diff(table) <= 1e-12)  # 임계값이 높을수록 mAP는 늘지 않음


# ---------------------------------------------------------------------------
# pycocotools와 비교
# ---------------------------------------------------------------------------


def _random_boxes(rng, count, quant=None):
    corner = rng.uniform(0, 80, (count, 2))
    size = rng.uniform(1, 40, (count, 2))
    result = np.concatenate([corner, corner + size], axis=1)
    if quant:  # 1/quant 격자: IoU가 임계값과 정확히 같은 경우가 자주 생김
        result = np.round(result * quant) / quant
    return result


def random_detection_set(rng, num_images, num_classes, quant=None):
    """여러 이미지·여러 클래스의 무작위 정답과 검출(정답을 흔든 검출 + 무작위 검출, 같은 점수 포함)."""
    detections, truths = [], []
    for _ in range(num_images):
        count = int(rng.integers(0, 6))
        gt_boxes = _random_boxes(rng, count, quant)
        gt_labels = rng.integers(0, num_classes, count)
        det_boxes = _random_boxes(rng, int(rng.integers(0, 8)), quant)
        det_labels = rng.integers(0, num_classes, len(det_boxes))
        if count:
            chosen = rng.integers(0, count, int(rng.integers(0, 2 * count + 1)))
            jittered = gt_boxes[chosen] + rng.normal(0, 3, (len(chosen), 4))
            if quant:
                jittered = np.round(jittered * quant) / quant
            jittered[:, 2:] = np.maximum(jittered[:, 2:], jittered[:, :2])
            det_boxes = np.concatenate([det_boxes, jittered])
            keep_label = rng.random(len(chosen)) < 0.85
            det_labels = np.concatenate(
                [det_labels, np.where(keep_label, gt_labels[chosen], rng.integers(0, num_classes, len(chosen)))]
            )
        scores = rng.random(len(det_boxes))
        if quant:
            scores = np.round(scores * 10) / 10  # 같은 점수(순서 규칙 확인)
        truths.append({"boxes": gt_boxes, "labels": gt_labels})
        detections.append({"boxes": det_boxes, "labels": det_labels, "scores": scores})
    return detections, truths


def coco_precision(detections, truths, num_classes, max_dets=10000, default_params=False):
    """pycocotools로 평가해 ``eval["precision"][:, :, :, 0, -1]`` ``(T, 101, K)`` 와 stats를 돌려줍니다."""
    evaluator = coco_evaluator(detections, truths, num_classes, max_dets, default_params)
    np.testing.assert_array_equal(evaluator.params.iouThrs, D.COCO_IOU_THRESHOLDS)
    np.testing.assert_array_equal(evaluator.params.recThrs, D.COCO_RECALL_POINTS)
    return evaluator.eval["precision"][:, :, :, 0, -1], evaluator.stats


def coco_evaluator(detections, truths, num_classes, max_dets=10000, default_params=False):
    """pycocotools의 ``COCOeval`` 로 ``evaluate(); accumulate()`` 까지 마친 평가기(정답 주석 id는 1부터 차례로)."""
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    annotations = []
    for image, truth in enumerate(truths):
        for box, label in zip(D.corners_to_xywh(np.reshape(truth["boxes"], (-1, 4))), truth["labels"]):
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": image + 1,
                    "category_id": int(label) + 1,
                    "bbox": box.tolist(),
                    "area": float(box[2] * box[3]),
                    "iscrowd": 0,
                }
            )
    results = []
    for image, det in enumerate(detections):
        for box, label, score in zip(
            D.corners_to_xywh(np.reshape(det["boxes"], (-1, 4))), det["labels"], det["scores"]
        ):
            results.append(
                {"image_id": image + 1, "category_id": int(label) + 1, "bbox": box.tolist(), "score": float(score)}
            )
    ground_truth = COCO()
    ground_truth.dataset = {
        "images": [{"id": i + 1} for i in range(len(truths))],
        "annotations": annotations,
        "categories": [{"id": c + 1} for c in range(num_classes)],
    }
    with contextlib.redirect_stdout(io.StringIO()):
        ground_truth.createIndex()
        evaluator = COCOeval(ground_truth, ground_truth.loadRes(results), "bbox")
        if not default_params:
            evaluator.params.areaRng = [[0, 1e10]]
            evaluator.params.areaRngLbl = ["all"]
            evaluator.params.maxDets = [max_dets]
        evaluator.evaluate()
        evaluator.accumulate()
        if default_params:
            evaluator.summarize()
    return evaluator


def _valid_mean(values):
    return values[values > -1].mean()


@pytest.mark.parametrize("quant", [None, 4, 1])
def test_coco_map_ap50_ap75_and_per_class_ap_equal_pycocotools(quant):
    rng = np.random.default_rng({None: 0, 4: 1, 1: 2}[quant])
    checked = 0
    for _ in range(60):
        num_classes = int(rng.integers(1, 5))
        detections, truths = random_detection_set(rng, int(rng.integers(1, 12)), num_classes, quant)
        if sum(len(d["scores"]) for d in detections) == 0 or sum(len(t["labels"]) for t in truths) == 0:
            continue  # pycocotools.loadRes는 빈 결과를, 평가는 정답 없는 데이터를 다루지 못함
        precision, _ = coco_precision(detections, truths, num_classes)
        assert D.coco_mean_average_precision(detections, truths) == pytest.approx(_valid_mean(precision), abs=1e-6)
        ap50 = D.mean_average_precision(detections, truths, 0.5, "101_points")
        ap75 = D.mean_average_precision(detections, truths, D.COCO_IOU_THRESHOLDS[5], "101_points")
        assert ap50 == pytest.approx(_valid_mean(precision[0]), abs=1e-6)
        assert ap75 == pytest.approx(_valid_mean(precision[5]), abs=1e-6)
        for t, threshold in enumerate(D.COCO_IOU_THRESHOLDS):
            per_class = D.class_average_precisions(detections, truths, threshold, "101_points")
            expected = {k: precision[t, :, k].mean() for k in range(num_classes) if precision[t, 0, k] > -1}
            assert per_class.keys() == expected.keys()
            for k, value in expected.items():
                assert per_class[k] == pytest.approx(value, abs=1e-6)
        checked += 1
    assert checked >= 40


def test_default_cocoeval_summary_matches_when_areas_and_counts_fit_defaults():
    # 기본 설정(areaRng "all" = [0, 1e10], maxDets 100)에서도 넓이 < 1e10, 이미지당 검출 < 100이면 같음.
    rng = np.random.default_rng(8)
    detections, truths = random_detection_set(rng, 10, 3)
    _, stats = coco_precision(detections, truths, 3, default_params=True)
    assert D.coco_mean_average_precision(detections, truths) == pytest.approx(stats[0], abs=1e-6)
    assert D.mean_average_precision(detections, truths, 0.5, "101_points") == pytest.approx(stats[1], abs=1e-6)
    assert D.mean_average_precision(detections, truths, 0.75, "101_points") == pytest.approx(stats[2], abs=1e-6)


# ---------------------------------------------------------------------------
# NMS
# ---------------------------------------------------------------------------


def test_nms_by_hand():
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30], [0, 0, 10, 4]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    # 1번은 0번과 IoU 9/11 > 0.5 → 억제. 3번은 0번과 IoU 0.4 → 남음.
    assert D.non_max_suppression(boxes, scores, 0.5).tolist() == [0, 2, 3]
    assert D.non_max_suppression(boxes, scores, 0.3).tolist() == [0, 2]
    assert D.non_max_suppression(boxes, scores, 0.5, max_output_size=2).tolist() == [0, 2]
    assert D.non_max_suppression(boxes, scores, 0.5, score_threshold=0.65).tolist() == [0, 2]
    assert D.non_max_suppression(np.zeros((0, 4)), np.zeros(0)).tolist() == []


def test_nms_equals_tensorflow():
    import tensorflow as tf

    rng = np.random.default_rng(1)
    for trial in range(150):
        count = int(rng.integers(0, 30))
        corner = rng.integers(0, 40, (count, 2)) / 4
        size = rng.integers(0, 60, (count, 2)) / 4  # 넓이 0인 상자 포함, 좌표는 float32로 정확히 표현됨
        boxes = np.concatenate([corner, corner + size], axis=1).astype(np.float32)
        if trial % 2:
            scores = (rng.integers(0, 8, count) / 8).astype(np.float32)  # 같은 점수: 앞 번호 먼저
        else:
            scores = rng.random(count).astype(np.float32)
        threshold = [0.3, 0.5, 0.7, 0.0, 1.0][trial % 5]
        score_threshold = [None, 0.5][(trial // 5) % 2]
        max_output = int(rng.integers(0, count + 2))
        extra = {} if score_threshold is None else {"score_threshold": score_threshold}
        expected = tf.image.non_max_suppression(boxes, scores, max_output, iou_threshold=threshold, **extra).numpy()
        ours = D.non_max_suppression(boxes, scores, threshold, max_output, score_threshold)
        np.testing.assert_array_equal(ours, expected)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(boxes(positive_size), min_size=1, max_size=15), st.floats(0.05, 0.95), st.randoms(use_true_random=False)
)
def test_nms_properties(box_list, threshold, random):
    boxes_array = np.array(box_list)
    scores = np.array([random.random() for _ in box_list])
    kept = D.non_max_suppression(boxes_array, scores, threshold)
    assert len(kept) >= 1 and kept[0] == int(np.argmax(scores))
    assert np.all(np.diff(scores[kept]) <= 0)
    overlaps = D.pairwise_iou(boxes_array[kept], boxes_array[kept])
    assert np.all(overlaps[~np.eye(len(kept), dtype=bool)] <= threshold)
    # 버려진 상자는 모두 자기보다 점수가 높거나 같은, 남은 상자 하나와 threshold보다 많이 겹침
    for dropped in set(range(len(box_list))) - set(kept.tolist()):
        assert np.any(D.pairwise_iou(boxes_array[[dropped]], boxes_array[kept])[0] > threshold)


# ---------------------------------------------------------------------------
# 잘못된 입력
# ---------------------------------------------------------------------------

GOOD = {"boxes": [[0, 0, 1, 1]], "labels": [0]}


@pytest.mark.parametrize(
    "call",
    [
        lambda: D.iou([0, 0, -1, 1], [0, 0, 1, 1]),  # 음수 폭
        lambda: D.iou([0, 0, 1, math.nan], [0, 0, 1, 1]),  # NaN
        lambda: D.iou([0, 0, 1], [0, 0, 1, 1]),  # 좌표 3개
        lambda: D.iou(np.zeros((3, 4)), np.zeros((2, 4))),  # 모양 불일치
        lambda: D.pairwise_iou(np.zeros(4), np.zeros((2, 4))),  # 1차원
        lambda: D.center_to_corners([5, 5, -1, 2]),  # 음수 크기
        lambda: D.corners_to_xywh([[2, 0, 1, 1]]),  # x_max < x_min
        lambda: D.match_detections([[0, 0, 1, 1]], [1.5], [[0, 0, 1, 1]]),  # 점수 > 1
        lambda: D.match_detections([[0, 0, 1, 1]], [0.5, 0.4], [[0, 0, 1, 1]]),  # 길이 불일치
        lambda: D.match_detections([[0, 0, 1, 1]], [0.5], [[0, 0, 1, 1]], iou_threshold=0),
        lambda: D.assign_detections([[0, 0, 1, 1]], [1.5], [[0, 0, 1, 1]]),  # 점수 > 1
        lambda: D.assign_detections([[0, 0, 1, 1]], [0.5], [[0, 0, 1]]),  # 정답 좌표 3개
        lambda: D.assign_detections([[0, 0, 1, 1]], [0.5], [[0, 0, 1, 1]], iou_threshold=1.5),
        lambda: D.precision_recall_curve([0.5, -0.1], [True, False], 1),  # 점수 < 0
        lambda: D.precision_recall_curve([0.5, math.nan], [True, False], 1),
        lambda: D.precision_recall_curve([0.5, 0.4], [True, True], 1),  # TP가 정답보다 많음
        lambda: D.precision_recall_curve([0.5], [True], 0),
        lambda: D.average_precision([1.0, 0.5], [0.5, 0.25]),  # 재현율 감소
        lambda: D.average_precision([1.0], [0.5, 0.6]),
        lambda: D.average_precision([1.2], [0.5]),
        lambda: D.average_precision([1.0], [0.5], interpolation="11point"),
        lambda: D.maximum_precisions([[0.5]]),
        lambda: D.mean_average_precision([{"boxes": [[0, 0, 1, 1]], "labels": [0], "scores": [2.0]}], [GOOD]),
        lambda: D.mean_average_precision([{"boxes": [[0, 0, 1, 1]], "labels": [0], "scores": [0.5, 0.1]}], [GOOD]),
        lambda: D.mean_average_precision([{"boxes": [[1, 0, 0, 1]], "labels": [0], "scores": [0.5]}], [GOOD]),
        lambda: D.mean_average_precision([{"boxes": [[0, 0, 1, 1]], "labels": [-1], "scores": [0.5]}], [GOOD]),
        lambda: D.mean_average_precision([{"boxes": [[0, 0, 1, 1]], "labels": [0.5], "scores": [0.5]}], [GOOD]),
        lambda: D.mean_average_precision([{"boxes": [[0, 0, 1, 1]], "labels": [0]}], [GOOD]),  # scores 없음
        lambda: D.mean_average_precision([], [GOOD]),  # 이미지 수 불일치
        lambda: D.mean_average_precision([{"boxes": [], "labels": [], "scores": []}], [{"boxes": [], "labels": []}]),
        lambda: D.non_max_suppression([[0, 0, 1, 1]], [0.5], iou_threshold=1.5),
        lambda: D.non_max_suppression([[0, 0, 1, 1]], [math.nan]),
    ],
)
def test_bad_input_raises_value_error_in_korean(call):
    assert_korean_value_error(lambda: call())


def test_empty_inputs_are_allowed():
    # 검출이 없는 이미지와 정답이 없는 이미지: 정답 있는 클래스의 AP는 0
    detections = [{"boxes": [], "labels": [], "scores": []}, {"boxes": np.zeros((0, 4)), "labels": [], "scores": []}]
    truths = [GOOD, {"boxes": [], "labels": []}]
    assert D.mean_average_precision(detections, truths) == 0.0
    assert D.average_precision([], []) == 0.0
