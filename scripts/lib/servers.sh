# shellcheck shell=bash
# Private, throw-away PostgreSQL and MariaDB servers for the test suite.
# Sourced by scripts/test; needs scripts/lib/common.sh.
#
# Each server gets a free 127.0.0.1 port and a data dir under $WORK (made by
# scripts/test with mktemp -d), runs as its own service user, and is tuned
# for speed over durability (fsync off etc.): the data is deleted afterwards.
# The system clusters Debian may have started (5432, 3306) are never used.
#
# On success the *_start functions export the KEEL_TEST_* variables; on
# failure they print the log tail and return 1 (scripts/test decides whether
# that is fatal).

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=""
PG_DIR=""
PG_PORT=""

# Newest /usr/lib/postgresql/<version>/bin holding a server, unless the
# caller chose one with KEEL_TEST_PG_BIN (e.g. to test another version).
pg_find_bin() {
    if [[ -n ${KEEL_TEST_PG_BIN:-} ]]; then
        printf '%s' "$KEEL_TEST_PG_BIN"
        return 0
    fi
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [[ -x $dir/postgres ]] || return 1
    printf '%s' "$dir"
}

pg_start() {
    local t0 password port attempt version
    t0=$(now)
    if ! PG_BIN=$(pg_find_bin); then
        warn "postgres: no server found under /usr/lib/postgresql/*/bin (is the postgresql package installed?)"
        return 1
    fi
    local tool
    for tool in initdb pg_ctl pg_isready psql; do
        if [[ ! -x $PG_BIN/$tool ]]; then
            warn "postgres: $PG_BIN/$tool not found or not executable"
            return 1
        fi
    done

    # $PG_DIR belongs to postgres (700): data/, the socket, the log, the pwfile.
    PG_DIR=$WORK/postgres
    mkdir -m 700 "$PG_DIR"
    own postgres "$PG_DIR"
    password=$(random_password)
    printf '%s\n' "$password" >"$PG_DIR/pwfile"
    chmod 600 "$PG_DIR/pwfile"
    own postgres "$PG_DIR/pwfile"

    # The bootstrap superuser is `keel` itself, with the random password;
    # password auth (scram) on every connection, as in production.
    # C.UTF-8 and UTF8 regardless of the caller's locale (containers often
    # have none, which would give SQL_ASCII databases).
    if ! as_user postgres "$PG_BIN/initdb" --pgdata="$PG_DIR/data" \
        --username=keel --pwfile="$PG_DIR/pwfile" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync \
        >"$PG_DIR/initdb.log" 2>&1; then
        warn "postgres: initdb failed"
        log_tail "$PG_DIR/initdb.log"
        return 1
    fi

    for attempt in 1 2; do
        if ! port=$(free_port); then
            warn "postgres: no free port found"
            return 1
        fi
        # setsid: the server gets its own session, so a Ctrl-C in the
        # terminal reaches this script (which stops it in order) and not the
        # server directly. pg_ctl -w waits until it accepts connections.
        # (pg_ctl hands -o to /bin/sh: keep it on one line.)
        local opts="-c listen_addresses=127.0.0.1 -p $port -k '$PG_DIR'"
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        opts+=" -c max_connections=200"
        if as_user postgres setsid -w "$PG_BIN/pg_ctl" \
            --pgdata="$PG_DIR/data" --log="$PG_DIR/postgres.log" \
            --wait --timeout=30 --silent -o "$opts" start \
            >>"$PG_DIR/pg_ctl.log" 2>&1 && pg_wait_ready "$port"; then
            PG_PORT=$port
            break
        fi
        warn "postgres: start on port $port failed (attempt $attempt of 2)"
        log_tail "$PG_DIR/postgres.log"
        log_tail "$PG_DIR/pg_ctl.log" 10
        pg_stop
    done
    [[ -n $PG_PORT ]] || return 1

    # Check the URL the tests will use, end to end (TCP + password).
    if ! version=$(PGPASSWORD=$password PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" \
        --no-psqlrc -X -At -h 127.0.0.1 -p "$PG_PORT" -U keel -d postgres \
        -c 'show server_version' 2>&1); then
        warn "postgres: started, but keel cannot log in: $version"
        log_tail "$PG_DIR/postgres.log"
        return 1
    fi

    export KEEL_TEST_POSTGRES_URL="postgres://keel:$password@127.0.0.1:$PG_PORT/postgres"
    export KEEL_TEST_PG_BIN=$PG_BIN
    log "postgres ${version%% *} on 127.0.0.1:$PG_PORT (ready in $(elapsed "$t0")s, data in $PG_DIR)"
}

pg_wait_ready() {
    local port=$1 _
    for _ in $(seq 1 30); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && return 0
        sleep 1
    done
    warn "postgres: pg_isready gave up after 30s"
    return 1
}

pg_stop() {
    [[ -n $PG_DIR && -f $PG_DIR/data/postmaster.pid ]] || return 0
    local pid
    pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
    # Immediate: the data is thrown away, no need for a checkpoint.
    as_user postgres "$PG_BIN/pg_ctl" --pgdata="$PG_DIR/data" --mode=immediate \
        --wait --timeout=30 --silent stop >/dev/null 2>&1 || true
    if [[ -n $pid ]] && alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
}

# ------------------------------------------------------------------- MariaDB

MY_DIR=""
MY_PORT=""
MY_PID=""
MY_SERVER="" MY_INSTALL_DB="" MY_ADMIN="" MY_CLIENT=""

# MariaDB renamed its binaries (mysqld -> mariadbd, …); take whichever exists.
# The server lives in /usr/sbin, which a non-root PATH may lack.
my_find_tools() {
    local p=$PATH:/usr/sbin:/usr/local/sbin
    MY_SERVER=$(PATH=$p command -v mariadbd || PATH=$p command -v mysqld) || return 1
    MY_INSTALL_DB=$(PATH=$p command -v mariadb-install-db || PATH=$p command -v mysql_install_db) || return 1
    MY_ADMIN=$(PATH=$p command -v mariadb-admin || PATH=$p command -v mysqladmin) || return 1
    MY_CLIENT=$(PATH=$p command -v mariadb || PATH=$p command -v mysql) || return 1
}

my_start() {
    local t0 password port attempt version
    t0=$(now)
    if ! my_find_tools; then
        warn "mariadb: server or client programs not found (are mariadb-server and mariadb-client installed?)"
        return 1
    fi

    MY_DIR=$WORK/mariadb
    mkdir -m 700 "$MY_DIR" "$MY_DIR/tmp"
    own mysql "$MY_DIR" "$MY_DIR/tmp"

    # --no-defaults everywhere: no /etc/mysql/*.cnf, no ~/.my.cnf, so a
    # developer's own settings cannot leak into the tests.
    # --tmpdir: mariadbd would use $TMPDIR, which the mysql user may not be
    # allowed into (install-db passes unknown flags on to mariadbd).
    local install_flags=(--no-defaults --datadir="$MY_DIR/data" --tmpdir="$MY_DIR/tmp")
    [[ $EUID -eq 0 ]] && install_flags+=(--user=mysql)
    # Flags that older versions lack: use them only where they exist.
    local help
    help=$("$MY_INSTALL_DB" --help 2>&1 || true)
    # normal: root@localhost without a password (only reachable through our
    # private socket), instead of unix_socket auth tied to the OS user.
    [[ $help == *--auth-root-authentication-method* ]] &&
        install_flags+=(--auth-root-authentication-method=normal)
    [[ $help == *--skip-test-db* ]] && install_flags+=(--skip-test-db)
    [[ $help == *--skip-name-resolve* ]] && install_flags+=(--skip-name-resolve)
    if ! (cd / && "$MY_INSTALL_DB" "${install_flags[@]}") >"$MY_DIR/install-db.log" 2>&1; then
        warn "mariadb: $(basename "$MY_INSTALL_DB") failed"
        log_tail "$MY_DIR/install-db.log"
        return 1
    fi

    for attempt in 1 2; do
        if ! port=$(free_port); then
            warn "mariadb: no free port found"
            return 1
        fi
        if my_launch "$port" && my_wait_ready; then
            MY_PORT=$port
            break
        fi
        warn "mariadb: start on port $port failed (attempt $attempt of 2)"
        log_tail "$MY_DIR/mariadb.err"
        my_stop
    done
    [[ -n $MY_PORT ]] || return 1

    password=$(random_password)
    # Both hosts: 127.0.0.1 for TCP (the tests), localhost for the socket.
    if ! "$MY_CLIENT" --no-defaults --socket="$MY_DIR/mysql.sock" -uroot \
        >"$MY_DIR/setup.log" 2>&1 <<SQL; then
CREATE USER 'keel'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'keel'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'keel'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'keel'@'localhost' WITH GRANT OPTION;
SQL
        warn "mariadb: creating the keel user failed"
        log_tail "$MY_DIR/setup.log"
        return 1
    fi

    # Check the URL the tests will use, end to end (TCP + password).
    if ! version=$(MYSQL_PWD=$password "$MY_CLIENT" --no-defaults --protocol=TCP \
        -h 127.0.0.1 -P "$MY_PORT" -ukeel --connect-timeout=10 -N -s \
        -e 'select version()' mysql 2>&1); then
        warn "mariadb: started, but keel cannot log in over TCP: $version"
        log_tail "$MY_DIR/mariadb.err"
        return 1
    fi

    export KEEL_TEST_MYSQL_URL="mysql://keel:$password@127.0.0.1:$MY_PORT/mysql"
    log "mariadb ${version%%-*} on 127.0.0.1:$MY_PORT (ready in $(elapsed "$t0")s, data in $MY_DIR)"
}

# Start mariadbd in the background. setsid: own session, see pg_start.
# Its stdout/stderr go to a file, never to our stdout: a daemon holding our
# pipe open would make `scripts/test | tee log` hang.
my_launch() {
    local port=$1
    local flags=(
        --no-defaults
        --datadir="$MY_DIR/data"
        --tmpdir="$MY_DIR/tmp"
        --port="$port"
        --bind-address=127.0.0.1
        --socket="$MY_DIR/mysql.sock"
        --pid-file="$MY_DIR/mariadbd.pid"
        --log-error="$MY_DIR/mariadb.err"
        --skip-name-resolve
        --max-connections=300
        # Debian's my.cnf (skipped by --no-defaults) sets utf8mb4; keep that.
        --character-set-server=utf8mb4
        --collation-server=utf8mb4_general_ci
        # Speed over durability: the data is deleted afterwards.
        --innodb-flush-log-at-trx-commit=0
        --innodb-doublewrite=0
        --innodb-buffer-pool-size=256M
        --innodb-log-file-size=48M
        --sync-binlog=0
    )
    [[ $EUID -eq 0 ]] && flags+=(--user=mysql)
    rm -f "$MY_DIR/mariadbd.pid"
    (cd / && exec setsid "$MY_SERVER" "${flags[@]}") \
        </dev/null >>"$WORK/mariadbd.out" 2>&1 &
    MY_PID=$!
}

# Ready when mariadb-admin ping answers over the socket (up to 60 s); give
# up at once if mariadbd died (port taken, bad flag, …).
my_wait_ready() {
    local _
    for _ in $(seq 1 120); do
        if ! alive "$MY_PID"; then
            warn "mariadb: mariadbd exited during start-up"
            log_tail "$WORK/mariadbd.out" 10
            return 1
        fi
        if "$MY_ADMIN" --no-defaults --socket="$MY_DIR/mysql.sock" -uroot \
            --connect-timeout=2 ping >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    warn "mariadb: no answer to ping after 60s"
    return 1
}

my_stop() {
    [[ -n $MY_PID ]] || return 0
    local pid=$MY_PID filepid _
    MY_PID=""
    # mariadbd is normally our child ($!); the pid file is the fallback in
    # case setsid had to fork.
    filepid=$(cat "$MY_DIR/mariadbd.pid" 2>/dev/null || true)
    if [[ -n $filepid && $filepid != "$pid" ]] && alive "$filepid"; then
        pid=$filepid
    fi
    if alive "$pid"; then
        # SIGTERM is an orderly shutdown; fall back to SIGKILL after 30 s.
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            alive "$pid" || break
            sleep 0.5
        done
        if alive "$pid"; then
            warn "mariadb: still running after 30s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}
