#pragma once

#include <QByteArray>

#include <cstdint>

namespace bench {

/// A random DAG in the graph file format: `edges` distinct blocking edges over edges / 10
/// nodes (at least 2), each from a lower to a higher node number so the graph is acyclic,
/// weights in [0.5, 5]. The same seed gives the same bytes.
QByteArray randomDagJson(std::int64_t edges, std::uint64_t seed);

} // namespace bench
