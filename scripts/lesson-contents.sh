#!/usr/bin/env bash
# Trunk's pre_build hook (Trunk.toml): writes each built-in lesson's content to lessons/<id>.json
# in the staged bundle (crates/lessons/src/bin/lesson-contents.rs). It is a native program: the
# wasm toolchain settings scripts/wasm-env.sh made for Trunk must not reach this cargo.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?is set by Trunk, which runs this as a pre_build hook}"
unset CARGO_UNSTABLE_BUILD_STD RUSTUP_TOOLCHAIN RUSTC_BOOTSTRAP CARGO_UNSTABLE_PROFILE_RUSTFLAGS \
  CARGO_PROFILE_WEB_PAGE_RUSTFLAGS CARGO_PROFILE_WEB_PAGE_BUILD_OVERRIDE_RUSTFLAGS
exec cargo run --quiet --offline --locked -p lessons --bin lesson-contents -- "$TRUNK_STAGING_DIR/lessons"
