"""pytest 공통 설정: nbval이 표준 오류(stderr)는 비교하지 않게 합니다.

TensorFlow와 Keras는 버전·기계에 따라 다른 경고를 표준 오류로 내므로, 출력 검사 셀에서도
표준 출력과 결과 값만 비교합니다(nbval에는 이 옵션이 없어 비교 직전의 변환 함수를 감쌉니다).
"""

try:
    import nbval.plugin as _nbval_plugin
except ImportError:  # nbval 없이 단위 테스트만 돌리는 경우
    _nbval_plugin = None

if _nbval_plugin is not None:
    _original_transform = _nbval_plugin.transform_streams_for_comparison

    def _without_stderr(outputs):
        kept = [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        return _original_transform(kept)

    _nbval_plugin.transform_streams_for_comparison = _without_stderr


# make site가 nbval 실행을 다시 쓰게(CI에서 노트북을 두 번 실행하지 않도록): COURSE_KEEP_EXECUTED=1이면
# 모든 셀이 통과한 강좌 노트북을 출력과 함께 build/site-runs/quick/ 에 저장합니다(course_tools.website).
_failed_nodeids = set()


def pytest_runtest_logreport(report):
    if report.failed:
        _failed_nodeids.add(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    from course_utils.flags import env_flag

    # 켬/끔 값은 다른 COURSE_* 변수처럼 flags.env_flag로 읽습니다(1/true/yes/on, 0/false/no/off; 그 밖의 값은 오류).
    if env_flag("COURSE_KEEP_EXECUTED") and _nbval_plugin is not None:
        from course_tools.website import save_nbval_runs

        save_nbval_runs(session.items, _failed_nodeids)
