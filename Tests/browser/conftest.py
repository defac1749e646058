"""Shared fixtures: the real mycandidate server and headless Chromium drivers.

The server is the built binary (``MYCANDIDATE_BIN``, default ``.build/debug/mycandidate`` under
the repository root) on a fresh SQLite database, so the bundled synthetic demo dataset is
published on start. Chromium and chromedriver are Debian's (``chromium``, ``chromium-driver``).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"

# Selenium must never fetch a driver or send usage statistics: everything is local.
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")


# The running server's environment, for tests that act on its database (admin accounts).


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_binary():
    binary = Path(os.environ.get("MYCANDIDATE_BIN", ".build/debug/mycandidate"))
    if not binary.is_absolute():
        binary = REPO_ROOT / binary
    if not binary.is_file():
        pytest.fail(f"no mycandidate binary at {binary}: build it first (swift build)")
    return binary


def _wait_for_health(base_url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mycandidate exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"mycandidate did not answer /healthz within {timeout}s:\n{log_path.read_text()}")


class _Server:
    """A mycandidate server on its own fresh SQLite database and files folder."""

    def __init__(self, prefix):
        self.work_dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.log_path = self.work_dir / "server.log"
        port = _free_port()
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=f"sqlite:{self.work_dir / 'db.sqlite'}",
            FILES_DIR=str(self.work_dir / "files"),
            HOST="127.0.0.1",
            PORT=str(port),
            # Several servers run at once here: none may claim the fixed Prometheus port.
            METRICS_PORT="0",
        )
        for name in ("DEMO_DATA", "MIGRATE_ON_START", "PAGE_CACHE_MB", "REDIS_URL"):
            self.env.pop(name, None)  # the defaults: migrate and publish the demo on an empty database
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(_server_binary()), "serve"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.work_dir,
            )
        self.url = f"http://127.0.0.1:{port}"

    def cli(self, *arguments, stdin=""):
        """Runs a mycandidate subcommand against this server's database."""
        return subprocess.run(
            [str(_server_binary()), *arguments], env=self.env, cwd=self.work_dir,
            input=stdin, capture_output=True, text=True, timeout=60, check=True,
        )

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.work_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url():
    """The URL of a freshly started mycandidate server with the demo data; stopped at the end."""
    server = _Server("mycandidate-browser-")
    try:
        _wait_for_health(server.url, server.process, server.log_path)
        yield server.url
    finally:
        server.stop()


ADMIN_USER = "editor"
ADMIN_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def admin_server():
    """A server of its own for admin tests, which publish and roll back, with one account
    (``ADMIN_USER`` / ``ADMIN_PASSWORD``) made by ``mycandidate users add``."""
    server = _Server("mycandidate-admin-")
    try:
        _wait_for_health(server.url, server.process, server.log_path)
        server.cli("users", "add", ADMIN_USER, stdin=ADMIN_PASSWORD + "\n")
        yield server
    finally:
        server.stop()


def _chrome_options(javascript=True, performance_log=False):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        # Keep the browser's own traffic off the network: only the page's requests go out.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-pings",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return options


@pytest.fixture(scope="session")
def make_driver():
    """A factory for fresh headless Chromium sessions (own profile, empty cache); all quit at the end."""
    drivers = []
    service_path = shutil.which("chromedriver")
    if service_path is None:
        pytest.fail("chromedriver not found: install Debian's chromium-driver")

    def make(javascript=True, performance_log=False):
        driver = webdriver.Chrome(
            service=Service(executable_path=service_path),
            options=_chrome_options(javascript, performance_log),
        )
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.quit()


@pytest.fixture(scope="session")
def browser(make_driver):
    """One shared headless Chromium session with JavaScript on, at 1280x900."""
    return make_driver()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return SCREENSHOT_DIR
