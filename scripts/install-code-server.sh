#!/usr/bin/env bash
# Installs code-server (a real VS Code server + web workbench, from npm) into .vscode-test/code-server/
# so the extension can be tested offline. Idempotent: returns at once when the right version is there.
# Needs: node 20, npm, /usr/bin/rg (Debian ripgrep), and a C++ toolchain + libkrb5-dev for native modules.
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.vscode-test/code-server"
BIN="$DIR/node_modules/.bin/code-server"
READY="$DIR/.installed-$VERSION"

if [[ -f "$READY" && -x "$BIN" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi

command -v rg >/dev/null || { echo "ripgrep (rg) is missing: apt-get install -y ripgrep" >&2; exit 1; }

# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here); it skips the download
# when this cache file exists, so we pack Debian's rg into it.
RG_CACHE_DIR="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE_DIR/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$RG_TARBALL" ]]; then
  mkdir -p "$RG_CACHE_DIR"
  tar -czf "$RG_TARBALL" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
fi

mkdir -p "$DIR"
rm -f "$READY"

# npm 11 runs no dependency install scripts unless allowed, and code-server needs them: its postinstall
# runs two more `npm install`s (lib/vscode, lib/vscode/extensions) whose native modules (node-pty,
# spdlog, kerberos, @parcel/watcher, ...) must build. An allow-list cannot reach those nested
# installs: npm exports it to child processes as npm_config_allow_scripts, which nested
# project-scoped installs reject (EALLOWSCRIPTS). So this one command, and only it, runs with
# dangerously-allow-all-scripts; every package it runs is pinned by code-server's npm-shrinkwrap files.

# A folder of its own, not a devDependency: its postinstall refuses to run as root without
# unsafe-perm, and node-pty's postinstall runs `npx node-gyp`, which needs yes=true.
echo '{ "name": "code-server-cache", "private": true }' > "$DIR/package.json"
export npm_config_dangerously_allow_all_scripts=true npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp would download Node's headers; use the local ones when the distro ships them.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h && "$(npm config get nodedir)" == "undefined" ]]; then
  export npm_config_nodedir=/usr
fi

echo "Installing code-server@$VERSION into $DIR (about a minute)..."
(cd "$DIR" && npm install --no-save --no-package-lock "code-server@$VERSION")

# Prove it starts (it writes config even for --version, so give it throwaway dirs).
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
XDG_CONFIG_HOME="$SCRATCH" XDG_DATA_HOME="$SCRATCH" TMPDIR="$SCRATCH" "$BIN" --version
# The native modules the server needs at run time must have been built.
for native in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node; do
  [[ -f "$DIR/node_modules/code-server/lib/vscode/node_modules/$native" ]] || {
    echo "code-server install incomplete: $native was not built (were install scripts blocked?)" >&2
    exit 1
  }
done
[[ -x "$DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]] || {
  echo "code-server install incomplete: @vscode/ripgrep/bin/rg is missing" >&2
  exit 1
}
touch "$READY"
echo "code-server $VERSION installed in $DIR"
