//! Build-then-rename: a store is built in a staging directory beside its target and swapped in
//! only when complete, so a crash or Ctrl-C never leaves a half-written store where a good one was.

use crate::error::{KbError, Result};
use std::path::{Path, PathBuf};

const TMP_TAG: &str = ".kbner-tmp-";
const OLD_TAG: &str = ".kbner-old-";

fn sibling(target: &Path, tag: &str, pid: u32) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| KbError::Invalid(format!("{}: not a directory name", target.display())))?;
    let parent = target.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}{tag}{pid}", name.to_string_lossy())))
}

fn pid_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Staging directories left by dead processes for `target` (tag = tmp or old).
fn leftovers(target: &Path, tag: &str) -> Vec<PathBuf> {
    let (Some(name), parent) = (
        target.file_name(),
        target.parent().unwrap_or(Path::new(".")),
    ) else {
        return vec![];
    };
    let prefix = format!(".{}{tag}", name.to_string_lossy());
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Ok(rd) = std::fs::read_dir(parent) else {
        return vec![];
    };
    rd.filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let pid: u32 = n.strip_prefix(&prefix)?.parse().ok()?;
            (!pid_alive(pid)).then(|| e.path())
        })
        .collect()
}

/// If a swap was interrupted between its two renames, puts the previous store back.
pub fn recover(target: &Path) -> Result<()> {
    if target.exists() {
        for old in leftovers(target, OLD_TAG) {
            let _ = std::fs::remove_dir_all(old);
        }
        return Ok(());
    }
    if let Some(old) = leftovers(target, OLD_TAG).into_iter().next() {
        std::fs::rename(&old, target).map_err(|e| KbError::io(target, e))?;
    }
    Ok(())
}

/// A directory being built; removed on drop unless [`StagingDir::commit`] swapped it in.
pub struct StagingDir {
    path: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl StagingDir {
    /// Creates the staging directory for `target` (and clears ones left by dead processes).
    pub fn create(target: &Path) -> Result<Self> {
        recover(target)?;
        for stale in leftovers(target, TMP_TAG) {
            let _ = std::fs::remove_dir_all(stale);
        }
        let path = sibling(target, TMP_TAG, std::process::id())?;
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| KbError::io(&path, e))?;
        }
        std::fs::create_dir_all(&path).map_err(|e| KbError::io(&path, e))?;
        Ok(StagingDir {
            path,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Where to build.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the target with the staging directory.
    pub fn commit(mut self) -> Result<()> {
        let target = self.target.clone();
        if target.exists() {
            let old = sibling(&target, OLD_TAG, std::process::id())?;
            std::fs::rename(&target, &old).map_err(|e| KbError::io(&target, e))?;
            std::fs::rename(&self.path, &target).map_err(|e| KbError::io(&target, e))?;
            self.committed = true;
            std::fs::remove_dir_all(&old).map_err(|e| KbError::io(&old, e))?;
        } else {
            std::fs::rename(&self.path, &target).map_err(|e| KbError::io(&target, e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging dir removed"
        );

        let s = StagingDir::create(&target).unwrap();
        std::fs::write(s.path().join("v"), "new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("v")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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
}
