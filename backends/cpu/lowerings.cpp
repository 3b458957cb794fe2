// The table of the CPU backend's lowering records, built once from the families' files.
#include "backends/cpu/lowering.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

using Table = std::array<std::optional<Lowering>, ir::kOpKindCount>;

Table build_table() {
    std::vector<Lowering> records;
    add_conv_lowerings(records);
    add_fully_connected_lowerings(records);
    add_pool_lowerings(records);
    add_softmax_lowerings(records);
    add_elementwise_lowerings(records);
    add_data_movement_lowerings(records);
    add_reduce_lowerings(records);
    add_unary_lowerings(records);
    add_binary_lowerings(records);   // ops-binary group
    add_matmul_lowerings(records);   // ops-matmul group
    add_shape_op_lowerings(records); // ops-shape2 group
    Table table;
    for (Lowering &r : records) {
        auto &slot = table.at(std::size_t(r.kind));
        // Two records for one operator is a programming error caught by the lowering tests.
        if (slot || !r.select || !r.emit || r.kernels.empty())
            throw std::logic_error(
                fmt::format("cpu lowering of {} is duplicated or incomplete", ir::op_name(r.kind)));
        slot = std::move(r);
    }
    return table;
}

const Table &table() {
    static const Table t = build_table();
    return t;
}

} // namespace

const Lowering *find_lowering(ir::OpKind kind) {
    const auto &slot = table().at(std::size_t(kind));
    return slot ? &*slot : nullptr;
}

std::vector<const Lowering *> all_lowerings() {
    std::vector<const Lowering *> out;
    for (const auto &slot : table())
        if (slot) out.push_back(&*slot);
    return out;
}

void EmitRequest::use_kernel(std::string_view name) const {
    std::string k(name.empty() ? std::string_view(kernel) : name);
    auto v = std::find_if(kernels.begin(), kernels.end(),
                          [&](const KernelVariant &kv) { return kv.name == k; });
    bool m4 = runtime == Runtime::CortexM4 && v != kernels.end() && v->cortex_m4;
    std::string_view file = v != kernels.end() ? v->file_name() : std::string_view(k);
    ctx.use_kernel(k, fmt::format("{}/{}.c", m4 ? "cortex_m4" : "portable", file));
}

} // namespace microaot::cpu
