#include "report/html_report.h"

#include "report/html_util.h"
#include "report/sections.h"

#include "ir/ops.h"

#include <filesystem>
#include <fmt/format.h>

namespace microaot::report {
namespace {

// No fonts, images or scripts from anywhere: the page is one file.
const char *const kStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1500px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 15px; margin: 14px 0 4px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: 6px 12px; }
.figure b { display: block; font-size: 18px; }
svg text { font: 11px system-ui, sans-serif; fill: #222; }
svg.graph .node rect { stroke: #333; stroke-width: 0.6; }
svg.graph .node text { fill: #fff; } svg.graph .node text.title { font-weight: 600; }
svg.graph .node:hover rect { stroke-width: 2.5; }
svg.graph .io rect { fill: #eee; stroke: #999; }
svg.graph .edge { fill: none; stroke: #999; stroke-width: 1.2; }
svg.timeline .plot { fill: #fafafa; stroke: #ccc; }
svg.timeline .buffer { stroke: #fff; stroke-width: 0.5; opacity: 0.9; }
svg.timeline .buffer:hover { opacity: 1; stroke: #000; stroke-width: 1.5; }
svg.timeline .peak { stroke: #c00; stroke-width: 1.5; }
svg.timeline .lower-bound { stroke: #06c; stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .tick { font-size: 10px; fill: #555; } svg .axis { fill: #555; }
svg.profile .cpu { fill: #4e79a7; } svg.profile .accel { fill: #f28e2b; }
svg.profile .profile-bar:hover rect { opacity: 0.75; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
          margin: 0 4px 0 10px; vertical-align: -1px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border-bottom: 1px solid #eee; padding: 2px 10px 2px 0; text-align: left;
         white-space: nowrap; }
td.why { white-space: normal; font-size: 12px; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.share { display: inline-block; height: 9px; background: #f28e2b; }
footer { margin-top: 30px; color: #777; font-size: 12px; }
)css";

std::string figure(const std::string &label, const std::string &value) {
    return fmt::format("<div class=\"figure\">{}<b>{}</b></div>", escape(label), escape(value));
}

std::string summary(const ReportInput &in, const partition::PartitionReport &p) {
    const driver::CompileResult &r = in.result;
    int64_t macs = 0;
    for (const ir::Node &n : r.graph.nodes)
        macs += ir::node_macs(r.graph, n);
    std::string s = "<div class=\"figures\">";
    s += figure("nodes (after passes)", std::to_string(r.graph.nodes.size()));
    s += figure("MACs", grouped(macs));
    s += figure("workspace", grouped(r.plan.peak) + " B");
    s += figure("lower bound", grouped(r.plan.lower_bound) + " B");
    if (in.footprint.measured) {
        s += figure("flash (library)", grouped(in.footprint.library_flash()) + " B");
        s += figure("RAM (with stack bound)", grouped(in.footprint.ram()) + " B");
    } else {
        s += figure("weights", grouped(in.footprint.weights) + " B");
    }
    if (in.profile) {
        int64_t total = 0;
        for (const auto &e : in.profile->nodes)
            total += in.profile->has_cycles ? *e.cycles : e.instructions;
        s += figure(in.profile->has_cycles ? "cycles (estimate)" : "instructions", grouped(total));
    }
    std::string backends;
    for (const auto &b : p.backends)
        backends += (backends.empty() ? "" : ", ") + b;
    s += figure("backends (priority order)", backends);
    return s + "</div>";
}

std::string node_table(const driver::CompileResult &r, const partition::PartitionReport &p) {
    std::string t = "<section id=\"nodes\"><h2>Nodes</h2><table><tr><th>node</th><th>operator</th>"
                    "<th>output</th><th>backend</th><th>kernel</th><th>MACs</th>"
                    "<th>declined by</th></tr>";
    for (const auto &n : p.nodes) {
        const ir::Node &node = r.graph.nodes.at(n.index);
        const ir::Tensor &out = r.graph.tensor(node.outputs.at(0));
        std::string declined;
        for (const auto &d : n.declined)
            declined += fmt::format("{}{}: {}", declined.empty() ? "" : "; ", d.backend, d.reason);
        t += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{} {}</td><td><span "
                         "class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td "
                         "class=\"n\">{}</td><td class=\"why\">{}</td></tr>",
                         n.index, escape(n.op), escape(ir::shape_str(out.shape)),
                         escape(std::string(ir::dtype_name(out.dtype))),
                         backend_colour(p.backends, n.backend), escape(n.backend), escape(n.kernel),
                         grouped(ir::node_macs(r.graph, node)), escape(declined));
    }
    return t + "</table></section>\n";
}

} // namespace

std::string render_html(const ReportInput &in) {
    const driver::CompileResult &r = in.result;
    partition::PartitionReport p = driver::partition_report(r);
    std::string model = std::filesystem::path(in.model_path).filename().string();
    std::string title = fmt::format("{} on {}{}", model, in.options.target,
                                    in.options.accel.empty() ? "" : " + " + in.options.accel);
    std::string page =
        fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<link rel=\"icon\" href=\"data:,\"><title>microaot report: {}</title>"
                    "<style>{}</style></head><body>\n<h1>microaot report: {}</h1>"
                    "<p>Library <code>{}</code>, {} nodes after the passes, compiled for target "
                    "<code>{}</code>{}.</p>",
                    escape(title), kStyle, escape(title), escape(r.name), r.graph.nodes.size(),
                    escape(in.options.target),
                    in.options.accel.empty() ? ""
                                             : fmt::format(" with accelerator <code>{}</code>",
                                                           escape(in.options.accel)));
    page += summary(in, p);
    page += graph_section(r, p);
    page += memory_timeline_section(r, p);
    page += footprint_section(in.footprint, r);
    if (in.profile) page += profile_section(*in.profile, r);
    page += node_table(r, p);
    page += "<footer>Generated by microaot 0.1.0 (<code>microaot report</code>). One file: inline "
            "SVG and CSS, nothing loaded from elsewhere.</footer>\n</body></html>\n";
    return page;
}

} // namespace microaot::report
