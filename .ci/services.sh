# shellcheck shell=bash
# Throwaway PostgreSQL and Redis servers on 127.0.0.1, for CI and the benchmarks.
# Source this file, then call start_postgres DIR [durable] / start_redis DIR, and stop_services
# (e.g. from an EXIT trap). Exports POSTGRES_TEST_URL, POSTGRES_TEST_CA_FILE and REDIS_URL.

services_log() { printf '[services] %s\n' "$*" >&2; }

# Installs PostgreSQL, Redis and openssl from Debian when they are missing.
install_services() {
    local missing=()
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    # The Redis suite's TLS test makes its certificates with the openssl CLI.
    command -v openssl >/dev/null || missing+=(openssl)
    if ((${#missing[@]})); then
        services_log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# python_venv DIR REQUIREMENT...: a virtualenv at DIR holding exactly these pins, made or
# remade as needed (the pins are stamped inside it, so a changed pin remakes it).
python_venv() {
    local dir=$1
    shift
    local stamp="$dir/.mycandidate-requirements"
    if [[ -x $dir/bin/python && -f $stamp && $(cat "$stamp") == "$*" ]]; then return; fi
    services_log "installing $* into $dir"
    rm -rf "$dir"
    python3 -m venv "$dir" 2>/dev/null || {
        # Debian's own python3 keeps venv in a separate package.
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >&2
        python3 -m venv "$dir"
    }
    "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
    printf '%s' "$*" >"$stamp"
}

# A port nothing listens on yet, away from the services' defaults.
free_port() {
    local port
    for _ in $(seq 1 200); do
        # Below Linux's ephemeral range (32768 and up), which a load generator's client sockets
        # fill, so a port that probes free is not taken by one a moment later.
        port=$((10000 + RANDOM % 22000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    services_log "no free port found"
    return 1
}

# PostgreSQL refuses to run as root, and CI runs as root.
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# postgres_tls DIR: a throwaway CA and a server certificate it signed, as RDS has its own CA. The
# certificate names localhost only, not 127.0.0.1, so a test can see the host name being checked.
postgres_tls() {
    local dir=$1
    mkdir -p "$dir"
    (
        cd "$dir" &&
            printf 'subjectAltName=DNS:localhost\n' >server.ext &&
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout ca.key -out ca.crt \
                -subj "/CN=MyCandidate CI PostgreSQL CA" &&
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" &&
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
                -out server.crt -extfile server.ext
    ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; return 1; }
    # PostgreSQL refuses a key that others can read.
    chmod 600 "$dir/server.key"
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$dir"; fi
}

services_pg_bin=""
services_pg_data=""
services_redis_dir=""

# start_postgres DIR [durable]: a new cluster in DIR/postgres. Without "durable", fsync and
# synchronous commit are off (fine for tests, the cluster is thrown away); benchmarks pass
# "durable" so their figures include real commit costs. The server also accepts TLS with a
# certificate from a CA made here (POSTGRES_TEST_CA_FILE), for the storage suite's verify-full
# tests; POSTGRES_TEST_URL says sslmode=disable, so every other client stays on plain TCP as before.
start_postgres() {
    local dir=$1 durable=${2:-}
    install_services
    services_pg_bin="$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")"
    services_pg_data="$dir/postgres"
    mkdir -p "$services_pg_data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir" "$services_pg_data"
    as_postgres "$services_pg_bin/initdb" -D "$services_pg_data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    postgres_tls "$dir/postgres-tls" || return 1
    local port options
    port="$(free_port)"
    options="-c listen_addresses=127.0.0.1 -p $port -k $services_pg_data"
    options+=" -c ssl=on -c ssl_cert_file=$dir/postgres-tls/server.crt -c ssl_key_file=$dir/postgres-tls/server.key"
    [[ $durable == durable ]] || options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_postgres "$services_pg_bin/pg_ctl" start -D "$services_pg_data" -w -s -l "$services_pg_data/server.log" -o "$options" \
        || { cat "$services_pg_data/server.log" >&2; return 1; }
    export POSTGRES_TEST_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    export POSTGRES_TEST_CA_FILE="$dir/postgres-tls/ca.crt"
    services_log "PostgreSQL on 127.0.0.1:$port"
}

# start_redis DIR: a Redis server without persistence.
start_redis() {
    local dir=$1/redis
    install_services
    services_redis_dir="$dir"
    mkdir -p "$dir"
    local port
    port="$(free_port)"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
        --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do
        [[ -s "$dir/redis.pid" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    export REDIS_URL="redis://127.0.0.1:$port"
    services_log "Redis on 127.0.0.1:$port"
}

stop_services() {
    if [[ -n $services_redis_dir && -f "$services_redis_dir/redis.pid" ]]; then
        kill "$(cat "$services_redis_dir/redis.pid")" 2>/dev/null || true
    fi
    if [[ -n $services_pg_data ]]; then
        as_postgres "$services_pg_bin/pg_ctl" stop -D "$services_pg_data" -m immediate -s >/dev/null 2>&1 || true
    fi
}
