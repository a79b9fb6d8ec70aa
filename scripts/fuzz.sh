#!/usr/bin/env bash
# Fuzzes every cargo-fuzz target in fuzz/ (corpus readers and writers, the UMLS/OBO/dictionary
# parsers) for SECONDS each (default 60), one target at a time, and fails when any target finds a
# crash. Prints per target the inputs executed, the seconds run and the executions per second.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Inputs that found new coverage accumulate in fuzz/corpus/TARGET (starting from the committed
# seeds in fuzz/seeds/TARGET); a crashing input is saved in fuzz/artifacts/TARGET/ and the line to
# reproduce it is printed.
#
# Stable toolchain, no sanitizer (`-s none`): the code fuzzed is safe Rust, so what the fuzzer can
# find is a panic (an unwrap on input, a bad slice, an arithmetic overflow: debug assertions and
# overflow checks are on), a failed round-trip check, a hang or runaway memory, none of which
# needs AddressSanitizer. ASan would need a nightly toolchain and run about twice as slowly.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET…] (SECONDS: a positive whole number)" >&2
  exit 2
fi

cargo_fuzz_version=0.13.2
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $cargo_fuzz_version" ]]; then
  echo "installing cargo-fuzz $cargo_fuzz_version"
  cargo install --quiet --locked "cargo-fuzz@$cargo_fuzz_version"
fi

# The same flags for the build and every run, so that `cargo fuzz run` finds the build current.
flags=(--sanitizer none --debug-assertions)
# The knowledge-base targets write their inputs as files into a temporary directory each; keep
# them all under one that is removed at the end.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kbner-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

cd fuzz
if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

start=$(date +%s)
cargo fuzz build "${flags[@]}"
echo "build: $(($(date +%s) - start)) s"

failed=()
summary=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log="$scratch/$target.log"
  t0=$(date +%s)
  # -timeout: an input that takes 10 s is a hang (inputs stay at libFuzzer's default of at most
  # 4 KiB here); -rss_limit_mb: runaway memory is a finding too.
  if TMPDIR="$scratch" cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
    echo "--- $target: the fuzzer stopped on a finding; end of its log:"
    tail -n 60 "$log"
  fi
  elapsed=$(($(date +%s) - t0))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  line=$(printf '%-18s %-6s %12s execs %6s s %8s exec/s' \
    "$target" "$status" "${execs:-?}" "$elapsed" "${rate:-?}")
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzzed ${#targets[@]} targets for ${seconds} s each (total $(($(date +%s) - start)) s including the build):"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
