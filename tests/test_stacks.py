"""make stacks: 스택 제약 파일, pyproject.toml의 하한과의 일치, 환경 재사용 지문, 설치 실패의 분명한 실패."""

import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from course_tools import stacks

ROOT = Path(__file__).resolve().parents[1]


def dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {stacks.normalize(Requirement(text).name): Requirement(text) for text in project["dependencies"]}


def lower_bound(requirement: Requirement) -> Version | None:
    bounds = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
    return max(bounds) if bounds else None


def test_read_pins(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("# 설명\n\nTensorFlow==2.16.1  # 꼬리 주석\nscikit_learn == 1.6.1\n", encoding="utf-8")
    assert stacks.read_pins(path) == {"tensorflow": "2.16.1", "scikit-learn": "1.6.1"}
    bad_lines = (
        "numpy>=1.26\n",
        "numpy\n",
        "numpy==1.26.0\nNumPy==1.26.4\n",
        "numpy==1.26.*\n",
        "numpy>=1.26,==1.26.0\n",
        "numpy[dev]==1.26.0\n",
        "numpy==1.26.0; python_version < '3.12'\n",
        "numpy @ https://example.org/numpy.whl\n",
        "numpy==\n",
    )
    for bad in bad_lines:
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match="x.txt"):
            stacks.read_pins(path)


def test_the_course_keeps_lowest_colab_and_newest_stacks():
    assert {"lowest", "colab", "newest"} <= set(stacks.available_stacks())
    assert stacks.read_pins(stacks.STACKS_DIR / "newest.txt") == {}, "newest는 고정하지 않습니다"
    for name in ("lowest", "colab"):
        assert {"tensorflow", "keras", "numpy", "matplotlib"} <= set(
            stacks.read_pins(stacks.STACKS_DIR / f"{name}.txt")
        )


def test_lowest_stack_is_the_pyproject_floor():
    """pyproject.toml의 하한(>=)마다 lowest가 그 하한의 가장 낮은 릴리스를 고정하고, 거꾸로도 같아야 합니다."""
    pins = stacks.read_pins(stacks.STACKS_DIR / "lowest.txt")
    requirements = dependencies()
    for name, version in pins.items():
        assert name in requirements, f"lowest가 고정한 {name}이(가) pyproject.toml 의존성에 없습니다"
        floor = lower_bound(requirements[name])
        assert floor is not None, f"{name}: lowest에 {version}을 고정했으면 pyproject.toml에도 하한을 적으세요"
        pinned = Version(version)
        assert pinned in requirements[name].specifier, f"{name}=={version}이 pyproject.toml의 범위 밖입니다"
        # 하한이 2.16이면 2.16.x를 고정(2.16.0이 없는 TensorFlow처럼 첫 패치가 다를 수 있음)
        assert pinned.release[: len(floor.release)] == floor.release, f"{name}: 하한 {floor}인데 {version}을 고정함"
    unpinned = [name for name, requirement in requirements.items() if lower_bound(requirement) and name not in pins]
    assert unpinned == [], f"하한이 있는데 lowest에서 시험하지 않는 의존성: {unpinned}"


def test_colab_stack_is_allowed_by_pyproject():
    requirements = dependencies()
    for name, version in stacks.read_pins(stacks.STACKS_DIR / "colab.txt").items():
        if name in requirements:
            assert Version(version) in requirements[name].specifier, f"colab의 {name}=={version}을 pyproject가 막습니다"


def test_fingerprint_changes_with_pins_pyproject_and_python(tmp_path):
    stack, project = tmp_path / "s.txt", tmp_path / "pyproject.toml"
    stack.write_text("numpy==1.26.0\n")
    project.write_text("[project]\n")
    first = stacks.fingerprint(stack, project, "3.11.7")
    assert stacks.fingerprint(stack, project, "3.11.7") == first
    stack.write_text("# 설명만 고침\nnumpy==1.26.0  # 바닥\n")
    assert stacks.fingerprint(stack, project, "3.11.7") == first, "주석만 바뀌면 환경을 다시 만들 필요가 없습니다"
    assert stacks.fingerprint(stack, project, "3.12.0") != first
    project.write_text("[project]\nname = 'x'\n")
    second = stacks.fingerprint(stack, project, "3.11.7")
    assert second != first
    stack.write_text("numpy==1.26.4\n")
    assert stacks.fingerprint(stack, project, "3.11.7") not in (first, second)


def test_version_mismatches_name_every_difference():
    pins = {"tensorflow": "2.16.1", "keras": "3.9.0", "numpy": "1.26.0"}
    assert stacks.version_mismatches(pins, {"tensorflow": "2.16.1", "keras": "3.9.0", "numpy": "1.26.0"}) == []
    problems = stacks.version_mismatches(pins, {"tensorflow": "2.16.1", "keras": "3.10.0", "numpy": None})
    assert problems == [
        "keras: 3.9.0을(를) 고정했지만 3.10.0이(가) 설치되었습니다",
        "numpy: 1.26.0을(를) 고정했지만 설치되지 않았습니다",
    ]


def test_installed_versions_reads_the_given_interpreter():
    import pytest as installed_pytest

    found = stacks.installed_versions(Path(sys.executable), ["pytest", "no-such-distribution-xyz"])
    assert found == {"pytest": installed_pytest.__version__, "no-such-distribution-xyz": None}


def test_summary_line_finds_the_pytest_result():
    output = "....F\n=== FAILURES ===\nboom\n=== 3 failed, 271 passed in 383.02s (0:06:23) ===\n"
    assert stacks.summary_line(output) == "3 failed, 271 passed in 383.02s (0:06:23)"
    assert stacks.summary_line("no tests ran\n") == "결과 줄 없음"


def test_main_rejects_unknown_stacks_and_missing_pytest_arguments(capsys):
    assert stacks.main(["no-such-stack", "--", "-q"]) == 2
    assert "lowest" in capsys.readouterr().err
    assert stacks.main(["lowest"]) == 2


def test_a_cached_environment_is_reused_only_while_its_fingerprint_matches_and_a_failed_install_fails_loudly(
    tmp_path, monkeypatch, capsys
):
    """지문이 같으면 환경을 다시 쓰고, 고정값이 바뀌면 옛 환경을 지우고 새로 설치합니다. 설치할 수 없으면
    건너뛰지 않고 이유와 함께 실패하며, 실패한 환경은 재사용 가능으로 표시하지 않습니다(pip을 실제로 실행).

    가상 환경을 만들고 pip을 돌리는 일은 몇 초씩 걸리므로 한 번만 합니다: 캐시된 환경의 고정값을 바꾼 뒤
    ``main`` 을 부르면 다시 만들기, 설치 실패, 실패 보고를 한 번에 지납니다. 패키지 색인을 끄고(PIP_NO_INDEX)
    실행해 네트워크 없이 pip이 실패하게 합니다.
    """
    monkeypatch.setattr(stacks, "STACKS_DIR", tmp_path / "stacks")
    monkeypatch.setattr(stacks, "CACHE_DIR", tmp_path / "cache")
    stacks.STACKS_DIR.mkdir()
    stack_file = stacks.STACKS_DIR / "broken.txt"
    stack_file.write_text("numpy==1.26.0\n")
    env_dir = stacks.CACHE_DIR / "broken"
    (env_dir / "bin").mkdir(parents=True)
    (env_dir / "bin" / "python").write_text("")
    (env_dir / ".fingerprint").write_text(stacks.fingerprint(stack_file) + "\n")
    seconds, reused = stacks.build("broken")
    assert reused and (env_dir / "bin" / "python").exists()
    # 고정값이 바뀌면 다시 만듦: 색인 없이 실행해 설치가 실패하고, 옛 환경은 지워짐
    stack_file.write_text("numpy==0.0.1  # PyPI에 없는 버전\n")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    monkeypatch.delenv("STACKS_REBUILD", raising=False)
    assert stacks.main(["broken", "--", "-q"]) == 1
    out = capsys.readouterr()
    assert "스택 broken을(를) 이 기계의 Python" in out.err and "건너뛰지 않고 실패로 처리합니다" in out.err
    assert "broken | 실패 |" in out.out
    assert (env_dir / "bin" / "python").stat().st_size > 0, "옛 환경(빈 python 파일)은 지우고 새로 만들어야 합니다"
    assert not (env_dir / ".fingerprint").exists(), "실패한 환경을 재사용 가능으로 표시하면 안 됩니다"


@pytest.mark.parametrize(
    "value, rebuild",
    [(None, False), ("", False), ("0", False), ("false", False), ("no", False), ("1", True), ("on", True)],
)
def test_stacks_rebuild_is_read_like_every_course_flag(tmp_path, monkeypatch, value, rebuild):
    """STACKS_REBUILD는 다른 켬/끔 변수처럼 flags.env_flag로 읽습니다: false·no·off는 다시 만들지 않습니다."""
    if value is None:
        monkeypatch.delenv("STACKS_REBUILD", raising=False)
    else:
        monkeypatch.setenv("STACKS_REBUILD", value)
    asked = []
    monkeypatch.setattr(stacks, "build", lambda name, rebuild=False: (asked.append(rebuild), (0.0, True))[1])
    monkeypatch.setattr(stacks, "run_notebooks", lambda name, args: (1.0, 0, "1 passed"))
    monkeypatch.setattr(stacks, "CACHE_DIR", tmp_path)
    (tmp_path / "lowest").mkdir()
    assert stacks.main(["lowest", "--", "-q"]) == 0
    assert asked == [rebuild]


def test_stacks_rebuild_rejects_a_value_it_does_not_understand(monkeypatch, capsys):
    monkeypatch.setenv("STACKS_REBUILD", "maybe")
    monkeypatch.setattr(
        stacks, "build", lambda name, rebuild=False: pytest.fail("이해할 수 없는 값으로 설치하면 안 됨")
    )
    assert stacks.main(["lowest", "--", "-q"]) == 2
    assert "STACKS_REBUILD" in capsys.readouterr().err
