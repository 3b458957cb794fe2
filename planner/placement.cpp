#include "planner/placement.h"

#include "planner/lifetimes.h"

#include <algorithm>
#include <numeric>

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
                                  const std::vector<int64_t> &offsets,
                                  const std::vector<bool> &placed, std::size_t b, int skip) {
    std::vector<Interval> out;
    const PlacedBuffer &me = buffers[b];
    for (std::size_t j = 0; j < buffers.size(); ++j) {
        if (!placed[j] || int(j) == skip) continue;
        const PlacedBuffer &other = buffers[j];
        if (lifetimes_overlap(me.first_step, me.last_step, other.first_step, other.last_step))
            out.push_back({offsets[j], offsets[j] + other.size});
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
// drift). The budget keeps large graphs fast: each try costs about buffers^2.
Placement improve(const std::vector<PlacedBuffer> &buffers,
                  const std::vector<std::vector<int>> &partners, int64_t alignment,
                  int64_t lower_bound, std::vector<int> order, Placement best) {
    const std::size_t n = buffers.size();
    if (n < 2) return best;
    const std::size_t budget = std::min<std::size_t>(2000, 40'000'000 / (n * n));
    // Plans must be the same with every standard library: our own generator, no <random>
    // distributions (their algorithms are implementation-defined).
    SplitMix64 random(12345);
    for (std::size_t t = 0; t < budget && best.peak > lower_bound; ++t) {
        std::size_t i = std::size_t(random.next() % n), j = std::size_t(random.next() % n);
        if (i == j) continue;
        std::swap(order[i], order[j]);
        Placement trial = place_in_order(buffers, partners, order, alignment);
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

} // namespace

Placement place_in_order(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners,
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
                        blockers_of(buffers, result.offsets, placed, b, p))) {
                offset = candidate;
                break;
            }
        }
        if (offset < 0)
            offset = best_fit(buffers[b].size, blockers_of(buffers, result.offsets, placed, b, -1),
                              alignment);
        result.offsets[b] = offset;
        placed[b] = true;
        top = std::max(top, offset + buffers[b].size);
    }
    result.peak = align_up(top, alignment);
    return result;
}

Placement best_placement(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment,
                         int64_t lower_bound) {
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
        Placement p = place_in_order(buffers, partners, s.order, alignment);
        if (best.strategy.empty() || p.peak < best.peak) {
            best = std::move(p);
            best.strategy = s.name;
            best_order = s.order;
        }
    }
    return improve(buffers, partners, alignment, lower_bound, std::move(best_order),
                   std::move(best));
}

} // namespace microaot::planner
