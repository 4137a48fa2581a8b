import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from conftest import assert_korean_value_error  # noqa: E402
from course_utils.korean_font import use_korean_font  # noqa: E402
from course_utils.training_plots import plot_history  # noqa: E402


def test_plot_history_draws_train_and_validation_curves():
    use_korean_font()
    history = {
        "loss": [1.0, 0.5, 0.3],
        "val_loss": [1.1, 0.7, 0.6],
        "accuracy": [0.5, 0.8, 0.9],
        "val_accuracy": [0.4, 0.7, 0.8],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plot_history(history, title="학습 곡선")
        fig.canvas.draw()
    assert len(fig.axes) == 2
    loss_axis = fig.axes[0]
    assert [line.get_label() for line in loss_axis.lines] == ["훈련 손실", "검증 손실"]
    assert list(loss_axis.lines[1].get_ydata()) == [1.1, 0.7, 0.6]
    assert list(loss_axis.lines[0].get_xdata()) == [1, 2, 3]


def test_plot_history_accepts_keras_history_object():
    class FakeHistory:
        history = {"loss": [0.3, 0.2]}

    fig = plot_history(FakeHistory(), metrics=("loss", "accuracy"))
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1


@pytest.mark.parametrize("bad", [{}, [], {"loss": []}, {"loss": [1, 2], "val_loss": [1]}, {"auc": [1.0]}])
def test_plot_history_rejects_bad_input(bad):
    assert_korean_value_error(lambda: plot_history(bad))


# ---------------------------------------------------------------------------
# 혼동 행렬, 잘못 분류한 이미지, 예측 하나
# ---------------------------------------------------------------------------

import numpy as np  # noqa: E402

from course_utils.training_plots import (  # noqa: E402
    confusion_matrix,
    misclassified_indices,
    plot_confusion_matrix,
    plot_misclassified,
    plot_prediction,
)

NAMES = ["고양이", "개", "새"]


def _random_labels(seed=0, n=200, classes=4):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, classes, n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, classes, n))
    return y_true, y_pred


def test_confusion_matrix_hand_computed_case():
    # 실제 0을 0으로 2번, 1로 1번 / 실제 1을 1로 1번 / 실제 2를 0으로 1번
    matrix = confusion_matrix([0, 0, 0, 1, 2], [0, 1, 0, 1, 0], num_classes=3)
    assert matrix.tolist() == [[2, 1, 0], [0, 1, 0], [1, 0, 0]]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_confusion_matrix_matches_sklearn_and_tensorflow(seed):
    import tensorflow as tf
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    y_true, y_pred = _random_labels(seed, classes=5)
    ours = confusion_matrix(y_true, y_pred, num_classes=5)
    np.testing.assert_array_equal(ours, sk_confusion_matrix(y_true, y_pred, labels=range(5)))
    np.testing.assert_array_equal(ours, tf.math.confusion_matrix(y_true, y_pred, num_classes=5).numpy())
    assert ours.sum() == len(y_true) and np.trace(ours) == (y_true == y_pred).sum()


@pytest.mark.parametrize(
    "y_true, y_pred, num_classes",
    [
        ([0, 1], [0], None),  # 길이가 다름
        ([[0, 1]], [[0, 1]], None),  # 2차원
        ([0, -1], [0, 1], None),  # 음수
        ([0.5, 1.0], [0, 1], None),  # 정수가 아님
        ([0, 3], [0, 1], 3),  # 레이블 3인데 클래스 3개
        ([], [], None),  # 비어 있음
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, num_classes):
    assert_korean_value_error(lambda: confusion_matrix(y_true, y_pred, num_classes=num_classes))


def test_plot_confusion_matrix_shows_counts_and_korean_class_names():
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    use_korean_font()
    y_true, y_pred = _random_labels(3, n=90, classes=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 한글 글리프 누락 경고가 나면 실패
        fig = plot_confusion_matrix(y_true, y_pred, NAMES)
        fig.canvas.draw()
    ax = fig.axes[0]
    expected = sk_confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(ax.images[0].get_array(), expected)
    cell_texts = [t.get_text() for t in ax.texts]
    assert cell_texts == [str(v) for v in expected.ravel()]
    assert [t.get_text() for t in ax.get_xticklabels()] == NAMES
    assert [t.get_text() for t in ax.get_yticklabels()] == NAMES
    assert ax.get_xlabel() == "예측한 클래스" and ax.get_ylabel() == "실제 클래스"


def test_plot_confusion_matrix_normalized_rows_sum_to_one():
    y_true, y_pred = _random_labels(4, n=120, classes=3)
    fig = plot_confusion_matrix(y_true, y_pred, NAMES, normalize=True)
    shown = np.asarray(fig.axes[0].images[0].get_array())
    np.testing.assert_allclose(shown.sum(axis=1), 1.0)
    counts = np.bincount(y_true, minlength=3)
    assert shown[0, 0] == pytest.approx(np.sum((y_true == 0) & (y_pred == 0)) / counts[0])


def test_plot_confusion_matrix_rejects_too_few_names():
    assert_korean_value_error(lambda: plot_confusion_matrix([0, 1, 2], [0, 1, 2], ["a", "b"]))


def test_misclassified_indices_orders_by_confidence_of_the_wrong_class():
    y_true = np.array([0, 1, 2, 0, 1])
    y_pred = np.array([0, 2, 2, 1, 0])  # 틀린 것: 1, 3, 4
    probs = np.array(
        [
            [0.8, 0.1, 0.1],
            [0.1, 0.3, 0.6],  # 틀린 예측(2)의 확률 0.6
            [0.1, 0.1, 0.8],
            [0.05, 0.9, 0.05],  # 0.9 → 가장 자신 있게 틀림
            [0.5, 0.4, 0.1],  # 0.5
        ]
    )
    assert misclassified_indices(y_true, y_pred).tolist() == [1, 3, 4]
    assert misclassified_indices(y_true, y_pred, probs).tolist() == [3, 1, 4]


def test_misclassified_indices_rejects_logits():
    assert_korean_value_error(lambda: misclassified_indices([0, 1], [1, 0], [[2.0, -1.0], [0.5, 3.0]]))


def test_plot_misclassified_shows_exactly_the_wrong_images_with_titles():
    use_korean_font()
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 5, 5), dtype=np.uint8)
    y_true = np.array([0, 1, 2, 0, 1, 2])
    y_pred = np.array([0, 2, 2, 1, 1, 0])  # 틀린 것: 1, 3, 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plot_misclassified(images, y_true, y_pred, NAMES, columns=2)
        fig.canvas.draw()
    used = [ax for ax in fig.axes if ax.images]
    assert len(used) == 3
    for ax, index in zip(used, [1, 3, 5]):
        np.testing.assert_allclose(ax.images[0].get_array(), images[index] / 255)  # 표시 규칙: uint8 0~255
        assert ax.get_title() == f"정답: {NAMES[y_true[index]]}\n예측: {NAMES[y_pred[index]]}"
    assert any("3개 틀림" in text.get_text() for text in fig.texts)  # 공개 API: suptitle도 fig.texts에 있음


def test_plot_misclassified_with_probabilities_and_colour_images():
    rng = np.random.default_rng(1)
    images = rng.uniform(0, 255, (4, 6, 6, 3)).astype("float32")  # 0~255 실수 컬러
    y_true, y_pred = np.array([0, 1, 2, 1]), np.array([1, 1, 0, 2])
    probs = np.full((4, 3), 0.1)
    probs[np.arange(4), y_pred] = 0.8
    probs[3] = [0.05, 0.05, 0.9]
    assert_korean_value_error(
        plot_misclassified, images, y_true, y_pred, NAMES, match="value_range"
    )  # 몰래 나누지 않음
    fig = plot_misclassified(
        images, y_true, y_pred, NAMES, probabilities=probs, max_images=np.int64(2), value_range=(0, 255)
    )
    used = [ax for ax in fig.axes if ax.images]
    assert len(used) == 2  # max_images
    assert used[0].get_title().endswith("(90%)")  # 가장 자신 있게 틀린 3번이 먼저
    np.testing.assert_allclose(used[0].images[0].get_array(), images[3] / 255.0, rtol=1e-6)


def test_plot_misclassified_without_mistakes_and_bad_input():
    fig = plot_misclassified(np.zeros((2, 4, 4)), [0, 1], [0, 1], NAMES)
    assert "없습니다" in fig.axes[0].texts[0].get_text()
    assert_korean_value_error(
        lambda: plot_misclassified(np.zeros((3, 4, 4)), [0, 1], [1, 0], NAMES)
    )  # 이미지 수가 다름
    assert_korean_value_error(lambda: plot_misclassified(np.zeros((2, 4, 4)), [0, 1], [1, 0], NAMES, max_images=0))


def test_plot_prediction_bars_are_the_probabilities_with_korean_names():
    from course_utils import FASHION_CLASS_NAMES_KO

    use_korean_font()
    probs = np.array([0.02, 0.01, 0.05, 0.02, 0.1, 0.0, 0.6, 0.0, 0.2, 0.0])
    image = np.arange(28 * 28).reshape(28, 28, 1) / (28 * 28 - 1)  # 0~1 실수
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plot_prediction(image, probs, FASHION_CLASS_NAMES_KO, true_label=0)
        fig.canvas.draw()
    image_ax, bar_ax = fig.axes
    np.testing.assert_array_equal(image_ax.images[0].get_array(), image[..., 0])
    np.testing.assert_allclose([bar.get_width() for bar in bar_ax.patches], probs)
    assert [t.get_text() for t in bar_ax.get_yticklabels()] == list(FASHION_CLASS_NAMES_KO)
    assert bar_ax.get_title() == "예측: 셔츠 (60.0%) — 틀림"
    colours = [bar.get_facecolor() for bar in bar_ax.patches]
    assert colours[6] == matplotlib.colors.to_rgba("tab:red")  # 틀린 예측
    assert colours[0] == matplotlib.colors.to_rgba("tab:green")  # 정답
    assert "정답: 티셔츠" in image_ax.get_title()


def test_plot_prediction_from_a_real_softmax_batch_of_one():
    import keras

    logits = np.array([[1.0, 3.0, 0.5]])
    probs = keras.ops.convert_to_numpy(keras.activations.softmax(keras.ops.convert_to_tensor(logits)))
    fig = plot_prediction(np.zeros((4, 4)), probs, NAMES)
    bar_ax = fig.axes[1]
    assert bar_ax.get_title().startswith("예측: 개 (")
    assert bar_ax.patches[1].get_facecolor() == matplotlib.colors.to_rgba("tab:blue")


@pytest.mark.parametrize(
    "probs, names, true_label",
    [
        ([0.5, 0.6], ["a", "b"], None),  # 합이 1이 아님
        ([2.0, -1.0], ["a", "b"], None),  # 로짓
        ([0.5, 0.5], ["a", "b", "c"], None),  # 이름 수가 다름
        ([0.5, 0.5], ["a", "b"], 2),  # 정답 레이블 범위 밖
        ([[0.5, 0.5], [0.5, 0.5]], ["a", "b"], None),  # 예측 두 개
    ],
)
def test_plot_prediction_rejects_bad_input(probs, names, true_label):
    assert_korean_value_error(lambda: plot_prediction(np.zeros((4, 4)), probs, names, true_label=true_label))


def test_metric_labels_of_multi_output_models_are_korean():
    from course_utils.training_plots import metric_label

    assert metric_label("loss") == "손실"
    assert metric_label("box_loss") == "box 손실"
    assert metric_label("class_accuracy") == "class 정확도"
    assert metric_label("box_mse") == "box 평균 제곱 오차"
    assert metric_label("auc") == "auc"
    fig = plot_history({"box_loss": [2.0, 1.0], "val_box_loss": [2.5, 1.5]}, metrics=("box_loss",))
    assert [line.get_label() for line in fig.axes[0].lines] == ["훈련 box 손실", "검증 box 손실"]
