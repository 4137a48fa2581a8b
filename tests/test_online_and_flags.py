"""온라인 확인과 COURSE_* 스위치.

* ``network_available()`` 은 Keras의 내려받기(urllib)와 같은 길로 연결을 확인합니다: ``HTTPS_PROXY`` 가 있으면
  그 프록시에 ``CONNECT`` 를 보내 터널 안에서 서버에 HTTPS ``HEAD`` 를 보내고, ``NO_PROXY`` 가 내려받기 호스트를 덮으면
  직접 연결합니다. 127.0.0.1의 작은 프록시 대역(stand-in)으로 확인합니다. 대역은 터널을 열면 내려받기 서버인 척
  TLS로 답합니다(이 테스트에서만 믿는 자체 서명 인증서, ``SSL_CERT_FILE``). 루프백이 아닌 주소로 가는 연결은 모두
  막혀 있습니다(이 기계에는 인터넷이 없고, 테스트가 바깥으로 나가서도 안 됩니다).
* ``COURSE_OFFLINE=0/1`` 은 확인 없이 결과를 정합니다.
* 모든 켬/끔 스위치(``COURSE_QUICK``, ``COURSE_OFFLINE``)는 한 해석기를 쓰고, 잘못된 값에 같은 한국어 오류를 냅니다.
"""

import base64
import ipaddress
import socket
import socketserver
import ssl
import subprocess
import threading
import time
import urllib.request

import pytest

from course_utils import datasets, flags
from course_utils.notebook_setup import course_seed, setup_notebook

HOST = datasets.DOWNLOAD_HOST
PROXY_VARIABLES = (
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
)
TIMEOUT = 1.0


@pytest.fixture
def loopback_only(monkeypatch):
    """루프백이 아닌 주소로의 TCP 연결을 모두 거부(DNS 조회도 하지 않음)하고, 시도한 주소를 기록합니다.

    ``http.client`` 와 urllib도 ``socket.create_connection`` 으로 연결하므로 직접 연결과 프록시 연결이 모두 이 길을 지납니다.
    """
    attempts = []
    real_create_connection = socket.create_connection

    def guarded(address, *args, **kwargs):
        attempts.append(address)
        try:
            loopback = ipaddress.ip_address(address[0]).is_loopback
        except ValueError:  # 호스트 이름(예: storage.googleapis.com): 이 테스트에서는 "인터넷 없음"
            loopback = False
        if not loopback:
            raise ConnectionRefusedError(f"테스트: 루프백이 아닌 {address}로는 연결하지 않습니다")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


@pytest.fixture
def clean_env(monkeypatch, loopback_only):
    """프록시 변수와 COURSE_OFFLINE이 없는 상태(바깥 환경의 값에 흔들리지 않게)."""
    for name in PROXY_VARIABLES + (flags.OFFLINE_ENV,):
        monkeypatch.delenv(name, raising=False)
    return loopback_only


@pytest.fixture(scope="module")
def server_certificate(tmp_path_factory):
    """내려받기 호스트 이름의 자체 서명 인증서와 키(대역 서버용). 클라이언트는 ``SSL_CERT_FILE`` 로 이것만 믿습니다."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class ProxyStandIn(socketserver.ThreadingTCPServer):
    """127.0.0.1의 HTTP 프록시 대역: CONNECT 머리글을 기록하고 ``status`` 로 답합니다. 200이면 터널 안에서 내려받기
    서버인 척 TLS로 요청을 받아 기록(``tunneled``)하고 짧은 본문으로 답합니다."""

    daemon_threads = True
    allow_reuse_address = True
    REASONS = {200: "Connection established", 403: "Forbidden", 407: "Proxy Authentication Required"}
    BODY = b"stand-in\n"

    def __init__(self, certificate, status=200):
        self.status = status
        self.requests = []
        self.tunneled = []
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(*certificate)
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.port = self.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"


def _read_head(stream) -> list:
    head = []
    while True:
        line = stream.readline(65537)
        if line in (b"", b"\r\n", b"\n"):
            return head
        head.append(line.decode("latin-1").rstrip("\r\n"))


class ProxyHandler(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        self.server.requests.append(_read_head(self.rfile))
        status = self.server.status
        self.wfile.write(f"HTTP/1.1 {status} {ProxyStandIn.REASONS[status]}\r\n\r\n".encode("ascii"))
        if status != 200:
            return
        with self.server.tls.wrap_socket(self.connection, server_side=True) as tls:
            stream = tls.makefile("rb")
            head = _read_head(stream)
            self.server.tunneled.append(head)
            body = b"" if head and head[0].startswith("HEAD") else ProxyStandIn.BODY
            tls.sendall(
                f"HTTP/1.1 200 OK\r\nContent-Length: {len(ProxyStandIn.BODY)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )


@pytest.fixture
def proxy(server_certificate, monkeypatch):
    servers = []
    monkeypatch.setenv("SSL_CERT_FILE", str(server_certificate[0]))  # 대역 서버의 인증서만 믿음

    def start(status=200):
        server = ProxyStandIn(server_certificate, status)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """방금 닫은(아무도 듣지 않는) 루프백 포트: 연결하면 곧바로 거부됩니다."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_probe(**kwargs):
    start = time.monotonic()
    result = datasets.network_available(timeout=TIMEOUT, **kwargs)
    return result, time.monotonic() - start


# ---------------------------------------------------------------------------
# 프록시
# ---------------------------------------------------------------------------


def test_without_a_proxy_the_direct_host_is_unreachable_here(clean_env):
    """대조 실험: 이 테스트들에서 직접 연결은 실패합니다(그래서 아래의 True는 프록시 덕분입니다)."""
    assert datasets.https_proxy_for() is None
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert clean_env == [(HOST, 443)]


@pytest.mark.parametrize(
    "variable, template",
    [
        ("HTTPS_PROXY", "http://127.0.0.1:{port}"),
        ("https_proxy", "http://127.0.0.1:{port}/"),
        ("HTTPS_PROXY", "127.0.0.1:{port}"),  # 스킴 없는 주소도 urllib처럼 받음
    ],
)
def test_reachable_proxy_means_online(clean_env, monkeypatch, proxy, variable, template):
    server = proxy()
    monkeypatch.setenv(variable, template.format(port=server.port))
    assert datasets.https_proxy_for() == template.format(port=server.port)
    result, seconds = timed_probe()
    assert result is True
    assert server.requests[0][0] == f"CONNECT {HOST}:443 HTTP/1.0", server.requests
    assert server.tunneled[0][0] == "HEAD / HTTP/1.1", "터널 안에서 서버에 HTTPS 요청이 닿아야 합니다"
    assert clean_env == [("127.0.0.1", server.port)], "직접 연결을 시도하지 않고 프록시에만 연결해야 합니다"
    assert seconds < 2 * TIMEOUT


def test_proxy_that_tunnels_to_a_server_failing_tls_means_offline(clean_env, monkeypatch, proxy, tmp_path):
    """터널은 열리지만 그 너머의 서버를 믿을 수 없으면(인증서) Keras도 받을 수 없으므로 False."""
    server = proxy()
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))  # 대역의 인증서를 믿지 않는 클라이언트
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert len(server.requests) == 1 and server.tunneled == []


def test_a_programming_error_in_the_probe_is_raised_not_read_as_offline(clean_env, monkeypatch):
    def broken_opener(*handlers):
        raise TypeError("probe bug")

    monkeypatch.setattr(urllib.request, "build_opener", broken_opener)
    with pytest.raises(TypeError, match="probe bug"):
        datasets.network_available(timeout=TIMEOUT)


def test_proxy_credentials_are_sent_like_urllib_and_never_shown(clean_env, monkeypatch, proxy):
    server = proxy()
    monkeypatch.setenv("HTTPS_PROXY", f"http://학생:p%40ss@127.0.0.1:{server.port}")
    assert datasets.network_available(timeout=TIMEOUT) is True
    expected = "Basic " + base64.b64encode("학생:p@ss".encode()).decode("ascii")
    assert f"Proxy-Authorization: {expected}" in server.requests[0]
    note = datasets.connection_failure_note()
    assert f"127.0.0.1:{server.port}" in note and "p%40ss" not in note and "p@ss" not in note


@pytest.mark.parametrize(
    "variable, value",
    [
        ("NO_PROXY", "googleapis.com"),
        ("no_proxy", ".googleapis.com"),
        ("NO_PROXY", "localhost, storage.googleapis.com"),
        ("NO_PROXY", "*"),
    ],
)
def test_no_proxy_covering_the_host_bypasses_the_proxy(clean_env, monkeypatch, proxy, variable, value):
    server = proxy()
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    monkeypatch.setenv(variable, value)
    assert datasets.https_proxy_for() is None
    assert datasets.network_available(timeout=TIMEOUT) is False, "직접 연결은 막혀 있으므로 False"
    assert server.requests == [], "NO_PROXY가 덮는 호스트는 프록시를 거치지 않아야 합니다"
    assert clean_env == [(HOST, 443)]


def test_no_proxy_for_other_hosts_keeps_the_proxy(clean_env, monkeypatch, proxy):
    server = proxy()
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1,example.com,googleapis.co")
    assert datasets.network_available(timeout=TIMEOUT) is True
    assert len(server.requests) == 1


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
def test_proxies_that_urllib_ignores_for_https_are_ignored(clean_env, monkeypatch, proxy, variable):
    """urllib(따라서 Keras)는 HTTPS 내려받기에 ``https`` 프록시만 씁니다."""
    server = proxy()
    monkeypatch.setenv(variable, server.url)
    assert datasets.https_proxy_for() is None
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert server.requests == []


@pytest.mark.parametrize(
    "env",
    [
        {"HTTPS_PROXY": "{url}"},
        {"https_proxy": "{url}", "NO_PROXY": "example.com"},
        {"HTTPS_PROXY": "{url}", "NO_PROXY": "googleapis.com"},
        {"HTTPS_PROXY": "{url}", "no_proxy": "*"},
        {"HTTP_PROXY": "{url}"},
        {},
    ],
)
def test_same_route_as_keras_get_file(clean_env, monkeypatch, proxy, tmp_path, env):
    """같은 환경에서 ``keras.utils.get_file`` 이 대역 서버에서 실제로 파일을 받는지와 ``network_available()`` 의
    판단이 같아야 합니다(직접 연결은 막혀 있으므로 받으려면 프록시를 거쳐야 함)."""
    import keras

    server = proxy()
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(url=server.url))
    urllib.request.install_opener(None)  # urlopen이 처음 만드는 opener는 그때의 환경 변수를 기억하므로 새로 만들게 함
    try:
        path = keras.utils.get_file("stand-in.txt", f"https://{HOST}/tensorflow/stand-in.txt", cache_dir=str(tmp_path))
        downloaded = open(path, "rb").read() == ProxyStandIn.BODY
    except Exception:  # get_file은 URLError를 Exception으로 감싸 냄
        downloaded = False
    finally:
        urllib.request.install_opener(None)
    assert downloaded == bool(server.tunneled)
    assert datasets.network_available(timeout=TIMEOUT) is downloaded
    assert (datasets.https_proxy_for() is not None) == downloaded


def test_dead_proxy_means_offline_quickly(clean_env, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    result, seconds = timed_probe()
    assert result is False
    assert seconds < TIMEOUT
    assert clean_env == [("127.0.0.1", port)]


def test_silent_proxy_gives_up_within_the_timeout(clean_env, monkeypatch):
    """TCP 연결은 받지만 CONNECT에 답하지 않는 프록시: timeout + 1초 안에 False."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
        result, seconds = timed_probe()
    assert result is False
    assert TIMEOUT * 0.5 < seconds < TIMEOUT + 1.5


@pytest.mark.parametrize("status", [403, 407])
def test_proxy_that_refuses_the_tunnel_means_offline(clean_env, monkeypatch, proxy, status):
    """프록시가 이 호스트를 막거나(403) 인증을 요구하면(407) Keras도 받을 수 없으므로 False."""
    server = proxy(status)
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert len(server.requests) == 1


def test_malformed_proxy_address_means_offline(clean_env, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:notaport")
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert "해석할 수 없음" in datasets.connection_failure_note()


# ---------------------------------------------------------------------------
# COURSE_OFFLINE
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["0", "false", "NO", " off "])
def test_course_offline_0_forces_online_without_probing(clean_env, monkeypatch, raw):
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")  # 확인했다면 False였을 환경
    monkeypatch.setenv("COURSE_OFFLINE", raw)
    assert datasets.network_available(timeout=TIMEOUT) is True
    assert clean_env == [], "COURSE_OFFLINE=0이면 연결을 시도하지 않습니다"


@pytest.mark.parametrize("raw", ["1", "true", "Yes", "on"])
def test_course_offline_1_forces_offline_even_with_a_working_proxy(clean_env, monkeypatch, proxy, raw):
    server = proxy()
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    monkeypatch.setenv("COURSE_OFFLINE", raw)
    assert datasets.network_available(timeout=TIMEOUT) is False
    assert server.requests == [] and clean_env == []


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_course_offline_means_check(clean_env, monkeypatch, proxy, raw):
    server = proxy()
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    monkeypatch.setenv("COURSE_OFFLINE", raw)
    assert datasets.network_available(timeout=TIMEOUT) is True
    assert len(server.requests) == 1


@pytest.fixture
def empty_places(clean_env, monkeypatch, tmp_path):
    """미러 없음, 빈 Keras 캐시: 데이터를 얻는 길은 내려받기뿐."""
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(datasets, "keras_cache_dirs", lambda: [tmp_path / "keras_home"])
    return clean_env


def test_not_found_message_names_the_proxy_and_what_to_do(empty_places, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("HTTPS_PROXY", f"http://학생:비밀@127.0.0.1:{port}")
    with pytest.raises(datasets.DatasetNotFoundError) as error:
        datasets.load_mnist()
    message = str(error.value)
    assert f"프록시 127.0.0.1:{port} 를 거친 연결 실패" in message
    for advice in (
        "HTTPS_PROXY에 지정한 프록시의 주소·포트·인증",
        "NO_PROXY",
        "COURSE_OFFLINE=0",
        "prefetch",
        "COURSE_DATA_DIR",
    ):
        assert advice in message
    assert "비밀" not in message


def test_not_found_message_when_forced_offline(empty_places, monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(datasets.DatasetNotFoundError) as error:
        datasets.load_mnist()
    message = str(error.value)
    assert "COURSE_OFFLINE=1 이라 연결하지 않음" in message and "이 변수를 지우세요" in message
    assert "HTTPS_PROXY" not in message
    assert empty_places == []


def test_not_found_message_without_a_proxy(empty_places):
    with pytest.raises(datasets.DatasetNotFoundError) as error:
        datasets.load_mnist()
    message = str(error.value)
    assert "직접 연결 실패" in message
    assert "프록시를 거쳐야 하는 망이면 HTTPS_PROXY=http://프록시:포트 를 지정하세요" in message
    assert "COURSE_OFFLINE=0" in message


# ---------------------------------------------------------------------------
# 한 해석기: 모든 켬/끔 스위치의 같은 값, 같은 오류
# ---------------------------------------------------------------------------


def read_quick():
    return flags.is_quick_mode()


def read_offline():
    return not datasets.network_available(timeout=TIMEOUT)


BOOLEAN_FLAGS = [(flags.QUICK_ENV, read_quick), (flags.OFFLINE_ENV, read_offline)]


@pytest.mark.parametrize("name, read", BOOLEAN_FLAGS)
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
        ("y", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("OFF", False),
        ("n", False),
    ],
)
def test_every_flag_reads_the_same_spellings(clean_env, monkeypatch, name, read, raw, expected):
    monkeypatch.setenv(name, raw)
    assert flags.env_flag(name) is expected
    assert read() is expected


@pytest.mark.parametrize("name, read", BOOLEAN_FLAGS)
@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "tru", "1.0", "-1"])
def test_every_flag_rejects_bad_values_with_the_same_korean_error(clean_env, monkeypatch, name, read, raw):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ValueError) as error:
        read()
    message = str(error.value)
    assert message.startswith(f"환경 변수 {name}의 값 {raw!r}을(를) 이해할 수 없습니다. "), message
    assert "쓸 수 있는 값: 켬 1, true, yes, on, y / 끔 0, false, no, off, n(대소문자 무관)" in message
    assert clean_env == [], "잘못된 COURSE_OFFLINE 값으로 연결을 시도하면 안 됩니다"
    # 노트북 맨 위의 setup_notebook()이 데이터를 읽기 전에 같은 오류를 냅니다.
    with pytest.raises(ValueError) as from_setup:
        setup_notebook(verbose=False)
    assert str(from_setup.value) == message


def test_each_flag_explains_its_meaning(monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "maybe")
    with pytest.raises(ValueError, match="1은 빠른 모드, 0이나 빈 값은 전체 모드"):
        flags.is_quick_mode()
    monkeypatch.setenv("COURSE_OFFLINE", "maybe")
    with pytest.raises(ValueError, match=r"1은 오프라인\(내려받지 않음\), 0은 온라인"):
        datasets.network_available()


def test_unset_or_empty_flag_gives_the_default(monkeypatch):
    monkeypatch.delenv("COURSE_TEST_FLAG", raising=False)
    assert flags.env_flag("COURSE_TEST_FLAG") is False
    assert flags.env_flag("COURSE_TEST_FLAG", default=None) is None
    monkeypatch.setenv("COURSE_TEST_FLAG", "  ")
    assert flags.env_flag("COURSE_TEST_FLAG", default=True) is True


@pytest.mark.parametrize("raw, expected", [(None, 42), ("", 42), (" 7 ", 7), ("0", 0)])
def test_seed_uses_the_same_module(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv(flags.SEED_ENV, raising=False)
    else:
        monkeypatch.setenv(flags.SEED_ENV, raw)
    assert flags.env_nonnegative_int(flags.SEED_ENV, 42) == expected == course_seed()


@pytest.mark.parametrize("raw", ["-1", "1.5", "abc", "١٢"])  # 마지막은 아라비아-인도 숫자(isdigit은 참)
def test_seed_rejects_non_ascii_or_negative_numbers(monkeypatch, raw):
    monkeypatch.setenv(flags.SEED_ENV, raw)
    with pytest.raises(ValueError, match=f"환경 변수 COURSE_SEED의 값 {raw!r}은\\(는\\) 0 이상의 정수여야 합니다"):
        course_seed()


def test_flags_module_has_no_course_imports():
    """flags는 datasets·notebook_setup·pretrained가 모두 import하므로 강좌 모듈을 import하면 순환이 생깁니다.
    예외는 입력 검사 층 validation 하나(강좌 모듈을 import하지 않는 잎 모듈, set_quick_mode의 인자 검사)."""
    import ast
    import importlib
    import inspect

    tree = ast.parse(inspect.getsource(flags))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "os", "course_utils.validation"}, imported
    validation_tree = ast.parse(inspect.getsource(importlib.import_module("course_utils.validation")))
    assert not any(
        (node.module or "").startswith("course_utils")
        for node in ast.walk(validation_tree)
        if isinstance(node, ast.ImportFrom)
    )
