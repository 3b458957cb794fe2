#include "planner/placement.h"

#include "planner/lifetimes.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <set>

namespace microaot::planner {
namespace {

struct Interval {
    int64_t begin, end;
};

bool bytes_overlap(int64_t a, int64_t a_size, int64_t b, int64_t b_size) {
    return a_size > 0 && b_size > 0 && a < b + b_size && b < a + a_size;
}

bool fits_at(int64_t offset, int64_t size, const std::vector<Interval> &blockers) {
    return std::none_of(blockers.begin(), blockers.end(), [&](const Interval &iv) {
        return bytes_overlap(offset, size, iv.begin, iv.end - iv.begin);
    });
}

// Smallest aligned gap below, between or above `blockers` (sorted by begin) that holds `size`.
int64_t best_fit(int64_t size, const std::vector<Interval> &blockers, int64_t alignment) {
    int64_t cursor = 0, best = -1, best_gap = 0;
    for (const Interval &iv : blockers) {
        int64_t start = align_up(cursor, alignment);
        int64_t gap = iv.begin - start;
        if (gap >= size && (best < 0 || gap < best_gap)) {
            best = start;
            best_gap = gap;
        }
        cursor = std::max(cursor, iv.end);
    }
    return best >= 0 ? best : align_up(cursor, alignment);
}

// Placed buffers alive together with buffer `b` (excluding `skip`), sorted by offset.
std::vector<Interval> blockers_of(const std::vector<PlacedBuffer> &buffers,
                                  const Overlaps &overlaps, const std::vector<int64_t> &offsets,
                                  const std::vector<bool> &placed, std::size_t b, int skip) {
    std::vector<Interval> out;
    for (int j : overlaps.with[b]) {
        if (!placed[std::size_t(j)] || j == skip) continue;
        out.push_back(
            {offsets[std::size_t(j)], offsets[std::size_t(j)] + buffers[std::size_t(j)].size});
    }
    std::sort(out.begin(), out.end(),
              [](const Interval &x, const Interval &y) { return x.begin < y.begin; });
    return out;
}

// splitmix64 (Steele, Lea, Flood 2014): a fixed, portable sequence for the search below.
class SplitMix64 {
  public:
    explicit SplitMix64(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

  private:
    uint64_t state_;
};

std::vector<int> sorted_order(std::size_t count, auto before) {
    std::vector<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), before);
    return order;
}

// Random pair swaps of the best order, kept when the peak does not grow (plateaus let the search
// drift). Each try costs about buffers + overlapping pairs; the budget bounds the total.
Placement improve(const std::vector<PlacedBuffer> &buffers,
                  const std::vector<std::vector<int>> &partners, const Overlaps &overlaps,
                  int64_t alignment, int64_t lower_bound, std::vector<int> order, Placement best) {
    constexpr std::size_t kMaxTries = 2000, kWork = 10'000'000;
    const std::size_t n = buffers.size();
    if (n < 2) return best;
    const std::size_t budget = std::min(kMaxTries, kWork / (n + overlaps.pairs));
    // Plans must be the same with every standard library: our own generator, no <random>
    // distributions (their algorithms are implementation-defined).
    SplitMix64 random(12345);
    for (std::size_t t = 0; t < budget && best.peak > lower_bound; ++t) {
        std::size_t i = std::size_t(random.next() % n), j = std::size_t(random.next() % n);
        if (i == j) continue;
        std::swap(order[i], order[j]);
        Placement trial = place_in_order(buffers, partners, overlaps, order, alignment);
        if (trial.peak <= best.peak) {
            bool better = trial.peak < best.peak;
            best.offsets = std::move(trial.offsets);
            best.peak = trial.peak;
            if (better) best.strategy += "+search";
        } else {
            std::swap(order[i], order[j]);
        }
    }
    return best;
}

// Free space between the buffers alive at the current step, for place_by_sweep: live buffers
// by offset (they never share bytes) and the usable gaps between neighbours by size, so that a
// best fit and every update cost O(log n).
class FreeList {
  public:
    explicit FreeList(int64_t alignment) : alignment_(alignment) {}

    // Start of the smallest gap holding `size` bytes (lowest start among equal gaps), else the
    // aligned top.
    int64_t best_fit(int64_t size) const {
        auto it = gaps_.lower_bound({size, INT64_MIN});
        if (it != gaps_.end()) return it->second;
        return align_up(live_.empty() ? 0 : live_.rbegin()->second.end, alignment_);
    }
    void insert(int64_t begin, int64_t end, int buffer) {
        auto next = live_.lower_bound(begin);
        int64_t prev_end = next == live_.begin() ? 0 : std::prev(next)->second.end;
        if (next != live_.end()) remove_gap(prev_end, next->first);
        add_gap(prev_end, begin);
        if (next != live_.end()) add_gap(end, next->first);
        live_[begin] = {end, buffer};
    }
    void erase(int64_t begin) {
        auto it = live_.find(begin);
        if (it == live_.end()) return;
        int64_t prev_end = it == live_.begin() ? 0 : std::prev(it)->second.end;
        auto next = std::next(it);
        remove_gap(prev_end, begin);
        if (next != live_.end()) {
            remove_gap(it->second.end, next->first);
            add_gap(prev_end, next->first);
        }
        live_.erase(it);
    }
    // The live buffer starting at `begin`, or -1.
    int at(int64_t begin) const {
        auto it = live_.find(begin);
        return it == live_.end() ? -1 : it->second.buffer;
    }
    void replace(int64_t begin, int buffer) { live_.at(begin).buffer = buffer; }

  private:
    struct Live {
        int64_t end;
        int buffer;
    };
    std::pair<int64_t, int64_t> gap(int64_t prev_end, int64_t next_begin) const {
        int64_t start = align_up(prev_end, alignment_);
        return {next_begin - start, start};
    }
    void add_gap(int64_t prev_end, int64_t next_begin) {
        auto g = gap(prev_end, next_begin);
        if (g.first > 0) gaps_.insert(g);
    }
    void remove_gap(int64_t prev_end, int64_t next_begin) {
        gaps_.erase(gap(prev_end, next_begin));
    }

    int64_t alignment_;
    std::map<int64_t, Live> live_;
    std::set<std::pair<int64_t, int64_t>> gaps_; // (usable bytes, aligned start)
};

} // namespace

std::optional<Overlaps> lifetime_overlaps(const std::vector<PlacedBuffer> &buffers,
                                          std::size_t max_pairs) {
    // Sweep in first-step order: the earlier buffers still alive when one starts are exactly
    // those it overlaps. Each check either records a pair or retires a buffer for good.
    std::vector<int> order = sorted_order(buffers.size(), [&](int a, int b) {
        return buffers[std::size_t(a)].first_step < buffers[std::size_t(b)].first_step;
    });
    Overlaps overlaps;
    overlaps.with.resize(buffers.size());
    std::vector<int> active;
    for (int b : order) {
        const PlacedBuffer &me = buffers[std::size_t(b)];
        std::size_t kept = 0;
        for (int a : active) {
            if (buffers[std::size_t(a)].last_step < me.first_step) continue;
            active[kept++] = a;
            if (me.last_step < me.first_step) continue; // lives nowhere: overlaps nothing
            if (++overlaps.pairs > max_pairs) return std::nullopt;
            overlaps.with[std::size_t(a)].push_back(b);
            overlaps.with[std::size_t(b)].push_back(a);
        }
        active.resize(kept);
        if (me.last_step >= me.first_step) active.push_back(b);
    }
    for (auto &list : overlaps.with)
        std::sort(list.begin(), list.end());
    return overlaps;
}

Placement place_in_order(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, const Overlaps &overlaps,
                         const std::vector<int> &order, int64_t alignment) {
    Placement result;
    result.offsets.assign(buffers.size(), 0);
    std::vector<bool> placed(buffers.size(), false);
    int64_t top = 0;
    for (int index : order) {
        auto b = std::size_t(index);
        int64_t offset = -1;
        for (int p : partners[b]) {
            if (!placed[std::size_t(p)]) continue;
            int64_t candidate = result.offsets[std::size_t(p)];
            if (fits_at(candidate, buffers[b].size,
                        blockers_of(buffers, overlaps, result.offsets, placed, b, p))) {
                offset = candidate;
                break;
            }
        }
        if (offset < 0)
            offset =
                best_fit(buffers[b].size,
                         blockers_of(buffers, overlaps, result.offsets, placed, b, -1), alignment);
        result.offsets[b] = offset;
        placed[b] = true;
        top = std::max(top, offset + buffers[b].size);
    }
    result.peak = align_up(top, alignment);
    return result;
}

Placement place_by_sweep(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment) {
    // First-step order (larger first on ties): when a buffer is placed, the placed buffers it
    // overlaps are exactly those not yet dead, all held by the free list.
    std::vector<int> order = sorted_order(buffers.size(), [&](int a, int b) {
        const PlacedBuffer &x = buffers[std::size_t(a)], &y = buffers[std::size_t(b)];
        if (x.first_step != y.first_step) return x.first_step < y.first_step;
        return x.size > y.size;
    });
    Placement result;
    result.offsets.assign(buffers.size(), 0);
    FreeList free(alignment);
    using Death = std::pair<int, int>; // (last step, buffer)
    std::priority_queue<Death, std::vector<Death>, std::greater<>> deaths;
    std::vector<bool> live(buffers.size(), false);
    int64_t top = 0;
    for (int index : order) {
        const PlacedBuffer &b = buffers[std::size_t(index)];
        for (; !deaths.empty() && deaths.top().first < b.first_step; deaths.pop()) {
            int dead = deaths.top().second;
            if (!live[std::size_t(dead)]) continue; // its bytes went to an in-place output
            live[std::size_t(dead)] = false;
            free.erase(result.offsets[std::size_t(dead)]);
        }
        if (b.size <= 0 || b.last_step < b.first_step) continue; // no bytes: offset 0
        int64_t offset = -1;
        for (int p : partners[std::size_t(index)]) {
            if (!live[std::size_t(p)] || buffers[std::size_t(p)].last_step != b.first_step)
                continue;
            // Over a dying input of the same size: take over its bytes in the free list.
            offset = result.offsets[std::size_t(p)];
            live[std::size_t(p)] = false;
            free.replace(offset, index);
            break;
        }
        if (offset < 0) {
            offset = free.best_fit(b.size);
            free.insert(offset, offset + b.size, index);
        }
        result.offsets[std::size_t(index)] = offset;
        live[std::size_t(index)] = true;
        deaths.push({b.last_step, index});
        top = std::max(top, offset + b.size);
    }
    result.peak = align_up(top, alignment);
    result.strategy = "first-step-sweep";
    return result;
}

Placement best_placement(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment,
                         int64_t lower_bound, std::size_t max_overlap_pairs) {
    // Orders placed one buffer at a time cost O(pairs of overlapping buffers) each.
    std::optional<Overlaps> overlaps = lifetime_overlaps(buffers, max_overlap_pairs);
    if (!overlaps) return place_by_sweep(buffers, partners, alignment);
    auto at = [&](int i) -> const PlacedBuffer & { return buffers[std::size_t(i)]; };
    auto length = [&](int i) { return at(i).last_step - at(i).first_step; };
    struct Strategy {
        const char *name;
        std::vector<int> order;
    };
    std::vector<Strategy> strategies = {
        {"largest-first",
         sorted_order(buffers.size(), [&](int a, int b) { return at(a).size > at(b).size; })},
        {"longest-lifetime", sorted_order(buffers.size(),
                                          [&](int a, int b) {
                                              if (length(a) != length(b))
                                                  return length(a) > length(b);
                                              return at(a).size > at(b).size;
                                          })},
        {"first-step", sorted_order(buffers.size(), [&](int a, int b) {
             if (at(a).first_step != at(b).first_step) return at(a).first_step < at(b).first_step;
             return at(a).size > at(b).size;
         })}};
    Placement best;
    std::vector<int> best_order;
    for (Strategy &s : strategies) {
        Placement p = place_in_order(buffers, partners, *overlaps, s.order, alignment);
        if (best.strategy.empty() || p.peak < best.peak) {
            best = std::move(p);
            best.strategy = s.name;
            best_order = s.order;
        }
    }
    return improve(buffers, partners, *overlaps, alignment, lower_bound, std::move(best_order),
                   std::move(best));
}

} // namespace microaot::planner
