# Detection helpers for scripts/setup.sh, sourced, never run. Each takes the file-system root to look
# under (a fake root in tests, "" for the real one) and prints what it found, or fails.

# find_libclang ROOT: prints the libclang shared library that bindgen (clang-sys) would load and the
# directory of clang's builtin headers (stddef.h…) that it needs beside it, as "LIB HEADERS".
# clang-sys loads only files named libclang.so, libclang-N.so, libclang.so.N or libclang-N.so.N;
# libclang-cpp.so.N (the C++ API, installed with LLVM itself) is a different library and does not
# count. The headers come with libclang-common-N-dev; without them bindgen fails on stddef.h.
find_libclang() {
  local root=$1 dir lib name headers
  local dirs=()
  if [ -n "${LIBCLANG_PATH:-}" ]; then dirs+=("$root$LIBCLANG_PATH"); fi
  dirs+=("$root"/usr/lib/llvm-*/lib "$root"/usr/lib/*-linux-gnu "$root"/usr/lib64 "$root"/usr/lib "$root"/usr/local/lib)
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || continue
    for lib in "$dir"/libclang*.so*; do
      [ -e "$lib" ] || continue
      name=${lib##*/}
      case $name in
        libclang.so | libclang.so.[0-9]* | libclang-[0-9]*.so | libclang-[0-9]*.so.[0-9]*) ;;
        *) continue ;;
      esac
      # Builtin headers: <llvm prefix>/lib/clang/VERSION/include, found from the library's LLVM
      # prefix (a multiarch path is a symlink into one), else any LLVM on the same root.
      headers=$(find_clang_headers "$root" "$(readlink -f "$lib")")
      if [ -n "$headers" ]; then
        echo "${lib#"$root"} ${headers#"$root"}"
        return 0
      fi
    done
  done
  return 1
}

# find_clang_headers ROOT LIB: the builtin-header directory for a libclang, or nothing.
find_clang_headers() {
  local root=$1 lib=$2 prefix h
  prefix=${lib%/lib/*}
  for h in "$prefix"/lib/clang/*/include/stddef.h "$root"/usr/lib/llvm-*/lib/clang/*/include/stddef.h \
    "$root"/usr/lib/clang/*/include/stddef.h "$root"/usr/local/lib/clang/*/include/stddef.h; do
    if [ -f "$h" ]; then
      echo "${h%/stddef.h}"
      return 0
    fi
  done
  return 1
}

# find_cxx ROOT: the C++ compiler the RocksDB build (cc crate) would use.
find_cxx() {
  local root=$1 c
  for c in "${CXX:-}" c++ g++ clang++; do
    [ -n "$c" ] || continue
    if [ -z "$root" ]; then
      command -v "$c" 2>/dev/null && return 0
    elif [ -x "$root/usr/bin/$c" ]; then
      echo "/usr/bin/$c" && return 0
    fi
  done
  return 1
}
