#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace backend::detail {

/// Maps the UTF-8 ids of a graph file to dense indices while it is read. Open addressing over
/// one flat array, the keys packed in one arena: the loader looks an id up for every edge end,
/// and std::unordered_map<std::string, int> spent half of a million-edge load in cache misses
/// (docs/BENCHMARKS.md).
class IdTable
{
public:
    IdTable() { m_slots.assign(1024, 0); }

    /// The index of `key`, or -1.
    [[nodiscard]] int find(std::string_view key) const
    {
        const std::uint32_t h = hash(key);
        for (std::size_t pos = h & mask();; pos = (pos + 1) & mask()) {
            const std::uint64_t slot = m_slots[pos];
            if (slot == 0)
                return -1;
            if (std::uint32_t(slot >> 32) == h && keyAt(std::uint32_t(slot) - 1) == key)
                return int(std::uint32_t(slot) - 1);
        }
    }

    /// Adds `key` as the next index unless it is there already; returns whether it was added.
    bool insert(std::string_view key)
    {
        if (find(key) >= 0)
            return false;
        if ((m_offsets.size()) * 2 >= m_slots.size())
            grow();
        const auto index = std::uint32_t(m_offsets.size() - 1);
        m_arena.append(key);
        m_offsets.push_back(std::uint32_t(m_arena.size()));
        place((std::uint64_t(hash(key)) << 32) | (index + 1));
        return true;
    }

    [[nodiscard]] std::size_t size() const { return m_offsets.size() - 1; }

private:
    [[nodiscard]] std::size_t mask() const { return m_slots.size() - 1; }

    [[nodiscard]] std::string_view keyAt(std::uint32_t index) const
    {
        return std::string_view(m_arena).substr(m_offsets[index],
                                                m_offsets[index + 1] - m_offsets[index]);
    }

    static std::uint32_t hash(std::string_view key)
    {
        // 8 bytes at a time with a multiplicative mix; ids are short and this is the hot loop.
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ key.size();
        std::size_t i = 0;
        for (; i + 8 <= key.size(); i += 8) {
            std::uint64_t chunk;
            std::memcpy(&chunk, key.data() + i, 8);
            h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, key.data() + i, key.size() - i);
        h = (h ^ tail) * 0x94D049BB133111EBull;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        return std::uint32_t(h >> 32);
    }

    void place(std::uint64_t entry)
    {
        std::size_t pos = std::uint32_t(entry >> 32) & mask();
        while (m_slots[pos] != 0)
            pos = (pos + 1) & mask();
        m_slots[pos] = entry;
    }

    void grow()
    {
        std::vector<std::uint64_t> old(m_slots.size() * 2, 0);
        old.swap(m_slots);
        for (const std::uint64_t entry : old) {
            if (entry != 0)
                place(entry);
        }
    }

    std::vector<std::uint64_t> m_slots; // hash << 32 | (index + 1); 0 is empty
    std::string m_arena;
    std::vector<std::uint32_t> m_offsets {0};
};

} // namespace backend::detail
