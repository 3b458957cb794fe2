// The graph: one box per node in layers (a node sits one layer below the deepest node it reads
// from), coloured by the backend that runs it; the box's <title> is the hover text.
#include "report/html_util.h"
#include "report/sections.h"

#include "ir/ops.h"
#include "ir/printer.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace microaot::report {
namespace {

constexpr double kBoxW = 236, kBoxH = 44, kGapX = 28, kGapY = 26, kMargin = 16, kPillH = 22;

std::string tensor_line(const ir::Tensor &t) {
    std::string s =
        fmt::format("'{}' {} {}", t.name, ir::dtype_name(t.dtype), ir::shape_str(t.shape));
    if (!t.quant.empty()) s += " " + ir::quant_str(t.quant);
    return s;
}

std::string shortened(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    return s.substr(0, max - 1) + "\u2026";
}

std::string hover_text(const driver::CompileResult &r, const partition::NodeReport &n) {
    const ir::Node &node = r.graph.nodes.at(n.index);
    std::string attrs = ir::attrs_str(node);
    std::string s =
        fmt::format("node {} {}{}\n", n.index, n.op, attrs.empty() ? "" : " {" + attrs + "}");
    s += fmt::format("runs on {} with {}\n", n.backend, n.kernel);
    if (n.cost_cycles)
        s += fmt::format("its cost estimate {} cycles{}\n", grouped(*n.cost_cycles),
                         n.fallback_cost_cycles
                             ? fmt::format(" (next backend: {})", grouped(*n.fallback_cost_cycles))
                             : "");
    if (n.claim_head != n.index)
        s += fmt::format("part of the chain claimed at node {}\n", n.claim_head);
    for (const auto &d : n.declined)
        s += fmt::format("declined by {}: {}\n", d.backend, d.reason);
    for (ir::TensorId id : node.inputs) {
        if (id == ir::kNoTensor) continue;
        const ir::Tensor &t = r.graph.tensor(id);
        s += fmt::format("in{}: {}\n", t.is_constant() ? " (constant)" : "", tensor_line(t));
    }
    for (ir::TensorId id : node.outputs)
        s += fmt::format("out: {}\n", tensor_line(r.graph.tensor(id)));
    s += fmt::format("MACs: {}", grouped(ir::node_macs(r.graph, node)));
    return s;
}

// Layers top to bottom; a long graph wraps into bands side by side (at least 8 layers each, as
// many bands as fit 1400 px) so that a chain of 30 nodes does not become one tall column.
struct Layout {
    std::vector<int> layer, column;
    int layers = 0, columns = 0, bands = 1, per_band = 1;
    double band_w = 0;
};

Layout layout(const ir::Graph &g) {
    std::map<ir::TensorId, std::size_t> producer;
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        for (ir::TensorId t : g.nodes[i].outputs)
            producer[t] = i;
    Layout l;
    l.layer.assign(g.nodes.size(), 0);
    l.column.assign(g.nodes.size(), 0);
    std::map<int, int> used; // layer -> columns taken
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        for (ir::TensorId t : g.nodes[i].inputs)
            if (auto it = producer.find(t); it != producer.end() && it->second < i)
                l.layer[i] = std::max(l.layer[i], l.layer[it->second] + 1);
        l.column[i] = used[l.layer[i]]++;
        l.layers = std::max(l.layers, l.layer[i] + 1);
        l.columns = std::max(l.columns, l.column[i] + 1);
    }
    l.band_w = std::max(1, l.columns) * (kBoxW + kGapX) + kGapX;
    int fit = std::max(1, int((1400 - 2 * kMargin) / l.band_w));
    l.bands = std::max(1, std::min(fit, (l.layers + 7) / 8));
    l.per_band = std::max(1, (l.layers + l.bands - 1) / l.bands);
    return l;
}

std::string edge(double x1, double y1, double x2, double y2) {
    double mid = (y1 + y2) / 2;
    return fmt::format("<path class=\"edge\" d=\"M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} "
                       "{:.1f},{:.1f}\"/>",
                       x1, y1, x1, mid, x2, mid, x2, y2);
}

} // namespace

std::string graph_section(const driver::CompileResult &r, const partition::PartitionReport &p) {
    const ir::Graph &g = r.graph;
    Layout l = layout(g);
    auto box_x = [&](std::size_t i) {
        return kMargin + (l.layer[i] / l.per_band) * l.band_w + l.column[i] * (kBoxW + kGapX);
    };
    auto row_y = [&](int row) { return kMargin + kPillH + kGapY + row * (kBoxH + kGapY); };
    auto box_y = [&](std::size_t i) { return row_y(l.layer[i] % l.per_band); };
    double width = kMargin * 2 + l.bands * l.band_w - kGapX;
    double outputs_y = row_y(std::min(l.per_band, std::max(1, l.layers)));
    double height = outputs_y + kPillH + kMargin;

    std::map<ir::TensorId, std::size_t> producer;
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        for (ir::TensorId t : g.nodes[i].outputs)
            producer[t] = i;
    // Graph inputs above the first band, outputs below the band of the node writing them.
    auto pill_x = [&](std::size_t k, std::size_t count, double band_left) {
        return band_left + (l.band_w - kGapX) * (double(k) + 0.5) / double(count);
    };
    std::map<ir::TensorId, double> input_x;
    for (std::size_t k = 0; k < g.inputs.size(); ++k)
        input_x[g.inputs[k]] = pill_x(k, g.inputs.size(), kMargin);
    auto pill = [](const std::string &hover, const char *label, double x, double y) {
        return fmt::format("<g class=\"io\"><title>{}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" "
                           "width=\"120\" height=\"{}\" rx=\"11\"/>{}</g>",
                           escape(hover), x - 60, y, kPillH,
                           svg_text(x, y + 15, label, "text-anchor=\"middle\""));
    };

    std::string edges, boxes, pills;
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        double cx = box_x(i) + kBoxW / 2, top = box_y(i);
        for (ir::TensorId t : g.nodes[i].inputs) {
            if (auto it = producer.find(t); it != producer.end() && it->second < i)
                edges += edge(box_x(it->second) + kBoxW / 2, box_y(it->second) + kBoxH, cx, top);
            else if (auto in = input_x.find(t); in != input_x.end())
                edges += edge(in->second, kMargin + kPillH, cx, top);
        }
    }
    for (std::size_t k = 0; k < g.outputs.size(); ++k) {
        auto it = producer.find(g.outputs[k]);
        double band_left =
            kMargin + (it == producer.end() ? 0 : (l.layer[it->second] / l.per_band) * l.band_w);
        double x = pill_x(k, g.outputs.size(), band_left);
        if (it != producer.end())
            edges += edge(box_x(it->second) + kBoxW / 2, box_y(it->second) + kBoxH, x, outputs_y);
        pills += pill("output " + tensor_line(g.tensor(g.outputs[k])), "output", x, outputs_y);
    }
    for (std::size_t k = 0; k < g.inputs.size(); ++k)
        pills += pill("input " + tensor_line(g.tensor(g.inputs[k])), "input", input_x[g.inputs[k]],
                      kMargin);
    for (const auto &n : p.nodes) {
        const ir::Tensor &out = g.tensor(g.nodes.at(n.index).outputs.at(0));
        double x = box_x(n.index), y = box_y(n.index);
        boxes +=
            fmt::format("<g class=\"node\" data-node=\"{}\" data-backend=\"{}\"><title>{}</title>"
                        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" rx=\"5\" "
                        "fill=\"{}\"/>{}{}</g>",
                        n.index, escape(n.backend), escape(hover_text(r, n)), x, y, kBoxW, kBoxH,
                        backend_colour(p.backends, n.backend),
                        svg_text(x + 8, y + 18, shortened(fmt::format("{} {}", n.index, n.op), 36),
                                 "class=\"title\""),
                        svg_text(x + 8, y + 35,
                                 shortened(fmt::format("{} {}", ir::shape_str(out.shape),
                                                       ir::dtype_name(out.dtype)),
                                           40)));
    }
    std::string legend;
    for (const auto &b : p.backends) {
        int count = int(std::count_if(p.nodes.begin(), p.nodes.end(),
                                      [&](const auto &n) { return n.backend == b; }));
        legend +=
            fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{} ({} "
                        "node{}) ",
                        backend_colour(p.backends, b), escape(b), count, count == 1 ? "" : "s");
    }
    return fmt::format("<section id=\"graph\"><h2>Graph: what runs where</h2>"
                       "<p class=\"legend\">{}&mdash; hover a node for shapes, quantization, "
                       "MACs and why other backends declined it.</p>"
                       "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" "
                       "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\">{}{}{}</svg></section>\n",
                       legend, width, height, width, height, edges, pills, boxes);
}

} // namespace microaot::report
