// The memory timeline (every planned buffer as a bar over the steps it is live, at its offset in
// the workspace; the peak and the lower bound as lines) and the flash/RAM breakdown.
#include "report/compiled_json.h"
#include "report/html_util.h"
#include "report/sections.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::report {
namespace {

constexpr double kLeft = 86, kRight = 16, kTop = 14, kPlotH = 300, kBottom = 40;

std::string buffer_hover(const driver::CompileResult &r, const planner::PlacedBuffer &b,
                         std::size_t index) {
    std::string s =
        fmt::format("buffer {}: {}\n{} B at offset {} .. {}\n", index, buffer_label(r, b),
                    grouped(b.size), grouped(b.offset), grouped(b.offset + b.size - 1));
    int n = int(r.graph.nodes.size());
    auto step = [&](int k) {
        if (k < 0) return std::string("before node 0");
        if (k >= n) return std::string("after the last node (graph output)");
        return fmt::format("node {} {}", k, ir::op_name(r.graph.nodes[std::size_t(k)].kind));
    };
    s += fmt::format("live from {} to {}", step(b.first_step), step(b.last_step));
    return s;
}

} // namespace

std::string memory_timeline_section(const driver::CompileResult &r,
                                    const partition::PartitionReport &p) {
    const planner::MemoryPlan &plan = r.plan;
    int steps = int(r.graph.nodes.size()) + 1; // node steps plus "after the last node"
    double step_w = std::max(14.0, 900.0 / std::max(1, steps));
    double width = kLeft + steps * step_w + kRight, height = kTop + kPlotH + kBottom;
    double scale = plan.peak > 0 ? kPlotH / double(plan.peak) : 0;
    auto x = [&](int step) { return kLeft + (std::max(step, 0)) * step_w; };
    auto y = [&](int64_t offset) { return kTop + double(offset) * scale; };

    std::string bars;
    for (std::size_t i = 0; i < plan.buffers.size(); ++i) {
        const planner::PlacedBuffer &b = plan.buffers[i];
        std::string fill = "url(#scratch)";
        if (!b.tensors.empty() && b.first_step >= 0 && std::size_t(b.first_step) < p.nodes.size())
            fill = backend_colour(p.backends, p.nodes[std::size_t(b.first_step)].backend);
        double x0 = x(b.first_step), x1 = x(b.last_step + 1);
        bars +=
            fmt::format("<rect class=\"buffer\" data-buffer=\"{}\" x=\"{:.1f}\" y=\"{:.2f}\" "
                        "width=\"{:.1f}\" height=\"{:.2f}\" fill=\"{}\"><title>{}</title></rect>",
                        i, x0 + 1, y(b.offset), std::max(1.0, x1 - x0 - 2),
                        std::max(1.0, double(b.size) * scale), fill, escape(buffer_hover(r, b, i)));
    }
    std::string axes =
        fmt::format("<rect class=\"plot\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                    "height=\"{:.1f}\"/>",
                    kLeft, kTop, steps * step_w, kPlotH);
    int every = std::max(1, int(40 / step_w));
    for (int s = 0; s < steps; s += every)
        axes += svg_text(x(s) + step_w / 2, kTop + kPlotH + 14,
                         s + 1 == steps ? "out" : std::to_string(s),
                         "class=\"tick\" text-anchor=\"middle\"");
    axes += svg_text(kLeft + steps * step_w / 2, kTop + kPlotH + 32, "schedule step (node index)",
                     "class=\"axis\" text-anchor=\"middle\"");
    axes += svg_text(kLeft - 6, kTop + 10, "offset 0", "class=\"tick\" text-anchor=\"end\"");
    // The peak is the plot's bottom edge; the lower bound a dashed line above it (or on it).
    auto level = [&](int64_t bytes, const char *cls, const std::string &label, double dy) {
        return fmt::format("<line class=\"{}\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.2f}\" "
                           "y2=\"{:.2f}\"/>",
                           cls, kLeft, kLeft + steps * step_w, y(bytes), y(bytes)) +
               svg_text(kLeft - 6, y(bytes) + dy, label, "class=\"tick\" text-anchor=\"end\"");
    };
    axes += level(plan.peak, "peak", "peak " + grouped(plan.peak), -2);
    axes += level(plan.lower_bound, "lower-bound", "bound " + grouped(plan.lower_bound), 12);

    std::string caption = fmt::format(
        "{} buffers in a workspace of {} B (lower bound {} B: the most bytes live at any one "
        "step; placement strategy {}). Graph inputs and outputs live in the caller's buffers{}; "
        "hover a bar for its tensors, size, offset and lifetime.",
        plan.buffers.size(), grouped(plan.peak), grouped(plan.lower_bound), escape(plan.strategy),
        plan.in_caller_buffers.empty()
            ? ""
            : fmt::format(" (so do {} tensors aliasing them)", plan.in_caller_buffers.size()));
    return fmt::format(
        "<section id=\"memory\"><h2>Memory timeline</h2><p>{}</p>"
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" "
        "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\"><defs><pattern id=\"scratch\" "
        "width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#999\"/>"
        "</pattern></defs>{}{}</svg></section>\n",
        caption, width, height, width, height, axes, bars);
}

std::string footprint_section(const footprint::Footprint &fp, const driver::CompileResult &r) {
    std::string out = "<section id=\"footprint\"><h2>Flash and RAM</h2>";
    out += fmt::format("<p>{}</p>", escape(fp.source));
    struct Segment {
        std::string what;
        int64_t bytes;
        const char *colour;
    };
    auto stacked = [](const std::string &title, const std::vector<Segment> &segments) {
        int64_t total = 0;
        for (const auto &s : segments)
            total += s.bytes;
        const double w = 900;
        std::string svg;
        double x = 0;
        std::string legend;
        for (const auto &s : segments) {
            double sw = total > 0 ? w * double(s.bytes) / double(total) : 0;
            svg += fmt::format("<rect class=\"segment\" x=\"{:.1f}\" y=\"0\" width=\"{:.1f}\" "
                               "height=\"22\" fill=\"{}\"><title>{}: {} B</title></rect>",
                               x, sw, s.colour, escape(s.what), grouped(s.bytes));
            x += sw;
            legend += fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{} {} B ",
                                  s.colour, escape(s.what), grouped(s.bytes));
        }
        return fmt::format(
            "<h3>{} {} B</h3><svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" "
            "width=\"{:.0f}\" height=\"22\">{}</svg><p class=\"legend\">{}</p>",
            escape(title), grouped(total), w, svg, legend);
    };
    if (fp.measured) {
        out += stacked("Flash", {{"kernels", fp.kernel_flash(), "#4e79a7"},
                                 {"entry points", fp.entry_code, "#76b7b2"},
                                 {"parameters", fp.parameters, "#edc948"},
                                 {"weights", fp.weights, "#f28e2b"}});
        out += stacked("RAM", {{"workspace", fp.workspace, "#59a14f"},
                               {"static", fp.static_ram(), "#b07aa1"},
                               {"stack bound", fp.stack_bound, "#e15759"}});
        if (!fp.c_library.empty()) {
            std::string list;
            for (const auto &c : fp.c_library)
                list += fmt::format("{}{} ({} B)", list.empty() ? "" : ", ", escape(c.name),
                                    grouped(c.flash + c.data));
            out += fmt::format("<p>Also from the C library (often linked already, not in the "
                               "totals above): {}.</p>",
                               list);
        }
        out += "<h3>Code per kernel</h3><table><tr><th>function</th><th>measured from</th>"
               "<th>calls</th><th>flash B</th><th>RAM B</th><th>stack B</th></tr>";
        for (const auto &k : fp.kernels)
            out +=
                fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td "
                            "class=\"n\">{}</td><td class=\"n\">{}</td><td "
                            "class=\"n\">{}</td></tr>",
                            escape(k.function), escape(k.file), k.calls, grouped(k.flash + k.data),
                            grouped(k.data + k.bss), grouped(k.stack));
        out += fmt::format("<tr><td>{}_run (entry points, estimated)</td><td></td><td "
                           "class=\"n\">{}</td><td class=\"n\">{}</td><td></td><td></td></tr>"
                           "</table>",
                           escape(r.name), fp.kernel_calls, grouped(fp.entry_code));
    } else {
        out += fmt::format("<p>Weights {} B, workspace {} B, memory pools {} B.</p>",
                           grouped(fp.weights), grouped(fp.workspace), grouped(fp.pools));
    }
    out += "<h3>Weights per layer</h3><table><tr><th>node</th><th>operator</th><th>bytes</th>"
           "<th>share</th></tr>";
    for (const auto &w : fp.weights_per_layer) {
        double share = fp.weights > 0 ? 100.0 * double(w.bytes) / double(fp.weights) : 0;
        out += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td><span "
                           "class=\"share\" style=\"width:{:.1f}px\"></span> {:.1f} %</td></tr>",
                           w.node ? std::to_string(*w.node) : "", escape(w.op), grouped(w.bytes),
                           2 * share, share);
    }
    return out + "</table></section>\n";
}

} // namespace microaot::report
