"""한국어 CNN 강좌(TensorFlow/Keras)의 도우미 패키지.

수업의 핵심 코드(모델, 학습)는 노트북에 두고, 수업에서 주의를 흩뜨리는 것
(크기 계산, 데이터 적재, 그림, 지표)만 이 패키지에 둡니다. import만으로는 아무 설정도
바꾸지 않습니다. 노트북은 맨 위에서 ``setup_notebook()`` 을 부릅니다.

모듈:
    mode            빠른/전체 모드 (``is_quick_mode``, ``set_quick_mode``, ``by_mode``)
    notebook_setup  노트북 준비 (``setup_notebook``)
    korean_font     그림의 한글 글꼴
    datasets        데이터 적재(온라인/오프라인), ``python -m course_utils.datasets prefetch``
    sizes           합성곱·풀링 출력 크기와 파라미터 수
    results         핵심 결과 기록(``record_result``, make bench가 모음)
    nbtools         노트북 정리·위생 검사·기대 출력 갱신
"""

__version__ = "0.1.0"

from course_utils.datasets import (  # noqa: E402
    FASHION_CLASS_NAMES_KO,
    DatasetNotFoundError,
    flowers_dir,
    flower_class_names,
    load_fashion_mnist,
    load_flowers,
    load_imagenet_class_index,
    load_mnist,
    load_sample_images,
    stratified_subset,
)
from course_utils.mode import by_mode, is_quick_mode, mode_name, set_quick_mode  # noqa: E402
from course_utils.notebook_setup import setup_notebook  # noqa: E402
from course_utils.results import record_result  # noqa: E402
from course_utils.sizes import (  # noqa: E402
    conv2d_output_shape,
    conv2d_param_count,
    conv_output_size,
    dense_param_count,
    pool2d_output_shape,
    pool_output_size,
    same_padding,
    valid_ignored,
)
