#!/usr/bin/env bash
# The whole test suite: unit, integration (real public data from ../shared/data) and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Unused dependencies fail the run (cargo-machete reads manifests and sources; seconds).
if ! command -v cargo-machete >/dev/null 2>&1; then
  cargo install --quiet --locked cargo-machete@0.9.2
fi
cargo machete
# Release profile: the same build the main job uses (RocksDB and, later, model code are far too slow
# unoptimized), so CI compiles the heavy dependencies once.
cargo test --release --workspace 2>&1
# A short fuzz run of every corpus reader and knowledge-base parser (fuzz/, cargo-fuzz): 13 targets
# × 31 s plus the build (3 minutes cold on 2 cores) and, on a fresh machine, a 1-minute cargo-fuzz
# install: about 11 minutes in all. KBNER_FUZZ_SECONDS=0 skips it.
fuzz_seconds=${KBNER_FUZZ_SECONDS:-30}
if [[ $fuzz_seconds != 0 ]]; then
  bash scripts/fuzz.sh "$fuzz_seconds"
fi
