"""합성곱·패딩·풀링 수업의 그림(노트북 01~03): 커널이 놓이는 위치, 패딩, 스트라이드, 풀링, 수용 영역.

이미지와 특성 맵을 그대로 보여 주는 일반 그림(``plot_images``, ``plot_feature_maps`` 등)은
:mod:`course_utils.image_plots` 에 있습니다. 모든 그림 함수는 ``matplotlib.figure.Figure`` 를 돌려주고, 제목과 축 이름은 한국어입니다.
그림에 적는 값(합성곱, 풀링, 커널이 덮는 횟수)은 :mod:`course_utils.reference_ops` 가 계산합니다(Keras 층의 결과와
같은지는 ``tests/test_reference_ops.py`` 가 확인). 절은 개념별입니다: 합성곱, 패딩·스트라이드·팽창, 풀링.
입력 모양이 맞지 않으면 한국어 메시지의 ``ValueError`` 를 냅니다.

이 모듈에서 합성곱은 딥러닝 라이브러리와 같은 뜻, 즉 커널을 뒤집지 않는 교차 상관(cross-correlation)
입니다: ``out[i, j] = sum_{u,v} x[i*s + u, j*s + v] * w[u, v] + b``.
"""

from __future__ import annotations

import numpy as np

from course_utils.image_plots import show_image, to_display_range
from course_utils.reference_ops import correlate2d, coverage_counts, padding_amounts, pool2d
from course_utils.validation import (
    boolean,
    float_array,
    int_pair,
    integer,
    padding_mode,
    positive_int,
    real_number,
)

#: 값을 칸마다 적는 행렬 그림에서 허용하는 최대 높이/너비.
MAX_ANNOTATED_SIZE = 16
_WINDOW_COLORS = (
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#8C8C8C",
    "#CCB974",
    "#64B5CD",
)


# ---------------------------------------------------------------------------
# 입력 검사
# ---------------------------------------------------------------------------


def _check_small(array: np.ndarray, name: str) -> None:
    if max(array.shape[:2]) > MAX_ANNOTATED_SIZE:
        raise ValueError(
            f"{name}의 모양 {array.shape}은(는) 칸마다 값을 적기에 너무 큽니다(높이·너비 {MAX_ANNOTATED_SIZE} 이하)."
        )


def _format_value(value: float) -> str:
    """칸에 적을 값: 정수이면 정수로, 아니면 소수 둘째 자리까지."""
    value = float(value)
    if value == 0:
        return "0"
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}"


# ---------------------------------------------------------------------------
# 그리기 공통
# ---------------------------------------------------------------------------


def draw_matrix(
    ax,
    matrix: np.ndarray,
    title: str | None,
    cmap: str = "Blues",
    annotate: bool = True,
    vmin=None,
    vmax=None,
    text_color=None,
    center_zero: bool = False,
):
    """작은 행렬을 칸 격자로 그리고 값을 적습니다(축 눈금 없음).

    Args:
        ax: matplotlib 축. matrix: ``(H, W)`` 숫자 배열. center_zero: 0을 가운데 색으로(양수·음수가 대칭).
    """
    if not hasattr(ax, "imshow"):
        raise ValueError(f"ax는 matplotlib 축(Axes)이어야 합니다. 받은 값의 형식: {type(ax).__name__}")
    matrix = float_array(matrix, "matrix", ndims=(2,), allow_empty=False)
    annotate, center_zero = boolean(annotate, "annotate"), boolean(center_zero, "center_zero")
    if center_zero:
        limit = max(float(np.abs(matrix).max()), 1e-12)
        vmin, vmax = -limit, limit
    image = ax.imshow(matrix, cmap=cmap, vmin=vmin, vmax=vmax)
    _cell_grid(ax, *matrix.shape)
    if annotate:
        low, high = image.get_clim()
        for (i, j), value in np.ndenumerate(matrix):
            share = 0.0 if high == low else (value - low) / (high - low)
            if center_zero:
                share = abs(2 * share - 1)  # 양쪽 끝(큰 양수, 큰 음수)이 모두 진한 색
            color = text_color or ("white" if share > 0.6 else "black")
            ax.text(j, i, _format_value(value), ha="center", va="center", fontsize=11, color=color)
    if title:
        ax.set_title(title)
    return image


def _rectangle(ax, row, col, height, width, color, linewidth=3.0, inset=0.0, **kwargs):
    from matplotlib.patches import Rectangle

    patch = Rectangle(
        (col - 0.5 + inset, row - 0.5 + inset),
        width - 2 * inset,
        height - 2 * inset,
        fill=False,
        edgecolor=color,
        linewidth=linewidth,
        clip_on=False,
        zorder=5,
        **kwargs,
    )
    ax.add_patch(patch)
    return patch


def _cell_grid(ax, height: int, width: int, color: str = "white", linewidth: float = 1.5):
    """칸 경계선을 긋고 눈금을 숨깁니다(행렬·격자 그림 공통)."""
    ax.set_xticks(np.arange(-0.5, width, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, height, 1), minor=True)
    ax.grid(which="minor", color=color, linewidth=linewidth)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)


#: 0 패딩 칸(회색 빗금)과 버려지는 칸(빨간 빗금)의 모양.
PAD_STYLE = dict(facecolor="white", edgecolor="#BBBBBB", hatch="///", linewidth=0.5)
IGNORED_STYLE = dict(facecolor="#FDE0DD", edgecolor="#D62728", hatch="xx", linewidth=0.5)


def _shade_cell(ax, i: int, j: int, style: dict, **kwargs):
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, **style, **kwargs))


# ---------------------------------------------------------------------------
# 합성곱: 커널 한 위치의 계산, 1차원 합성곱과 Dense, 수용 영역 (노트북 01에서 씀)
# ---------------------------------------------------------------------------


def plot_matrices(
    matrices,
    titles=None,
    suptitle: str | None = None,
    cmap: str = "Blues",
    annotate: bool = True,
    center_zero: bool = False,
):
    """작은 2차원 배열 여러 개를 나란히 그리고 칸마다 값을 적습니다(입력, 커널, 출력 비교용).

    Args:
        matrices: 2차원 배열 ``(H, W)`` 들의 목록(각자 모양이 달라도 됨).
            ``annotate=True`` 이면 ``H, W <= 16``.
        titles: 배열마다의 제목(개수가 같아야 함).
        suptitle: 그림 전체 제목.
        cmap: 색 지도. annotate: 칸마다 값을 적을지.
        center_zero: ``True`` 이면 0을 색 지도의 가운데에 둡니다(``"RdBu_r"`` 같은 양·음 색 지도용).

    Returns:
        배열마다 축이 하나인 ``Figure`` (``fig.axes[i].images[0]`` 이 ``matrices[i]`` 를 그림).
    """
    if isinstance(matrices, np.ndarray) and matrices.ndim == 2:
        matrices = [matrices]
    if not isinstance(matrices, (list, tuple)) or len(matrices) == 0:
        raise ValueError("matrices는 2차원 배열 하나 이상을 담은 목록이어야 합니다.")
    arrays = [float_array(m, f"matrices[{i}]", (2,), allow_empty=False) for i, m in enumerate(matrices)]
    if annotate:
        for i, array in enumerate(arrays):
            _check_small(array, f"matrices[{i}]")
    if titles is not None and len(titles) != len(arrays):
        raise ValueError(f"titles의 개수({len(titles)})가 배열의 개수({len(arrays)})와 다릅니다.")
    widths = [max(a.shape[1], 2) for a in arrays]
    import matplotlib.pyplot as plt

    height = max(max(a.shape[0] for a in arrays) * 0.55, 2.0) + 0.6
    fig, axes = plt.subplots(
        1,
        len(arrays),
        figsize=(min(0.55 * sum(widths) + 1.2 * len(arrays), 16), height),
        squeeze=False,
        gridspec_kw={"width_ratios": widths},
    )
    for index, (ax, array) in enumerate(zip(axes[0], arrays)):
        title = None if titles is None else titles[index]
        if title is None:
            title = f"{array.shape[0]}×{array.shape[1]}"
        draw_matrix(ax, array, title, cmap=cmap, annotate=annotate, center_zero=center_zero)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_conv1d_vs_dense(inputs, kernel, bias: float = 0.0):
    """1차원 합성곱(도장처럼 같은 가중치를 옮겨 찍음)과 완전 연결(Dense) 뉴런의 연결을 비교합니다.

    위 축: 입력 ``n`` 개에 가중치 ``k`` 개짜리 커널을 한 칸씩 옮기며 적용해 ``n - k + 1`` 개의 출력을
    계산합니다(``out[i] = sum_u x[i+u] * w[u] + b``). 같은 색의 선은 같은 가중치입니다.
    아래 축: Dense 뉴런 하나는 입력 ``n`` 개 모두에 서로 다른 가중치 ``n`` 개를 써서 출력 1개를 만듭니다.

    Args:
        inputs: 모양 ``(n,)`` 의 입력. kernel: 모양 ``(k,)`` 의 가중치, ``k <= n``, ``k <= 10``.
        bias: 절편.

    Returns:
        축 2개(합성곱, Dense)의 ``Figure``. 출력 값은 위 축에 ``n - k + 1`` 개의 글자로 적힙니다.
    """
    x = float_array(inputs, "inputs", (1,), allow_empty=False)
    w = float_array(kernel, "kernel", (1,), allow_empty=False)
    if len(w) > len(x):
        raise ValueError(f"커널 길이({len(w)})가 입력 길이({len(x)})보다 길 수 없습니다.")
    if len(x) > 20 or len(w) > len(_WINDOW_COLORS):
        raise ValueError(f"그림에 담기에는 입력({len(x)}, 최대 20) 또는 커널({len(w)}, 최대 10)이 깁니다.")
    bias = real_number(bias, "bias")
    outputs = np.array([np.dot(x[i : i + len(w)], w) + bias for i in range(len(x) - len(w) + 1)])
    import matplotlib.pyplot as plt

    fig, (ax_conv, ax_dense) = plt.subplots(2, 1, figsize=(max(7.0, 0.75 * len(x) + 1.5), 5.6))
    box = dict(boxstyle="round,pad=0.35", facecolor="#F2F2F2", edgecolor="#555555")
    out_box = dict(boxstyle="round,pad=0.35", facecolor="#FFF2CC", edgecolor="#B8860B")
    for ax in (ax_conv, ax_dense):
        for i, value in enumerate(x):
            ax.text(i, 0, _format_value(value), ha="center", va="center", fontsize=11, bbox=box)
        ax.set_xlim(-0.8, len(x) - 0.2)
        ax.set_ylim(-0.55, 1.45)
        ax.axis("off")
        ax.text(-0.75, 0, "입력", ha="right", va="center", fontsize=11)
        ax.text(-0.75, 1, "출력", ha="right", va="center", fontsize=11)
    for i, value in enumerate(outputs):
        center = i + (len(w) - 1) / 2
        for u in range(len(w)):
            ax_conv.plot([i + u, center], [0.16, 0.84], color=_WINDOW_COLORS[u], linewidth=1.6, alpha=0.85)
        ax_conv.text(center, 1, _format_value(value), ha="center", va="center", fontsize=11, bbox=out_box)
    handles = [
        plt.Line2D([], [], color=_WINDOW_COLORS[u], linewidth=2, label=f"w{u + 1} = {_format_value(w[u])}")
        for u in range(len(w))
    ]
    ax_conv.legend(
        handles=handles, loc="upper right", ncol=len(w), fontsize=9, frameon=False, bbox_to_anchor=(1.0, 1.22)
    )
    ax_conv.set_title(
        f"합성곱: 가중치 {len(w)}개(+절편 {_format_value(bias)})를 옮겨 가며 계산 $\\rightarrow$ 출력 {len(outputs)}개",
        loc="left",
    )
    center = (len(x) - 1) / 2
    cmap = plt.get_cmap("viridis")
    for i in range(len(x)):
        ax_dense.plot([i, center], [0.16, 0.84], color=cmap(i / max(len(x) - 1, 1)), linewidth=1.4)
    ax_dense.text(center, 1, "출력", ha="center", va="center", fontsize=11, bbox=out_box)
    ax_dense.set_title(f"완전 연결(Dense) 뉴런: 서로 다른 가중치 {len(x)}개(+절편) $\\rightarrow$ 출력 1개", loc="left")
    fig.tight_layout()
    return fig


def plot_convolution_step(inputs, kernel, position=(0, 0), bias: float = 0.0):
    """커널이 입력 위에 놓인 한 위치: 수용 영역(receptive field), 커널, 그 결과인 특성 맵의 값.

    왼쪽: 입력 ``(H, W)`` 과 커널이 놓인 ``kh×kw`` 영역(빨간 테두리). 가운데: 커널 ``(kh, kw)``.
    오른쪽: 특성 맵 ``(H-kh+1, W-kw+1)`` (stride 1, valid)의 모든 값과 지금 위치의 칸(빨간 테두리).
    아래에 그 칸의 계산식 ``sum(영역 × 커널) + 절편`` 을 적습니다.

    Args:
        inputs: 모양 ``(H, W)``, ``H, W <= 16``. kernel: 모양 ``(kh, kw)``, 입력보다 크지 않음.
        position: 특성 맵에서의 ``(행, 열)``. bias: 절편.

    Returns:
        축 3개(입력, 커널, 특성 맵)의 ``Figure``.
    """
    x = float_array(inputs, "inputs", (2,), allow_empty=False)
    w = float_array(kernel, "kernel", (2,), allow_empty=False)
    _check_small(x, "inputs")
    if w.shape[0] > x.shape[0] or w.shape[1] > x.shape[1]:
        raise ValueError(f"커널 {w.shape}이(가) 입력 {x.shape}보다 클 수 없습니다.")
    feature_map = correlate2d(x, w) + real_number(bias, "bias")
    if not isinstance(position, (tuple, list)) or len(position) != 2:
        raise ValueError(f"position은 (행, 열) 정수 쌍이어야 합니다. 받은 값: {position!r}")
    row, col = integer(position[0], "position의 행"), integer(position[1], "position의 열")
    if not (0 <= row < feature_map.shape[0] and 0 <= col < feature_map.shape[1]):
        raise ValueError(f"position {position}이(가) 특성 맵 {feature_map.shape} 밖입니다.")
    import matplotlib.pyplot as plt

    kh, kw = w.shape
    widths = [x.shape[1], max(kw, 2), feature_map.shape[1]]
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(min(0.65 * sum(widths) + 4.5, 15), max(0.65 * x.shape[0], 2.4) + 1.4),
        gridspec_kw={"width_ratios": widths},
    )
    ax_in, ax_kernel, ax_out = axes
    draw_matrix(ax_in, x, f"입력 {x.shape[0]}×{x.shape[1]}")
    _rectangle(ax_in, row, col, kh, kw, "#D62728", linewidth=3.5, gid="receptive-field")
    draw_matrix(ax_kernel, w, f"커널 {kh}×{kw}", cmap="Oranges")
    draw_matrix(ax_out, feature_map, f"특성 맵 {feature_map.shape[0]}×{feature_map.shape[1]}", cmap="Greens")
    _rectangle(ax_out, row, col, 1, 1, "#D62728", linewidth=3.5, gid="output-cell")
    ax_in.set_xlabel(f"빨간 테두리: 출력 ({row}, {col})의 수용 영역", fontsize=10)
    ax_in.xaxis.label.set_color("#D62728")
    patch = x[row : row + kh, col : col + kw]
    terms = [f"{_format_value(a)}×{_format_value(b)}" for a, b in zip(patch.ravel(), w.ravel())]
    formula = f"출력 ({row}, {col}) = " + " + ".join(terms)
    if bias:
        formula += f" + {_format_value(bias)}(절편)"
    formula += f" = {_format_value(feature_map[row, col])}"
    fig.text(0.5, 0.02, formula, ha="center", va="bottom", fontsize=11 if len(formula) < 110 else 9)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def plot_receptive_field_growth(kernel_sizes, strides=1, layer_names=None):
    """층을 쌓을수록 출력 픽셀 하나의 수용 영역이 넓어지는 모습.

    왼쪽: 입력 격자 위에 층마다의 수용 영역(``r_l × r_l``)을 가운데를 맞춘 사각형으로 겹쳐 그립니다.
    오른쪽: 층 번호에 따른 수용 영역 크기 ``r_l`` (공식은 ``course_utils.receptive_field``).

    Args:
        kernel_sizes: 층마다의 커널(풀) 크기 ``[k_1, ..., k_L]`` (``L <= 10``, 최종 크기 ``<= 40``).
        strides: 정수 하나 또는 층마다의 스트라이드.
        layer_names: 층마다의 이름(오른쪽 축의 눈금), 기본은 ``"층 1"``, ``"층 2"``, ...

    Returns:
        축 2개의 ``Figure``. 오른쪽 축의 선의 y 값이 ``receptive_field_sizes`` 의 결과입니다.
    """
    from course_utils.receptive_field import receptive_field_sizes

    sizes = receptive_field_sizes(kernel_sizes, strides)
    if len(sizes) > len(_WINDOW_COLORS) or sizes[-1] > 40:
        raise ValueError(f"그림에 담기에는 층({len(sizes)}개, 최대 10) 또는 수용 영역({sizes[-1]}, 최대 40)이 큽니다.")
    names = layer_names or [f"층 {i + 1}" for i in range(len(sizes))]
    if len(names) != len(sizes):
        raise ValueError(f"layer_names의 개수({len(names)})가 층의 개수({len(sizes)})와 다릅니다.")
    import matplotlib.pyplot as plt

    fig, (ax_grid, ax_line) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1, 1.15]})
    grid = sizes[-1] + 2 + (sizes[-1] % 2 == 0)  # 홀수 격자여야 가운데 칸이 하나
    center = (grid - 1) / 2
    ax_grid.imshow(np.zeros((grid, grid)), cmap="Greys", vmin=0, vmax=1)
    _cell_grid(ax_grid, grid, grid, color="#DDDDDD", linewidth=0.8)
    from matplotlib.patches import Rectangle

    for index in reversed(range(len(sizes))):
        size = sizes[index]
        corner = center - size / 2
        color = _WINDOW_COLORS[index]
        ax_grid.add_patch(Rectangle((corner, corner), size, size, facecolor=color, alpha=0.16, edgecolor="none"))
        ax_grid.add_patch(
            Rectangle(
                (corner, corner),
                size,
                size,
                fill=False,
                edgecolor=color,
                linewidth=2.5,
                label=f"{names[index]} 뒤: {size}×{size}",
            )
        )
    ax_grid.add_patch(Rectangle((center - 0.5, center - 0.5), 1, 1, facecolor="black"))
    handles, labels = ax_grid.get_legend_handles_labels()
    ax_grid.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    ax_grid.set_title("입력에서 본 수용 영역(검은 칸: 가운데)")
    positions = list(range(1, len(sizes) + 1))
    ax_line.plot(positions, sizes, "o-", color="#4C72B0")
    for position, size in zip(positions, sizes):
        ax_line.annotate(str(size), (position, size), textcoords="offset points", xytext=(0, 7), ha="center")
    ax_line.set_xticks(positions)
    ax_line.set_xticklabels(names, rotation=30 if len(sizes) > 4 else 0)
    ax_line.set_ylim(0, sizes[-1] * 1.18 + 1)
    from matplotlib.ticker import MaxNLocator

    ax_line.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_line.set_ylabel("수용 영역 크기(픽셀)")
    ax_line.set_title("층을 지날 때마다의 수용 영역 크기")
    ax_line.grid(alpha=0.3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# 패딩·스트라이드·팽창: 덮은 횟수, 커널 위치, 가장자리 값 (노트북 02에서 씀)
# ---------------------------------------------------------------------------


def plot_coverage(input_size, kernel_size, strides=1, paddings=("valid", "same")):
    """입력 픽셀마다 커널이 몇 번 덮는지(계산에 쓰인 횟수)를 패딩 방식별 열지도(heat map)로 비교합니다.

    ``"same"`` 칸에서는 덧붙인 0 패딩 칸을 빗금으로 함께 그립니다(회색 숫자: 패딩 칸이 쓰인 횟수).

    Args:
        input_size: 입력 높이·너비(정수 또는 쌍, ``<= 14``). kernel_size, strides: 정수 또는 쌍.
        paddings: 비교할 패딩 방식들(``"valid"``, ``"same"``).

    Returns:
        패딩 방식마다 축이 하나인 ``Figure``. 축의 첫 이미지는 패딩 포함 격자의 횟수이고, 원래 입력
        부분은 :func:`coverage_counts` 와 같습니다.
    """
    if isinstance(paddings, str):
        paddings = (paddings,)
    if not isinstance(paddings, (tuple, list)) or not paddings:
        raise ValueError(
            f"paddings는 'valid'·'same'을 담은 비어 있지 않은 목록이어야 합니다. 받은 값: {paddings!r}"[:300]
        )
    height, width = int_pair(input_size, "input_size")
    if max(height, width) > 14:
        raise ValueError(f"그림에 담기에는 입력({height}×{width})이 큽니다(최대 14).")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    results = [
        (
            padding_mode(p),
            coverage_counts((height, width), kernel_size, strides, p, keep_padding=True),
            padding_amounts((height, width), kernel_size, strides, p),
        )
        for p in paddings
    ]
    vmax = max(counts.max() for _, counts, _ in results)
    widths = [counts.shape[1] for _, counts, _ in results]
    tallest = max(counts.shape[0] for _, counts, _ in results)
    fig, axes = plt.subplots(
        1,
        len(results),
        figsize=(0.62 * sum(widths) + 1.6 * len(results) + 1.0, 0.62 * tallest + 1.6),
        squeeze=False,
        gridspec_kw={"width_ratios": widths},
        layout="constrained",
    )
    for ax, (padding, counts, (pad_h, pad_w)) in zip(axes[0], results):
        inside = counts[pad_h[0] : counts.shape[0] - pad_h[1], pad_w[0] : counts.shape[1] - pad_w[1]]
        shown = counts.astype(float)
        image = ax.imshow(shown, cmap="YlOrRd", vmin=0, vmax=vmax)
        _cell_grid(ax, *counts.shape)
        for (i, j), value in np.ndenumerate(counts):
            is_pad = not (pad_h[0] <= i < counts.shape[0] - pad_h[1] and pad_w[0] <= j < counts.shape[1] - pad_w[1])
            if is_pad:
                _shade_cell(ax, i, j, PAD_STYLE)
            color = "#999999" if is_pad else ("white" if value > 0.6 * vmax else "black")
            ax.text(j, i, str(value), ha="center", va="center", fontsize=11, color=color)
        if any(pad_h) or any(pad_w):
            ax.add_patch(
                Rectangle((pad_w[0] - 0.5, pad_h[0] - 0.5), width, height, fill=False, edgecolor="black", linewidth=2)
            )
        ax.set_title(f'padding="{padding}"\n최소 {inside.min()}회 · 최대 {inside.max()}회')
    fig.colorbar(image, ax=list(axes[0]), shrink=0.8, label="커널이 덮은 횟수")
    kh, kw = int_pair(kernel_size, "kernel_size")
    fig.suptitle(f"입력 {height}×{width}, 커널 {kh}×{kw}: 입력 픽셀이 계산에 쓰인 횟수(빗금: 0 패딩)")
    return fig


def plot_kernel_positions(input_size, kernel_size, strides=1, padding="valid", dilation_rate=1):
    """커널이 놓이는 모든 위치와 버려지는 행·열을 입력 격자에 그립니다.

    커널이 놓이는 위치마다 커널 가운데에 점을 하나 찍습니다(점 하나 = 출력 픽셀 하나). 처음 몇 위치는
    테두리로 그립니다: 첫 위치, 오른쪽으로 한 걸음(스트라이드만큼), 아래로 한 걸음, 마지막 위치.
    덧붙인 0 패딩 칸은 회색 빗금으로, 어느 위치에도 들지 않아 버려지는 아래쪽·오른쪽 행과 열은
    빨간 빗금으로 표시합니다. 팽창(dilation) ``d > 1`` 이면 커널이 ``k_eff = d(k-1) + 1`` 칸을 덮고,
    첫 위치에서 커널 값이 실제로 곱해지는 칸(``gid="kernel-tap"``)을 작은 네모로 표시합니다.

    Args:
        input_size: 입력 높이·너비(정수 또는 쌍, ``<= 14``). kernel_size, strides, dilation_rate: 정수 또는 쌍.
        padding: ``"valid"``, ``"same"``, 또는 0 이상의 정수 ``p`` (위·아래·왼쪽·오른쪽에 0을 ``p`` 개씩 덧붙인 뒤
            ``valid``; Keras에서는 ``ZeroPadding2D(p)`` 다음 ``Conv2D(padding="valid")``).

    Returns:
        축 하나의 ``Figure``; 커널 가운데 점(``gid="kernel-center"``)의 수는 출력 픽셀 수
        ``out_h * out_w`` 와 같고, 출력 크기는 ``course_utils.sizes`` 로 계산합니다
        (``valid``: ``floor((n + 2p - k_eff) / s) + 1``, ``same``: ``ceil(n / s)``).
        Keras가 거절하는 조합(스트라이드와 팽창이 둘 다 1보다 큼, ``valid`` 에서 커널이 입력보다 큼)은 ``ValueError``.
    """
    from course_utils.sizes import conv_output_size

    height, width = int_pair(input_size, "input_size")
    kh, kw = int_pair(kernel_size, "kernel_size")
    sh, sw = int_pair(strides, "strides")
    dh, dw = int_pair(dilation_rate, "dilation_rate")
    pad_h, pad_w = padding_amounts((height, width), (kh, kw), (sh, sw), padding, (dh, dw))
    if isinstance(padding, str):
        padding = padding_mode(padding)
        padding_text = f'padding="{padding}"'
    else:
        padding_text = f"명시적 패딩 p={padding}"
    if max(height, width) > 14:
        raise ValueError(f"그림에 담기에는 입력({height}×{width})이 큽니다(최대 14).")
    total_h, total_w = height + sum(pad_h), width + sum(pad_w)
    # 패딩을 덧붙인 격자 위의 valid 합성곱: Keras가 거절하는 조합은 여기서 한국어 ValueError가 납니다.
    out_h = conv_output_size(total_h, kh, sh, "valid", dh)
    out_w = conv_output_size(total_w, kw, sw, "valid", dw)
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, Rectangle

    fig, ax = plt.subplots(figsize=(0.5 * total_w + 3.8, 0.5 * total_h + 1.3))
    ax.imshow(np.ones((total_h, total_w)), cmap="Greys", vmin=0, vmax=5)
    _cell_grid(ax, total_h, total_w)
    used_h = (out_h - 1) * sh + span_h
    used_w = (out_w - 1) * sw + span_w
    for i in range(total_h):
        for j in range(total_w):
            is_pad = not (pad_h[0] <= i < total_h - pad_h[1] and pad_w[0] <= j < total_w - pad_w[1])
            if is_pad:
                _shade_cell(ax, i, j, PAD_STYLE)
            elif i >= used_h or j >= used_w:
                _shade_cell(ax, i, j, IGNORED_STYLE, gid="ignored-cell")
    for i in range(out_h):
        for j in range(out_w):
            ax.add_patch(
                Circle(
                    (j * sw + (span_w - 1) / 2, i * sh + (span_h - 1) / 2),
                    0.16,
                    facecolor="#222222",
                    edgecolor="none",
                    zorder=6,
                    gid="kernel-center",
                )
            )
    if dh > 1 or dw > 1:
        for u in range(kh):
            for v in range(kw):
                ax.add_patch(
                    Rectangle(
                        (v * dw - 0.3, u * dh - 0.3),
                        0.6,
                        0.6,
                        facecolor=_WINDOW_COLORS[0],
                        alpha=0.45,
                        edgecolor="none",
                        zorder=4,
                        gid="kernel-tap",
                    )
                )
    examples = [((0, 0), "첫 위치")]
    if out_w > 1:
        examples.append(((0, 1), f"오른쪽으로 {sw}칸"))
    if out_h > 1:
        examples.append(((1, 0), f"아래로 {sh}칸"))
    if out_h * out_w > 3:
        examples.append(((out_h - 1, out_w - 1), "마지막 위치"))
    for index, ((i, j), label) in enumerate(examples):
        _rectangle(
            ax,
            i * sh,
            j * sw,
            span_h,
            span_w,
            _WINDOW_COLORS[index],
            linewidth=2.6,
            inset=0.06 + 0.05 * index,
            gid="kernel-window",
            label=f"{label} (출력 {i},{j})",
        )
    ignored, ignored_w = total_h - used_h, total_w - used_w
    handles, _ = ax.get_legend_handles_labels()
    if any(pad_h) or any(pad_w):
        handles.append(Rectangle((0, 0), 1, 1, **{**PAD_STYLE, "edgecolor": "#999999"}, label="0 패딩"))
    if ignored or ignored_w:
        handles.append(Rectangle((0, 0), 1, 1, **IGNORED_STYLE, label="버려지는 칸"))
    if dh > 1 or dw > 1:
        handles.append(Rectangle((0, 0), 1, 1, facecolor=_WINDOW_COLORS[0], alpha=0.45, label="커널 값이 곱해지는 칸"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
    note = f"  (버려지는 행 {ignored}, 열 {ignored_w})" if padding == "valid" or ignored or ignored_w else ""
    dilation_text = "" if dh == dw == 1 else f", 팽창 {dh if dh == dw else (dh, dw)}"
    ax.set_title(
        f"입력 {height}×{width}, 커널 {kh}×{kw}, 스트라이드 {sh if sh == sw else (sh, sw)}{dilation_text}, "
        f"{padding_text}\n$\\rightarrow$ 출력 {out_h}×{out_w}{note}",
        fontsize=11,
    )
    ax.set_xlabel("검은 점: 커널 가운데가 놓이는 위치(점 하나 = 출력 픽셀 하나)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_border_profiles(feature_map, kernel_size, title: str | None = None):
    """``padding="same"`` 특성 맵의 행 평균과 열 평균: 0 패딩이 닿는 가장자리에서 값이 떨어지는지 봅니다.

    가장자리에서 ``kernel_size // 2`` 칸 안쪽까지는 커널 일부가 0 패딩 위에 놓입니다(회색 띠).

    Args:
        feature_map: 모양 ``(H, W)`` 인 한 장의 특성 맵. kernel_size: 합성곱 커널 크기(정수).
        title: 그림 전체 제목.

    Returns:
        축 2개(행마다의 평균, 열마다의 평균)의 ``Figure``. 첫 축 선의 y 값은 ``feature_map.mean(axis=1)``.
    """
    fmap = float_array(feature_map, "feature_map", (2,), allow_empty=False)
    k = positive_int(kernel_size, "kernel_size")
    if min(fmap.shape) < 2:
        raise ValueError(f"feature_map은 높이와 너비가 2 이상이어야 합니다. 받은 모양: {fmap.shape}")
    half = k // 2
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    for ax, values, axis_name in ((axes[0], fmap.mean(axis=1), "행"), (axes[1], fmap.mean(axis=0), "열")):
        positions = np.arange(len(values))
        ax.plot(positions, values, color="#4C72B0")
        if half:
            ax.axvspan(-0.5, half - 0.5, color="gray", alpha=0.25, label="커널이 0 패딩에 걸치는 영역")
            ax.axvspan(len(values) - half - 0.5, len(values) - 0.5, color="gray", alpha=0.25)
        ax.set_xlim(-0.5, len(values) - 0.5)
        ax.set_xlabel(f"{axis_name} 번호")
        ax.set_ylabel("평균 활성값")
        ax.set_title(f"{axis_name}마다의 평균")
        ax.grid(alpha=0.3)
    axes[0].legend(loc="lower center", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# 풀링 (노트북 03에서 씀)
# ---------------------------------------------------------------------------


def plot_pooling(inputs, pool_size=2, strides=None, mode: str = "max"):
    """작은 행렬의 최대 풀링(max pooling) 또는 평균 풀링(average pooling)을 창별 색으로 보여 줍니다.

    왼쪽: 입력 ``(H, W)`` 과 풀링 창(창마다 다른 색 테두리; 최대 풀링이면 골라진 칸에 동그라미).
    오른쪽: 출력(창과 같은 색 테두리). 패딩은 ``"valid"`` 입니다.

    Args:
        inputs: 모양 ``(H, W)``, ``H, W <= 16``. pool_size: 정수 또는 쌍.
        strides: 정수 또는 쌍, 생략하면 ``pool_size`` 와 같음(Keras 기본값). mode: ``"max"`` 또는 ``"average"``.

    Returns:
        축 2개(입력, 출력)의 ``Figure``. 출력 축의 이미지 값은 Keras ``MaxPooling2D``/``AveragePooling2D`` 와 같습니다.
    """
    x = float_array(inputs, "inputs", (2,), allow_empty=False)
    _check_small(x, "inputs")
    pool = int_pair(pool_size, "pool_size")
    stride = pool if strides is None else int_pair(strides, "strides")
    if mode not in ("max", "average"):
        raise ValueError(f"mode는 'max' 또는 'average'여야 합니다. 받은 값: {mode!r}")
    if pool[0] > x.shape[0] or pool[1] > x.shape[1]:
        raise ValueError(f"풀 크기 {pool}이(가) 입력 {x.shape}보다 클 수 없습니다.")
    out, chosen = (
        pool2d(x, pool, stride, "max", positions=True) if mode == "max" else (pool2d(x, pool, stride, mode), [])
    )
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    fig, (ax_in, ax_out) = plt.subplots(
        1,
        2,
        figsize=(min(0.6 * (x.shape[1] + out.shape[1]) + 3.0, 14), max(0.6 * x.shape[0], 2.4) + 1.0),
        gridspec_kw={"width_ratios": [x.shape[1], max(out.shape[1], 2)]},
    )
    draw_matrix(ax_in, x, f"입력 {x.shape[0]}×{x.shape[1]}", cmap="Blues")
    name = "최대 풀링" if mode == "max" else "평균 풀링"
    draw_matrix(ax_out, out, f"{name} 출력 {out.shape[0]}×{out.shape[1]}", cmap="Blues", vmin=x.min(), vmax=x.max())
    overlap = stride[0] < pool[0] or stride[1] < pool[1]
    for index in range(out.size):
        i, j = divmod(index, out.shape[1])
        color = _WINDOW_COLORS[index % len(_WINDOW_COLORS)]
        inset = 0.05 + (0.06 * (index % 3) if overlap else 0.0)
        _rectangle(
            ax_in, i * stride[0], j * stride[1], pool[0], pool[1], color, linewidth=3, inset=inset, gid="pool-window"
        )
        _rectangle(ax_out, i, j, 1, 1, color, linewidth=3, inset=0.05)
    for row, col in np.reshape(chosen, (-1, 2)):
        ax_in.add_patch(Circle((col, row), 0.36, fill=False, edgecolor="#D62728", linewidth=2, gid="max-choice"))
    stride_text = f"{stride[0]}" if stride[0] == stride[1] else f"{stride}"
    fig.suptitle(
        f"{name}: 풀 크기 {pool[0]}×{pool[1]}, 스트라이드 {stride_text}"
        + (" (빨간 동그라미: 창의 최댓값)" if mode == "max" else " (창의 평균)")
    )
    fig.tight_layout()
    return fig


def plot_pooling_before_after(before, after, titles=("풀링 전", "풀링 후")):
    """풀링 전후의 이미지를 **같은 픽셀 눈금**으로 나란히 그려 크기가 줄어든 것을 보여 줍니다.

    Args:
        before, after: ``(H, W)`` 또는 ``(H, W, C)`` (``C`` 는 1 또는 3) 이미지. 값은
            :mod:`course_utils.image_plots` 의 표시 규칙(정수 0~255, 실수 0~1)을 따릅니다.
            ``after`` 는 ``before`` 보다 크지 않아야 합니다.
        titles: 두 축의 제목.

    Returns:
        축 2개의 ``Figure``; 두 축의 x, y 범위는 ``before`` 의 크기로 같습니다.
    """
    images = []
    for name, value in (("before", before), ("after", after)):
        image = to_display_range(value, name=name)  # 표시 규칙: 정수 0~255, 실수 0~1
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[-1] != 3):
            raise ValueError(
                f"{name}은(는) (H, W) 또는 (H, W, C) (C는 1 또는 3) 이미지여야 합니다. 받은 모양: {image.shape}"
            )
        images.append(image)
    if images[1].shape[0] > images[0].shape[0] or images[1].shape[1] > images[0].shape[1]:
        raise ValueError(f"after {images[1].shape[:2]}가 before {images[0].shape[:2]}보다 클 수 없습니다.")
    if len(titles) != 2:
        raise ValueError("titles는 제목 두 개여야 합니다.")
    import matplotlib.pyplot as plt

    height, width = images[0].shape[:2]
    fig, axes = plt.subplots(1, 2, figsize=(10, 10 / 2 * height / width + 1.0), sharex=True, sharey=True)
    for ax, image, title in zip(axes, images, titles):
        h, w = image.shape[:2]
        show_image(ax, image, name=title, extent=(0, w, h, 0))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_title(f"{title}: {h}×{w}")
        ax.set_xlabel("너비(픽셀)")
    axes[0].set_ylabel("높이(픽셀)")
    fig.tight_layout()
    return fig
