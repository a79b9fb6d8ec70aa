//! `scripts/lib/detect.sh`, which `scripts/setup.sh` uses to decide what to install, checked
//! against fake file-system roots. A machine with only `libclang-cpp.so.14` (LLVM's C++ API,
//! installed with LLVM itself) must be seen as lacking libclang: bindgen cannot load that file,
//! and the RocksDB build then fails twenty minutes in.

use std::path::Path;
use std::process::Command;

/// Runs `find_libclang ROOT` (or another detection function); `Some(output)` when it succeeds.
fn detect(function: &str, root: &Path) -> Option<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/lib/detect.sh");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && {function} '{}'",
            script.display(),
            root.display()
        ))
        .env_remove("LIBCLANG_PATH")
        .env_remove("CXX")
        .output()
        .expect("bash runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn touch(root: &Path, rel: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, b"").unwrap();
}

#[test]
fn libclang_cpp_alone_is_not_libclang() {
    let root = tempfile::tempdir().unwrap();
    touch(root.path(), "usr/lib/llvm-14/lib/libclang-cpp.so.14");
    touch(root.path(), "usr/lib/x86_64-linux-gnu/libclang-cpp.so.14");
    touch(root.path(), "usr/lib/llvm-14/lib/libLLVM-14.so");
    assert_eq!(detect("find_libclang", root.path()), None);
}

#[test]
fn libclang_without_builtin_headers_is_not_enough() {
    // libclang1-14 alone: bindgen loads the library, then fails on `stddef.h`.
    let root = tempfile::tempdir().unwrap();
    touch(root.path(), "usr/lib/llvm-14/lib/libclang-14.so.1");
    assert_eq!(detect("find_libclang", root.path()), None);
}

#[test]
fn libclang_dev_layouts_are_found() {
    for lib in [
        "usr/lib/llvm-14/lib/libclang.so",
        "usr/lib/llvm-14/lib/libclang-14.so.1",
        "usr/lib/x86_64-linux-gnu/libclang-14.so.13",
        "usr/lib/llvm-16/lib/libclang.so.16",
    ] {
        let root = tempfile::tempdir().unwrap();
        touch(root.path(), "usr/lib/llvm-14/lib/libclang-cpp.so.14");
        touch(root.path(), lib);
        touch(
            root.path(),
            "usr/lib/llvm-14/lib/clang/14.0.6/include/stddef.h",
        );
        let found = detect("find_libclang", root.path()).unwrap_or_else(|| panic!("{lib}"));
        assert_eq!(
            found,
            format!("/{lib} /usr/lib/llvm-14/lib/clang/14.0.6/include"),
            "{lib}"
        );
    }
}

#[test]
fn a_cxx_compiler_is_required() {
    let root = tempfile::tempdir().unwrap();
    touch(root.path(), "usr/bin/gcc");
    assert_eq!(detect("find_cxx", root.path()), None);
    touch(root.path(), "usr/bin/g++");
    std::fs::set_permissions(
        root.path().join("usr/bin/g++"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(
        detect("find_cxx", root.path()).as_deref(),
        Some("/usr/bin/g++")
    );
}
