"""그림(matplotlib)에서 한글이 네모(□)로 깨지지 않게 하는 글꼴 설정.

강좌 패키지에 나눔고딕(NanumGothic, SIL Open Font License 1.1, 라이선스 전문: ``course_utils/fonts/OFL.txt``)
글꼴 파일을 함께 넣어 두고 matplotlib에 직접 등록하므로, 시스템 글꼴 설치나 런타임 재시작이 필요 없습니다
(로컬, 새 가상 환경, Colab 모두 같음).
"""

from __future__ import annotations

from pathlib import Path

#: 강좌 패키지에 들어 있는 글꼴 폴더.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
#: 우선순위 순서의 한글 글꼴 이름(첫째가 함께 넣은 글꼴).
PREFERRED_FONTS = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "AppleGothic",
)


def bundled_font_files() -> list[Path]:
    """강좌 패키지에 들어 있는 한글 글꼴 파일 목록(``NanumGothic.ttf``)."""
    return sorted(FONT_DIR.glob("*.ttf"))


def use_korean_font() -> str:
    """한글 글꼴을 matplotlib에 등록하고 기본 글꼴로 지정한 뒤 그 이름을 돌려줍니다.

    나눔고딕에는 유니코드 마이너스 기호(−)가 없으므로 ``axes.unicode_minus`` 를 끕니다.
    한글 글꼴을 하나도 찾지 못하면(패키지의 글꼴 파일이 지워진 경우) ``RuntimeError`` 를 냅니다.
    """
    import matplotlib
    from matplotlib import font_manager

    for path in bundled_font_files():
        font_manager.fontManager.addfont(str(path))
    available = {font.name for font in font_manager.fontManager.ttflist}
    for name in PREFERRED_FONTS:
        if name in available:
            matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise RuntimeError(
        f"한글 글꼴을 찾지 못했습니다({FONT_DIR}에 NanumGothic.ttf가 없음). 강좌 패키지를 다시 설치하세요."
    )
