"""학습 결과 그림: 학습 곡선 등.

모든 함수는 ``matplotlib.figure.Figure`` 를 돌려주며 제목과 축 이름은 한국어입니다.
"""

from __future__ import annotations

_METRIC_NAMES = {"loss": "손실", "accuracy": "정확도", "sparse_categorical_accuracy": "정확도"}


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
        name = _METRIC_NAMES.get(metric, metric)
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
