#!/usr/bin/env bash
# Installs what building and testing the wasm package needs, from the package registries only
# (crates.io, npm, Debian): the wasm32 target, wasm-pack, wasm-bindgen-cli at the exact version of the
# `wasm-bindgen` crate in Cargo.lock, Debian's Chromium + ChromeDriver, and the root npm dev tools.
# Idempotent: every step is skipped when its tool is already there at the right version, so CI and a
# developer's machine can run it every time. Usage: scripts/setup-toolchain.sh [wasm|browser|npm|all]...
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1

log() { printf '[setup] %s\n' "$*" >&2; }

# The wasm-bindgen crate version recorded in Cargo.lock: the CLI must match it exactly, or wasm-pack
# falls back to downloading a matching one (which cannot work here).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_wasm() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "wasm32-unknown-unknown target: present"
  else
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  # Debug builds of the tools: ~1 min instead of ~7 min, and they emit byte-identical wasm.
  if [ "$(wasm-pack --version 2>/dev/null || true)" = "wasm-pack $WASM_PACK_VERSION" ]; then
    log "wasm-pack $WASM_PACK_VERSION: present"
  else
    log "installing wasm-pack $WASM_PACK_VERSION from crates.io"
    CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --debug --force
  fi

  local wbv
  wbv="$(wasm_bindgen_version)"
  if [ -z "$wbv" ]; then
    log "Cargo.lock has no wasm-bindgen entry; run 'cargo generate-lockfile' or build once"; exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wbv" ] \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    log "wasm-bindgen-cli $wbv: present"
  else
    log "installing wasm-bindgen-cli $wbv from crates.io"
    # --locked first (reproducible); without it when the registry lacks one of the pinned dependencies.
    CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-bindgen-cli --version "$wbv" --locked --debug --force \
      || CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-bindgen-cli --version "$wbv" --debug --force
  fi
}

setup_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    log "chromium + chromedriver: present"
  else
    log "installing Debian chromium + chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver
  fi
}

setup_npm() {
  # npm ci wipes node_modules, so only run it when the lock file changed since the last install.
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    log "node_modules: up to date"
  else
    log "installing the npm dev tools (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case "$what" in
    wasm) setup_wasm ;;
    browser) setup_browser ;;
    npm) setup_npm ;;
    all) setup_wasm; setup_browser; setup_npm ;;
    *) log "unknown part: $what (expected wasm, browser, npm or all)"; exit 2 ;;
  esac
done
