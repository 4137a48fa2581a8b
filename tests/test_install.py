"""강사·개발 환경 설치(course_tools/install.py): pip 설정을 uv 옵션으로 옮기기와 pip로 되돌아가기."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import install

# 이 기계처럼 파일 설정과 환경 변수가 섞인 ``pip config list`` 출력(pip 23~26의 모양: 구역.이름='값').
CONFIG_LIST = """\
:env:.default-timeout='180'
:env:.disable-pip-version-check='1'
:env:.find-links='/opt/wheels'
global.cert='/etc/ssl/certs/ca-certificates.crt'
global.constraint='/etc/xdg/pip/constraints.txt'
global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'
global.find-links='/ignored/by/env'
download.index-url='https://not.for.install/simple'
"""


def test_pip_config_follows_pips_precedence_env_over_install_over_global():
    config = install.read_pip_config(CONFIG_LIST + "install.constraint='/install/wins.txt'\n")
    assert config["find-links"] == "/opt/wheels"  # 환경 변수가 [global]을 이김
    assert config["constraint"] == "/install/wins.txt"  # [install]이 [global]을 이김
    assert "index-url" not in config  # [download]는 pip install에 쓰이지 않음
    assert config["extra-index-url"] == "file:///opt/pypi/simple file:///opt/pypi-more/simple"


def test_pip_config_values_are_read_as_python_literals_including_newlines():
    config = install.read_pip_config("global.extra-index-url='\\nhttps://a/simple\\nhttps://b/simple'\n")
    options, _ = install.uv_options(config)
    assert options[2:] == ["--extra-index-url", "https://a/simple", "--extra-index-url", "https://b/simple"]


@pytest.mark.parametrize("line", ["no equals sign", "noSection='x'", "global.cert=unquoted value"])
def test_unreadable_pip_config_line_raises_value_error(line):
    with pytest.raises(ValueError, match="pip config list"):
        install.read_pip_config(line)


def test_this_machines_kind_of_config_becomes_the_same_uv_options():
    options, env = install.uv_options(install.read_pip_config(CONFIG_LIST))
    assert options == [
        "--index-strategy",
        "unsafe-best-match",
        "--constraint",
        "/etc/xdg/pip/constraints.txt",
        "--extra-index-url",
        "file:///opt/pypi/simple",
        "--extra-index-url",
        "file:///opt/pypi-more/simple",
        "--find-links",
        "/opt/wheels",
    ]
    assert env == {"UV_HTTP_TIMEOUT": "180", "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt"}


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"index-url": "https://mirror/simple"}, ["--index-url", "https://mirror/simple"]),
        ({"trusted-host": "a b"}, ["--allow-insecure-host", "a", "--allow-insecure-host", "b"]),
        ({"no-index": "true"}, ["--no-index"]),
        ({"no-index": "false"}, []),
        ({"pre": "1"}, ["--prerelease", "allow"]),
        ({"quiet": "1", "no-cache-dir": "1"}, []),
    ],
)
def test_each_known_pip_setting_has_its_uv_meaning(config, expected):
    options, _ = install.uv_options(config)
    assert options == ["--index-strategy", "unsafe-best-match", *expected]


def test_proxy_setting_goes_to_the_proxy_variables_uv_reads():
    _, env = install.uv_options({"proxy": "http://proxy:3128"})
    assert env == {"HTTP_PROXY": "http://proxy:3128", "HTTPS_PROXY": "http://proxy:3128"}


@pytest.mark.parametrize("name", ["user", "keyring-provider", "client-cert", "some-future-option"])
def test_a_pip_setting_uv_cannot_honour_means_pip_installs(name):
    assert install.uv_options({"find-links": "/opt/wheels", name: "x"}) is None


def test_uv_failure_falls_back_to_pip_with_the_same_requirements(monkeypatch, tmp_path):
    """uv가 실패하면 같은 요구 사항으로 pip가 설치합니다(여기서는 명령을 기록만 함)."""
    calls: list[list[str]] = []

    def fake_run(command, env=None):
        calls.append(command)
        return not (Path(command[0]).name == "uv")  # uv만 실패

    monkeypatch.setattr(install, "_run", fake_run)
    monkeypatch.setattr(install, "pip_config_list", lambda python: CONFIG_LIST)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    assert install.main(["-e", ".[test]"]) == 0
    assert Path(calls[1][0]).name == "uv" and calls[1][-2:] == ["-e", ".[test]"]
    assert calls[-1][-5:] == ["pip", "install", "--quiet", "-e", ".[test]"]


def test_real_pip_config_list_of_this_python_is_readable():
    """이 기계의 실제 ``pip config list`` 출력을 읽을 수 있어야 합니다(모양이 바뀌면 여기서 알게 됨)."""
    result = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True)
    install.read_pip_config(result.stdout)
