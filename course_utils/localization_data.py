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

from course_utils.reference_ops import box_iou
from course_utils.validation import float_array, integer, integer_labels, positive_int, real_number, unit_images

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


def _paste_distractor(canvas, images, index, box, patch_size, rng) -> bool:
    """다른 숫자에서 잉크가 있는 조각을 잘라 상자와 겹치지 않는 곳에 붙입니다(자리가 없으면 건너뜀)."""
    if len(images) > 1:
        pick_image = int(rng.integers(len(images) - 1))
        other = images[pick_image + 1 if pick_image >= index else pick_image]  # 자기 자신은 빼고 고름
    else:
        other = images[index]
    return _paste_patch(canvas, other, [box], patch_size, rng)


def _paste_patch(canvas, other, boxes, patch_size, rng, attempts: int = 20) -> bool:
    """숫자 ``other`` 의 잉크 한 점을 가운데로 한 조각을 ``boxes`` 어느 것과도 겹치지 않는 곳에 붙입니다(08·09 방해물)."""
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
        if all(not (x < b[2] and b[0] < x + patch_size and y < b[3] and b[1] < y + patch_size) for b in boxes):
            region = canvas[y : y + patch_size, x : x + patch_size]
            np.maximum(region, patch, out=region)
            return True
    return False


# ---------------------------------------------------------------------------------------------
# 09·10: 숫자 여러 개가 있는 장면(물체 탐지·분할)
# ---------------------------------------------------------------------------------------------

_PLACEMENT_ATTEMPTS = 100


def _scaled_digit(image: np.ndarray, long_side: int) -> np.ndarray:
    """잉크 상자로 자른 숫자를 긴 변 ``long_side`` 로 바꾸고 0~255로 양자화한 뒤 다시 잉크 상자로 자른 ``(h, w)`` 배열(0~1)."""
    x0, y0, x1, y1 = ink_bounding_box(image)
    crop = image[y0:y1, x0:x1]
    scale = long_side / max(crop.shape)
    height = max(1, int(round(crop.shape[0] * scale)))
    width = max(1, int(round(crop.shape[1] * scale)))
    digit = np.round(np.clip(resize_image(crop, height, width), 0.0, 1.0) * 255) / 255
    dx0, dy0, dx1, dy1 = ink_bounding_box(digit)
    return digit[dy0:dy1, dx0:dx1]


def _check_int_range(value, name: str, lowest: int, highest: int) -> tuple:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(f"{name}는 (최소, 최대) 정수 쌍이어야 합니다. 받은 값: {value!r}")
    low, high = (integer(v, f"{name}의 값") for v in value)
    if not lowest <= low <= high <= highest:
        raise ValueError(f"{name}는 {lowest} <= 최소 <= 최대 <= {highest}여야 합니다. 받은 값: {value!r}")
    return low, high


def make_detection_scenes(
    digit_images,
    digit_labels,
    num_scenes: int,
    canvas_size: int = 64,
    digits_per_scene=(2, 4),
    digit_size_range=(12, 30),
    max_iou: float = 0.2,
    noise_std: float = 0.0,
    num_distractors: int = 0,
    distractor_size: int = 8,
    seed: int = 0,
):
    """숫자 여러 개를 한 캔버스에 붙인 **장면**(scene): 물체 탐지(09)와 분할(10)의 데이터.

    장면마다(i = 0, 1, ...):

    1. 숫자 개수 K를 ``digits_per_scene`` 범위(양 끝 포함)에서 고르고, 입력 숫자 중 K개를 중복 없이 고릅니다.
    2. 숫자마다 :func:`make_localization_dataset` 처럼 잉크 상자로 잘라 긴 변을 ``digit_size_range`` 안의
       무작위 크기로 바꾸고(양자화 후 다시 잉크 상자로 자름), 무작위 정수 위치에 놓습니다. 앞서 놓은 숫자들의
       상자와의 IoU가 모두 ``max_iou`` 이하가 될 때까지 크기와 위치를 다시 뽑습니다(최대 100번, 그래도
       안 되면 ``ValueError``). 정답 상자는 놓은 사각형 그대로 ``(x, y, x + w, y + h)`` 입니다.
    3. 캔버스 값은 숫자들의 잉크의 최댓값입니다. 마스크는 잉크(> 0)가 있는 픽셀마다 그 픽셀에서 잉크 값이
       가장 큰 숫자의 번호(1부터, 같으면 먼저 놓은 숫자)를 적고, 잉크가 없는 픽셀은 0(배경)입니다.
    4. (선택) 방해물: 이 장면에 없는 숫자에서 잘라 낸 조각을 어느 상자와도 겹치지 않는 곳에 붙입니다(마스크는 0).
    5. (선택) 가우스 잡음을 더하고 0~255로 자릅니다(마스크는 그대로).

    배치, 방해물, 잡음은 서로 다른 난수 흐름을 쓰므로 같은 ``seed`` 이면 방해물·잡음을 켜고 꺼도 상자·레이블·
    마스크가 같고, 장면을 순서대로 만들므로 ``num_scenes`` 를 줄여도 앞쪽 장면은 같습니다.

    Args:
        digit_images: ``(N, 높이, 너비)`` 숫자 이미지(uint8 0~255 또는 실수 0~1). N >= 최대 K.
        digit_labels: ``(N,)`` 정수 클래스.
        num_scenes: 만들 장면 수.
        canvas_size: 정사각형 캔버스의 한 변 S(픽셀).
        digits_per_scene: 장면마다 숫자 개수 K의 범위 ``(최소, 최대)``, 1 이상.
        digit_size_range: 숫자의 긴 변의 범위 ``(최소, 최대)`` (최대 <= S).
        max_iou: 같은 장면의 두 숫자 상자가 가질 수 있는 최대 IoU [0, 1] (0이면 상자가 겹치지 않음).
        noise_std: 가우스 잡음의 표준편차(0~1 밝기 단위).
        num_distractors: 장면마다 붙일 방해물 조각 수. distractor_size: 조각의 한 변(픽셀).
        seed: 난수 시드.

    Returns:
        ``(scenes, boxes, labels, masks)``:

        * ``scenes``: uint8 ``(num_scenes, S, S, 1)``, 0~255.
        * ``boxes``: 길이 ``num_scenes`` 의 목록, 원소는 float32 ``(K_i, 4)`` 모서리 상자(정수 값, 픽셀).
        * ``labels``: 길이 ``num_scenes`` 의 목록, 원소는 int64 ``(K_i,)``.
        * ``masks``: uint8 ``(num_scenes, S, S)``: 0은 배경, k(1~K_i)는 ``boxes[i][k - 1]`` 의 숫자.
    """
    images = unit_images(digit_images, "digit_images", ndims=(3,))
    all_labels = integer_labels(digit_labels, "digit_labels", length=len(images))
    num_scenes = positive_int(num_scenes, "num_scenes")
    canvas_size = integer(canvas_size, "canvas_size", minimum=2)
    fewest, most = _check_int_range(digits_per_scene, "digits_per_scene", 1, 255)
    if most > len(images):
        raise ValueError(
            f"장면마다 숫자를 최대 {most}개 중복 없이 골라야 하는데 digit_images가 {len(images)}개뿐입니다."
        )
    low, high = _check_int_range(digit_size_range, "digit_size_range", 1, canvas_size)
    max_iou = real_number(max_iou, "max_iou", minimum=0.0, maximum=1.0)
    noise_std = real_number(noise_std, "noise_std", minimum=0.0)
    num_distractors = integer(num_distractors, "num_distractors", minimum=0)
    distractor_size = integer(distractor_size, "distractor_size", minimum=1)
    seed = integer(seed, "seed", minimum=0)
    if num_distractors and distractor_size > min(min(images.shape[1:]), canvas_size):
        raise ValueError(f"distractor_size({distractor_size})가 숫자 이미지나 캔버스보다 큽니다.")
    blank = np.flatnonzero(~(images.reshape(len(images), -1) > 0).any(axis=1))
    if len(blank):
        raise ValueError(f"{int(blank[0])}번 숫자 이미지에 잉크가 없습니다(모든 픽셀이 0).")

    size = int(canvas_size)
    layout = np.random.default_rng([seed, 0])
    clutter = np.random.default_rng([seed, 1])
    noise = np.random.default_rng([seed, 2])
    scenes = np.zeros((num_scenes, size, size, 1), dtype=np.uint8)
    masks = np.zeros((num_scenes, size, size), dtype=np.uint8)
    all_boxes, scene_labels = [], []
    for i in range(num_scenes):
        count = int(layout.integers(fewest, most + 1))
        picks = layout.choice(len(images), size=count, replace=False)
        inks = np.zeros((count, size, size))  # 숫자마다 따로 붙인 잉크
        boxes = []
        for k, pick in enumerate(picks):
            for _ in range(_PLACEMENT_ATTEMPTS):
                digit = _scaled_digit(images[pick], int(layout.integers(low, high + 1)))
                height, width = digit.shape
                x = int(layout.integers(0, size - width + 1))
                y = int(layout.integers(0, size - height + 1))
                box = (x, y, x + width, y + height)
                if np.all(box_iou(np.array(box, float), np.array(boxes, float).reshape(-1, 4)) <= max_iou):
                    break
            else:
                raise ValueError(
                    f"{i}번 장면에 숫자 {count}개를 서로의 IoU가 max_iou({max_iou}) 이하가 되게 놓지 못했습니다"
                    f"({_PLACEMENT_ATTEMPTS}번 시도). canvas_size를 키우거나 digit_size_range, digits_per_scene을 줄이거나 "
                    "max_iou를 키우세요."
                )
            inks[k, y : y + height, x : x + width] = digit
            boxes.append(box)
        canvas = inks.max(axis=0)
        masks[i] = np.where(canvas > 0, inks.argmax(axis=0) + 1, 0)
        for _ in range(num_distractors):
            _paste_scene_distractor(canvas, images, picks.tolist(), boxes, distractor_size, clutter)
        if noise_std > 0:
            canvas = canvas + noise.normal(0.0, noise_std, size=canvas.shape)
        scenes[i, :, :, 0] = np.clip(np.round(canvas * 255), 0, 255)
        all_boxes.append(np.array(boxes, dtype=np.float32).reshape(-1, 4))
        scene_labels.append(all_labels[picks].astype(np.int64))
    return scenes, all_boxes, scene_labels, masks


def _paste_scene_distractor(canvas, images, used, boxes, patch_size, rng) -> bool:
    """장면에 없는 숫자에서 잉크가 있는 조각을 잘라 어느 상자와도 겹치지 않는 곳에 붙입니다(자리가 없으면 건너뜀)."""
    pick_image = int(used[0])
    if len(images) > len(used):
        pick_image = int(rng.integers(len(images)))
        while pick_image in used:  # 장면에 있는 숫자는 다시 뽑음(장면의 숫자는 최대 몇 개뿐)
            pick_image = int(rng.integers(len(images)))
    return _paste_patch(canvas, images[pick_image], boxes, patch_size, rng)


def scene_class_masks(masks, labels) -> np.ndarray:
    """물체 번호 마스크를 클래스 마스크로: 배경은 0, 클래스 c인 숫자의 픽셀은 c + 1.

    Args:
        masks: :func:`make_detection_scenes` 의 ``(N, S, S)`` 마스크(0 배경, k는 k번째 숫자).
        labels: 길이 N의 목록, 원소는 ``(K_i,)`` 클래스.

    Returns:
        int64 ``(N, S, S)``: ``out[i, y, x] = labels[i][masks[i, y, x] - 1] + 1`` (배경 0).
    """
    array = np.asarray(masks)
    if array.ndim != 3 or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(
            f"masks는 (N, 높이, 너비) 정수 배열이어야 합니다. 받은 모양·자료형: {array.shape}, {array.dtype}"
        )
    if not isinstance(labels, (list, tuple)) or len(labels) != len(array):
        raise ValueError(f"labels는 마스크마다 하나씩, 길이 {len(array)}의 목록이어야 합니다.")
    out = np.zeros(array.shape, dtype=np.int64)
    for i, scene_labels in enumerate(labels):
        scene_labels = integer_labels(scene_labels, f"labels[{i}]")
        if array[i].max(initial=0) > len(scene_labels) or array[i].min(initial=0) < 0:
            raise ValueError(f"masks[{i}]에 labels[{i}]({len(scene_labels)}개)에 없는 물체 번호가 있습니다.")
        lookup = np.concatenate([[0], scene_labels + 1])
        out[i] = lookup[array[i]]
    return out
