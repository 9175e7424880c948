#!/usr/bin/env bash
# Waits for the system package manager. apt and dpkg hold locks on a few files while they run (an
# unattended upgrade, another install); a second apt-get fails at once when it finds them taken. The
# installer sources this file and calls wait_for_apt_lock before it runs apt-get: it says which lock
# it waits for and which process holds it, and gives up after a timeout with what to do.
#
# Environment:
#   APT_LOCK_TIMEOUT   seconds to wait at most (default 600)
#   APT_LOCK_POLL      seconds between two looks (default 2)
#   MAPILLARY_APT_LOCKS  the lock files, space separated (default: dpkg's and apt's)

APT_LOCK_FILES=(${MAPILLARY_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock})

# Prints the id of a process holding a lock on file $1 (from /proc/locks), or nothing.
apt_lock_holder() {
  local file=$1 dev inode id
  [[ -e "$file" && -r /proc/locks ]] || return 0
  read -r dev inode < <(stat -L -c '%d %i' -- "$file") || return 0
  # /proc/locks names a file as MAJOR:MINOR:INODE, the device numbers in hex.
  id=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff)) $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) "$inode")
  awk -v id="$id" '$0 ~ /->/ { next } { for (i = 1; i <= NF; i++) if ($i == id) { print $(i - 1); exit } }' /proc/locks
}

# Waits until none of the lock files is held; returns 1, with the reason, after APT_LOCK_TIMEOUT.
wait_for_apt_lock() {
  local timeout=${APT_LOCK_TIMEOUT:-600} poll=${APT_LOCK_POLL:-2} start=$SECONDS file holder name told=-1
  while :; do
    holder=
    for file in "${APT_LOCK_FILES[@]}"; do
      holder=$(apt_lock_holder "$file")
      [[ -n "$holder" ]] && break
    done
    [[ -z "$holder" ]] && return 0
    name=$(cat "/proc/$holder/comm" 2>/dev/null || echo unknown)
    local waited=$((SECONDS - start))
    if ((waited >= timeout)); then
      printf '[vscode-host] error: the system package manager is still busy after %s s: %s is held by process %s (%s). Let it finish (or stop it), then run this again; APT_LOCK_TIMEOUT=SECONDS waits longer.\n' \
        "$timeout" "$file" "$holder" "$name" >&2
      return 1
    fi
    # Say so at once, then every half minute.
    if ((told < 0 || waited - told >= 30)); then
      printf '[vscode-host] waiting for the system package manager: %s is held by process %s (%s); waited %s s of at most %s s\n' \
        "$file" "$holder" "$name" "$waited" "$timeout" >&2
      told=$waited
    fi
    sleep "$poll"
  done
}
