"""테스트 공통: COURSE_DATA_DIR이 없으면 저장소 옆의 오프라인 미러(../shared/course-data)를 씁니다(CI와 같은 조건)."""

import os
from pathlib import Path

MIRROR = Path(__file__).resolve().parents[2] / "shared" / "course-data"

if not os.environ.get("COURSE_DATA_DIR") and MIRROR.is_dir():
    os.environ["COURSE_DATA_DIR"] = str(MIRROR)
