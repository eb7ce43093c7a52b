//! HEAD's side of a staged diff, read only where the index differs from it.
//!
//! libgit2's tree-to-index diff reads every tree of HEAD, and a truncated loose tree makes it
//! spin forever (see `objects.rs`); checking all of them first would cost a pass over the whole
//! of HEAD on every commit. Instead each directory of the index is hashed as git would write it
//! (nothing is read or written), and HEAD's trees are compared with those ids from the root
//! down: only the trees of directories that differ are read, each checked first, and the diff
//! is then limited to the paths in them, so libgit2 reads no other tree. git itself commits from
//! the index's cached tree ids the same way, so what is left out is exactly what the commit
//! leaves unchanged.
//!
//! A HEAD commit or tree that cannot be read (corrupt or missing) leaves the staged files under
//! it with nothing to compare with: they are scanned whole, as if new, which may report a line
//! that was already committed but never misses one the commit adds.

use std::collections::HashMap;

use git2::{Index, IndexEntryExtendedFlag, ObjectType, Oid, Repository, Tree};

use super::super::objects::check_object;
use super::GitError;

/// What the staged diff may read of HEAD, every object of it checked.
pub(super) struct Plan<'r> {
    /// HEAD's root tree, the diff's old side: `None` on an unborn branch, or when HEAD cannot be
    /// read (everything staged is then new).
    pub(super) tree: Option<Tree<'r>>,
    /// The exact paths the diff must be limited to (empty: nothing is staged); `None`: no limit
    /// is needed.
    pub(super) paths: Option<Vec<Vec<u8>>>,
    /// Staged regular files under a HEAD tree that cannot be read (all of them when HEAD's
    /// commit or root tree cannot be), `(path, blob id)` sorted by path: scanned whole.
    pub(super) whole: Vec<(String, Oid)>,
    /// What could not be read and what was done instead, in words.
    pub(super) warnings: Vec<String>,
}

/// The bits of an index entry's flags that hold its merge stage (0: not in conflict).
const STAGE_MASK: u16 = 0x3000;

/// An index entry as the plan needs it.
struct Entry {
    path: Vec<u8>,
    id: Oid,
    mode: u32,
    /// Stage 0 and not intent-to-add: what a commit stores as it is.
    plain: bool,
}

/// Works out which of HEAD's trees the staged diff of `index` needs, reading (after checking)
/// only those.
pub(super) fn plan<'r>(repo: &'r Repository, index: &Index) -> Result<Plan<'r>, GitError> {
    let head = match repo.head() {
        Ok(head) => head,
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            // First commit: everything staged is new, and there is no tree to read.
            return Ok(Plan::against_nothing(Vec::new()));
        }
        Err(e) => return Err(e.into()),
    };
    let commit = head
        .target()
        .ok_or_else(|| GitError::Git("HEAD does not point at a commit".to_owned()))?;
    let entries = sorted_entries(index);
    let root = match commit_tree(repo, commit) {
        Ok(tree) => tree,
        Err(why) => {
            // Nothing to compare with: every staged file, whole, and no diff.
            return Ok(Plan {
                tree: None,
                paths: Some(Vec::new()),
                whole: entries.into_iter().filter_map(Entry::into_whole).collect(),
                warnings: vec![format!(
                    "HEAD's {why}. What the commit changes is unknown, so every staged file was \
                     scanned whole, as if new; `git fsck` lists the damage"
                )],
            });
        }
    };
    let ids = dir_ids(&entries);
    if ids.get(&[][..]) == Some(&root.id()) {
        // The index holds exactly HEAD's tree: nothing is staged.
        return Ok(Plan {
            tree: None,
            paths: Some(Vec::new()),
            whole: Vec::new(),
            warnings: Vec::new(),
        });
    }
    let mut walk = Walk {
        repo,
        ids: &ids,
        entries: &entries,
        paths: Vec::new(),
        same: Vec::new(),
        unknown: Vec::new(),
        warnings: Vec::new(),
    };
    walk.visit(&root, &[]);
    let Walk {
        mut paths,
        same,
        unknown,
        warnings,
        ..
    } = walk;
    if same.is_empty() && unknown.is_empty() {
        // Every tree of HEAD differs and has been checked: the whole diff is safe.
        return Ok(Plan {
            tree: Some(root),
            paths: None,
            whole: Vec::new(),
            warnings,
        });
    }
    let mut left_out: Vec<(Vec<u8>, bool)> = same.into_iter().map(|d| (d, true)).collect();
    left_out.extend(unknown.into_iter().map(|d| (d, false)));
    left_out.sort();
    let mut whole = Vec::new();
    for entry in entries {
        match covering(&left_out, &entry.path) {
            // Unchanged since HEAD.
            Some(true) => {}
            Some(false) => whole.extend(entry.into_whole()),
            None => paths.push(entry.path),
        }
    }
    paths.sort_unstable();
    paths.dedup();
    Ok(Plan {
        tree: Some(root),
        paths: Some(paths),
        whole,
        warnings,
    })
}

impl Plan<'_> {
    /// A diff against the empty tree: everything staged is new, no tree of HEAD is read.
    fn against_nothing(warnings: Vec<String>) -> Self {
        Plan {
            tree: None,
            paths: None,
            whole: Vec::new(),
            warnings,
        }
    }
}

impl Entry {
    /// `(path, blob id)` when a commit would store this entry as a regular file.
    fn into_whole(self) -> Option<(String, Oid)> {
        (self.plain && self.mode & 0o170_000 == 0o100_000 && !self.id.is_zero())
            .then(|| (String::from_utf8_lossy(&self.path).into_owned(), self.id))
    }
}

/// The index's entries, sorted bytewise by path as trees are (libgit2 keeps a
/// case-insensitive index in case-insensitive order).
fn sorted_entries(index: &Index) -> Vec<Entry> {
    let mut entries: Vec<Entry> = index
        .iter()
        .map(|e| Entry {
            plain: e.flags & STAGE_MASK == 0
                && e.flags_extended & IndexEntryExtendedFlag::INTENT_TO_ADD.bits() == 0,
            path: e.path,
            id: e.id,
            mode: e.mode,
        })
        .collect();
    if !entries.windows(2).all(|w| w[0].path <= w[1].path) {
        entries.sort_by(|a, b| a.path.cmp(&b.path));
    }
    entries
}

/// The tree of commit `id`, the commit and the tree checked before libgit2 reads them. The
/// error says which could not be read, and why: `commit … cannot be read: …`.
pub(super) fn commit_tree(repo: &Repository, id: Oid) -> Result<Tree<'_>, String> {
    let commit = check_object(repo, id)
        .and_then(|()| repo.find_commit(id).map_err(|e| e.message().to_owned()))
        .map_err(|why| format!("commit {id} cannot be read: {why}"))?;
    let tree = commit.tree_id();
    checked_tree(repo, tree)
        .map_err(|why| format!("tree {tree} (of commit {id}) cannot be read: {why}"))
}

/// Tree `id`, checked before libgit2 reads it.
pub(super) fn checked_tree(repo: &Repository, id: Oid) -> Result<Tree<'_>, String> {
    check_object(repo, id)?;
    repo.find_tree(id).map_err(|e| e.message().to_owned())
}

/// HEAD's trees compared with the index's directories, from the root down.
struct Walk<'a, 'r> {
    repo: &'r Repository,
    /// The index's directory tree ids ([`dir_ids`]).
    ids: &'a HashMap<Vec<u8>, Oid>,
    /// The index, sorted by path.
    entries: &'a [Entry],
    /// HEAD's files in directories that differ.
    paths: Vec<Vec<u8>>,
    /// Directories (`dir/`) the index holds unchanged: never read.
    same: Vec<Vec<u8>>,
    /// Directories (`dir/`) whose HEAD tree cannot be read.
    unknown: Vec<Vec<u8>>,
    warnings: Vec<String>,
}

impl Walk<'_, '_> {
    /// Lists `tree`'s files (at `dir`) and walks its subtrees that the index does not hold
    /// unchanged.
    fn visit(&mut self, tree: &Tree<'_>, dir: &[u8]) {
        for entry in tree {
            let mut path = Vec::with_capacity(dir.len() + 1 + entry.name_bytes().len());
            if !dir.is_empty() {
                path.extend_from_slice(dir);
                path.push(b'/');
            }
            path.extend_from_slice(entry.name_bytes());
            if entry.filemode() != 0o040_000 {
                self.paths.push(path);
                continue;
            }
            // A file staged at the very path of the directory would make the diff read it.
            if self.ids.get(&path) == Some(&entry.id()) && !self.is_staged(&path) {
                path.push(b'/');
                self.same.push(path);
                continue;
            }
            match checked_tree(self.repo, entry.id()) {
                Ok(subtree) => self.visit(&subtree, &path),
                Err(why) => {
                    self.warnings.push(format!(
                        "HEAD's tree of `{}/` cannot be read: {why}. The staged files under it \
                         were scanned whole, as if new; `git fsck` lists the damage",
                        String::from_utf8_lossy(&path),
                    ));
                    path.push(b'/');
                    self.unknown.push(path);
                }
            }
        }
    }

    fn is_staged(&self, path: &[u8]) -> bool {
        self.entries
            .binary_search_by(|e| e.path.as_slice().cmp(path))
            .is_ok()
    }
}

/// Which of the sorted, disjoint directories `dirs` (`dir/`, with a flag) holds `path`.
fn covering(dirs: &[(Vec<u8>, bool)], path: &[u8]) -> Option<bool> {
    // Every string between a directory and a path under it starts with the directory.
    let after = dirs.partition_point(|(dir, _)| dir.as_slice() <= path);
    let (dir, flag) = dirs.get(after.checked_sub(1)?)?;
    path.starts_with(dir).then_some(*flag)
}

/// The tree id each directory of the sorted index would be written as, by path (`""`: the
/// root), hashed without touching the object database. A directory holding a conflict, an
/// intent-to-add entry or an unusual mode gets none: it never counts as unchanged.
fn dir_ids(entries: &[Entry]) -> HashMap<Vec<u8>, Oid> {
    let mut ids = HashMap::new();
    let mut open = vec![OpenDir::new(Vec::new())];
    for entry in entries {
        let (dir, name) = match entry.path.iter().rposition(|&b| b == b'/') {
            Some(slash) => (&entry.path[..slash], &entry.path[slash + 1..]),
            None => (&[][..], entry.path.as_slice()),
        };
        while !holds(&open[open.len() - 1].path, dir) {
            close(&mut open, &mut ids);
        }
        loop {
            let top = &open[open.len() - 1].path;
            if top.len() == dir.len() {
                break;
            }
            let start = if top.is_empty() { 0 } else { top.len() + 1 };
            let end = dir[start..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(dir.len(), |i| start + i);
            open.push(OpenDir::new(dir[..end].to_vec()));
        }
        let top = open.last_mut().expect("the root stays open");
        match tree_mode(entry.mode) {
            Some(mode) if entry.plain => top.add(mode, name, entry.id),
            _ => top.hashable = false,
        }
    }
    while open.len() > 1 {
        close(&mut open, &mut ids);
    }
    if let Some(id) = open.pop().and_then(|root| root.id()) {
        ids.insert(Vec::new(), id);
    }
    ids
}

/// A directory of the index being serialised as a tree.
struct OpenDir {
    /// Its path, without a trailing `/` (empty: the root).
    path: Vec<u8>,
    /// The tree object's body so far.
    body: Vec<u8>,
    hashable: bool,
}

impl OpenDir {
    fn new(path: Vec<u8>) -> Self {
        OpenDir {
            path,
            body: Vec::new(),
            hashable: true,
        }
    }

    /// Appends a tree entry: `<mode> <name>\0<id>`.
    fn add(&mut self, mode: &[u8], name: &[u8], id: Oid) {
        self.body.extend_from_slice(mode);
        self.body.push(b' ');
        self.body.extend_from_slice(name);
        self.body.push(0);
        self.body.extend_from_slice(id.as_bytes());
    }

    fn id(&self) -> Option<Oid> {
        if self.hashable {
            Oid::hash_object(ObjectType::Tree, &self.body).ok()
        } else {
            None
        }
    }
}

/// Closes the innermost open directory: records its id and adds it to its parent.
fn close(open: &mut Vec<OpenDir>, ids: &mut HashMap<Vec<u8>, Oid>) {
    let Some(dir) = open.pop() else { return };
    let Some(parent) = open.last_mut() else {
        return;
    };
    match dir.id() {
        Some(id) => {
            let name = dir
                .path
                .iter()
                .rposition(|&b| b == b'/')
                .map_or(&dir.path[..], |slash| &dir.path[slash + 1..]);
            parent.add(b"40000", name, id);
            ids.insert(dir.path, id);
        }
        None => parent.hashable = false,
    }
}

/// Whether directory `outer` is `inner` or one of its ancestors.
fn holds(outer: &[u8], inner: &[u8]) -> bool {
    outer.is_empty()
        || (inner.starts_with(outer) && (inner.len() == outer.len() || inner[outer.len()] == b'/'))
}

/// The mode of an index entry as a tree writes it; `None` for modes git never stores.
fn tree_mode(mode: u32) -> Option<&'static [u8]> {
    match mode {
        0o100_644 => Some(b"100644"),
        0o100_755 => Some(b"100755"),
        0o120_000 => Some(b"120000"),
        0o160_000 => Some(b"160000"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, id: Oid) -> Entry {
        Entry {
            path: path.as_bytes().to_vec(),
            id,
            mode: 0o100_644,
            plain: true,
        }
    }

    /// The index's directory ids are the ids git gives the same trees.
    #[test]
    fn directory_ids_match_the_trees_git_writes() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"x\n").unwrap();
        let paths = ["a.c", "a/b/c", "a/d", "a0", "b", "z/y/x/w"];
        let entries: Vec<Entry> = paths.iter().map(|p| entry(p, blob)).collect();
        let mut index = repo.index().unwrap();
        for p in paths {
            index
                .add_frombuffer(
                    &git2::IndexEntry {
                        ctime: git2::IndexTime::new(0, 0),
                        mtime: git2::IndexTime::new(0, 0),
                        dev: 0,
                        ino: 0,
                        mode: 0o100_644,
                        uid: 0,
                        gid: 0,
                        file_size: 0,
                        id: blob,
                        flags: 0,
                        flags_extended: 0,
                        path: p.as_bytes().to_vec(),
                    },
                    b"x\n",
                )
                .unwrap();
        }
        let root = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let ids = dir_ids(&entries);
        assert_eq!(ids[&b""[..]], root.id());
        for dir in ["a", "a/b", "z", "z/y", "z/y/x"] {
            let expected = root.get_path(std::path::Path::new(dir)).unwrap().id();
            assert_eq!(ids[dir.as_bytes()], expected, "{dir}");
        }

        // A conflict or an intent-to-add entry makes its directories (and the root) unknown.
        let mut odd = entries;
        odd[1].plain = false;
        let ids = dir_ids(&odd);
        assert!(!ids.contains_key(&b""[..]) && !ids.contains_key(&b"a/b"[..]));
        assert!(!ids.contains_key(&b"a"[..]));
        assert!(ids.contains_key(&b"z/y"[..]));
    }

    #[test]
    fn covering_finds_the_directory_holding_a_path() {
        let dirs = vec![(b"a/".to_vec(), true), (b"b/c/".to_vec(), false)];
        assert_eq!(covering(&dirs, b"a/x"), Some(true));
        assert_eq!(covering(&dirs, b"a.c"), None);
        assert_eq!(covering(&dirs, b"a0"), None);
        assert_eq!(covering(&dirs, b"b/c/d/e"), Some(false));
        assert_eq!(covering(&dirs, b"b/d"), None);
        assert_eq!(covering(&dirs, b"0"), None);
    }
}
