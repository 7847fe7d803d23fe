#!/usr/bin/env bash
# Runs a wasm command (trunk, or cargo with --target wasm32-unknown-unknown)
# with the toolchain that has a wasm32 std: rustup's target when installed,
# else Debian's rustc-web building std itself (-Z build-std). Native commands
# must not go through this script: build-std settings would slow or break them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

has_wasm_std() {
  local sysroot
  sysroot="$(rustc --print sysroot 2>/dev/null)" || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

if [[ "${WASM_TOOLCHAIN:-auto}" != debian ]] && has_wasm_std; then
  : # rustup's toolchain has the wasm32 target: nothing to change
else
  if command -v rustup >/dev/null; then
    rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
    export RUSTUP_TOOLCHAIN=debian-web
  else
    export PATH="/usr/bin:$PATH"
  fi
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
fi
exec "$@"
