#include "backends/macarray/macarray_plan.h"

#include "ir/error.h"
#include "ir/saturating.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace microaot::macarray {
namespace {

constexpr int64_t kAlign = 16;
// CPU instructions of the runtime driver (runtime/macarray/macarray_driver.c): per tile (loop,
// job descriptor), per DMA call, per requantized output element.
constexpr int64_t kCpuPerTile = 80;
constexpr int64_t kCpuPerDma = 20;
constexpr int64_t kCpuPerOutput = 14;
// Tiles of one operator (the driver loops over them at run time; the estimate below visits each),
// and tiles costed in total while choosing one operator's plan.
constexpr int64_t kMaxTiles = int64_t(1) << 16;
constexpr int64_t kMaxPlanWork = int64_t(1) << 22;

int64_t align_up(int64_t v) {
    return (v + kAlign - 1) / kAlign * kAlign;
}
int64_t ceil_div(int64_t a, int64_t b) {
    return b <= 0 ? 0 : (a + b - 1) / b;
}

std::string kib(int64_t bytes) {
    return fmt::format("{:.1f} KiB", double(bytes) / 1024.0);
}

int64_t parse_size(std::string_view key, std::string_view text) {
    int64_t scale = 1;
    if (!text.empty() && (text.back() == 'K' || text.back() == 'k')) scale = 1024;
    if (!text.empty() && (text.back() == 'M' || text.back() == 'm')) scale = 1024 * 1024;
    if (scale != 1) text.remove_suffix(1);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > (int64_t(1) << 30))
        throw CompileError(fmt::format("--accel macarray: bad value '{}' for '{}'", text, key));
    return v * scale;
}

// Input rows a tile of `rows` output rows reads (at most the image).
int64_t input_rows(const Geometry &g, int64_t rows) {
    return std::min(g.in_h, (rows - 1) * g.stride_h + (g.k_h - 1) * g.dil_h + 1);
}

TilePlan layout(const Geometry &g, int64_t rows, int64_t channels) {
    TilePlan p;
    p.tile_rows = rows;
    p.tile_channels = channels;
    int64_t filter =
        g.kind == Kind::Depthwise ? g.k_h * g.k_w * g.out_c : channels * g.k_h * g.k_w * g.in_c;
    p.sram_filter = 0;
    p.sram_bias = align_up(filter);
    p.sram_acc = p.sram_bias + align_up(g.has_bias ? 4 * channels : 0);
    p.sram_in = p.sram_acc + align_up(4 * rows * g.out_w * channels);
    p.sram_used = p.sram_in + align_up(input_rows(g, rows) * g.in_w * g.in_c);
    return p;
}

} // namespace

Config parse_config(std::string_view options) {
    Config c;
    while (!options.empty()) {
        auto comma = options.find(',');
        std::string_view item = options.substr(0, comma);
        options = comma == std::string_view::npos ? std::string_view() : options.substr(comma + 1);
        auto eq = item.find('=');
        if (eq == std::string_view::npos)
            throw CompileError(fmt::format("--accel macarray: expected key=value, got '{}'", item));
        std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
        int64_t v = parse_size(key, value);
        if (key == "rows")
            c.rows = v;
        else if (key == "cols")
            c.cols = v;
        else if (key == "sram")
            c.sram = v;
        else if (key == "dma")
            c.dma = v;
        else if (key == "dma_setup")
            c.dma_setup = v;
        else if (key == "job_setup")
            c.job_setup = v;
        else
            throw CompileError(fmt::format("--accel macarray: unknown option '{}' (rows, cols, "
                                           "sram, dma, dma_setup, job_setup)",
                                           key));
        if ((key == "rows" || key == "cols" || key == "dma") && v == 0)
            throw CompileError(fmt::format("--accel macarray: '{}' must be positive", key));
    }
    return c;
}

std::optional<TilePlan> plan_tiles(const Geometry &g, const Config &config, std::string &why_not) {
    int64_t min_channels = g.kind == Kind::Depthwise ? g.out_c : 1;
    TilePlan smallest = layout(g, 1, min_channels);
    if (smallest.sram_used > config.sram) {
        int64_t weights = smallest.sram_bias;
        if (weights > config.sram)
            why_not =
                fmt::format("weights {} exceed local SRAM {}", kib(weights), kib(config.sram));
        else
            why_not = fmt::format("smallest tile (1 row x {} channels) needs {}, local SRAM is {}",
                                  min_channels, kib(smallest.sram_used), kib(config.sram));
        return std::nullopt;
    }
    std::optional<TilePlan> best;
    int64_t best_cost = 0, work = 0;
    // Each distinct channel count ceil(out_c / split), largest first: O(sqrt(out_c)) of them.
    for (int64_t split = 1; split <= g.out_c;) {
        int64_t channels = g.kind == Kind::Depthwise ? g.out_c : ceil_div(g.out_c, split);
        split = channels > 1 ? std::max(split + 1, ceil_div(g.out_c, channels - 1)) : g.out_c + 1;
        int64_t channel_tiles = g.batches * ceil_div(g.out_c, channels);
        if (channel_tiles > kMaxTiles) break; // only more tiles from here on
        if (layout(g, 1, channels).sram_used > config.sram) {
            if (g.kind == Kind::Depthwise) break;
            continue;
        }
        int64_t lo = 1, hi = g.out_h; // largest row count that fits
        while (lo < hi) {
            int64_t mid = lo + (hi - lo + 1) / 2;
            if (layout(g, mid, channels).sram_used <= config.sram)
                lo = mid;
            else
                hi = mid - 1;
        }
        TilePlan p = layout(g, lo, channels);
        int64_t tiles = channel_tiles * ceil_div(g.out_h, lo);
        if (tiles > kMaxTiles) continue;
        int64_t cost = estimate(g, p, config).total();
        if (!best || cost < best_cost) {
            best = p;
            best_cost = cost;
        }
        work += tiles;
        if (g.kind == Kind::Depthwise || work > kMaxPlanWork) break;
    }
    if (!best)
        why_not = fmt::format("every tiling that fits local SRAM {} needs more than {} tiles",
                              kib(config.sram), kMaxTiles);
    return best;
}

Cost estimate(const Geometry &g, const TilePlan &p, const Config &config) {
    using ir::saturating_add, ir::saturating_mul;
    Cost c;
    auto dma = [&](int64_t bytes) {
        c.device_cycles =
            saturating_add(c.device_cycles, config.dma_setup + ceil_div(bytes, config.dma));
        c.cpu_cycles = saturating_add(c.cpu_cycles, kCpuPerDma);
    };
    int64_t reduction = g.k_h * g.k_w * (g.kind == Kind::Depthwise ? 1 : g.in_c);
    for (int64_t b = 0; b < g.batches; ++b) {
        for (int64_t ch0 = 0; ch0 < g.out_c; ch0 += p.tile_channels) {
            int64_t channels = std::min(p.tile_channels, g.out_c - ch0);
            dma(g.kind == Kind::Depthwise ? g.k_h * g.k_w * g.out_c
                                          : channels * g.k_h * g.k_w * g.in_c);
            if (g.has_bias) dma(4 * channels);
            for (int64_t oy0 = 0; oy0 < g.out_h; oy0 += p.tile_rows) {
                int64_t rows = std::min(p.tile_rows, g.out_h - oy0);
                int64_t iy0 = std::max<int64_t>(0, oy0 * g.stride_h - g.pad_h);
                int64_t iy1 = std::min(g.in_h, (oy0 + rows - 1) * g.stride_h - g.pad_h +
                                                   (g.k_h - 1) * g.dil_h + 1);
                dma(std::max<int64_t>(0, iy1 - iy0) * g.in_w * g.in_c);
                int64_t pixels = rows * g.out_w;
                int64_t macs =
                    saturating_mul(saturating_mul(pixels, ceil_div(channels, config.rows)),
                                   ceil_div(reduction, config.cols));
                c.device_cycles =
                    saturating_add(c.device_cycles, saturating_add(config.job_setup, macs));
                c.cpu_cycles = saturating_add(
                    c.cpu_cycles,
                    saturating_add(kCpuPerTile, saturating_mul(saturating_mul(pixels, channels),
                                                               kCpuPerOutput)));
            }
        }
    }
    return c;
}

} // namespace microaot::macarray
