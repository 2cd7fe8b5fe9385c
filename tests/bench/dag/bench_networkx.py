#!/usr/bin/env python3
"""NetworkX companion of bench_workflowgraph: the same operations on the same graph file.

    bench_networkx.py ops FILE [--repeat N]   time each operation, print {"op": seconds}
    bench_networkx.py analyze FILE            what `weft dag analyze FILE` prints, as a process
"""
import json
import sys
import time

import networkx as nx


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build(doc):
    g = nx.DiGraph()
    g.add_nodes_from((t["id"], {"weight": t.get("weight", 1.0)}) for t in doc["tasks"])
    g.add_edges_from((d["from"], d["to"], {"type": d.get("type", "blocking")})
                     for d in doc.get("dependencies", []))
    return g


def critical_path(g, order):
    # NetworkX weighs edges, Weft nodes: the same dynamic programming over its topological sort.
    dist, pred = {}, {}
    for v in order:
        best, arg = 0.0, None
        for u in g.pred[v]:
            if dist[u] > best:
                best, arg = dist[u], u
        dist[v] = best + g.nodes[v]["weight"]
        pred[v] = arg
    if not dist:
        return 0.0, []
    end = max(dist, key=dist.get)
    path = [end]
    while pred[path[-1]] is not None:
        path.append(pred[path[-1]])
    return dist[end], path[::-1]


def ready(g, done):
    return [v for v in g if v not in done and all(u in done for u in g.pred[v])]


def layers(g, order):
    layer = {}
    for v in order:
        layer[v] = max((layer[u] + 1 for u in g.pred[v]), default=0)
    result = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for v in order:
        result[layer[v]].append(v)
    return result


def timed(fn, repeat):
    best, value = float("inf"), None
    for _ in range(repeat):
        # The previous result is freed before the clock starts, not inside the next round.
        value = None
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def ops(path, repeat):
    t = {}
    t["load"], _ = timed(lambda: build(load(path)), repeat)
    doc = load(path)
    t["build"], g = timed(lambda: build(doc), repeat)
    t["topologicalSort"], order = timed(lambda: list(nx.topological_sort(g)), repeat)
    t["criticalPath"], (weight, _) = timed(lambda: critical_path(g, order), repeat)
    done = set(order[: len(order) // 2])
    t["readyNodes"], _ = timed(lambda: ready(g, done), repeat)
    t["criticalPathWeight"] = weight
    print(json.dumps(t))


def analyze(path):
    g = build(load(path))
    result = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    cyclic = not nx.is_directed_acyclic_graph(g)
    result["hasCycle"] = cyclic
    result["cycles"] = [{"nodes": sorted(c)} for c in nx.strongly_connected_components(g)
                        if len(c) > 1] if cyclic else []
    result["roots"] = [v for v, d in g.in_degree() if d == 0]
    result["leaves"] = [v for v, d in g.out_degree() if d == 0]
    if cyclic:
        result.update(topologicalOrder=None, criticalPath=None, layers=None)
    else:
        order = list(nx.topological_sort(g))
        weight, path = critical_path(g, order)
        result["topologicalOrder"] = order
        result["criticalPath"] = {"weight": weight, "nodes": path}
        result["layers"] = layers(g, order)
    print(json.dumps(result))
    return 1 if cyclic else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "ops":
        repeat = int(sys.argv[4]) if len(sys.argv) >= 5 and sys.argv[3] == "--repeat" else 1
        ops(sys.argv[2], repeat)
    elif len(sys.argv) == 3 and sys.argv[1] == "analyze":
        sys.exit(analyze(sys.argv[2]))
    else:
        sys.exit(__doc__)
