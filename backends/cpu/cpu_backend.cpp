#include "backends/cpu/cpu_backend.h"

#include "backends/cpu/emitters.h"
#include "backends/cpu/kernel_select.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {

std::optional<backends::Claim> CpuBackend::claim(const ir::Graph &graph, std::size_t node,
                                                 std::string &why_not) const {
    auto kernel = select_kernel(graph, node, why_not);
    if (!kernel) return std::nullopt;
    return backends::Claim{{node}, *kernel};
}

void CpuBackend::emit(const backends::Claim &claim, backends::EmitContext &ctx) const {
    if (claim.nodes.size() != 1)
        throw CompileError(fmt::format("cpu backend: claim of {} nodes", claim.nodes.size()));
    std::size_t node = claim.nodes[0];
    const std::string &k = claim.kernel;
    try {
        switch (ctx.graph().nodes.at(node).kind) {
        case ir::OpKind::Conv2D:
        case ir::OpKind::DepthwiseConv2D:
            emit_conv(node, k, ctx);
            break;
        case ir::OpKind::FullyConnected:
            emit_fully_connected(node, k, ctx);
            break;
        case ir::OpKind::AveragePool2D:
        case ir::OpKind::MaxPool2D:
            emit_pool(node, k, ctx);
            break;
        case ir::OpKind::Softmax:
            emit_softmax(node, k, ctx);
            break;
        case ir::OpKind::Add:
            emit_add(node, k, ctx);
            break;
        case ir::OpKind::Reshape:
            emit_reshape(node, k, ctx);
            break;
        case ir::OpKind::Relu:
        case ir::OpKind::Relu6:
            emit_activation(node, k, ctx);
            break;
        default:
            throw CompileError(fmt::format("cpu backend cannot emit {}",
                                           ir::op_name(ctx.graph().nodes[node].kind)));
        }
    } catch (const CompileError &e) {
        const ir::Node &n = ctx.graph().nodes[node];
        throw CompileError(fmt::format("node {} ({} -> '{}'): {}", node, ir::op_name(n.kind),
                                       ctx.graph().tensor(n.outputs.at(0)).name, e.what()));
    }
}

std::vector<std::string> CpuBackend::runtime_sources() const {
    std::vector<std::string> files;
    for (const char *k :
         {"mao_add_f32", "mao_add_s8", "mao_avg_pool_f32", "mao_avg_pool_s8", "mao_conv2d_f32",
          "mao_conv2d_s8", "mao_copy", "mao_depthwise_conv2d_f32", "mao_depthwise_conv2d_s8",
          "mao_fully_connected_f32", "mao_fully_connected_s8", "mao_fully_connected_s8_folded",
          "mao_fully_connected_s8_per_channel", "mao_max_pool_f32", "mao_max_pool_s8",
          "mao_softmax_f32", "mao_softmax_s8"})
        files.push_back(fmt::format("portable/{}.c", k));
    files.push_back("portable/mao_kernels.h");
    return files;
}

} // namespace microaot::cpu
