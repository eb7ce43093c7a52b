#!/usr/bin/env python3
"""Per-thread accounting of a command: bench/history/threads.py CMD [ARG...]

Samples /proc/PID/task/*/stat and schedstat every 0.25 s and prints, per thread, the time on a
CPU, the time waiting for a CPU (run queue: load from other processes) and the rest (blocked on
a channel, a lock or I/O, or sleeping), then the cores the process kept busy per 2 s. Tells a
serial or blocked pipeline (much blocked time) from a loaded machine (much run-queue time)."""
import os, subprocess, sys, time
tick = os.sysconf("SC_CLK_TCK")
p = subprocess.Popen(sys.argv[1:])
samples = []  # (t, {tid: (comm, ticks)})
t0 = time.time()
while p.poll() is None:
    snap = {}
    t1 = time.time() - t0
    try:
        for tid in os.listdir(f"/proc/{p.pid}/task"):
            try:
                s = open(f"/proc/{p.pid}/task/{tid}/stat").read()
                comm = s[s.index("(")+1:s.rindex(")")]
                f = s[s.rindex(")")+2:].split()
                sched = open(f"/proc/{p.pid}/task/{tid}/schedstat").read().split()
                snap[tid] = (comm, int(f[11]) + int(f[12]), int(sched[0]) / 1e9, int(sched[1]) / 1e9, t1)
            except OSError:
                pass
    except OSError:
        pass
    samples.append((time.time() - t0, snap))
    time.sleep(0.25)
wall = time.time() - t0
last = {}
for t, snap in samples:
    for tid, v in snap.items():
        last[tid] = v
print(f"wall {wall:.1f} s", file=sys.stderr)
first = {}
for t, snap in reversed(samples):
    for tid, v in snap.items():
        first[tid] = t
for tid, (comm, ticks, run, wait, seen) in sorted(last.items(), key=lambda kv: int(kv[0])):
    life = seen - first[tid]
    print(f"  thread {tid} {comm}: alive {life:.1f} s: on CPU {run:.1f} s, waiting for a CPU {wait:.1f} s, blocked/sleeping {max(0, life - run - wait):.1f} s", file=sys.stderr)
# timeline: cores busy per 2 s bucket
buckets = {}
prev = {}
for t, snap in samples:
    b = int(t // 2)
    for tid, (comm, ticks, *_rest) in snap.items():
        d = ticks - prev.get(tid, 0)
        prev[tid] = ticks
        buckets.setdefault(b, 0)
        buckets[b] += d
line = " ".join(f"{buckets.get(b,0)/tick/2:.1f}" for b in range(max(buckets)+1)) if buckets else ""
print("cores busy per 2 s: " + line, file=sys.stderr)
sys.exit(p.returncode)
