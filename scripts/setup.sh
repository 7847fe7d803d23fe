#!/usr/bin/env bash
# Installs everything sfn-lab needs on a fresh Debian 12 machine (idempotent:
# each step checks first and skips what is present). Nothing is downloaded
# from outside the package registries (apt, crates.io, npm, PyPI).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
TRUNK_VERSION=0.21.14

say() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    if ((APT_UPDATED == 0)); then
      say "apt-get update"
      $SUDO apt-get update -qq
      APT_UPDATED=1
    fi
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The version of wasm-bindgen that Cargo.lock pins: wasm-bindgen-cli must equal it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

has_wasm_std() {
  local sysroot
  sysroot="$(rustc --print sysroot 2>/dev/null)" || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null &&
    [[ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]]
}

# 1. Native build needs: a C toolchain for crates that build C code.
apt_install build-essential pkg-config ca-certificates

# 2. The wasm32 standard library and std's sources (every wasm build compiles std with
#    -Z build-std: scripts/wasm-env.sh): rustup's target and rust-src first, Debian's rust-web
#    toolchain when rustup cannot fetch them.
#    WASM_TOOLCHAIN=debian forces the Debian way (also honoured by scripts/wasm-env.sh).
if [[ "${WASM_TOOLCHAIN:-auto}" != debian ]] && has_wasm_std; then
  :
elif [[ "${WASM_TOOLCHAIN:-auto}" != debian ]] && command -v rustup >/dev/null &&
  rustup target add wasm32-unknown-unknown >&2 && rustup component add rust-src >&2; then
  say "wasm32 target and rust-src installed with rustup"
else
  say "rustup cannot install the wasm32 target or rust-src: using Debian's rustc-web with -Z build-std"
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  if command -v rustup >/dev/null && ! rustup toolchain list | grep -q '^debian-web'; then
    rustup toolchain link debian-web /usr
  fi
  # build-std needs std's own crates in the registry cache (cargo --offline later).
  RUSTC_BOOTSTRAP=1 PATH=/usr/bin:$PATH /usr/bin/cargo fetch --locked \
    --manifest-path /usr/lib/rustlib/src/rust/library/Cargo.toml >&2
fi
if [[ "${WASM_TOOLCHAIN:-auto}" != debian ]] && has_wasm_std; then
  # The same for rustup's std sources (quick when they are cached).
  RUSTC_BOOTSTRAP=1 cargo fetch --locked \
    --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml" >&2
fi

# 3. Browser for the end-to-end tests; valgrind for the instruction-count guard (bench/instructions.sh).
apt_install chromium chromium-driver valgrind

# 4. Rust tools: trunk (0.22 needs rustc >= 1.96.1) and wasm-bindgen-cli at the
#    Cargo.lock version. They compile in parallel to save time on 2 cores.
pids=()
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "cargo install trunk $TRUNK_VERSION (about 13 minutes)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked >&2 &
  pids+=($!)
fi
WB_VERSION="$(wasm_bindgen_version)"
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION"; then
  say "cargo install wasm-bindgen-cli $WB_VERSION (about 6 minutes)"
  # --locked can fail when a locked dependency is missing from the registry
  # mirror (webpki-roots 1.0.11 was): retry unlocked, same exact version.
  ( cargo install wasm-bindgen-cli --version "=$WB_VERSION" --locked >&2 ||
    cargo install wasm-bindgen-cli --version "=$WB_VERSION" >&2 ) &
  pids+=($!)
fi
for pid in "${pids[@]}"; do wait "$pid"; done

# 5. npm's build tools: wasm-opt from binaryen (Debian's binaryen 108 cannot read current
#    rustc output), CodeMirror with esbuild for the page's editor (Trunk's pre_build hook
#    bundles it), and axe-core for the browser tests' accessibility audit. Installed again
#    whenever package-lock.json is newer than what npm installed.
if [[ ! -x node_modules/.bin/wasm-opt || ! -x node_modules/.bin/esbuild ||
  ! -f node_modules/axe-core/axe.min.js ||
  ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  command -v npm >/dev/null || apt_install nodejs npm
  say "npm ci (binaryen for wasm-opt, CodeMirror and esbuild for the editor, axe-core for the tests)"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 6. Python's jsonschema (PyPI), the reference validator the lesson-format tests check
#    lessons/*.schema.json with (crates/lessons/tests/schema.rs).
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  command -v python3 >/dev/null || apt_install python3 python3-pip
  say "pip install jsonschema"
  python3 -m pip install --quiet 'jsonschema>=4.18' >&2 \
    || python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.18' >&2 \
    || apt_install python3-jsonschema
fi

# 7. cfn-lint and python-hcl2 (PyPI), the reference tools the export tests check the
#    CloudFormation and Terraform forms with (crates/export/tests/forms.rs), pinned to versions
#    that run on Debian 12's Python 3.11. Skipped when those versions are importable.
CFN_LINT_VERSION=1.58.0
PYTHON_HCL2_VERSION=8.1.4
if ! python3 - "$CFN_LINT_VERSION" "$PYTHON_HCL2_VERSION" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import cfnlint, hcl2
sys.exit((version("cfn-lint"), version("python-hcl2")) != (sys.argv[1], sys.argv[2]))
PY
then
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  say "pip install cfn-lint==$CFN_LINT_VERSION python-hcl2==$PYTHON_HCL2_VERSION"
  python3 -m pip install --quiet "cfn-lint==$CFN_LINT_VERSION" "python-hcl2==$PYTHON_HCL2_VERSION" >&2 \
    || python3 -m pip install --quiet --break-system-packages \
      "cfn-lint==$CFN_LINT_VERSION" "python-hcl2==$PYTHON_HCL2_VERSION" >&2
fi

# 8. Every crate in the registry cache: Trunk runs cargo with --offline.
cargo fetch --locked >&2
say "ready"
