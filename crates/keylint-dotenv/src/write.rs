//! Atomic writes: a temporary file in the same directory, the original permissions, a rename.

use std::io::Write as _;
use std::path::Path;

/// Replaces the content of `path` with `bytes` atomically: readers see the old file or the new
/// one, never half of it. Permissions are kept; a symlink is written through (its target is
/// replaced, the link stays).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let tmp = synced_temp(dir, bytes, std::fs::metadata(&target)?.permissions())?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in `dir` (same file system, so the rename is atomic) holding `bytes` on
/// disk, with `permissions`.
fn synced_temp(
    dir: &Path,
    bytes: &[u8],
    permissions: std::fs::Permissions,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".keylint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    Ok(tmp)
}

/// Creates `path` with `bytes` atomically, failing if it already exists (it is never replaced).
/// The file is readable by its owner only when `private` (an env file holding secrets), with
/// the usual `rw-r--r--` otherwise, on unix.
pub fn create_atomic(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::Permissions::from_mode(if private { 0o600 } else { 0o644 })
    };
    #[cfg(not(unix))]
    let permissions = {
        let _ = private;
        std::fs::metadata(dir)?.permissions()
    };
    let tmp = synced_temp(dir, bytes, permissions)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of `old` → `new` for `path` (`--diff`), with 3 lines of context. Values that
/// may be secrets (and what is not understood) are masked on both sides, so the diff shows what
/// changes around them; control characters are escaped.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = text_diff(path, &masked(old), &masked(new));
    // Control characters of the file name or the lines never reach the terminal raw.
    keylint_core::display::escape(&diff).into_owned()
}

/// A unified diff of `old` → `new` for `path`, with 3 lines of context, as given: the caller
/// masks what must not be shown.
pub fn text_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// `text` with everything a snippet of it would hide masked ([`crate::context::hidden_spans`]):
/// values that may be secrets, and what is not understood (comments, lines that do not parse).
fn masked(text: &str) -> String {
    let file = crate::parser::EnvFile::parse(text);
    let spans = crate::context::hidden_spans(&file);
    keylint_core::mask_spans(text, &spans, &(0..0)).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_permissions_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A = 1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        write_atomic(&path, b"A=1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_never_replaces_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        create_atomic(&path, b"A=1\n", true).unwrap();
        assert!(create_atomic(&path, b"B=2\n", true).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
