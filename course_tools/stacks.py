"""make stacks: 강좌가 약속하는 라이브러리 조합(스택)마다 가상 환경을 만들고 노트북 단계를 실행합니다.

스택은 ``stacks/<이름>.txt`` (pip 제약 파일) 한 곳에만 적습니다.

- ``lowest``: ``pyproject.toml`` 의 하한 그대로(TensorFlow 2.16 + Keras 3.9 + NumPy 1.26 …)
- ``colab``: Colab 기본 런타임의 TensorFlow/Keras/NumPy/matplotlib 버전
- ``newest``: 고정 없음

::

    python -m course_tools.stacks lowest colab -- <pytest 인자…>   # make stacks STACKS="lowest colab"

스택마다 ``.stacks/<이름>/`` 에 가상 환경을 만들고(``pip install -c stacks/<이름>.txt -e ".[test]"``), 설치된 버전이
고정값과 같은지 확인한 뒤, 그 환경의 파이썬으로 ``make nbval`` 과 같은 pytest 명령을 실행합니다.
환경은 제약 파일·``pyproject.toml``·파이썬 버전의 지문이 같으면 다시 씁니다(``STACKS_REBUILD=1`` 이면 새로 만듦;
``course_utils.flags.env_flag`` 로 읽으므로 ``0``·``false``·빈 값은 다시 씀). nox를 쓰지 않는 이유: CONTRIBUTING.md.

설치하지 못한 스택은 건너뛰지 않습니다: 이유를 출력하고 실패(종료 코드 1)로 끝납니다.
스택마다 설치 시간, 실행 시간, pytest 결과 줄을 마지막에 표로 보여 주고 ``.stacks/<이름>/last-run.json`` 에 남깁니다.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from course_tools import REPO_ROOT
from course_utils.flags import env_flag

ROOT = REPO_ROOT
STACKS_DIR = ROOT / "stacks"
CACHE_DIR = ROOT / ".stacks"
PYPROJECT = ROOT / "pyproject.toml"
EXTRAS = "test"  # nbval·pytest·ipykernel이 든 추가 의존성(make nbval과 같은 도구)

_SUMMARY = re.compile(r"\d+ (passed|failed|error|errors|skipped)\b")


def normalize(name: str) -> str:
    """PEP 503 이름 정규화(``packaging.utils.canonicalize_name``): ``Scikit_Learn`` → ``scikit-learn``."""
    return canonicalize_name(name)


def exact_pin(requirement: Requirement) -> str | None:
    """``이름==버전`` 하나뿐인 요구 사항이면 그 버전, 아니면(범위, ``==1.*``, 추가 기능, 환경 표시, URL) ``None``."""
    specifiers = list(requirement.specifier)
    if requirement.extras or requirement.marker or requirement.url or len(specifiers) != 1:
        return None
    (spec,) = specifiers
    return spec.version if spec.operator == "==" and "*" not in spec.version else None


def read_pins(path: Path) -> dict[str, str]:
    """제약 파일의 ``이름==버전`` 줄을 ``{정규화한 이름: 버전}`` 으로 읽습니다(주석·빈 줄은 건너뜀).

    줄은 pip과 같은 규칙(PEP 508, ``packaging.requirements``)으로 읽습니다. 스택은 정확한 버전만 적습니다.
    ``>=`` 같은 범위는 어떤 조합을 시험했는지 알 수 없게 하므로 거부합니다.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            requirement = None
        version = exact_pin(requirement) if requirement is not None else None
        if version is None:
            raise ValueError(f"{Path(path).name}:{number}: 스택에는 '이름==버전'만 적습니다. 받은 줄: {raw.strip()!r}")
        name = normalize(requirement.name)
        if name in pins:
            raise ValueError(f"{Path(path).name}:{number}: {name}이(가) 두 번 고정되어 있습니다.")
        pins[name] = version
    return pins


def available_stacks() -> list[str]:
    return sorted(path.stem for path in STACKS_DIR.glob("*.txt"))


def fingerprint(stack_file: Path, pyproject: Path = PYPROJECT, python: str | None = None) -> str:
    """환경을 다시 써도 되는지 가리는 지문: 고정값(주석 제외), pyproject.toml, 파이썬 버전의 SHA-256."""
    digest = hashlib.sha256()
    pins = json.dumps(read_pins(stack_file), sort_keys=True).encode()
    for part in (pins, Path(pyproject).read_bytes(), (python or sys.version.split()[0]).encode()):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def version_mismatches(pins: dict[str, str], installed: dict[str, str | None]) -> list[str]:
    """고정값과 설치된 버전이 다른 패키지를 한국어 설명으로 돌려줍니다(없으면 빈 목록)."""
    problems = []
    for name, wanted in pins.items():
        got = installed.get(name)
        if got is None:
            problems.append(f"{name}: {wanted}을(를) 고정했지만 설치되지 않았습니다")
        elif got != wanted:
            problems.append(f"{name}: {wanted}을(를) 고정했지만 {got}이(가) 설치되었습니다")
    return problems


def installed_versions(python: Path, names: list[str]) -> dict[str, str | None]:
    """``python`` 환경에 설치된 배포판 버전(없으면 None)."""
    code = (
        "import json, sys\nfrom importlib import metadata\nout = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n        out[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n        out[name] = None\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def summary_line(output: str) -> str:
    """pytest 출력의 마지막 결과 줄(예: ``52 passed in 301.2s``)."""
    for line in reversed(output.splitlines()):
        stripped = line.strip().strip("=").strip()
        if _SUMMARY.search(stripped):
            return stripped
    return "결과 줄 없음"


def _shown(path: Path) -> str:
    """저장소 안의 경로는 저장소 기준 상대 경로로 보여 줍니다."""
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)


class StackError(RuntimeError):
    """스택을 설치하지 못했거나 설치된 버전이 고정값과 다릅니다."""


def build(name: str, rebuild: bool = False) -> tuple[float, bool]:
    """``.stacks/<name>`` 가상 환경을 준비하고 ``(걸린 초, 다시 썼는지)`` 를 돌려줍니다."""
    stack_file = STACKS_DIR / f"{name}.txt"
    pins = read_pins(stack_file)
    env_dir = CACHE_DIR / name
    python = env_dir / "bin" / "python"
    stamp = env_dir / ".fingerprint"
    wanted = fingerprint(stack_file)
    start = time.monotonic()
    if not rebuild and python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        print(f"[{name}] 캐시된 환경을 다시 씁니다({_shown(env_dir)}; 고정값이 그대로임)", flush=True)
        return time.monotonic() - start, True
    if env_dir.exists():
        shutil.rmtree(env_dir)
    print(
        f"[{name}] 가상 환경을 만들고 설치합니다: {', '.join(f'{k}=={v}' for k, v in pins.items()) or '고정 없음'}",
        flush=True,
    )
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    command = [str(python), "-m", "pip", "install", "--quiet", "-c", str(stack_file), "-e", f".[{EXTRAS}]"]
    completed = subprocess.run(command, cwd=ROOT)
    if completed.returncode != 0:
        raise StackError(
            f"스택 {name}을(를) 이 기계의 Python {sys.version.split()[0]}에 설치하지 못했습니다"
            f"(pip 종료 코드 {completed.returncode}; 위의 pip 오류를 보세요). "
            f"건너뛰지 않고 실패로 처리합니다. 고정값: {_shown(stack_file)}"
        )
    problems = version_mismatches(pins, installed_versions(python, list(pins)))
    if problems:
        raise StackError(f"스택 {name}: 설치된 버전이 고정값과 다릅니다 — " + "; ".join(problems))
    freeze = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
    ).stdout
    (env_dir / "freeze.txt").write_text(freeze, encoding="utf-8")
    stamp.write_text(wanted + "\n")
    return time.monotonic() - start, False


def run_notebooks(name: str, pytest_args: list[str]) -> tuple[float, int, str]:
    """스택의 파이썬으로 pytest(nbval)를 실행하고 ``(걸린 초, 종료 코드, 결과 줄)`` 을 돌려줍니다."""
    python = CACHE_DIR / name / "bin" / "python"
    env = dict(os.environ)
    env.setdefault("COURSE_QUICK", "1")  # 스택 시험은 빠른 모드(make stacks도 COURSE_QUICK=1로 부름)
    env.pop("VIRTUAL_ENV", None)
    versions = installed_versions(python, ["tensorflow", "keras", "numpy", "matplotlib"])
    print(f"[{name}] 노트북 실행: " + ", ".join(f"{k} {v}" for k, v in versions.items()), flush=True)
    start = time.monotonic()
    process = subprocess.Popen(
        [str(python), "-m", "pytest", *pytest_args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    code = process.wait()
    return time.monotonic() - start, code, summary_line("".join(lines[-50:]))


def main(argv: list[str]) -> int:
    names, pytest_args = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    known = available_stacks()
    unknown = [name for name in names if name not in known]
    if not names or unknown:
        print(f"스택 이름을 주세요. 모르는 이름: {unknown}; 가능한 이름: {known}", file=sys.stderr)
        return 2
    if not pytest_args:
        print(
            "실행할 pytest 인자를 '--' 뒤에 주세요(make stacks가 make nbval과 같은 인자를 넘깁니다).", file=sys.stderr
        )
        return 2
    try:
        rebuild = env_flag("STACKS_REBUILD")  # 1/true/yes/on이면 새로 만듦, 0/false/no/off나 빈 값이면 다시 씀
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    rows, failed = [], False
    for name in names:
        record = {"stack": name, "pins": read_pins(STACKS_DIR / f"{name}.txt")}
        try:
            seconds, reused = build(name, rebuild=rebuild)
        except (StackError, subprocess.CalledProcessError) as exc:
            print(f"[{name}] 실패: {exc}", file=sys.stderr, flush=True)
            record.update(install="실패", error=str(exc))
            rows.append(record)
            failed = True
            continue
        record["install"] = f"{seconds:.0f}초" + (" (캐시)" if reused else "")
        seconds, code, summary = run_notebooks(name, pytest_args)
        record.update(run=f"{seconds:.0f}초", exit_code=code, summary=summary)
        failed = failed or code != 0
        (CACHE_DIR / name / "last-run.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        rows.append(record)
    print("\n스택 | 설치 | 노트북 실행 | 결과")
    for record in rows:
        print(
            f"{record['stack']} | {record['install']} | {record.get('run', '—')} | "
            f"{record.get('summary', record.get('error', ''))}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
