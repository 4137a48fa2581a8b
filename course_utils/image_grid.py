"""이미지 여러 장을 제목과 함께 격자(grid)로 보여 주는 그림.

데이터 증강(data augmentation)이나 ``preprocess_input`` 을 거친 이미지는 값의 범위가 0~255가 아니거나
(예: Xception은 -1~1) 범위를 조금 벗어나기도 합니다(예: ``RandomContrast``). ``imshow`` 는 RGB 실수 이미지를
0~1 범위로 기대하므로, 표시할 때만 ``value_range`` 를 0~1로 옮기고 벗어난 값은 잘라냅니다(clip)::

    표시값 = clip((x - 최솟값) / (최댓값 - 최솟값), 0, 1)
"""

from __future__ import annotations

import math

import numpy as np


def to_display_range(images, value_range=(0, 255)) -> np.ndarray:
    """``value_range`` 의 값을 0~1로 옮기고 벗어난 값은 잘라낸 float32 배열(모양은 그대로).

    Args:
        images: 이미지 배열(텐서 가능), 예: ``(N, H, W, 3)``.
        value_range: 원래 값의 범위 ``(최솟값, 최댓값)``, 예: 0~255 또는 Xception 전처리 뒤의 -1~1.
    """
    low, high = _check_range(value_range)
    array = np.asarray(images, dtype=np.float32)
    return np.clip((array - low) / (high - low), 0.0, 1.0)


def _check_range(value_range) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise ValueError(f"value_range는 (최솟값, 최댓값) 두 수여야 합니다. 받은 값: {value_range!r}") from None
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise ValueError(f"value_range는 최솟값 < 최댓값인 유한한 두 수여야 합니다. 받은 값: {value_range!r}")
    return low, high


def plot_image_grid(images, titles=None, value_range=(0, 255), ncols: int = 3, size: float = 2.6,
                    suptitle: str | None = None):
    """이미지들을 ``ncols`` 열의 격자로 그립니다(축 눈금 없이, 이미지마다 제목).

    Args:
        images: ``(N, H, W, 3)`` 컬러 또는 ``(N, H, W)`` / ``(N, H, W, 1)`` 흑백 이미지(텐서 가능).
        titles: 이미지마다의 제목 ``N`` 개(없으면 제목 없음).
        value_range: 원래 값의 범위. 표시할 때 0~1로 옮기고 잘라냅니다(:func:`to_display_range`).
        ncols: 열 수. 행 수는 ``ceil(N / ncols)``.
        size: 칸 하나의 크기(인치).
        suptitle: 그림 전체 제목.

    Returns:
        ``matplotlib.figure.Figure`` (이미지가 없는 남는 칸은 숨김).
    """
    import matplotlib.pyplot as plt

    array = to_display_range(images, value_range)
    if array.ndim == 3 and array.shape[-1] == 3:
        raise ValueError(f"모양 {array.shape}은(는) 컬러 이미지 한 장으로 보입니다. 배치 축을 붙여 images[None]처럼 넘기세요.")
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (3, 4) or (array.ndim == 4 and array.shape[-1] != 3) or len(array) == 0:
        raise ValueError(f"images는 (N, H, W, 3) 또는 (N, H, W) 모양이고 N ≥ 1이어야 합니다. 받은 모양: {array.shape}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols <= 0:
        raise ValueError(f"ncols는 양의 정수여야 합니다. 받은 값: {ncols!r}")
    count = len(array)
    if titles is not None:
        titles = [str(t) for t in titles]
        if len(titles) != count:
            raise ValueError(f"titles의 개수({len(titles)})가 이미지 수({count})와 같아야 합니다.")
    ncols = min(ncols, count)
    nrows = math.ceil(count / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if suptitle else 0)),
                             squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= count:
            continue
        ax.imshow(array[index], cmap="gray" if array.ndim == 3 else None, vmin=0, vmax=1)
        if titles is not None:
            ax.set_title(titles[index], fontsize=10)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
