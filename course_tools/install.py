"""강사·개발 환경(``.venv-dev``)에 강좌를 설치합니다: uv로 빠르게, 안 되면 pip로.

``make test`` 를 새로 받은 저장소에서 돌리면 설치가 가장 긴 단계 가운데 하나였습니다(pip로 약 80초).
uv(https://docs.astral.sh/uv/)는 같은 요구 사항을 같은 버전으로 풀어 ``.pyc`` 컴파일까지 약 30초에 설치합니다.
다만 uv는 pip의 설정(``pip.conf``, ``PIP_*`` 환경 변수: 추가 색인, find-links, 제약 파일, 인증서)을 읽지 않으므로,
이 모듈이 ``pip config list`` 를 읽어 uv 옵션으로 옮깁니다. 옮길 줄 모르는 pip 설정이 있거나 uv 설치·실행이
실패하면 알리고 예전처럼 pip로 설치합니다. 학습자 환경(``make lab``)은 README의 설치 방법 그대로 pip를 씁니다.

쓰는 법(가상 환경의 파이썬으로, 저장소 맨 위 폴더에서)::

    .venv-dev/bin/python -m course_tools.install -e ".[lab,instructor,test,site]"
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

#: 시험한 uv 범위(CONTRIBUTING의 "도구 버전 고정"과 같은 뜻).
UV_REQUIREMENT = "uv>=0.13,<0.14"

#: 설치 결과에 영향이 없어 uv로 옮기지 않아도 되는 pip 설정.
IGNORED_KEYS = {
    "cache-dir",
    "disable-pip-version-check",
    "no-cache-dir",
    "no-color",
    "no-compile",
    "no-input",
    "no-warn-script-location",
    "progress-bar",
    "quiet",
    "retries",
    "root-user-action",
    "verbose",
}
#: 읽는 pip 설정 구역. 같은 이름이면 뒤의 것이 이깁니다(pip와 같음: 환경 변수 > [install] > [global]).
SECTIONS = ("global", "install", ":env:")


def read_pip_config(config_list: str) -> dict[str, str]:
    """``pip config list`` 의 출력을 pip가 실제로 쓰는 값(구역 우선순위를 적용한 이름 → 값)으로 바꿉니다.

    Args:
        config_list: ``pip config list`` 의 출력. 한 줄이 ``구역.이름='값'`` (값은 파이썬 repr)입니다.

    Returns:
        ``{"extra-index-url": "file:///a file:///b", ...}``. ``download`` 같은 다른 명령의 구역은 뺍니다.

    Raises:
        ValueError: 줄의 모양이 ``구역.이름='값'`` 이 아닐 때.
    """
    by_section: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
    for line in config_list.splitlines():
        if not line.strip():
            continue
        key, sep, raw = line.partition("=")
        section, dot, name = key.rpartition(".")
        if not (sep and dot):
            raise ValueError(f"pip config list의 줄을 읽지 못했습니다: {line!r}")
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError) as error:
            raise ValueError(f"pip config list의 값을 읽지 못했습니다: {line!r}") from error
        if section in by_section:
            by_section[section][name] = str(value)
    merged: dict[str, str] = {}
    for section in SECTIONS:
        merged.update(by_section[section])
    return merged


def _is_true(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def uv_options(pip_config: dict[str, str]) -> tuple[list[str], dict[str, str]] | None:
    """pip 설정을 같은 뜻의 ``uv pip install`` 옵션과 환경 변수로 옮깁니다.

    pip는 기본 색인과 추가 색인을 한데 모아 가장 높은 버전을 고르므로 ``--index-strategy unsafe-best-match`` 를 함께 줍니다
    (uv의 기본값은 먼저 찾은 색인만 봄).

    Args:
        pip_config: :func:`read_pip_config` 의 결과.

    Returns:
        ``(옵션 목록, 환경 변수)``. 옮길 줄 모르는 설정이 하나라도 있으면 ``None`` (그때는 pip로 설치).
    """
    options = ["--index-strategy", "unsafe-best-match"]
    env: dict[str, str] = {}
    for name, value in pip_config.items():
        values = value.split()
        if name in IGNORED_KEYS:
            continue
        if name == "index-url":
            options += ["--index-url", value.strip()]
        elif name == "extra-index-url":
            options += [option for url in values for option in ("--extra-index-url", url)]
        elif name == "find-links":
            options += [option for link in values for option in ("--find-links", link)]
        elif name == "constraint":
            options += [option for path in values for option in ("--constraint", path)]
        elif name == "trusted-host":
            options += [option for host in values for option in ("--allow-insecure-host", host)]
        elif name == "no-index":
            options += ["--no-index"] if _is_true(value) else []
        elif name == "pre":
            options += ["--prerelease", "allow"] if _is_true(value) else []
        elif name == "cert":
            env["SSL_CERT_FILE"] = value.strip()
        elif name in {"timeout", "default-timeout"}:
            env["UV_HTTP_TIMEOUT"] = value.strip()
        elif name == "proxy":
            env["HTTP_PROXY"] = env["HTTPS_PROXY"] = value.strip()
        else:
            return None
    return options, env


def _run(command: list[str], env: dict[str, str] | None = None) -> bool:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, env=env).returncode == 0


def pip_config_list(python: Path) -> str:
    """``python -m pip config list`` 의 출력(파일 설정과 ``PIP_*`` 환경 변수를 모두 보여 줌)."""
    return subprocess.run(
        [str(python), "-m", "pip", "config", "list"], capture_output=True, text=True, check=True
    ).stdout


def install_with_uv(python: Path, requirements: list[str]) -> bool:
    """uv로 설치합니다. uv를 쓸 수 없거나 실패하면 알리고 ``False`` 를 돌려줍니다(그때는 pip로)."""
    try:
        translated = uv_options(read_pip_config(pip_config_list(python)))
    except (ValueError, subprocess.CalledProcessError) as error:
        print(f"{error}: pip로 설치합니다.", file=sys.stderr)
        return False
    if translated is None:
        print("uv로 옮길 수 없는 pip 설정이 있어 pip로 설치합니다(pip config list 참고).", file=sys.stderr)
        return False
    options, extra_env = translated
    if not _run([str(python), "-m", "pip", "install", "--quiet", UV_REQUIREMENT]):
        print("uv를 설치하지 못해 pip로 설치합니다.", file=sys.stderr)
        return False
    uv = python.parent / "uv"
    # pip도 최신판으로(pip로 설치할 때의 "pip install --upgrade pip"와 같음): Colab 설치 시험이 이 pip를 Colab의 pip로 씀.
    upgrade_pip = ["--upgrade-package", "pip", "pip"]
    # 이 기계처럼 PYTHONDONTWRITEBYTECODE=1이면 .pyc가 실행 중에 저장되지 않아, 설치 때 만들지 않으면 프로세스마다
    # TensorFlow의 소스를 다시 컴파일합니다(pip는 설치 때 만듦; uv는 --compile-bytecode일 때만).
    command = [
        str(uv),
        "pip",
        "install",
        "--quiet",
        "--python",
        str(python),
        "--compile-bytecode",
        *options,
        *upgrade_pip,
        *requirements,
    ]
    if not _run(command, env={**os.environ, **extra_env}):
        print("uv 설치가 실패해 pip로 다시 설치합니다.", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """이 파이썬(가상 환경)에 ``argv`` (pip install에 주는 요구 사항과 옵션)를 설치합니다."""
    requirements = list(sys.argv[1:] if argv is None else argv)
    if not requirements:
        raise SystemExit("설치할 것을 적어 주세요. 예: python -m course_tools.install -e '.[test]'")
    python = Path(sys.executable)
    if install_with_uv(python, requirements):
        return 0
    upgraded = _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    installed = upgraded and _run([str(python), "-m", "pip", "install", "--quiet", *requirements])
    return 0 if installed else 1


if __name__ == "__main__":
    raise SystemExit(main())
