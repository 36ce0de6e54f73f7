"""docs/hosting/nginx.conf on a real nginx (Debian's, installed by `make e2e-deps`): it parses
inside a server block, and serving the built sample site on 127.0.0.1 with it sends every
header of relief/site/headers.py on pages, data files and the 404 page. The built site also
carries the same policy in its meta tags and in ``_headers``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from relief.site.headers import HEADERS, META_CSP, REFERRER_POLICY, headers_file
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

SNIPPET = ROOT / "docs" / "hosting" / "nginx.conf"


def nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail("nginx is not installed: run `make e2e-deps` (as root: apt-get install nginx)",
                    pytrace=False)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wrapper(prefix: Path, root: Path, port: int) -> Path:
    """A whole nginx configuration around the snippet: one process as the current user, every
    file under ``prefix``, listening on the loopback address only."""
    temp = "\n".join(f"    {name}_temp_path {prefix / name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = prefix / "nginx.conf"
    config.write_text(f"""daemon off;
master_process off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"};
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {SNIPPET};
    }}
}}
""", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def served(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = wrapper(prefix, built_site, port)
    command = [nginx(), "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, f"nginx -t:\n{check.stderr}"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {process.stderr}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, Message]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/directory/", 200), ("/data/datapackage.json", 200),
    ("/data/csv/organizations.csv", 200), ("/static/site.css", 200),
    ("/no-such-page/", 404),
])
def test_nginx_sends_every_header(served: str, path: str, status: int) -> None:
    got, headers = fetch(served + path)
    assert got == status
    for name, value in HEADERS.items():
        assert headers.get_all(name) == [value], f"{path}: {name}"


def test_the_404_page_is_the_sites_own(served: str, built_site: Path) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{served}/no-such-page/", timeout=10)
    assert error.value.read() == (built_site / "404.html").read_bytes()


def test_built_site_carries_the_same_policies(built_site: Path) -> None:
    assert (built_site / "_headers").read_text(encoding="utf-8") == headers_file()
    for page in ("index.html", "404.html", "data/index.html", "about/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{META_CSP}">' in html, page
        assert f'<meta name="referrer" content="{REFERRER_POLICY}">' in html, page
