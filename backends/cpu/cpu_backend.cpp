#include "backends/cpu/cpu_backend.h"

#include "ir/error.h"
#include "ir/ops.h"
#include "ir/saturating.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

// Forwards to the code generator's context, keeping the node's statements so that they can be
// bracketed by profiling hooks (a zero-copy node emits nothing and gets no hooks).
class StatementBuffer final : public backends::EmitContext {
  public:
    explicit StatementBuffer(backends::EmitContext &inner) : inner_(inner) {}
    const ir::Graph &graph() const override { return inner_.graph(); }
    std::string tensor_ref(ir::TensorId id) override { return inner_.tensor_ref(id); }
    bool shares_storage(ir::TensorId a, ir::TensorId b) const override {
        return inner_.shares_storage(a, b);
    }
    std::string add_constant(std::string_view c_type, std::span<const uint8_t> bytes,
                             std::string_view what) override {
        return inner_.add_constant(c_type, bytes, what);
    }
    std::string add_params(std::string_view c_type, std::string_view name_hint,
                           std::string_view initializer) override {
        return inner_.add_params(c_type, name_hint, initializer);
    }
    void add_statement(std::string statement) override {
        statements_.push_back(std::move(statement));
    }
    void use_kernel(std::string_view kernel, std::string_view runtime_file) override {
        inner_.use_kernel(kernel, runtime_file);
    }
    std::string scratch_ref() override { return inner_.scratch_ref(); }
    std::vector<std::string> &statements() { return statements_; }

  private:
    backends::EmitContext &inner_;
    std::vector<std::string> statements_;
};

const Lowering &lowering_of(const ir::Graph &graph, std::size_t node) {
    const ir::Node &n = graph.nodes.at(node);
    const Lowering *l = find_lowering(n.kind);
    if (!l) throw CompileError(fmt::format("cpu backend cannot emit {}", ir::op_name(n.kind)));
    return *l;
}

const std::string &single_kernel(const backends::Claim &claim) {
    if (claim.nodes.size() != 1)
        throw CompileError(fmt::format("cpu backend: claim of {} nodes", claim.nodes.size()));
    return claim.kernel;
}

} // namespace

std::string_view CpuBackend::name() const {
    return runtime_ == Runtime::CortexM4 ? "cortex_m4" : "cpu";
}

std::optional<backends::Claim> CpuBackend::claim(const ir::Graph &graph, std::size_t node,
                                                 std::string &why_not) const {
    const ir::Node &n = graph.nodes.at(node);
    const Lowering *l = find_lowering(n.kind);
    if (!l) {
        why_not = fmt::format("no CPU kernel for {}", ir::op_name(n.kind));
        return std::nullopt;
    }
    Selection s = l->select(graph, n);
    if (!s.kernel) {
        why_not = s.reason;
        return std::nullopt;
    }
    return backends::Claim{{node}, *s.kernel};
}

void CpuBackend::emit(const backends::Claim &claim, backends::EmitContext &ctx) const {
    const std::string &kernel = single_kernel(claim);
    std::size_t node = claim.nodes[0];
    const Lowering &l = lowering_of(ctx.graph(), node);
    StatementBuffer buffer(ctx);
    try {
        l.emit(EmitRequest{node, kernel, buffer, runtime_, l.kernels});
    } catch (const CompileError &e) {
        const ir::Node &n = ctx.graph().nodes[node];
        throw CompileError(fmt::format("node {} ({} -> '{}'): {}", node, ir::op_name(n.kind),
                                       ctx.graph().tensor(n.outputs.at(0)).name, e.what()));
    }
    bool hooks = runtime_ == Runtime::CortexM4 && !buffer.statements().empty();
    if (hooks) ctx.add_statement(fmt::format("MAO_NODE_BEGIN({});", node));
    for (auto &s : buffer.statements())
        ctx.add_statement(std::move(s));
    if (hooks) ctx.add_statement(fmt::format("MAO_NODE_END({});", node));
}

std::optional<int64_t> CpuBackend::cost_cycles(const ir::Graph &graph,
                                               const backends::Claim &claim) const {
    using ir::saturating_add, ir::saturating_mul;
    int64_t total = 0;
    for (std::size_t node : claim.nodes) {
        const ir::Node &n = graph.nodes.at(node);
        const Lowering &l = lowering_of(graph, node);
        int64_t outputs = 0;
        for (ir::TensorId y : n.outputs)
            outputs = saturating_add(outputs, ir::element_count(graph.tensor(y).shape));
        // MACs times cycles per MAC can pass int64 on a hostile model: saturate.
        total = saturating_add(
            total, saturating_add(saturating_mul(ir::node_macs(graph, n), l.cycles_per_mac),
                                  saturating_mul(outputs, l.cycles_per_output)));
    }
    return total;
}

int64_t CpuBackend::scratch_bytes(const ir::Graph &graph, const backends::Claim &claim) const {
    const std::string &kernel = single_kernel(claim);
    const Lowering &l = lowering_of(graph, claim.nodes[0]);
    if (!l.scratch_bytes) return 0;
    return l.scratch_bytes(graph, graph.nodes[claim.nodes[0]], kernel, runtime_);
}

} // namespace microaot::cpu
