// How the CPU backend runs each operator: one lowering record per OpKind, defined next to its
// emitter in a lower_<family>.cpp file. The record says which kernel runs a node (or why none
// can), emits the call with every parameter derived at compile time, names the kernels that
// have a Cortex-M4 version, and states the workspace scratch a kernel needs and its cost.
//
// Kernels live in runtime/portable/<kernel>.c; the Cortex-M4 runtime uses
// runtime/cortex_m4/<kernel>.c instead for the kernels a record lists (same signature).
#pragma once

#include "backends/backend.h"
#include "ir/graph.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::cpu {

// Which kernels the generated code links: the portable C99 ones, or the Cortex-M4 DSP/FPU ones
// where they exist.
enum class Runtime { Portable, CortexM4 };

// The kernel chosen for a node, or the reason none fits.
struct Selection {
    std::optional<std::string> kernel;
    std::string reason;

    static Selection use(std::string kernel) { return {std::move(kernel), {}}; }
    static Selection decline(std::string reason) { return {std::nullopt, std::move(reason)}; }
};

// One kernel a lowering may call: the C function `name` in runtime/portable/<file>.c, for
// activations of `dtype`, and whether runtime/cortex_m4/<file>.c replaces it on the Cortex-M4
// runtime. `file` defaults to `name`; the kernels of one family (every dtype of MEAN, SUM, ...)
// may share one file.
struct KernelVariant {
    ir::DType dtype;
    std::string_view name;
    bool cortex_m4 = false;
    std::string_view file = {};

    constexpr std::string_view file_name() const { return file.empty() ? name : file; }
};

// What an emitter gets: the node, its kernel, the code generator's context.
struct EmitRequest {
    std::size_t node;
    const std::string &kernel;
    backends::EmitContext &ctx;
    Runtime runtime;
    const std::vector<KernelVariant> &kernels;

    const ir::Graph &graph() const { return ctx.graph(); }
    const ir::Node &op() const { return ctx.graph().nodes.at(node); }
    // Records that the call uses `name` (this lowering's kernel by default) and copies its file.
    void use_kernel(std::string_view name = {}) const;
};

struct Lowering {
    ir::OpKind kind;
    Selection (*select)(const ir::Graph &graph, const ir::Node &node) = nullptr;
    void (*emit)(const EmitRequest &request) = nullptr;
    // Every kernel `select` may choose (docs/operators.md lists them; a test checks the files).
    std::vector<KernelVariant> kernels;
    // Workspace bytes the kernel needs as scratch while it runs (nullptr: none).
    int64_t (*scratch_bytes)(const ir::Graph &graph, const ir::Node &node, std::string_view kernel,
                             Runtime runtime) = nullptr;
    // Cost model for partitioning: cycles per MAC and per output element (loop control,
    // requantization, store). Coarse on purpose: it only decides whether offloading pays off.
    int64_t cycles_per_mac = 0;
    int64_t cycles_per_output = 2;
};

// The lowering of `kind`, or nullptr when the CPU backend has none.
const Lowering *find_lowering(ir::OpKind kind);
// Every record, in OpKind order.
std::vector<const Lowering *> all_lowerings();

// Each lower_<family>.cpp adds its records here (called once by the table in lowerings.cpp).
using LoweringSink = std::vector<Lowering> &;
void add_conv_lowerings(LoweringSink out);
void add_fully_connected_lowerings(LoweringSink out);
void add_pool_lowerings(LoweringSink out);
void add_softmax_lowerings(LoweringSink out);
void add_elementwise_lowerings(LoweringSink out);
void add_data_movement_lowerings(LoweringSink out);
void add_reduce_lowerings(LoweringSink out);
void add_unary_lowerings(LoweringSink out); // activations and unary math
// ops-binary group
void add_binary_lowerings(LoweringSink out);
// ops-matmul group: BATCH_MATMUL, L2_NORMALIZATION
void add_matmul_lowerings(LoweringSink out);
// ops-shape2 group: SHAPE, ZEROS_LIKE
void add_shape_op_lowerings(LoweringSink out);

} // namespace microaot::cpu
