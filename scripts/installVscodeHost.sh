#!/usr/bin/env bash
# Installs the real VS Code host used by the integration and end-to-end tests: code-server (which
# carries a complete VS Code) from the npm registry, plus the Debian packages it needs. The result is
# cached outside git and the script is idempotent: a second run only checks the marker and returns.
#
# Usage: scripts/installVscodeHost.sh [--check]
#   --check  exit 0 when the host is installed and usable, 1 otherwise; installs nothing.
# Environment:
#   MAPILLARY_HOST_CACHE  cache folder (default: $XDG_CACHE_HOME or ~/.cache, then mapillary-explorer)
#   APT_LOCK_TIMEOUT      seconds to wait for another apt or dpkg run to finish (default 600)
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${MAPILLARY_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mapillary-explorer}"
DEST="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DEST/.installed"
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LINK="$REPO_ROOT/.vscode-test/code-server"
# shellcheck source=aptLock.sh
source "$REPO_ROOT/scripts/aptLock.sh"
DEBIAN_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

log() { printf '[vscode-host] %s\n' "$*" >&2; }
die() { printf '[vscode-host] error: %s\n' "$*" >&2; exit 1; }

link_cache() {
  mkdir -p "$(dirname "$LINK")"
  ln -sfn "$DEST/package" "$LINK"
}

if [[ -f "$MARKER" && -f "$DEST/package/out/node/entry.js" ]]; then
  link_cache
  [[ "${1:-}" == "--check" ]] && exit 0
  log "code-server $VERSION already installed in $DEST"
  exit 0
fi
[[ "${1:-}" == "--check" ]] && exit 1

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    # Another apt or dpkg run (an unattended upgrade, a second install) holds the package manager's
    # locks: wait for it instead of failing, and let apt itself wait too should one start meanwhile.
    wait_for_apt_lock || exit 1
    apt-get -o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-600}" update -qq >/dev/null
    wait_for_apt_lock || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-600}" \
      install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
  fi
fi
command -v rg >/dev/null || die "ripgrep (rg) is not on PATH; install the Debian package ripgrep"

log "installing code-server $VERSION into $DEST (about 2 minutes)"
rm -rf "$DEST.partial"
mkdir -p "$DEST.partial"
cd "$DEST.partial"
npm pack --silent "code-server@$VERSION" >/dev/null
tar -xzf "code-server-$VERSION.tgz"
rm "code-server-$VERSION.tgz"

cd package
# Scripts are skipped on purpose: code-server's postinstall downloads ripgrep from outside the npm
# registry. The native modules it needs are rebuilt explicitly below instead.
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
npm rebuild argon2 --loglevel=error >/dev/null

cd lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
# node-pty's own post-install step fails on a missing `npx node-gyp` although pty.node is built,
# so the exit code is ignored and the built files are checked instead.
npm rebuild kerberos node-pty @vscode/spdlog native-watchdog @vscode/deviceid --loglevel=error >/dev/null 2>&1 || true
for f in node_modules/node-pty/build/Release/pty.node node_modules/@vscode/spdlog/build/Release/spdlog.node; do
  [[ -f "$f" ]] || die "native module was not built: lib/vscode/$f (are python3, make and g++ installed?)"
done

mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)

cd extensions
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

cd "$DEST.partial"
touch package/.complete
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
touch "$MARKER"
link_cache
log "code-server $VERSION installed in $DEST"
