#!/usr/bin/env python3
# Builds a 10,000-commit repository from real files of the npm corpus with git fast-import:
# each commit adds or rewrites 1-3 files (real content; modifications append a real chunk).
import os, random, subprocess, sys
random.seed(5)
root = os.environ.get('CORPUS', '/tmp/keylint-corpus/packages')
files = []
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        try:
            if os.path.getsize(p) < 200_000 and ' ' not in p and '"' not in p and '\n' not in p:
                files.append(p)
        except OSError:
            pass
files.sort()
random.shuffle(files)
repo = sys.argv[1]
subprocess.run(['git', 'init', '-q', '-b', 'main', repo], check=True)
fi = subprocess.Popen(['git', 'fast-import', '--quiet'], cwd=repo, stdin=subprocess.PIPE)
w = fi.stdin.write
present = []
t = 1_600_000_000
for n in range(10_000):
    ops = []
    for _ in range(random.randint(1, 3)):
        if present and random.random() < 0.4:
            path = random.choice(present)
            data = open(random.choice(files), 'rb').read()[:4000]
            ops.append((path, data + b'\n// rev %d\n' % n))
        else:
            src = files[len(present) % len(files)]
            path = os.path.relpath(src, root) if len(present) < len(files) else 'dup/%d/%s' % (n, os.path.basename(src))
            present.append(path)
            ops.append((path, open(src, 'rb').read()))
    msg = b'commit %d' % n
    w(b'commit refs/heads/main\n')
    w(b'author Dev %d <dev%d@example.org> %d +0000\n' % (n % 17, n % 17, t + n * 60))
    w(b'committer Dev <dev@example.org> %d +0000\n' % (t + n * 60))
    w(b'data %d\n%s\n' % (len(msg), msg))
    for path, data in ops:
        w(b'M 100644 inline %s\n' % path.encode())
        w(b'data %d\n' % len(data))
        w(data)
        w(b'\n')
fi.stdin.close()
fi.wait()
subprocess.run(['git', 'checkout', '-q', 'main'], cwd=repo, check=True)
print(repo, 'ready')
