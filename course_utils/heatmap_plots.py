"""설명 지도(heatmap) 그림: Grad-CAM·기울기 돌출 맵 같은 지도를 이미지 위에 겹쳐 그립니다(11).

지도를 **계산하는** 코드(Grad-CAM, 기울기, 포인팅 게임)는 노트북에 있고, 여기에는 그림만 둡니다.

**좌표 규약**(08의 상자 그림 :func:`course_utils.box_plots.draw_boxes` 와 같음): 이미지는 ``extent=(0, W, H, 0)`` 으로
그려 픽셀 ``(행 r, 열 c)`` 이 ``[c, c + 1) × [r, r + 1)`` 을 덮습니다. 상자 ``(x_min, y_min, x_max, y_max)`` 는 픽셀 경계
좌표이고, 지도의 최댓점 ``(행, 열)`` 은 그 픽셀의 중심 ``(열 + 0.5, 행 + 0.5)`` 에 표시합니다.

**지도의 밝기**: 지도는 이미지가 아니라 값의 범위가 정해져 있지 않으므로, 특성 맵처럼(:mod:`course_utils.image_plots`)
지도마다 자기 최솟값~최댓값을 0~1로 옮겨 컬러맵으로 칠합니다(값이 모두 같으면 0). 지도의 크기가 이미지와 달라도
(예: 8×8 지도와 64×64 캔버스) 이미지 전체를 덮도록 늘려 그리며, 칸을 보간하지 않습니다(``interpolation="nearest"``).
보간한(업샘플링한) 지도를 보고 싶으면 노트북에서 보간한 뒤 넘깁니다.
"""

from __future__ import annotations

import numpy as np

from course_utils.image_plots import show_image
from course_utils.validation import boolean, corner_boxes, float_array, positive_int, real_number

#: 갤러리 하나에 그리는 최대 이미지 수.
MAX_GALLERY_IMAGES = 48
HIT_COLOR = "lime"
MISS_COLOR = "red"
POINT_COLOR = "white"
BOX_COLOR = "white"
HEATMAP_CMAP = "jet"


def normalize_heatmap(heatmap) -> np.ndarray:
    """지도 ``(h, w)`` 를 자기 최솟값~최댓값으로 0~1에 옮깁니다(표시용). 값이 모두 같으면 0으로 채운 지도.

    ``(지도 - 최솟값) / (최댓값 - 최솟값)``. 순위는 바꾸지 않으므로 최댓점의 위치도 그대로입니다.
    """
    array = float_array(heatmap, "heatmap", (2,), allow_empty=False)
    low, high = float(array.min()), float(array.max())
    if high == low:
        return np.zeros_like(array)
    return (array - low) / (high - low)


def _check_point(point, height: int, width: int) -> tuple[int, int]:
    array = float_array(point, "point")
    if array.shape != (2,):
        raise ValueError(f"point는 (행, 열) 두 정수여야 합니다. 받은 모양: {array.shape}")
    if np.any(array != np.round(array)):
        raise ValueError(f"point는 픽셀 번호(정수) (행, 열)이어야 합니다. 받은 값: {tuple(array)}")
    row, col = int(array[0]), int(array[1])
    if not (0 <= row < height and 0 <= col < width):
        raise ValueError(f"point {row, col}이(가) 이미지({height}×{width}) 밖에 있습니다.")
    return row, col


def overlay_heatmap(
    ax,
    image,
    heatmap,
    box=None,
    point=None,
    hit=None,
    alpha: float = 0.45,
    title: str | None = None,
    value_range=None,
):
    """이미지 위에 지도를 반투명하게 겹치고, 정답 상자와 지도의 최댓점을 표시합니다.

    Args:
        ax: matplotlib 축.
        image: ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` 이미지(표시 규칙: 정수 0~255, 실수 0~1, 그 밖에는 ``value_range``).
        heatmap: ``(h, w)`` 지도. 크기가 달라도 이미지 전체를 덮도록 그립니다.
        box: ``(4,)`` 정답 상자 ``(x_min, y_min, x_max, y_max)`` (픽셀 경계, 선택).
        point: 지도 최댓점의 픽셀 ``(행, 열)`` (이미지 좌표, 선택).
        hit: 최댓점이 상자 안이면 ``True`` (초록 점), 밖이면 ``False`` (빨간 점), ``None`` 이면 흰 점.
        alpha: 지도의 불투명도(0~1). title: 축 제목. 지도의 컬러맵은 ``HEATMAP_CMAP`` (파랑 = 작음, 빨강 = 큼).

    Returns:
        지도를 그린 ``matplotlib.image.AxesImage`` (배열은 0~1로 옮긴 지도).
    """
    from matplotlib.patches import Rectangle

    alpha = real_number(alpha, "alpha", minimum=0.0, maximum=1.0)
    if not hasattr(ax, "imshow"):
        raise ValueError(f"ax는 matplotlib 축이어야 합니다(예: fig, ax = plt.subplots()). 받은 값: {ax!r}"[:300])
    normalized = normalize_heatmap(heatmap)
    base = show_image(ax, image, value_range, interpolation="nearest")
    height, width = base.get_array().shape[:2]
    base.set_extent((0, width, height, 0))
    shown = ax.imshow(
        normalized,
        cmap=HEATMAP_CMAP,
        vmin=0.0,
        vmax=1.0,
        alpha=alpha,
        extent=(0, width, height, 0),
        interpolation="nearest",
    )
    if box is not None:
        x_min, y_min, x_max, y_max = corner_boxes(box, "box", ndim=1)
        ax.add_patch(
            Rectangle((x_min, y_min), x_max - x_min, y_max - y_min, fill=False, edgecolor=BOX_COLOR, linewidth=1.5)
        )
    if hit is not None:
        hit = boolean(hit, "hit")
        if point is None:
            raise ValueError("hit를 주려면 point(지도 최댓점의 (행, 열))도 주어야 합니다.")
    if point is not None:
        row, col = _check_point(point, height, width)
        color = POINT_COLOR if hit is None else (HIT_COLOR if hit else MISS_COLOR)
        ax.plot(col + 0.5, row + 0.5, marker="o", markersize=6, markeredgecolor="black", color=color, linestyle="")
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    return shown


def plot_heatmap_gallery(
    images,
    heatmaps,
    boxes=None,
    points=None,
    hits=None,
    titles=None,
    columns: int = 6,
    suptitle: str | None = None,
    alpha: float = 0.45,
    value_range=None,
):
    """이미지 ``N`` 장과 지도 ``N`` 장을 격자로 겹쳐 그립니다(:func:`overlay_heatmap` 을 이미지마다). ``N <= 48``.

    Args:
        images: ``(N, H, W)``, ``(N, H, W, 1)`` 또는 ``(N, H, W, 3)``.
        heatmaps: ``(N, h, w)`` 지도.
        boxes: ``(N, 4)`` 정답 상자(선택). points: ``(N, 2)`` 최댓점 ``(행, 열)`` (선택).
        hits: ``(N,)`` 참·거짓(선택, ``points`` 가 있어야 함). titles: 그림마다의 제목(``N`` 개, 선택).
        columns: 한 줄의 그림 수. 나머지는 :func:`overlay_heatmap` 과 같음.

    Returns:
        축이 ``N`` 개인 ``Figure`` (빈 칸의 축은 지움).
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    maps = float_array(heatmaps, "heatmaps", (3,), allow_empty=False)
    count = len(maps)
    if images.ndim not in (3, 4) or len(images) != count:
        raise ValueError(
            f"images는 지도 수({count})만큼의 (N, H, W) 또는 (N, H, W, 채널) 배열이어야 합니다. 받은 모양: {images.shape}"
        )
    if count > MAX_GALLERY_IMAGES:
        raise ValueError(f"이미지가 {count}장으로 너무 많습니다(최대 {MAX_GALLERY_IMAGES}). 일부만 골라 주세요.")
    for name, values, shape in (("boxes", boxes, (count, 4)), ("points", points, (count, 2)), ("hits", hits, (count,))):
        if values is not None and np.shape(values) != shape:
            raise ValueError(f"{name}의 모양은 {shape}이어야 합니다. 받은 모양: {np.shape(values)}")
    if titles is not None and len(titles) != count:
        raise ValueError(f"titles의 개수({len(titles)})가 이미지 수({count})와 다릅니다.")
    if hits is not None and np.asarray(hits).dtype != bool:
        raise ValueError(
            f"hits는 True/False 배열이어야 합니다(예: 최댓점이 상자 안인지). 받은 dtype: {np.asarray(hits).dtype}"
        )
    if hits is not None and points is None:
        raise ValueError("hits를 주려면 points(지도 최댓점의 (행, 열))도 주어야 합니다.")
    columns = min(positive_int(columns, "columns"), count)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.0 * columns, 2.5 * rows), squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        if index >= count:
            fig.delaxes(ax)
            continue
        overlay_heatmap(
            ax,
            images[index],
            maps[index],
            box=None if boxes is None else boxes[index],
            point=None if points is None else points[index],
            hit=None if hits is None else bool(hits[index]),
            alpha=alpha,
            title=None if titles is None else titles[index],
            value_range=value_range,
        )
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
