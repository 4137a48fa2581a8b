"""위치 추정(localization) 실습 데이터: 큰 캔버스 위에 MNIST 숫자를 붙이고 정확한 경계 상자를 함께 만듭니다.

숫자 이미지 배열을 입력으로 받으므로(파일을 읽지 않음) 작은 가짜 배열로도 테스트할 수 있습니다.
노트북에서는 데이터 계층(``course_utils.load_mnist()``)으로 읽은 MNIST를 넣습니다.

만드는 방법(샘플 i마다)
-----------------------
1. 숫자 이미지에서 잉크(값 > 0)가 있는 가장 작은 사각형을 잘라 냅니다.
2. 긴 변이 ``digit_size_range`` 안의 무작위 정수 L 픽셀이 되도록 가로세로 비율을 유지해 크기를 바꾸고
   (:func:`resize_image`: 늘릴 때 쌍선형 보간, 줄일 때 넓이 평균), 0~255 정수로 양자화한 뒤 다시 잉크가
   있는 가장 작은 사각형으로 자릅니다(아주 흐린 가장자리가 0이 되면 긴 변이 L보다 1~2픽셀 작아질 수 있음).
3. 캔버스 안의 무작위 정수 위치 ``(x, y)`` 에 붙입니다. 정답 상자는 붙인 사각형 그대로
   ``(x, y, x + w, y + h)`` 입니다(상자 규약은 :mod:`course_utils.detection`: 모서리, 픽셀, +1 없음).
   따라서 상자 안의 첫·마지막 행과 열에는 반드시 잉크가 있고, 상자 밖에는 숫자의 잉크가 없습니다.
4. (선택) 방해물(distractor): 다른 숫자에서 잘라 낸 작은 조각을 상자와 겹치지 않는 곳에 붙입니다.
5. (선택) 가우스 잡음(noise)을 더하고 0~255로 자릅니다.

크기·위치, 방해물, 잡음은 서로 다른 난수 흐름을 쓰므로, 같은 ``seed`` 이면 방해물과 잡음을 켜고 꺼도
숫자의 크기·위치·정답 상자는 똑같습니다. 또 크기·위치와 잡음은 샘플 순서대로 뽑으므로, 입력의 앞쪽 k개만 넣어도
정답 상자(방해물이 없으면 캔버스까지)는 전체를 넣었을 때의 앞쪽 k개와 같습니다(방해물은 입력 전체에서 고름).
"""

from __future__ import annotations

import functools

import numpy as np

from course_utils.validation import float_array, integer, integer_labels, real_number, unit_images

#: :func:`resize_image` 출력과 캔버스의 한 변 최대값(픽셀). 실수로 큰 수를 넣어 메모리를 다 쓰기 전에 알려 줍니다
#: (4096 × 4096 float64 = 128 MiB).
MAX_IMAGE_SIDE = 4096
#: 캔버스마다 붙일 수 있는 방해물 조각 수의 최대값.
MAX_DISTRACTORS = 100


def ink_bounding_box(image, threshold: float = 0) -> tuple:
    """2차원 이미지에서 값이 ``threshold`` 보다 큰 픽셀을 모두 덮는 가장 작은 상자.

    Args:
        image: ``(높이, 너비)`` 배열.
        threshold: 잉크로 볼 최소값(이 값보다 커야 잉크).

    Returns:
        모서리 상자 ``(x_min, y_min, x_max, y_max)`` (정수, 픽셀 ``[x_min, x_max) x [y_min, y_max)``).
        잉크가 없으면 ``ValueError``.
    """
    array = float_array(image, "image")
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim != 2:
        raise ValueError(f"image는 (높이, 너비) 또는 (높이, 너비, 1) 배열이어야 합니다. 받은 모양: {array.shape}")
    ink = array > real_number(threshold, "threshold")
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        raise ValueError("이미지에 잉크(threshold보다 큰 픽셀)가 없어 상자를 정할 수 없습니다.")
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


@functools.lru_cache(maxsize=64)  # 크기 쌍마다 한 번 계산(읽기 전용으로 나눠 줌; 많아야 64개만 기억)
def _resize_matrix(size_in: int, size_out: int) -> np.ndarray:
    """1차원 크기 변환 행렬 ``(size_out, size_in)``.

    * 늘릴 때(``size_out >= size_in``): 모서리 정렬 쌍선형 보간. 출력 j는 입력 위치 ``j (m-1)/(n-1)``.
      (``tf.compat.v1.image.resize(..., align_corners=True)`` 와 같음)
    * 줄일 때: 넓이 평균(area). 출력 j는 입력 구간 ``[j m/n, (j+1) m/n)`` 의 평균(겹친 길이로 가중).
      (``tf.image.resize(..., method="area")`` 와 같음) 가는 획도 사라지지 않습니다.
    """
    matrix = np.zeros((size_out, size_in))
    if size_out >= size_in:
        if size_out == 1:
            positions = np.zeros(1)
        else:
            positions = np.arange(size_out) * (size_in - 1) / (size_out - 1)
        low = np.minimum(np.floor(positions).astype(int), size_in - 1)
        high = np.minimum(low + 1, size_in - 1)
        frac = positions - low
        np.add.at(matrix, (np.arange(size_out), low), 1 - frac)
        np.add.at(matrix, (np.arange(size_out), high), frac)
    else:
        scale = size_in / size_out
        edges = np.arange(size_in + 1)
        for j in range(size_out):
            start, stop = j * scale, (j + 1) * scale
            overlap = np.clip(np.minimum(edges[1:], stop) - np.maximum(edges[:-1], start), 0, None)
            matrix[j] = overlap / scale
    matrix.setflags(write=False)
    return matrix


def resize_image(image, height: int, width: int) -> np.ndarray:
    """2차원 이미지의 크기를 ``(height, width)`` 로 바꿉니다: ``A @ image @ B.T`` (축마다 따로).

    축마다 늘릴 때는 모서리 정렬 쌍선형 보간, 줄일 때는 넓이 평균을 씁니다(:func:`_resize_matrix`).
    어느 쪽이든 출력의 첫·마지막 행(열)은 입력의 첫·마지막 행(열)을 반영합니다.
    ``height`` 와 ``width`` 는 1~:data:`MAX_IMAGE_SIDE` 입니다(메모리를 잡기 전에 검사).
    """
    array = float_array(image, "image", (2,), allow_empty=False)
    for name, value in (("height", height), ("width", width)):
        integer(value, name, minimum=1, maximum=MAX_IMAGE_SIDE)
    return _resize_matrix(array.shape[0], int(height)) @ array @ _resize_matrix(array.shape[1], int(width)).T


def make_localization_dataset(
    digit_images,
    digit_labels,
    canvas_size: int = 64,
    digit_size_range=(16, 40),
    noise_std: float = 0.0,
    num_distractors: int = 0,
    distractor_size: int = 8,
    seed: int = 0,
):
    """숫자 하나씩을 캔버스에 붙인 위치 추정 데이터(입력 숫자마다 캔버스 하나).

    Args:
        digit_images: ``(N, 높이, 너비)`` 숫자 이미지(uint8 0~255 또는 실수 0~1), 예: MNIST ``(N, 28, 28)``.
            잉크(값 > 0)가 없는 이미지는 ``ValueError``.
        digit_labels: ``(N,)`` 정수 클래스.
        canvas_size: 정사각형 캔버스의 한 변 S(픽셀).
        digit_size_range: 숫자의 긴 변 L의 범위 ``(최소, 최대)`` (정수, 양 끝 포함, 최대 <= S).
        noise_std: 가우스 잡음의 표준편차(0~1 밝기 단위, 0이면 없음).
        num_distractors: 캔버스마다 붙일 방해물 조각 수.
        distractor_size: 방해물 조각의 한 변(픽셀).
        seed: 난수 시드(같으면 결과가 항상 같음).

    Returns:
        ``(canvases, labels, boxes)``:

        * ``canvases``: uint8 ``(N, S, S, 1)``, 0~255 (배경 0, 잉크는 밝음).
        * ``labels``: int64 ``(N,)`` (입력 레이블 그대로).
        * ``boxes``: float32 ``(N, 4)`` 모서리 상자 ``(x_min, y_min, x_max, y_max)`` (정수 값, 픽셀).
    """
    images = unit_images(digit_images, "digit_images", ndims=(3,))
    labels = integer_labels(digit_labels, "digit_labels", length=len(images))
    canvas_size = integer(canvas_size, "canvas_size", minimum=2, maximum=MAX_IMAGE_SIDE)
    if not isinstance(digit_size_range, (tuple, list)) or len(digit_size_range) != 2:
        raise ValueError(f"digit_size_range는 (최소, 최대) 정수 쌍이어야 합니다. 받은 값: {digit_size_range!r}")
    low, high = (integer(v, "digit_size_range의 값") for v in digit_size_range)
    if not 1 <= low <= high <= canvas_size:
        raise ValueError(
            f"digit_size_range는 1 <= 최소 <= 최대 <= canvas_size({canvas_size})여야 합니다. "
            f"받은 값: {digit_size_range!r}"
        )
    noise_std = real_number(noise_std, "noise_std", minimum=0.0)
    for name, value, minimum, maximum in (
        ("num_distractors", num_distractors, 0, MAX_DISTRACTORS),
        ("distractor_size", distractor_size, 1, None),
        ("seed", seed, 0, None),
    ):
        integer(value, name, minimum=minimum, maximum=maximum)
    if num_distractors and distractor_size > min(images.shape[1:]):
        raise ValueError(f"distractor_size({distractor_size})가 숫자 이미지보다 큽니다.")

    count, size = len(images), int(canvas_size)
    # 샘플마다 (크기, x 위치, y 위치)용 균등 난수 3개를 한 줄씩 뽑으므로, 앞쪽 샘플의 배치는 전체 개수와 무관합니다.
    layout = np.random.default_rng([seed, 0]).random((count, 3))
    long_sides = low + np.minimum((layout[:, 0] * (high - low + 1)).astype(int), high - low)
    position_fractions = layout[:, 1:]
    clutter = np.random.default_rng([seed, 1])
    noise = np.random.default_rng([seed, 2])

    canvases = np.zeros((count, size, size, 1), dtype=np.uint8)
    boxes = np.zeros((count, 4), dtype=np.float32)
    canvas = np.zeros((size, size), dtype=np.float64)
    for i in range(count):
        image = images[i]
        try:
            x0, y0, x1, y1 = ink_bounding_box(image)
        except ValueError:
            raise ValueError(f"{i}번 숫자 이미지에 잉크가 없습니다(모든 픽셀이 0).") from None
        crop = image[y0:y1, x0:x1]
        scale = long_sides[i] / max(crop.shape)
        height = max(1, int(round(crop.shape[0] * scale)))
        width = max(1, int(round(crop.shape[1] * scale)))
        digit = np.clip(resize_image(crop, height, width), 0.0, 1.0)
        digit = np.round(digit * 255) / 255  # 저장할 uint8 값으로 미리 양자화: 잉크(> 0)의 범위가 저장 후에도 같음
        dx0, dy0, dx1, dy1 = ink_bounding_box(digit)
        digit = digit[dy0:dy1, dx0:dx1]
        height, width = digit.shape
        x = int(position_fractions[i, 0] * (size - width + 1))
        y = int(position_fractions[i, 1] * (size - height + 1))
        canvas[:] = 0.0
        canvas[y : y + height, x : x + width] = digit
        boxes[i] = (x, y, x + width, y + height)
        for _ in range(num_distractors):
            _paste_distractor(canvas, images, i, boxes[i], distractor_size, clutter)
        if noise_std > 0:
            canvas += noise.normal(0.0, noise_std, size=canvas.shape)
        canvases[i, :, :, 0] = np.clip(np.round(canvas * 255), 0, 255)
    return canvases, labels.astype(np.int64), boxes


def _paste_distractor(canvas, images, index, box, patch_size, rng, attempts: int = 20) -> bool:
    """다른 숫자에서 잉크가 있는 조각을 잘라 상자와 겹치지 않는 곳에 붙입니다(자리가 없으면 건너뜀)."""
    if len(images) > 1:
        pick_image = int(rng.integers(len(images) - 1))
        other = images[pick_image + 1 if pick_image >= index else pick_image]  # 자기 자신은 빼고 고름
    else:
        other = images[index]
    ink_rows, ink_cols = np.nonzero(other > 0)
    if len(ink_rows) == 0:
        return False
    pick = rng.integers(len(ink_rows))
    top = int(np.clip(ink_rows[pick] - patch_size // 2, 0, other.shape[0] - patch_size))
    left = int(np.clip(ink_cols[pick] - patch_size // 2, 0, other.shape[1] - patch_size))
    patch = other[top : top + patch_size, left : left + patch_size]
    size = canvas.shape[0]
    if patch_size > size:
        return False
    for _ in range(attempts):
        x, y = (int(v) for v in rng.integers(0, size - patch_size + 1, size=2))
        overlaps = x < box[2] and box[0] < x + patch_size and y < box[3] and box[1] < y + patch_size
        if not overlaps:
            region = canvas[y : y + patch_size, x : x + patch_size]
            np.maximum(region, patch, out=region)
            return True
    return False
