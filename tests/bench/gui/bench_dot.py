#!/usr/bin/env python3
"""Graphviz's `dot` on the layered workflows the DAG view's benchmark lays out (bench_gui).

The same shape as tests/gui/LayeredWorkflow.h with bench_gui's layer width: `dot -Tplain` as a
whole process (time and CPU), and the edge crossings between adjacent ranks of its drawing,
counted as bench_gui counts the view's. Needs Graphviz (`apt-get install graphviz`), which the
build does not: this is the measurement behind choosing the view's own layering.

Usage: tests/bench/gui/bench_dot.py [SIZE ...]   (default: 1000 5000)
"""
import collections
import math
import os
import resource
import subprocess
import sys
import tempfile
import time


def layered_dot(count):
    width = max(10, int(math.sqrt(count) * 1.4))
    lines = ["digraph G {", " node [shape=box, width=2.08, height=0.5];"]
    lines += [f' t{i} [label="Task {i}"];' for i in range(count)]
    for i in range(width, count):
        previous = (i // width - 1) * width
        a = previous + (i * 7) % width
        b = previous + (i * 3 + 1) % width
        lines.append(f" t{a} -> t{i};")
        if b != a:
            lines.append(f" t{b} -> t{i};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def crossings(plain):
    pos, edges = {}, []
    for line in plain.splitlines():
        fields = line.split()
        if fields and fields[0] == "node":
            pos[fields[1]] = (float(fields[2]), float(fields[3]))
        elif fields and fields[0] == "edge":
            edges.append((fields[1], fields[2]))
    groups = collections.defaultdict(list)
    for u, v in edges:
        groups[(pos[u][1], pos[v][1])].append((pos[u][0], pos[v][0]))
    count = 0
    for group in groups.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                if (group[i][0] - group[j][0]) * (group[i][1] - group[j][1]) < 0:
                    count += 1
    return count, len({p[1] for p in pos.values()}), len(edges)


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [1000, 5000]
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = os.path.join(folder, f"layered{size}.dot")
            with open(path, "w") as f:
                f.write(layered_dot(size))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            out = subprocess.run(["dot", "-Tplain", path], check=True, capture_output=True,
                                 text=True).stdout
            wall = time.monotonic() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            crossed, ranks, edges = crossings(out)
            print(f"dot  tasks={size:6d} edges={edges:6d} ranks={ranks:3d}  "
                  f"wall {wall * 1000:9.1f} ms  cpu {cpu * 1000:9.1f} ms  crossings {crossed}")


if __name__ == "__main__":
    main()
