//! Build-then-rename. Files are written to a temporary name in the target's directory, synced and
//! renamed over the target; directories are built in a staging directory beside the target and
//! swapped in with two renames (target → old, staging → target), which [`recover`] undoes if a
//! process died between them. The swap holds the target's swap lock (see `lock.rs`), so readers
//! that take it while opening never see the target missing or half replaced.

use std::fs::File;
use std::path::{Path, PathBuf};

const TMP_TAG: &str = ".kbner-tmp-";
const OLD_TAG: &str = ".kbner-old-";

/// A file-system operation on `path` failed.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FsError {
    /// The path involved.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

impl FsError {
    pub(crate) fn new(path: &Path, source: std::io::Error) -> Self {
        FsError {
            path: path.to_path_buf(),
            source,
        }
    }
}

type Result<T, E = FsError> = std::result::Result<T, E>;

/// `DIR/.NAME<tag><pid>` for `target` = `DIR/NAME`.
fn sibling(target: &Path, tag: &str, pid: u32) -> Result<PathBuf> {
    sibling_name(target, &format!("{tag}{pid}"))
}

/// `DIR/.NAME<suffix>` for `target` = `DIR/NAME`: where files about `target` live, beside it.
pub(crate) fn sibling_name(target: &Path, suffix: &str) -> Result<PathBuf> {
    let name = target.file_name().ok_or_else(|| {
        FsError::new(
            target,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a file or directory name",
            ),
        )
    })?;
    Ok(parent_of(target).join(format!(".{}{suffix}", name.to_string_lossy())))
}

fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn pid_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Staging or old copies of `target` left by processes that are no longer running.
fn leftovers(target: &Path, tag: &str) -> Vec<PathBuf> {
    let Some(name) = target.file_name() else {
        return vec![];
    };
    let prefix = format!(".{}{tag}", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent_of(target)) else {
        return vec![];
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let pid: u32 = n.strip_prefix(&prefix)?.parse().ok()?;
            (!pid_alive(pid)).then(|| e.path())
        })
        .collect()
}

fn remove_any(path: &Path) {
    let _ = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
}

/// If a directory swap was interrupted between its two renames, puts the previous directory
/// back; removes old copies that a finished swap left behind and staging directories of
/// processes that died while building. Waits for a swap in progress. Readers call it (through
/// [`crate::ReadLock`]) before opening.
pub fn recover(target: &Path) -> Result<()> {
    crate::ReadLock::acquire(target).map(drop)
}

/// [`recover`], for a caller holding the swap lock.
pub(crate) fn recover_unlocked(target: &Path) -> Result<()> {
    for stale in leftovers(target, TMP_TAG) {
        remove_any(&stale);
    }
    if target.exists() {
        for old in leftovers(target, OLD_TAG) {
            remove_any(&old);
        }
        return Ok(());
    }
    if let Some(old) = leftovers(target, OLD_TAG).into_iter().next() {
        if let Err(e) = std::fs::rename(&old, target) {
            // Another reader may have put it back first.
            if !target.exists() {
                return Err(FsError::new(target, e));
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: the file holds the old content or all of the new one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file_with(path, |tmp| {
        std::fs::write(tmp, bytes).map_err(|e| FsError::new(tmp, e))
    })
}

/// Writes `path` atomically through `write`, which is given a temporary path beside `path` to
/// create. On success the temporary file is synced and renamed over `path`; on error (or a
/// panic in `write`) it is removed and `path` is left as it was. For writers that insist on
/// creating the file themselves (e.g. a safetensors or model serializer).
pub fn write_file_with<E: From<FsError>>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    for stale in leftovers(path, TMP_TAG) {
        remove_any(&stale);
    }
    let tmp = sibling(path, TMP_TAG, std::process::id())?;
    struct Cleanup<'a>(&'a Path, bool);
    impl Drop for Cleanup<'_> {
        fn drop(&mut self) {
            if !self.1 {
                let _ = std::fs::remove_file(self.0);
            }
        }
    }
    let mut cleanup = Cleanup(&tmp, false);
    write(&tmp)?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| FsError::new(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| FsError::new(path, e))?;
    cleanup.1 = true;
    sync_dir(parent_of(path));
    Ok(())
}

/// Makes a rename durable; best effort (not every file system can sync a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A directory being built; removed on drop unless [`StagingDir::commit`] swapped it in.
#[derive(Debug)]
pub struct StagingDir {
    path: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Entries moved in from the target by [`StagingDir::carry_over`], put back if never committed.
    carried: Vec<String>,
}

impl StagingDir {
    /// Creates the staging directory for `target` (after recovering an interrupted swap and
    /// clearing staging directories of dead processes). Writers take the target's
    /// [`crate::WriteLock`] first, so that two jobs never build the same target at once.
    pub fn create(target: &Path) -> Result<Self> {
        recover(target)?;
        let path = sibling(target, TMP_TAG, std::process::id())?;
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| FsError::new(&path, e))?;
        }
        std::fs::create_dir_all(&path).map_err(|e| FsError::new(&path, e))?;
        Ok(StagingDir {
            path,
            target: target.to_path_buf(),
            committed: false,
            carried: Vec::new(),
        })
    }

    /// Where to build.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory this one will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the entries `names` of the current target (those that exist) into the staging
    /// directory, so that the commit keeps them: data that later stages derived from the target
    /// and that check for themselves whether it still matches (e.g. a knowledge base's concept
    /// index). Call it right before [`StagingDir::commit`]; dropping the staging directory
    /// without committing moves them back. An entry the staging directory already has is left
    /// in the target.
    pub fn carry_over(&mut self, names: &[&str]) -> Result<()> {
        for name in names {
            let from = self.target.join(name);
            let to = self.path.join(name);
            if std::fs::symlink_metadata(&from).is_err() || std::fs::symlink_metadata(&to).is_ok() {
                continue;
            }
            std::fs::rename(&from, &to).map_err(|e| FsError::new(&from, e))?;
            self.carried.push(name.to_string());
        }
        Ok(())
    }

    /// Replaces the target with the staging directory. The two renames hold the target's swap
    /// lock, so a reader opening the target (see [`crate::ReadLock`]) waits for them; the old
    /// directory is removed after, while readers that opened it may still be reading it.
    pub fn commit(mut self) -> Result<()> {
        let target = self.target.clone();
        let old = sibling(&target, OLD_TAG, std::process::id())?;
        let swap = crate::lock::swap_lock(&target, true)?;
        let had_old = target.exists();
        if had_old {
            std::fs::rename(&target, &old).map_err(|e| FsError::new(&target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.path, &target) {
            if had_old {
                let _ = std::fs::rename(&old, &target); // put the previous one back
            }
            return Err(FsError::new(&target, e));
        }
        self.committed = true;
        drop(swap);
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| FsError::new(&old, e))?;
        }
        sync_dir(parent_of(&target));
        Ok(())
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            for name in &self.carried {
                let _ = std::fs::rename(self.path.join(name), self.target.join(name));
            }
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, lock files left out (they stay beside their target on purpose).
    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with("-lock"))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("v"), "old").unwrap();

        let s = StagingDir::create(&target).unwrap();
        std::fs::write(s.path().join("v"), "new-but-abandoned").unwrap();
        drop(s);
        assert_eq!(std::fs::read_to_string(target.join("v")).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["kb"], "staging dir removed");

        let s = StagingDir::create(&target).unwrap();
        std::fs::write(s.path().join("v"), "new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("v")).unwrap(), "new");
        assert_eq!(entries(dir.path()), ["kb"]);
    }

    #[test]
    fn carried_entries_survive_the_commit_or_go_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        std::fs::create_dir_all(target.join("index")).unwrap();
        std::fs::write(target.join("index/v"), "derived").unwrap();
        std::fs::write(target.join("v"), "old").unwrap();

        // Not committed: the carried entry goes back.
        let mut s = StagingDir::create(&target).unwrap();
        s.carry_over(&["index", "absent"]).unwrap();
        assert!(!target.join("index").exists());
        drop(s);
        assert_eq!(entries(&target), ["index", "v"]);

        let mut s = StagingDir::create(&target).unwrap();
        std::fs::write(s.path().join("v"), "new").unwrap();
        s.carry_over(&["index"]).unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("v")).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(target.join("index/v")).unwrap(),
            "derived"
        );
        assert_eq!(entries(dir.path()), ["kb"]);
    }

    #[test]
    fn interrupted_swap_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        // A dead process (pid far above pid_max) renamed the store away and died.
        let old = dir.path().join(".kb.kbner-old-4999999");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("v"), "old").unwrap();
        recover(&target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("v")).unwrap(), "old");
    }

    #[test]
    fn readers_clear_staging_directories_of_dead_processes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        std::fs::create_dir(&target).unwrap();
        // A killed ingest (pid far above pid_max) left its staging directory; ours stays.
        let dead = dir.path().join(".kb.kbner-tmp-4999999");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("000001.sst"), "half").unwrap();
        let live = sibling(&target, TMP_TAG, std::process::id()).unwrap();
        std::fs::create_dir(&live).unwrap();
        drop(crate::ReadLock::acquire(&target).unwrap());
        assert!(!dead.exists());
        assert!(live.exists());
    }

    #[test]
    fn readers_see_the_old_or_the_new_directory_during_swaps() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("v"), "0").unwrap();
        let done = AtomicBool::new(false);
        let (mut reads, mut missing) = (0u32, 0u32);
        std::thread::scope(|s| {
            s.spawn(|| {
                for i in 1..=300 {
                    let staging = StagingDir::create(&target).unwrap();
                    std::fs::write(staging.path().join("v"), i.to_string()).unwrap();
                    staging.commit().unwrap();
                }
                done.store(true, Ordering::SeqCst);
            });
            while !done.load(Ordering::SeqCst) {
                let opening = crate::ReadLock::acquire(&target).unwrap();
                match std::fs::read_to_string(target.join("v")) {
                    Ok(v) if !v.is_empty() => reads += 1,
                    _ => missing += 1,
                }
                drop(opening);
            }
        });
        assert_eq!(
            missing,
            0,
            "{missing} of {} reads found no store",
            reads + missing
        );
    }

    #[test]
    fn a_failed_file_write_keeps_the_old_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("adapter.json");
        write_file(&path, b"old").unwrap();
        let r: Result<(), FsError> = write_file_with(&path, |tmp| {
            std::fs::write(tmp, b"half").unwrap();
            Err(FsError::new(tmp, std::io::Error::other("disk full")))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["adapter.json"]);
        write_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["adapter.json"]);
    }

    #[test]
    fn temp_files_of_dead_processes_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.safetensors");
        std::fs::write(dir.path().join(".w.safetensors.kbner-tmp-4999999"), "x").unwrap();
        write_file(&path, b"ok").unwrap();
        assert_eq!(entries(dir.path()), ["w.safetensors"]);
    }
}
