# shellcheck shell=bash
# Small helpers shared by scripts/test and the other scripts/lib/*.sh files.
# Sourced, never executed.

# Progress goes to stderr so that `scripts/test --servers-only` can keep
# stdout for the `export …` lines alone.
log()  { printf '==> %s\n' "$*" >&2; }
warn() { printf '\n!!! WARNING: %s\n\n' "$*" >&2; }
die()  { printf '\n!!! ERROR: %s\n\n' "$*" >&2; exit 1; }

# CI=true (or any value but "", "0", "false") means "a missing database
# server is a failure", not a reason to skip that engine's tests.
is_ci() {
    case "${CI:-}" in
        "" | 0 | false | False | FALSE) return 1 ;;
        *) return 0 ;;
    esac
}

# Print the last lines of a server log, indented, so a failed start says why.
log_tail() {
    local file=$1 lines=${2:-40}
    if [[ -s $file ]]; then
        printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
        tail -n "$lines" "$file" | sed 's/^/    /' >&2
        printf -- '--- end of %s ---\n' "$file" >&2
    else
        printf -- '--- %s is empty or missing ---\n' "$file" >&2
    fi
}

# An alphanumeric password, so it can go into a URL without escaping.
# (No `tr … | head -c` pipe: under pipefail tr's SIGPIPE would fail it.)
random_password() {
    local raw
    raw=$(LC_ALL=C tr -dc 'A-Za-z0-9' < <(head -c 1024 /dev/urandom))
    printf '%s' "${raw:0:24}"
}

# Ports handed out during this run, so the two servers never get the same one.
USED_PORTS=" "

# A TCP port nobody listens on. We stay in 20000-32767, below Linux's
# ephemeral range (32768-60999), so an outgoing connection cannot grab the
# port between this check and the server's bind. A listener on 0.0.0.0 or
# 127.0.0.1 answers the /dev/tcp probe, which is all that can clash with a
# bind to 127.0.0.1. The remaining race is covered by retrying the start.
free_port() {
    local port _
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 12768))
        [[ $USED_PORTS == *" $port "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            USED_PORTS+="$port "
            printf '%s' "$port"
            return 0
        fi
    done
    return 1
}

# Run a command as a service user (postgres, mysql). PostgreSQL refuses to
# run as root, and MariaDB files must belong to its own user. When the script
# itself is not root it cannot switch users, so it runs the server as itself.
# `cd /` first: the service user may not be allowed into our working dir.
as_user() {
    local user=$1
    shift
    if [[ $EUID -eq 0 ]]; then
        (cd / && exec runuser -u "$user" -- "$@")
    else
        (cd / && exec "$@")
    fi
}

# chown to a service user when we are root (see as_user).
own() {
    local user=$1
    shift
    if [[ $EUID -eq 0 ]]; then
        chown "$user:" "$@"
    fi
}

# Seconds since the epoch with a fraction, for "ready in 3.1s" lines.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Is the process running? Unlike `kill -0`, false for a zombie (a server
# that died but that we have not reaped yet).
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}
