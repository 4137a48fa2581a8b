"""09 장면 검출 탐색기(course_utils.explorers.scenes): 손으로 계산한 예, detection 도우미·TensorFlow와 비교, 잘못된 입력."""

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
tf = pytest.importorskip("tensorflow")

from conftest import PNG_SIGNATURE, assert_korean_value_error  # noqa: E402
from course_utils import detection  # noqa: E402
from course_utils.explorers import SceneDetectionExplorer  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")


def hand_made_scene():
    """정답: A = (10, 10, 30, 30) 클래스 1, B = (40, 40, 60, 60) 클래스 2.

    후보(클래스 3개, 점수는 한 클래스에만): A 그대로 0.9(1), A를 옆으로 4픽셀 민 상자 0.8(1, A와 IoU 0.6667),
    B 그대로 0.7(2), 엉뚱한 곳 0.3(1).
    """
    images = np.zeros((1, 64, 64), dtype=np.uint8)
    truths = [{"boxes": np.array([[10, 10, 30, 30], [40, 40, 60, 60]], float), "labels": np.array([1, 2])}]
    boxes = np.array([[[10, 10, 30, 30], [14, 10, 34, 30], [40, 40, 60, 60], [0, 40, 8, 48]]], float)
    scores = np.zeros((1, 4, 3))
    scores[0, [0, 1, 2, 3], [1, 1, 2, 1]] = [0.9, 0.8, 0.7, 0.3]
    return images, truths, boxes, scores


def test_hand_computed_tp_fp_and_map_follow_each_threshold():
    explorer = SceneDetectionExplorer(*hand_made_scene())
    assert detection.iou((10, 10, 30, 30), (14, 10, 34, 30)) == pytest.approx(2 / 3)
    state = explorer.state(iou_threshold=0.5, score_threshold=0.05, nms_threshold=0.5)
    found = state["detections"][0]
    # NMS 0.5: 민 상자(IoU 0.667 > 0.5)는 억제, 엉뚱한 상자는 다른 상자와 겹치지 않아 남음
    np.testing.assert_allclose(found["scores"], [0.9, 0.7, 0.3])
    np.testing.assert_array_equal(found["labels"], [1, 2, 1])
    np.testing.assert_array_equal(state["true_positive"][0], [True, True, False])
    # 클래스 1: TP(0.9), FP(0.3), 정답 1개 → 재현율 1에서 정밀도 1 → AP 1; 클래스 2: AP 1
    assert state["per_class_ap"] == {1: pytest.approx(1.0), 2: pytest.approx(1.0)}
    assert state["map"] == pytest.approx(1.0)

    loose = explorer.state(nms_threshold=0.7)  # 민 상자가 살아남아 같은 A에 두 번째로 짝지으려는 FP
    np.testing.assert_allclose(loose["detections"][0]["scores"], [0.9, 0.8, 0.7, 0.3])
    np.testing.assert_array_equal(loose["true_positive"][0], [True, False, True, False])

    strict_score = explorer.state(score_threshold=0.5)  # 엉뚱한 상자(0.3)는 후보에서 빠짐
    np.testing.assert_allclose(strict_score["detections"][0]["scores"], [0.9, 0.7])

    # 평가 IoU 0.7: 그대로인 상자는 IoU 1이라 그대로 TP. NMS 0.7에서 민 상자(0.667)는 여전히 FP
    strict_iou = explorer.state(iou_threshold=0.7, nms_threshold=0.7)
    np.testing.assert_array_equal(strict_iou["true_positive"][0], [True, False, True, False])


def test_state_matches_detection_helpers_and_tensorflow_combined_nms():
    rng = np.random.default_rng(0)
    count, candidates, classes = 6, 30, 4
    corners = rng.uniform(0, 44, size=(count, candidates, 2))
    boxes = np.concatenate([corners, corners + rng.uniform(4, 20, size=(count, candidates, 2))], axis=-1)
    scores = rng.random((count, candidates, classes)) ** 3
    truths = []
    for i in range(count):
        picks = rng.choice(candidates, size=3, replace=False)
        shift = np.tile(rng.normal(0, 1.5, size=(3, 2)), 2)  # 상자를 통째로 조금 옮긴 정답
        truths.append({"boxes": boxes[i, picks] + shift, "labels": rng.integers(0, classes, 3)})
    images = rng.integers(0, 256, size=(count, 64, 64, 1)).astype(np.uint8)
    explorer = SceneDetectionExplorer(images, truths, boxes, scores)
    for nms_threshold, score_threshold, iou_threshold in [(0.5, 0.05, 0.5), (0.3, 0.2, 0.75), (0.8, 0.0, 0.3)]:
        state = explorer.state(
            iou_threshold=iou_threshold, score_threshold=score_threshold, nms_threshold=nms_threshold
        )
        nms_boxes, nms_scores, nms_classes, valid = tf.image.combined_non_max_suppression(
            boxes[:, :, None, :].astype(np.float32),
            scores.astype(np.float32),
            max_output_size_per_class=candidates,
            max_total_size=candidates * classes,
            iou_threshold=nms_threshold,
            score_threshold=score_threshold,
            clip_boxes=False,
        )
        for i, found in enumerate(state["detections"]):
            n = int(valid[i])
            assert n == len(found["scores"])
            np.testing.assert_allclose(nms_scores[i, :n].numpy(), found["scores"], atol=1e-6)
            np.testing.assert_array_equal(nms_classes[i, :n].numpy().astype(int), found["labels"])
            np.testing.assert_allclose(nms_boxes[i, :n].numpy(), found["boxes"], atol=1e-4)
        expected = detection.mean_average_precision(state["detections"], truths, iou_threshold, "101_points")
        assert state["map"] == pytest.approx(expected)
        per_class = detection.class_average_precisions(state["detections"], truths, iou_threshold, "101_points")
        assert state["per_class_ap"] == pytest.approx(per_class)


def test_render_widget_and_static_figure():
    explorer = SceneDetectionExplorer(*hand_made_scene(), gallery_size=1)
    state, png = explorer.render()
    assert png.startswith(PNG_SIGNATURE) and state["error"] is None
    assert any("mAP(101점) = 1.000" in line for line in state["lines"])
    moved = explorer.set_values(nms_threshold=0.75)
    assert len(moved["detections"][0]["scores"]) == 4
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "TP 2개, FP 2개" in bundle["text/plain"]


def test_bad_thresholds_become_korean_error_states():
    explorer = SceneDetectionExplorer(*hand_made_scene())
    for values, word in [
        ({"iou_threshold": 0.0}, "IoU 임계값"),
        ({"score_threshold": 1.0}, "점수 임계값"),
        ({"nms_threshold": 1.5}, "NMS 임계값"),
    ]:
        state, png = explorer.render(**values)
        assert word in state["error"] and png is None


def test_scene_explorer_rejects_bad_inputs_in_korean():
    images, truths, boxes, scores = hand_made_scene()
    assert_korean_value_error(SceneDetectionExplorer, images, [], boxes, scores, match="ground_truths")
    assert_korean_value_error(SceneDetectionExplorer, images, truths, boxes[0], scores, match="candidate_boxes")
    assert_korean_value_error(SceneDetectionExplorer, images, truths, boxes, scores[:, :2], match="candidate_scores")
    assert_korean_value_error(SceneDetectionExplorer, images, truths, boxes, scores * 2, match="0~1")
    assert_korean_value_error(SceneDetectionExplorer, images, truths, boxes[:, :, [2, 1, 0, 3]], scores, match="음수")
