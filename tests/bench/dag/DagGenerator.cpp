#include "DagGenerator.h"

#include <random>
#include <unordered_set>

namespace bench {

QByteArray randomDagJson(std::int64_t edges, std::uint64_t seed)
{
    const std::int64_t nodes = std::max<std::int64_t>(2, edges / 10);
    edges = std::min(edges, nodes * (nodes - 1) / 2);
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::int64_t> pick(0, nodes - 1);
    std::uniform_int_distribution<int> tenths(5, 50);

    QByteArray out;
    out.reserve(edges * 40 + nodes * 50);
    out.append("{\"tasks\": [");
    for (std::int64_t i = 0; i < nodes; ++i) {
        out.append(i == 0 ? "\n" : ",\n");
        out.append("{\"id\": \"t").append(QByteArray::number(i));
        out.append("\", \"title\": \"Task ").append(QByteArray::number(i));
        out.append("\", \"weight\": ")
            .append(QByteArray::number(tenths(random) / 10.0))
            .append('}');
    }
    out.append("],\n\"dependencies\": [");
    std::unordered_set<std::uint64_t> seen;
    seen.reserve(std::size_t(edges));
    std::int64_t written = 0;
    while (written < edges) {
        std::int64_t a = pick(random);
        std::int64_t b = pick(random);
        if (a == b)
            continue;
        if (a > b)
            std::swap(a, b);
        if (!seen.insert(std::uint64_t(a) * std::uint64_t(nodes) + std::uint64_t(b)).second)
            continue;
        out.append(written++ == 0 ? "\n" : ",\n");
        out.append("{\"from\": \"t").append(QByteArray::number(a));
        out.append("\", \"to\": \"t").append(QByteArray::number(b)).append("\"}");
    }
    out.append("]}\n");
    return out;
}

} // namespace bench
