"""이미지와 특성 맵 그림: 강좌의 모든 그림 도우미가 이미지를 보여 주는 단 하나의 길(:func:`show_image`).

**표시 규칙**(이 강좌에서 이미지를 보여 주는 모든 함수가 같은 규칙을 씁니다)

1. 정수 이미지(``uint8`` 등)는 0~255 값을 그대로 보여 줍니다(0 = 검정, 255 = 가장 밝음).
2. 실수 이미지는 0~1 값을 그대로 보여 줍니다(``Rescaling(1 / 255)`` 를 거친 입력).
3. 그 밖의 실수(0~255 실수, ``preprocess_input`` 뒤의 -1~1 등)는 **값의 범위를 직접 알려 줘야** 합니다:
   ``value_range=(최솟값, 최댓값)`` 을 주면 표시할 때만 ``(x - 최솟값) / (최댓값 - 최솟값)`` 으로 0~1에 옮기고,
   증강(예: ``RandomContrast``)으로 조금 벗어난 값은 잘라 냅니다(clip). 범위를 주지 않았는데 1·2를 벗어나면
   무엇을 하면 되는지 알려 주는 ``ValueError`` 를 냅니다. 값을 몰래 나누거나 늘리지 않으므로, 그림의 밝기는 언제나
   입력 값이 뜻하는 밝기입니다.

흑백 이미지 ``(H, W)`` / ``(H, W, 1)`` 은 컬러맵(기본 ``"gray"``)으로 0~1을 고정 눈금으로 그립니다(이미지마다 대비를
늘리지 않음). 컬러 이미지는 ``(H, W, 3)`` (RGB)입니다.

특성 맵(feature map)은 이미지가 아니라 층의 출력이라 값의 범위가 정해져 있지 않으므로 다른 규칙을 씁니다:
맵마다 자기 최솟값~최댓값으로 밝기를 맞춥니다(:func:`plot_feature_maps`, :func:`plot_feature_map_grid`).

모든 그림 함수는 ``matplotlib.figure.Figure`` 를 돌려주고 제목은 한국어입니다.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils.validation import float_array, image_values, positive_int, real_number, unit_images

#: 특성 맵 격자 그림에서 한 번에 그리는 최대 맵 수.
MAX_FEATURE_MAPS = 64


# ---------------------------------------------------------------------------
# 표시 규칙
# ---------------------------------------------------------------------------


def _check_range(value_range) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise ValueError(f"value_range는 (최솟값, 최댓값) 두 수여야 합니다. 받은 값: {value_range!r}") from None
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise ValueError(f"value_range는 최솟값 < 최댓값인 유한한 두 수여야 합니다. 받은 값: {value_range!r}")
    return low, high


def to_display_range(images, value_range=None, name: str = "images") -> np.ndarray:
    """표시 규칙(모듈 설명)대로 값을 0~1로 옮긴 ``float64`` 배열(모양은 그대로; 텐서 가능).

    * ``value_range=None``: 정수는 0~255 → ``x / 255``, 실수는 0~1 그대로. 범위를 벗어나면 ``ValueError``.
    * ``value_range=(lo, hi)``: ``clip((x - lo) / (hi - lo), 0, 1)``.
    """
    if value_range is None:
        return unit_images(images, name)
    array, _ = image_values(images, name)
    low, high = _check_range(value_range)
    return np.clip((array - low) / (high - low), 0.0, 1.0)


def show_image(ax, image, value_range=None, cmap: str = "gray", name: str = "image", **imshow_kwargs):
    """이미지 한 장을 ``ax`` 에 표시 규칙(모듈 설명)대로 그립니다. 강좌의 모든 이미지 그림이 이 함수를 씁니다.

    Args:
        ax: matplotlib 축.
        image: ``(H, W)``, ``(H, W, 1)`` 흑백 또는 ``(H, W, 3)`` RGB 이미지(텐서 가능).
        value_range: 실수 이미지 값의 범위(규칙 3). ``None`` 이면 정수 0~255, 실수 0~1이어야 함.
        cmap: 흑백 이미지의 컬러맵(컬러 이미지에는 쓰지 않음).
        name: 오류 메시지에 쓸 이름.
        **imshow_kwargs: ``ax.imshow`` 의 나머지 인자(예: ``extent``, ``interpolation``).

    Returns:
        ``matplotlib.image.AxesImage``. 그 배열(``get_array()``)은 0~1로 옮긴 값입니다.
    """
    array = to_display_range(image, value_range, name)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] != 3):
        raise ValueError(
            f"{name}은(는) (높이, 너비), (높이, 너비, 1) 또는 (높이, 너비, 3) 모양이어야 합니다. "
            f"받은 모양: {array.shape}"
        )
    if not hasattr(ax, "imshow"):
        raise ValueError(
            f"ax는 그림을 그릴 matplotlib 축이어야 합니다(예: fig, ax = plt.subplots()). 받은 값: {ax!r}"[:300]
        )
    if array.ndim == 2:
        return ax.imshow(array, cmap=cmap, vmin=0.0, vmax=1.0, **imshow_kwargs)
    return ax.imshow(array, **imshow_kwargs)


def _as_image_list(images, name: str = "images") -> list:
    """배치 배열 ``(N, H, W[, C])`` 또는 이미지 목록을 이미지 목록으로."""
    if isinstance(images, (list, tuple)):
        if not images:
            raise ValueError(f"{name}이(가) 비어 있습니다.")
        return [np.asarray(image) for image in images]
    array = np.asarray(images)
    if array.ndim == 3 and array.shape[-1] == 3:
        raise ValueError(
            f"모양 {array.shape}은(는) 컬러 이미지 한 장으로 보입니다. 배치 축을 붙여 images[None]처럼 넘기세요."
        )
    if array.ndim not in (3, 4) or len(array) == 0:
        raise ValueError(
            f"{name}은(는) (N, H, W) 또는 (N, H, W, C) 배열이고 N ≥ 1이어야 합니다. 받은 모양: {array.shape}"
        )
    return list(array)


# ---------------------------------------------------------------------------
# 이미지 여러 장
# ---------------------------------------------------------------------------


def plot_images(images, titles=None, suptitle: str | None = None, show_size: bool = True, value_range=None):
    """이미지 여러 장을 한 줄로 그립니다(표시 규칙은 모듈 설명).

    Args:
        images: ``(N, H, W)`` 흑백 또는 ``(N, H, W, C)`` (``C`` 는 1 또는 3) 배열, 또는 그런 이미지의 목록
            (크기가 달라도 됨).
        titles: 이미지마다의 제목. show_size: 제목 아래에 ``높이×너비`` 를 적을지.
        value_range: 0~1이 아닌 실수 이미지의 값 범위(예: ``(0, 255)``).

    Returns:
        이미지마다 축이 하나인 ``Figure``.
    """
    import matplotlib.pyplot as plt

    items = _as_image_list(images)
    if titles is not None and len(titles) != len(items):
        raise ValueError(f"titles의 개수({len(titles)})가 이미지 수({len(items)})와 다릅니다.")
    fig, axes = plt.subplots(1, len(items), figsize=(3.6 * len(items), 3.0), squeeze=False)
    for index, (ax, image) in enumerate(zip(axes[0], items)):
        shown = show_image(ax, image, value_range, name=f"images[{index}]")
        height, width = shown.get_array().shape[:2]
        label = "" if titles is None else titles[index]
        if show_size:
            label = f"{label}\n{height}×{width}" if label else f"{height}×{width}"
        ax.set_title(label)
        ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_image_grid(
    images, titles=None, value_range=None, ncols: int = 3, size: float = 2.6, suptitle: str | None = None
):
    """이미지들을 ``ncols`` 열의 격자로 그립니다(축 눈금 없이, 이미지마다 제목; 표시 규칙은 모듈 설명).

    Args:
        images: ``(N, H, W, 3)`` 컬러 또는 ``(N, H, W)`` / ``(N, H, W, 1)`` 흑백 이미지(텐서 가능).
        titles: 이미지마다의 제목 ``N`` 개(없으면 제목 없음).
        value_range: 0~1이 아닌 실수 이미지의 값 범위, 예: ``(0, 255)``, Xception 전처리 뒤의 ``(-1, 1)``.
            표시할 때 0~1로 옮기고 벗어난 값은 잘라 냅니다(:func:`to_display_range`).
        ncols: 열 수. 행 수는 ``ceil(N / ncols)``.
        size: 칸 하나의 크기(인치).
        suptitle: 그림 전체 제목.

    Returns:
        ``matplotlib.figure.Figure`` (이미지가 없는 남는 칸은 숨김).
    """
    import matplotlib.pyplot as plt

    items = _as_image_list(images)
    ncols = positive_int(ncols, "ncols")
    count = len(items)
    size = real_number(size, "size", minimum=0.1, maximum=50.0)
    if suptitle is not None and not isinstance(suptitle, str):
        raise ValueError(f"suptitle은 문자열이어야 합니다. 받은 값: {suptitle!r}"[:300])
    if titles is not None:
        if isinstance(titles, str) or not isinstance(titles, (list, tuple, np.ndarray)) or np.ndim(titles) != 1:
            raise ValueError(f"titles는 이미지마다의 제목 목록이어야 합니다. 받은 값: {titles!r}"[:300])
        titles = [str(t) for t in titles]
        if len(titles) != count:
            raise ValueError(f"titles의 개수({len(titles)})가 이미지 수({count})와 같아야 합니다.")
    ncols = min(ncols, count)
    nrows = math.ceil(count / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if suptitle else 0)), squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= count:
            continue
        show_image(ax, items[index], value_range, name=f"images[{index}]")
        if titles is not None:
            ax.set_title(titles[index], fontsize=10)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# 특성 맵(맵마다 자기 최솟값~최댓값)
# ---------------------------------------------------------------------------


def plot_feature_maps(feature_maps, titles=None, ncols: int = 8, suptitle: str | None = None, cmap: str = "gray"):
    """한 이미지의 특성 맵(feature map) ``(H, W, C)`` 을 채널마다 하나씩 격자로 그립니다.

    각 맵은 자기 최솟값~최댓값으로 밝기를 맞춥니다(밝을수록 큰 값). ``C <= 64``.

    Args:
        feature_maps: 모양 ``(H, W, C)`` 배열(배치 차원 없이; 배치이면 ``outputs[0]``).
        titles: 맵마다의 제목(기본 ``"맵 0"``, ``"맵 1"``, ...). ncols: 한 줄의 맵 수.

    Returns:
        축이 ``C`` 개인 ``Figure`` (빈 칸 축은 지움).
    """
    import matplotlib.pyplot as plt

    maps = float_array(feature_maps, "feature_maps", (3,), allow_empty=False)
    channels = maps.shape[-1]
    if channels > MAX_FEATURE_MAPS:
        raise ValueError(f"특성 맵이 {channels}개로 너무 많습니다(최대 {MAX_FEATURE_MAPS}). 일부만 골라 주세요.")
    ncols = min(positive_int(ncols, "ncols"), channels)
    if titles is not None and len(titles) != channels:
        raise ValueError(f"titles의 개수({len(titles)})가 특성 맵 수({channels})와 다릅니다.")
    nrows = -(-channels // ncols)
    aspect = maps.shape[0] / maps.shape[1]
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.9 * ncols, (1.9 * aspect + 0.35) * nrows), squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        if index >= channels:
            fig.delaxes(ax)
            continue
        ax.imshow(maps[..., index], cmap=cmap)
        ax.set_title(f"맵 {index}" if titles is None else titles[index], fontsize=9)
        ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_feature_map_grid(
    feature_maps, row_titles=None, column_titles=None, suptitle: str | None = None, cmap: str = "gray"
):
    """여러 이미지의 특성 맵 ``(N, H, W, C)``: 행은 이미지, 열은 필터(채널). ``N, C <= 8``.

    각 맵은 자기 최솟값~최댓값으로 밝기를 맞춥니다.

    Args:
        feature_maps: 모양 ``(N, H, W, C)`` 의 배열(예: ``Conv2D`` 의 출력).
        row_titles: 이미지마다의 이름(``N`` 개). column_titles: 필터마다의 이름(``C`` 개).

    Returns:
        축이 ``N * C`` 개인 ``Figure`` (행 우선 순서).
    """
    import matplotlib.pyplot as plt

    maps = float_array(feature_maps, "feature_maps", (4,), allow_empty=False)
    n, height, width, channels = maps.shape
    if n > 8 or channels > 8:
        raise ValueError(f"이미지({n})와 필터({channels})는 각각 8개 이하여야 합니다. 일부만 골라 주세요.")
    if row_titles is not None and len(row_titles) != n:
        raise ValueError(f"row_titles의 개수({len(row_titles)})가 이미지 수({n})와 다릅니다.")
    if column_titles is not None and len(column_titles) != channels:
        raise ValueError(f"column_titles의 개수({len(column_titles)})가 필터 수({channels})와 다릅니다.")
    fig, axes = plt.subplots(n, channels, figsize=(3.6 * channels, (3.6 * height / width + 0.45) * n), squeeze=False)
    for i in range(n):
        for c in range(channels):
            ax = axes[i, c]
            ax.imshow(maps[i, ..., c], cmap=cmap)
            ax.set_xticks([])
            ax.set_yticks([])
            if i == 0:
                ax.set_title(f"필터 {c}" if column_titles is None else column_titles[c])
            if c == 0:
                ax.set_ylabel(
                    f"이미지 {i}" if row_titles is None else row_titles[i], rotation=0, ha="right", va="center"
                )
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
