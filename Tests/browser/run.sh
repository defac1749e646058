#!/usr/bin/env bash
# Browser tests: the real mycandidate server driven by headless Chromium (Selenium, axe-core).
# Installs what is missing (Debian's chromium and chromium-driver; pinned PyPI packages), builds
# nothing: it expects the binary at $MYCANDIDATE_BIN or .build/debug/mycandidate, which
# `swift test` or `swift build --product mycandidate` leaves there. Exits with pytest's status,
# counting "no tests collected" (5) as a failure. Works from any directory.
set -euo pipefail

browser_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "run.sh: installing chromium and chromium-driver" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q chromium chromium-driver
fi

# Versions checked together with Debian 12's Chromium and chromedriver 156 on Python 3.11.7.
# axe-selenium-python 3.0.0 (axe-core 4.10.2) declares Python >= 3.12 but is plain Python that
# runs on 3.11; 2.1.6, the last release allowed on 3.11, ships axe-core 3.1.1 from 2018, which
# lacks most WCAG 2.1 rules.
pins=(selenium==4.51.0 pytest==9.0.3)
axe_pin=axe-selenium-python==3.0.0
installed() {
    "$python" - "$@" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    sys.exit(any(version(name) != wanted for name, wanted in (p.split("==") for p in sys.argv[1:])))
except PackageNotFoundError:
    sys.exit(1)
EOF
}
pip_install() {
    "$python" -m pip install -q --disable-pip-version-check "$@" ||
        "$python" -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}
if ! installed "${pins[@]}"; then
    echo "run.sh: installing ${pins[*]}" >&2
    pip_install "${pins[@]}"
fi
if ! installed "$axe_pin"; then
    echo "run.sh: installing $axe_pin" >&2
    pip_install --no-deps --ignore-requires-python "$axe_pin"
fi

cd "$browser_dir"
status=0
# No stray pytest plugins from the machine, no __pycache__ or .pytest_cache in the work tree.
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "run.sh: pytest collected no tests" >&2
    status=1
fi
exit "$status"
