#!/usr/bin/env bash
# Runs a wasm command (trunk, or cargo with --target wasm32-unknown-unknown)
# with a toolchain that can build std for wasm32: rustup's (wasm32 target and
# rust-src) when installed, else Debian's rustc-web. Either way std is compiled
# with the program (-Z build-std), so that a panic aborts at once
# (-C panic=immediate-abort: no panic formatting code) and carries no file/line
# strings (-Z location-detail=none): the page's wasm is 30 KB gzip smaller.
# These are nightly flags, allowed on a stable compiler by RUSTC_BOOTSTRAP, for
# wasm commands only. Native commands must not go through this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

has_wasm_std() {
  local sysroot
  sysroot="$(rustc --print sysroot 2>/dev/null)" || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null &&
    [[ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]]
}

if [[ "${WASM_TOOLCHAIN:-auto}" != debian ]] && has_wasm_std; then
  : # rustup's toolchain has the wasm32 target and std's sources
else
  if command -v rustup >/dev/null; then
    rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
    export RUSTUP_TOOLCHAIN=debian-web
  else
    export PATH="/usr/bin:$PATH"
  fi
fi
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# For the wasm target only: build scripts (compiled for this machine) keep the usual panics.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
# The page's own profile (index.html: data-cargo-profile-release="web-page") also drops Debug
# formatting (-Z fmt-debug=none: `{:?}` prints nothing), 13 KB gzip of the first render. So the
# page must never show a learner Debug output: its messages use Display. The worker (profile
# "web") keeps Debug, as jsonata-core and the interpreter's messages may use it.
export CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true
export CARGO_PROFILE_WEB_PAGE_RUSTFLAGS="-Zfmt-debug=none"
# Not for what runs on this machine: build scripts and proc macros (which may print with `{:?}`).
export CARGO_PROFILE_WEB_PAGE_BUILD_OVERRIDE_RUSTFLAGS=""
exec "$@"
