//! Reading and rewriting the files a user names, without surprises: the one atomic writer
//! (`keylint env --fix` and `keylint fix` both write through it) and the one careful reader.
//!
//! A rewrite changes exactly the bytes it was asked to, of the file the user named, keeping its
//! owner, group, mode and links, or it changes nothing and says why ([`WriteError`]):
//!
//! - the content is compared with what the caller planned against, right before the rename: an
//!   edit saved meanwhile is never overwritten ([`WriteError::Changed`]);
//! - a symbolic link is written through: its target gets the new content, the link stays
//!   (callers that care what the target is look at [`resolve`] first);
//! - a file with other hard links, a read-only file, or one whose owner cannot be kept is left
//!   alone; a FIFO, socket or device is never opened ([`read_regular`] checks first);
//! - a whole new document (a report, a baseline) is written the same way by [`write_whole`],
//!   except that it writes straight into a FIFO or device the user names as output;
//! - the temporary file is created `0600` beside the target and named after it
//!   (`.env.keylint-XXXXXX.tmp`), so `.env*` ignore rules cover it, and a signal handler can
//!   remove it ([`remove_live_temp_files`]) if the process is interrupted before the rename.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why a file was not written (nothing was changed).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file's bytes differ from those the change was planned against.
    #[error("{path} changed since it was read: nothing written, run keylint again")]
    Changed {
        /// The file.
        path: String,
    },
    /// Not a regular file: a FIFO, socket, device or directory.
    #[error("{path} is not a regular file ({kind}): it is never read or written")]
    NotRegular {
        /// The file.
        path: String,
        /// What it is instead.
        kind: &'static str,
    },
    /// Other names point at the same file: replacing it would split them.
    #[error(
        "{path} has {links} hard links: rewriting it would leave the other names with the old content; nothing written"
    )]
    HardLinks {
        /// The file.
        path: String,
        /// How many names the file has.
        links: u64,
    },
    /// No write permission bit is set.
    #[error("{path} is read-only (mode {mode:o}): nothing written; make it writable to fix it")]
    ReadOnly {
        /// The file.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
    /// The new file could not be given the old one's owner and group.
    #[error(
        "cannot keep the owner and group of {path} ({message}): nothing written; run keylint as its owner"
    )]
    Owner {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
    /// A file to create appeared meanwhile.
    #[error("{path} was created since keylint looked: nothing written, run keylint again")]
    Exists {
        /// The file.
        path: String,
    },
    /// Any other I/O failure.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a non-regular file is, in words.
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The error for a path that exists but is not a regular file, if it is one.
fn not_regular(path: &Path, meta: &std::fs::Metadata) -> Option<WriteError> {
    (!meta.is_file()).then(|| WriteError::NotRegular {
        path: path.display().to_string(),
        kind: kind_of(meta.file_type()),
    })
}

/// [`read_regular`]'s error for what is not a regular file.
fn not_regular_io(meta: &std::fs::Metadata) -> Option<std::io::Error> {
    (!meta.is_file()).then(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", kind_of(meta.file_type())),
        )
    })
}

/// Reads a regular file whole. A FIFO, socket or device is never opened (opening a FIFO for
/// reading blocks until a writer comes): it is an error of kind `InvalidInput` saying "not a
/// regular file", distinct from "not found".
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    read_regular_at_most(path, u64::MAX)
}

/// [`read_regular`], but a file of more than `max_size` bytes (also one that grows past it while
/// read) is an error of kind `FileTooLarge`: never more than `max_size + 1` bytes are held.
pub fn read_regular_at_most(path: &Path, max_size: u64) -> std::io::Result<Vec<u8>> {
    if let Some(e) = not_regular_io(&std::fs::metadata(path)?) {
        return Err(e);
    }
    let file = std::fs::File::open(path)?;
    // Replaced between the look and the open: look again at what was opened.
    let meta = file.metadata()?;
    if let Some(e) = not_regular_io(&meta) {
        return Err(e);
    }
    let too_large =
        |size: u64| std::io::Error::new(std::io::ErrorKind::FileTooLarge, format!("{size} bytes"));
    if meta.len() > max_size {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The file `path` names, symbolic links followed (itself when it is not a link). The caller
/// checks what the target is (tracked by git? outside the project?) before writing through it.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path)
    } else {
        Ok(path.to_path_buf())
    }
}

/// Temporary files alive right now (created, not yet renamed or removed).
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Held while the process dies: no temporary file is created or renamed meanwhile.
#[must_use = "the guard keeps new temporary files from being created until the process exits"]
pub struct TempFilesRemoved(#[allow(dead_code)] MutexGuard<'static, Vec<PathBuf>>);

/// Removes every temporary file a write in progress has created, and keeps new ones from being
/// created while the returned guard lives. For a signal handler (SIGINT, SIGTERM) to call
/// before the process exits, so no copy of a secret-holding file is left behind.
pub fn remove_live_temp_files() -> TempFilesRemoved {
    let mut live = live();
    for path in live.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    TempFilesRemoved(live)
}

/// A temporary file beside `target`, named after it, registered for [`remove_live_temp_files`].
struct Temp {
    file: tempfile::NamedTempFile,
}

impl Temp {
    fn new(target: &Path) -> std::io::Result<Temp> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map_or_else(|| ".keylint".into(), |n| n.to_string_lossy().into_owned());
        let mut builder = tempfile::Builder::new();
        let prefix = format!("{name}.keylint-");
        builder.prefix(&prefix).rand_bytes(6).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o600));
        }
        // Created and registered under the lock: a signal handler sees it or it does not exist.
        let mut live = live();
        let file = builder.tempfile_in(dir)?;
        live.push(file.path().to_path_buf());
        Ok(Temp { file })
    }

    /// Renames the temporary file to `target` (`replace`: over it; else only if it does not
    /// exist), after `check` passes.
    fn persist(
        self,
        target: &Path,
        replace: bool,
        check: impl FnOnce() -> Result<(), WriteError>,
    ) -> Result<(), WriteError> {
        let mut live = live();
        let path = self.file.path().to_path_buf();
        live.retain(|p| *p != path);
        check()?;
        let persisted = if replace {
            self.file.persist(target)
        } else {
            self.file.persist_noclobber(target)
        };
        match persisted {
            Ok(_) => Ok(()),
            Err(e) if !replace && e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists {
                    path: target.display().to_string(),
                })
            }
            Err(e) => Err(io_error(target)(e.error)),
        }
    }
}

/// Replaces the content of `path` with `new`, atomically, if it still holds `expected`. See the
/// module docs for what is refused. A symbolic link is written through (the link stays).
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let (target, meta) = replaceable(path)?;
    let unchanged = || match read_regular(&target) {
        Ok(now) if now == expected => Ok(()),
        Ok(_) => Err(WriteError::Changed {
            path: path.display().to_string(),
        }),
        Err(e) => Err(io_error(path)(e)),
    };
    unchanged()?;
    let mut temp = Temp::new(&target).map_err(io_error(path))?;
    let file = temp.file.as_file_mut();
    file.write_all(new).map_err(io_error(path))?;
    keep_owner(path, &*file, &meta)?;
    file.set_permissions(meta.permissions())
        .map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))?;
    temp.persist(&target, true, unchanged)
}

/// Whether [`replace`] may rewrite `path` (a regular file, links followed, with one name and
/// writable): for a caller to check every file before writing any.
pub fn check_replaceable(path: &Path) -> Result<(), WriteError> {
    replaceable(path).map(|_| ())
}

/// The file `path` names and its metadata, if [`replace`] may rewrite it.
fn replaceable(path: &Path) -> Result<(PathBuf, std::fs::Metadata), WriteError> {
    let target = resolve(path).map_err(io_error(path))?;
    let meta = std::fs::metadata(&target).map_err(io_error(path))?;
    if let Some(e) = not_regular(path, &meta) {
        return Err(e);
    }
    refuse_split_or_read_only(path, &meta)?;
    Ok((target, meta))
}

/// Creates `path` holding `bytes`, atomically; never replaces a file (one created meanwhile is
/// [`WriteError::Exists`]). Readable by its owner only when `private` (an env file holding
/// secrets), `rw-r--r--` otherwise, on unix.
pub fn create(path: &Path, bytes: &[u8], private: bool) -> Result<(), WriteError> {
    let mut temp = Temp::new(path).map_err(io_error(path))?;
    let file = temp.file.as_file_mut();
    file.write_all(bytes).map_err(io_error(path))?;
    new_file_permissions(file, private).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))?;
    temp.persist(path, false, || Ok(()))
}

/// Writes a whole new document to `path` (a report, a baseline), atomically: a reader never sees
/// half of it, and a write that fails or is interrupted leaves the old file as it was.
///
/// - An existing regular file is replaced and keeps its permissions; a symbolic link is written
///   through (the link stays); a read-only file or one with other hard links is refused, as by
///   [`replace`]. Unlike [`replace`], the old content is not compared: the caller
///   owns the document.
/// - A new file is `rw-r--r--` on unix (`rw-------` when `private`: a report that shows secrets).
/// - A path that is not a regular file (a FIFO, a terminal), or that names a descriptor
///   (`/dev/stdout`, `/dev/fd/N`, even when it leads to a file opened with `>>`), is written to
///   directly: it cannot be renamed over, and whoever opened it expects a stream.
pub fn write_whole(
    path: &Path,
    private: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let target = match resolve(path) {
        Ok(target) => target,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(io_error(path)(e)),
    };
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(path)(e)),
    };
    // `/dev/stdout` and `/dev/fd/N` name an open descriptor, whatever it points at: a file
    // the shell opened for appending (`>> log`) must be written to, not replaced.
    let descriptor = path.starts_with("/dev") || path.starts_with("/proc");
    if let Some(meta) = existing
        .as_ref()
        .filter(|meta| !meta.is_file() || descriptor)
    {
        if meta.is_dir() {
            return not_regular(path, meta).map_or(Ok(()), Err);
        }
        // Appending: on Linux `/dev/fd/N` opens the file anew, at offset 0.
        let mut stream = std::fs::OpenOptions::new()
            .append(true)
            .open(&target)
            .map_err(io_error(path))?;
        return write(&mut stream)
            .and_then(|()| stream.flush())
            .map_err(io_error(path));
    }
    if let Some(meta) = &existing {
        refuse_split_or_read_only(path, meta)?;
    }
    let mut temp = Temp::new(&target).map_err(io_error(path))?;
    {
        let mut out = std::io::BufWriter::new(temp.file.as_file_mut());
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(io_error(path))?;
    }
    let file = temp.file.as_file_mut();
    match &existing {
        Some(meta) => file.set_permissions(meta.permissions()),
        None => new_file_permissions(file, private),
    }
    .map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))?;
    temp.persist(&target, true, || Ok(()))
}

/// Gives a file being created `rw-r--r--`, or `rw-------` when `private`, on unix.
fn new_file_permissions(file: &std::fs::File, private: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = if private { 0o600 } else { 0o644 };
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, private);
        Ok(())
    }
}

/// Refuses files whose replacement would not be the same file: more than one hard link,
/// read-only.
fn refuse_split_or_read_only(path: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks {
                path: path.display().to_string(),
                links: meta.nlink(),
            });
        }
    }
    if meta.permissions().readonly() {
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::PermissionsExt as _;
            meta.permissions().mode() & 0o7777
        };
        #[cfg(not(unix))]
        let mode = 0o444;
        return Err(WriteError::ReadOnly {
            path: path.display().to_string(),
            mode,
        });
    }
    Ok(())
}

/// Gives `file` the owner and group of the file it replaces (`meta`) when they differ (as root,
/// or a group the user belongs to); refuses when that is not allowed.
fn keep_owner(
    path: &Path,
    file: &std::fs::File,
    meta: &std::fs::Metadata,
) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let now = file.metadata().map_err(io_error(path))?;
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                WriteError::Owner {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }
            })?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, file, meta);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests that create temporary files, one at a time: one of them removes every live one.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    fn chmod(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn replaces_keeping_mode_and_leaves_no_temp_file() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A = 1\n").unwrap();
        #[cfg(unix)]
        chmod(&path, 0o640);
        replace(&path, b"A = 1\n", b"A=1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\n");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o640);
        assert_eq!(names(dir.path()), [".env"]);
    }

    #[test]
    fn a_file_changed_since_read_is_left_alone() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A=2\n").unwrap();
        let err = replace(&path, b"A=1\n", b"A=3\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert!(err.to_string().contains("changed since it was read"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=2\n");
        assert_eq!(names(dir.path()), [".env"]);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_read_only_files_and_fifos_are_refused() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A=1\n").unwrap();
        std::fs::hard_link(&path, dir.path().join("other")).unwrap();
        let err = replace(&path, b"A=1\n", b"B=1\n").unwrap_err();
        assert!(
            matches!(err, WriteError::HardLinks { links: 2, .. }),
            "{err}"
        );
        std::fs::remove_file(dir.path().join("other")).unwrap();
        chmod(&path, 0o444);
        let err = replace(&path, b"A=1\n", b"B=1\n").unwrap_err();
        assert!(err.to_string().contains("read-only (mode 444)"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\n");

        let fifo = dir.path().join(".env.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = read_regular(&fifo).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
            assert_eq!(err.to_string(), "not a regular file (a FIFO)");
            let err = replace(&fifo, b"", b"B=1\n").unwrap_err();
            assert!(
                err.to_string().contains("not a regular file (a FIFO)"),
                "{err}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        std::fs::write(&real, "A=1\n").unwrap();
        let link = dir.path().join(".env");
        std::os::unix::fs::symlink("real.env", &link).unwrap();
        assert_eq!(
            resolve(&link).unwrap(),
            std::fs::canonicalize(&real).unwrap()
        );
        replace(&link, b"A=1\n", b"A=2\n").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "A=2\n");
    }

    #[test]
    fn temp_files_are_named_after_the_target_and_removed_on_demand() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        let temp = Temp::new(&path).unwrap();
        let name = temp
            .file
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (stem, suffix) = name.split_at(name.len() - 4);
        assert!(
            stem.starts_with(".env.keylint-") && suffix == ".tmp",
            "{name}"
        );
        #[cfg(unix)]
        assert_eq!(mode(temp.file.path()), 0o600);
        let kept = temp.file.into_temp_path().keep().unwrap();
        assert!(kept.exists());
        drop(remove_live_temp_files());
        assert!(!kept.exists());
    }

    /// As root (the only user allowed to give a file away), the user's 0600 file stays theirs.
    #[cfg(unix)]
    #[test]
    fn the_owner_and_group_are_kept() {
        use std::os::unix::fs::MetadataExt as _;
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "A=1\n").unwrap();
        chmod(&path, 0o600);
        if std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_err() {
            // Not root: the owner is ours already; check it is still ours.
            replace(&path, b"A=1\n", b"A=2\n").unwrap();
            let meta = std::fs::metadata(&path).unwrap();
            assert_eq!(meta.uid(), std::fs::metadata(dir.path()).unwrap().uid());
            return;
        }
        replace(&path, b"A=1\n", b"A=2\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid(), mode(&path)), (4242, 4343, 0o600));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=2\n");
    }

    #[test]
    fn create_never_replaces_and_is_private() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        create(&path, b"A=1\n", true).unwrap();
        let err = create(&path, b"B=2\n", true).unwrap_err();
        assert!(matches!(err, WriteError::Exists { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\n");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        assert_eq!(names(dir.path()), [".env"]);
    }

    #[test]
    fn a_whole_document_replaces_atomically_and_a_failed_write_keeps_the_old_one() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old report\n").unwrap();
        #[cfg(unix)]
        chmod(&path, 0o640);
        let err = write_whole(&path, false, |out| {
            out.write_all(b"half of a new")?;
            Err(std::io::Error::other("interrupted"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("interrupted"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old report\n");
        assert_eq!(names(dir.path()), ["report.json"]);

        write_whole(&path, true, |out| out.write_all(b"new report\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report\n");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o640, "an existing file keeps its mode");
        assert_eq!(names(dir.path()), ["report.json"]);
    }

    #[test]
    fn a_whole_document_creates_public_or_private_files_and_streams_into_devices() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let (public, private) = (dir.path().join("a.sarif"), dir.path().join("b.json"));
        write_whole(&public, false, |out| out.write_all(b"a")).unwrap();
        write_whole(&private, true, |out| out.write_all(b"b")).unwrap();
        #[cfg(unix)]
        assert_eq!((mode(&public), mode(&private)), (0o644, 0o600));
        assert_eq!(names(dir.path()), ["a.sarif", "b.json"]);
        #[cfg(unix)]
        write_whole(Path::new("/dev/null"), false, |out| out.write_all(b"x")).unwrap();
        #[cfg(target_os = "linux")]
        {
            // `/dev/fd/N` leading to a file opened for appending: appended to, not replaced.
            let log = dir.path().join("log");
            std::fs::write(&log, "before\n").unwrap();
            let appending = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
            let fd = std::os::fd::AsRawFd::as_raw_fd(&appending);
            let via = PathBuf::from(format!("/dev/fd/{fd}"));
            write_whole(&via, false, |out| out.write_all(b"report\n")).unwrap();
            assert_eq!(std::fs::read_to_string(&log).unwrap(), "before\nreport\n");
        }
        let err = write_whole(dir.path(), false, |out| out.write_all(b"x")).unwrap_err();
        assert!(matches!(err, WriteError::NotRegular { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_whole_document_is_written_through_a_link() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link.json")).unwrap();
        write_whole(&dir.path().join("link.json"), false, |out| {
            out.write_all(b"new")
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let link = std::fs::symlink_metadata(dir.path().join("link.json")).unwrap();
        assert!(link.file_type().is_symlink());
    }
}
