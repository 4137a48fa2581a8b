import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from course_utils.korean_font import use_korean_font  # noqa: E402
from course_utils.training_plots import plot_history  # noqa: E402


def test_plot_history_draws_train_and_validation_curves():
    use_korean_font()
    history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6], "accuracy": [0.5, 0.8, 0.9],
               "val_accuracy": [0.4, 0.7, 0.8]}
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
    with pytest.raises(ValueError):
        plot_history(bad)
