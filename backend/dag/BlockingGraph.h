#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace backend::detail {

/// The read-only Boost.Graph view the library algorithms run on: a compressed sparse row copy
/// of the blocking edges. Building it is one pass over the edges, cheaper than any of the
/// algorithms run on it.
using BlockingGraph
    = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, std::uint32_t, std::uint32_t>;
using BlockingVertex = boost::graph_traits<BlockingGraph>::vertex_descriptor;

/// `pairs` must be sorted by source, as a scan of the adjacency lists in slot order yields.
inline BlockingGraph
makeBlockingGraph(const std::vector<std::pair<std::uint32_t, std::uint32_t>> &pairs,
                  std::size_t vertexCount)
{
    return BlockingGraph(boost::edges_are_sorted, pairs.begin(), pairs.end(), vertexCount);
}

} // namespace backend::detail
