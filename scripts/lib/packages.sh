# shellcheck shell=bash
# Install the Debian packages the test suite needs, but only those missing.
# Sourced by scripts/test; needs scripts/lib/common.sh.

# Needed by the tests: a missing one fails CI.
# PHP and Laravel 8 are the oracle of the Laravel tests (crates/keel/tests/laravel.rs).
REQUIRED_PACKAGES=(postgresql mariadb-server mariadb-client sqlite3 git
    php-cli php-sqlite3 php-pgsql php-mysql php-mbstring php-xml php-laravel-framework
    php-doctrine-dbal)
# Nice to have; never a failure.
OPTIONAL_PACKAGES=()

APT_UPDATED=0
SUDO=()

pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# True when the configured apt sources offer the package.
pkg_available() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
    [[ -n $candidate && $candidate != "(none)" ]]
}

apt_get() {
    # DPkg::Lock::Timeout: another apt-get may be running (other engineers,
    # unattended jobs); wait for its lock instead of failing or killing it.
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -o DPkg::Lock::Timeout=600 "$@"
}

apt_update() {
    [[ $APT_UPDATED == 1 ]] && return 0
    log "apt-get update"
    local try
    # apt-get update has no lock timeout of its own for the lists lock, so
    # retry a few times in case another apt run holds it.
    for try in 1 2 3 4 5; do
        if apt_get update >&2; then
            APT_UPDATED=1
            return 0
        fi
        warn "apt-get update failed (try $try of 5); retrying in 15s (another apt-get may hold the lock)"
        sleep 15
    done
    return 1
}

# apt-get install; if it fails (stale lists: 404s, unknown package) refresh
# the lists once and try again.
apt_install() {
    log "installing: $*"
    local cmd=(install -y --no-install-recommends "$@")
    apt_get "${cmd[@]}" >&2 && return 0
    [[ $APT_UPDATED == 1 ]] && return 1
    apt_update || return 1
    apt_get "${cmd[@]}" >&2
}

ensure_packages() {
    local pkg missing_req=() missing_opt=()
    if ! command -v dpkg-query >/dev/null; then
        # Not Debian: we can only hope the tools are there.
        warn "no dpkg here; not installing packages (expecting PostgreSQL, MariaDB, sqlite3 and git to be present)"
        return 0
    fi
    for pkg in "${REQUIRED_PACKAGES[@]}"; do
        pkg_installed "$pkg" || missing_req+=("$pkg")
    done
    for pkg in "${OPTIONAL_PACKAGES[@]}"; do
        pkg_installed "$pkg" || missing_opt+=("$pkg")
    done
    if [[ ${#missing_req[@]} -eq 0 && ${#missing_opt[@]} -eq 0 ]]; then
        log "packages: all present"
        return 0
    fi

    if [[ $EUID -ne 0 ]]; then
        if command -v sudo >/dev/null; then
            # -n when nobody can type a password (CI, no stdin).
            if [[ -t 0 ]]; then SUDO=(sudo); else SUDO=(sudo -n); fi
        else
            local msg="not root and no sudo: cannot install ${missing_req[*]} ${missing_opt[*]}"
            if [[ ${#missing_req[@]} -gt 0 ]] && is_ci; then die "$msg"; fi
            warn "$msg"
            return 0
        fi
    fi

    # Fresh machines often have empty or old package lists: refresh them when
    # any missing package is unknown to apt.
    for pkg in "${missing_req[@]}" "${missing_opt[@]}"; do
        if ! pkg_available "$pkg"; then
            apt_update || warn "apt-get update failed"
            break
        fi
    done

    if [[ ${#missing_req[@]} -gt 0 ]]; then
        if ! apt_install "${missing_req[@]}"; then
            if is_ci; then die "could not install ${missing_req[*]}"; fi
            warn "could not install ${missing_req[*]}; the tests of the engines they serve will be skipped"
        fi
    fi

    if [[ ${#missing_opt[@]} -gt 0 ]]; then
        local installable=()
        for pkg in "${missing_opt[@]}"; do
            if pkg_available "$pkg"; then
                installable+=("$pkg")
            else
                warn "Debian package $pkg is not available from the configured apt sources; skipping it (only needed for the Laravel work)"
            fi
        done
        if [[ ${#installable[@]} -gt 0 ]] && ! apt_install "${installable[@]}"; then
            warn "could not install ${installable[*]} (PHP, for the Laravel work); continuing without them"
        fi
    fi
}
