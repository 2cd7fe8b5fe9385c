#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace backend::detail {

/// Maps ids, as UTF-8 bytes, to dense indices in insertion order: the graph file reader's ids
/// while it reads, and WorkflowDag's node slots. Open addressing over one flat array, the keys
/// packed in one arena: a graph looks an id up for every edge end, and both
/// std::unordered_map<std::string, int> and QHash<QString, int> spent much of a million-edge
/// build in cache misses (docs/BENCHMARKS.md). Each entry also carries the key's length and
/// first eight bytes, so a lookup of a short id reads one entry and neither the arena nor its
/// offsets: those were two more cache misses per edge end.
class IdTable
{
public:
    /// The index of `key`, or -1.
    [[nodiscard]] int find(std::string_view key) const { return find(key, hash(key)); }

    /// As find(key), with `h` = hash(key) computed earlier, e.g. before prefetch(h).
    [[nodiscard]] int find(std::string_view key, std::uint32_t h) const
    {
        if (m_slots.empty())
            return -1;
        const std::uint32_t tag = tagOf(h, key);
        const std::uint64_t head = headOf(key);
        for (std::size_t pos = h & mask();; pos = (pos + 1) & mask()) {
            const Slot &slot = m_slots[pos];
            if (slot.index == 0)
                return -1;
            if (slot.tag == tag && slot.head == head
                && (key.size() <= 8 || keyAt(slot.index - 1) == key))
                return int(slot.index - 1);
        }
    }

    /// Adds `key` as the next index unless it is there already; returns whether it was added.
    bool insert(std::string_view key)
    {
        const std::uint32_t h = hash(key);
        if (find(key, h) >= 0)
            return false;
        makeRoom(size() + 1);
        const auto index = std::uint32_t(size());
        m_arena.append(key);
        m_offsets.push_back(std::uint32_t(m_arena.size()));
        place({tagOf(h, key), index + 1, headOf(key)}, h);
        return true;
    }

    /// Removes `key`; returns whether it was there. Its index is not given out again: the next
    /// insert still takes size().
    bool erase(std::string_view key)
    {
        const int index = find(key);
        if (index < 0)
            return false;
        eraseAt(std::uint32_t(index));
        return true;
    }

    /// Removes the keys of index `count` and above, so that the next insert takes index `count`
    /// again: undoes the latest inserts.
    void truncate(std::size_t count)
    {
        for (std::size_t index = size(); index-- > count;) {
            if (find(keyAt(std::uint32_t(index))) == int(index))
                eraseAt(std::uint32_t(index));
        }
        m_arena.resize(m_offsets[count]);
        m_offsets.resize(count + 1);
    }

    /// Makes room for `count` indices in all, so that inserting up to there never rehashes.
    void reserve(std::size_t count)
    {
        makeRoom(count);
        if (count + 1 > m_offsets.capacity()) // at least doubling, for many small batches
            m_offsets.reserve(std::max(count + 1, 2 * m_offsets.capacity()));
    }

    /// The number of indices given out, erased ones included.
    [[nodiscard]] std::size_t size() const { return m_offsets.size() - 1; }

    /// Starts loading the entry where a lookup of a key hashing to `h` begins. The ids of a
    /// file's edges come in no order, so on a big graph nearly every lookup misses the cache;
    /// a reader that hashes an id as it reads it and looks it up a few ids later has the
    /// entry at hand by then (docs/BENCHMARKS.md).
    void prefetch(std::uint32_t h) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[h & mask()]);
    }

    [[nodiscard]] static std::uint32_t hash(std::string_view key)
    {
        // 8 bytes at a time with a multiplicative mix; ids are short and this is the hot loop.
        // The last word is the key's last eight bytes, overlapping the word before when the
        // length is not a multiple of eight, rather than a byte-wise copy of the rest: the
        // length is mixed in, so that still tells keys apart.
        const std::size_t n = key.size();
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            h = (h ^ load64(key.data() + i)) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        const std::uint64_t tail = n > 8 ? load64(key.data() + n - 8) : headOf(key);
        h = (h ^ tail) * 0x94D049BB133111EBull;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        return std::uint32_t(h >> 32);
    }

private:
    struct Slot
    {
        std::uint32_t tag = 0; // the hash's high 24 bits, the key's length (at most 255)
        std::uint32_t index = 0; // index + 1; 0 is empty
        std::uint64_t head = 0; // headOf(key)
    };

    [[nodiscard]] std::size_t mask() const { return m_slots.size() - 1; }

    [[nodiscard]] std::string_view keyAt(std::uint32_t index) const
    {
        return std::string_view(m_arena).substr(m_offsets[index],
                                                m_offsets[index + 1] - m_offsets[index]);
    }

    static std::uint32_t tagOf(std::uint32_t h, std::string_view key)
    {
        // Equal tags and heads mean equal keys when the key has at most eight bytes.
        return (h & 0xFFFFFF00u) | std::uint32_t(std::min<std::size_t>(key.size(), 255));
    }

    /// The key's first eight bytes; of a shorter key, a word that only it gives among keys of
    /// its length. Fixed-size loads, no byte-wise copy: a memcpy of a variable length was a
    /// library call whose bytes the next load then waited for.
    static std::uint64_t headOf(std::string_view key)
    {
        const char *p = key.data();
        const std::size_t n = key.size();
        if (n >= 8)
            return load64(p);
        if (n >= 4) // two overlapping words, which together hold every byte
            return load32(p) | std::uint64_t(load32(p + n - 4)) << 32;
        if (n > 0) // the first, middle and last bytes are all bytes of a key this short
            return std::uint64_t(std::uint8_t(p[0])) | std::uint64_t(std::uint8_t(p[n / 2])) << 8
                | std::uint64_t(std::uint8_t(p[n - 1])) << 16;
        return 0;
    }

    static std::uint64_t load64(const char *p)
    {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        return word;
    }

    static std::uint32_t load32(const char *p)
    {
        std::uint32_t word;
        std::memcpy(&word, p, 4);
        return word;
    }

    /// Puts `entry`, whose key hashes to `h`, in the first free slot from its home.
    void place(const Slot &entry, std::uint32_t h)
    {
        std::size_t pos = h & mask();
        while (m_slots[pos].index != 0)
            pos = (pos + 1) & mask();
        m_slots[pos] = entry;
    }

    [[nodiscard]] std::uint32_t homeOf(const Slot &entry) const
    {
        return hash(keyAt(entry.index - 1));
    }

    /// Keeps the table at most half full with `count` entries.
    void makeRoom(std::size_t count)
    {
        std::size_t wanted = m_slots.empty() ? 16 : m_slots.size();
        while (count * 2 >= wanted)
            wanted *= 2;
        if (wanted != m_slots.size())
            rehash(wanted);
    }

    void rehash(std::size_t size)
    {
        std::vector<Slot> old(size);
        old.swap(m_slots);
        // The tag keeps the hash's high bits only, so the home position comes from the key.
        for (const Slot &entry : old) {
            if (entry.index != 0)
                place(entry, homeOf(entry));
        }
    }

    void eraseAt(std::uint32_t index)
    {
        // Backward-shift deletion: the entries after the hole that would no longer be reached
        // from their home position move into it, so no tombstones are needed.
        std::size_t hole = homeOf({0, index + 1, 0}) & mask();
        while (m_slots[hole].index != index + 1)
            hole = (hole + 1) & mask();
        for (std::size_t pos = (hole + 1) & mask(); m_slots[pos].index != 0;
             pos = (pos + 1) & mask()) {
            const std::size_t home = homeOf(m_slots[pos]) & mask();
            // Stays when its home lies cyclically in (hole, pos].
            if (((pos - home) & mask()) < ((pos - hole) & mask()))
                continue;
            m_slots[hole] = m_slots[pos];
            hole = pos;
        }
        m_slots[hole] = Slot {};
    }

    std::vector<Slot> m_slots;
    std::string m_arena;
    std::vector<std::uint32_t> m_offsets {0};
};

} // namespace backend::detail
