//! Loose objects that libgit2 must never read: a truncated or garbled loose object makes
//! libgit2 (≤ 1.9.7) spin forever in its inflate loop (libgit2 issue #7342, fixed upstream
//! after the release bundled by `libgit2-sys`). So before a history or range walk every loose
//! object is inflated here, in pure Rust, and a repository that holds corrupt ones is opened
//! through a shadow object directory that lists only the sound ones: libgit2 then sees a corrupt
//! object as *missing*, an error every caller reports, instead of hanging.
//!
//! Staged scans cannot afford a pass over every loose object; they check each object they let
//! libgit2 read with [`check_object`]: HEAD's commit, the trees of HEAD on the paths of staged
//! changes (`staged/head.rs` keeps libgit2 away from the others) and the blobs.
//!
//! Packs are left to libgit2, which reads a damaged one without hanging (an object in it is
//! then an error); [`pack_problems`] says what a cheap look at the pack files finds wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Corrupt loose objects found in a repository, by id, with what is wrong with each.
#[derive(Debug, Default)]
pub(crate) struct Corrupt {
    objects: HashMap<Oid, String>,
}

impl Corrupt {
    /// `message` (libgit2's words for a failure), or, when it names an object found corrupt,
    /// what is wrong with that object's file (through the shadow libgit2 only knows it as missing).
    pub(crate) fn describe(&self, message: &str) -> String {
        for word in message.split(|c: char| !c.is_ascii_hexdigit()) {
            if word.len() == 40 {
                if let Some(problem) = Oid::from_str(word).ok().and_then(|o| self.objects.get(&o)) {
                    return problem.clone();
                }
            }
        }
        message.to_owned()
    }
}

/// A repository opened so that libgit2 never reads a corrupt loose object: the facts needed
/// to reopen it the same way in worker threads.
pub(crate) struct Guarded {
    /// The opened repository.
    pub(crate) repo: Repository,
    /// Corrupt loose objects (hidden from libgit2).
    pub(crate) corrupt: Corrupt,
    /// What is wrong with the pack files ([`pack_problems`]), in words.
    pub(crate) packs: Vec<String>,
    /// The shadow object directory when some objects are hidden; removed on drop.
    shadow: Option<tempfile::TempDir>,
}

impl Guarded {
    /// Checks `repo`'s loose objects (each inflated once) and looks at its packs; when some
    /// loose objects are corrupt, the repository reads objects through a shadow directory without them.
    pub(crate) fn new(repo: Repository, threads: usize) -> Result<Self, git2::Error> {
        let objects_dir = objects_dir(&repo);
        let loose = loose_objects(&objects_dir);
        let corrupt = check_all(&loose, threads);
        let packs = pack_problems(&repo);
        if corrupt.is_empty() {
            return Ok(Guarded {
                repo,
                corrupt: Corrupt::default(),
                packs,
                shadow: None,
            });
        }
        let shadow = build_shadow(&objects_dir, &loose, &corrupt).map_err(|e| {
            git2::Error::from_str(&format!("cannot set aside corrupt objects: {e}"))
        })?;
        let guarded = Guarded {
            repo,
            corrupt: Corrupt { objects: corrupt },
            packs,
            shadow: Some(shadow),
        };
        guarded.apply_shadow(&guarded.repo)?;
        Ok(guarded)
    }

    /// Opens the same repository again (for another thread), reading through the same shadow.
    pub(crate) fn reopen(&self) -> Result<Repository, git2::Error> {
        let repo = Repository::open(self.repo.path())?;
        self.apply_shadow(&repo)?;
        Ok(repo)
    }

    fn apply_shadow(&self, repo: &Repository) -> Result<(), git2::Error> {
        let Some(shadow) = &self.shadow else {
            return Ok(());
        };
        let odb = git2::Odb::new()?;
        let path = shadow.path().to_string_lossy();
        odb.add_disk_alternate(&path)?;
        repo.set_odb(&odb)
    }
}

/// The object directory of `repo` (shared by linked worktrees).
fn objects_dir(repo: &Repository) -> PathBuf {
    repo.commondir().join("objects")
}

/// The loose object file of `oid` in `objects_dir`.
fn loose_path(objects_dir: &Path, oid: Oid) -> PathBuf {
    let hex = oid.to_string();
    objects_dir.join(&hex[..2]).join(&hex[2..])
}

/// Every loose object of `objects_dir`: `(id, file)`.
fn loose_objects(objects_dir: &Path) -> Vec<(Oid, PathBuf)> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(objects_dir) else {
        return out;
    };
    for dir in dirs.flatten() {
        let name = dir.file_name();
        let Some(prefix) = name.to_str().filter(|n| is_hex(n, 2)) else {
            continue;
        };
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let name = file.file_name();
            let Some(rest) = name.to_str().filter(|n| is_hex(n, 38)) else {
                continue;
            };
            if let Ok(oid) = Oid::from_str(&format!("{prefix}{rest}")) {
                out.push((oid, file.path()));
            }
        }
    }
    out
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Checks every loose object on `threads` threads (0: one per core).
fn check_all(loose: &[(Oid, PathBuf)], threads: usize) -> HashMap<Oid, String> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        threads
    };
    let chunk = loose.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        let workers: Vec<_> = loose
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|(oid, path)| check_file(path).err().map(|e| (*oid, e)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

/// Checks the loose file of `oid`, if the object is loose (packed objects are left to libgit2,
/// which reads a damaged pack without hanging).
pub(crate) fn check_object(repo: &Repository, oid: Oid) -> Result<(), String> {
    let path = loose_path(&objects_dir(repo), oid);
    if !path.exists() {
        return Ok(());
    }
    check_file(&path)
}

/// The size of object `oid` from its header, without inflating the object: a loose object's
/// first bytes, a packed one's entry header (libgit2's `read_header`). A 400 MiB blob that
/// compresses to 1 MB is judged too large without 400 MiB of memory.
pub(crate) fn object_size(repo: &Repository, oid: Oid) -> Result<u64, git2::Error> {
    let (size, _) = repo.odb()?.read_header(oid)?;
    Ok(size as u64)
}

/// Whether object `oid` is larger than `max_size` by its header ([`object_size`]); an object
/// whose header cannot be read is not (reading it reports the error).
pub(crate) fn larger_than(repo: &Repository, oid: Oid, max_size: u64) -> bool {
    !oid.is_zero() && object_size(repo, oid).is_ok_and(|size| size > max_size)
}

/// Inflates a loose object file and checks its `<type> <size>\0` header against what follows.
fn check_file(path: &Path) -> Result<(), String> {
    // `objects/ab/cdef…`: where to look, without the machine-specific part.
    let name: PathBuf = path
        .iter()
        .skip(path.iter().count().saturating_sub(3))
        .collect();
    let name = name.display();
    let data = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut input = data.as_slice();
    let mut out = vec![0u8; 64 * 1024];
    let mut header: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let result = inflate(&mut state, input, &mut out, MZFlush::None);
        input = &input[result.bytes_consumed..];
        let written = &out[..result.bytes_written];
        if header.len() < 64 {
            header.extend(written.iter().take(64 - header.len()));
        }
        total += result.bytes_written as u64;
        match result.status {
            Ok(MZStatus::StreamEnd) => break,
            Ok(_) if result.bytes_consumed > 0 || result.bytes_written > 0 => {}
            Ok(_) | Err(MZError::Buf) => {
                return Err(format!(
                    "the loose object file {name} ends early (truncated or garbled)"
                ));
            }
            Err(_) => {
                return Err(format!(
                    "the loose object file {name} is not valid zlib data"
                ));
            }
        }
    }
    let bad_header = || format!("the loose object file {name} has a bad header");
    let nul = header.iter().position(|&b| b == 0).ok_or_else(bad_header)?;
    let text = std::str::from_utf8(&header[..nul]).map_err(|_| bad_header())?;
    let (kind, size) = text.split_once(' ').ok_or_else(bad_header)?;
    let size: u64 = size.parse().map_err(|_| bad_header())?;
    if !matches!(kind, "blob" | "tree" | "commit" | "tag") || size + nul as u64 + 1 != total {
        return Err(bad_header());
    }
    Ok(())
}

/// What a cheap look at `repo`'s pack files can tell is wrong with them, each in words: a pack
/// without its index (libgit2 then cannot find any object in it), an index without its pack,
/// a file that is not a pack, a pack that does not end with the checksum its index records
/// (truncated, or overwritten at the end). Bytes damaged inside a pack are only found when an
/// object is read (libgit2 reports a bad zlib stream or delta; it does not hang on them).
/// Reads a few bytes of each pack and index, never a whole pack.
pub(crate) fn pack_problems(repo: &Repository) -> Vec<String> {
    let dir = objects_dir(repo).join("pack");
    let Ok(files) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = files
        .flatten()
        .filter_map(|f| f.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for name in &names {
        let shown = format!("objects/pack/{name}");
        if let Some(stem) = name.strip_suffix(".pack") {
            let index = format!("{stem}.idx");
            if !names.contains(&index) {
                problems.push(format!(
                    "the pack file {shown} has no index ({index}), so none of its objects can be \
                     read; `git index-pack` on the pack file rebuilds it"
                ));
            } else if let Err(problem) = check_pack(&dir.join(name), &dir.join(&index)) {
                problems.push(format!(
                    "the pack file {shown} {problem}; `git fsck` lists what is lost"
                ));
            }
        } else if let Some(stem) = name.strip_suffix(".idx") {
            if !names.contains(&format!("{stem}.pack")) {
                problems.push(format!(
                    "the pack index {shown} has no pack file: the objects it lists cannot be read"
                ));
            }
        }
    }
    problems
}

/// Checks a pack's header and that it ends with the pack checksum its index ends with.
fn check_pack(pack: &Path, index: &Path) -> Result<(), String> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    // SHA-1 checksums, as far back from the end as seeks count.
    const HASH: i64 = 20;
    let unreadable = |e: std::io::Error| format!("cannot be read ({e})");
    let mut file = std::fs::File::open(pack).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut header = [0u8; 12];
    if size < 12 + 20 || file.read_exact(&mut header).is_err() {
        return Err("is too short to be a pack (truncated)".to_owned());
    }
    let version = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
    if &header[..4] != b"PACK" || !matches!(version, 2 | 3) {
        return Err("does not start like a pack file (damaged header)".to_owned());
    }
    let mut trailer = [0u8; 20];
    file.seek(SeekFrom::End(-HASH))
        .and_then(|_| file.read_exact(&mut trailer))
        .map_err(unreadable)?;
    // An index ends with the pack's checksum, then its own.
    let mut index =
        std::fs::File::open(index).map_err(|e| format!("has an unreadable index ({e})"))?;
    let mut recorded = [0u8; 20];
    index
        .seek(SeekFrom::End(-2 * HASH))
        .and_then(|_| index.read_exact(&mut recorded))
        .map_err(|_| "has a damaged index (too short)".to_owned())?;
    if trailer != recorded {
        return Err(
            "does not end with the checksum its index records: it is truncated or damaged"
                .to_owned(),
        );
    }
    Ok(())
}

/// A directory laid out like `objects/` holding every sound loose object and the packs (linked,
/// not copied, where the platform allows), without the corrupt ones.
fn build_shadow(
    objects_dir: &Path,
    loose: &[(Oid, PathBuf)],
    corrupt: &HashMap<Oid, String>,
) -> std::io::Result<tempfile::TempDir> {
    let shadow = tempfile::Builder::new()
        .prefix("keylint-objects-")
        .tempdir()?;
    for (oid, path) in loose {
        if corrupt.contains_key(oid) {
            continue;
        }
        let target = loose_path(shadow.path(), *oid);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        link(path, &target)?;
    }
    let packs = objects_dir.join("pack");
    if packs.is_dir() {
        let target = shadow.path().join("pack");
        std::fs::create_dir_all(&target)?;
        for entry in std::fs::read_dir(&packs)?.flatten() {
            link(&entry.path(), &target.join(entry.file_name()))?;
        }
    }
    // Alternates, made absolute (relative ones are relative to the real object directory).
    if let Ok(text) = std::fs::read_to_string(objects_dir.join("info/alternates")) {
        let absolute: Vec<String> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| objects_dir.join(l.trim()).to_string_lossy().into_owned())
            .collect();
        std::fs::create_dir_all(shadow.path().join("info"))?;
        std::fs::write(shadow.path().join("info/alternates"), absolute.join("\n"))?;
    }
    Ok(shadow)
}

/// Links `from` at `to`: a symbolic link on Unix, else a hard link, else a copy.
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(from, to)
    }
    #[cfg(not(unix))]
    {
        std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_loose(dir: &Path, content: &[u8]) -> PathBuf {
        let path = dir.join("object");
        std::fs::write(
            &path,
            miniz_oxide::deflate::compress_to_vec_zlib(content, 6),
        )
        .unwrap();
        path
    }

    #[test]
    fn sound_truncated_and_garbled_objects() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_loose(dir.path(), b"blob 5\0hello");
        assert_eq!(check_file(&path), Ok(()));
        let full = std::fs::read(&path).unwrap();
        for cut in [0, 2, full.len() / 2, full.len() - 1] {
            std::fs::write(&path, &full[..cut]).unwrap();
            assert!(check_file(&path).is_err(), "cut at {cut}");
        }
        let mut garbled = full[..2].to_vec();
        garbled.extend(b"garbage garbage garbage");
        std::fs::write(&path, garbled).unwrap();
        assert!(check_file(&path).is_err());
        let path = write_loose(dir.path(), b"blob 9\0hello");
        assert!(check_file(&path).unwrap_err().contains("bad header"));
    }
}
