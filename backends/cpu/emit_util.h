// Small helpers shared by the CPU backend's emitters: IR -> kernel_params enums, quantization
// lookups and a designated-initializer builder for the kernels' parameter structs.
#pragma once

#include "backends/backend.h"
#include "backends/cpu/kernel_params.h"
#include "backends/cpu/lowering.h"
#include "ir/graph.h"

#include <string>
#include <string_view>
#include <vector>

namespace microaot::cpu {

Activation to_cpu(ir::Activation a);

// Per-tensor scale / zero point of a quantized tensor; CompileError naming `node` otherwise.
float scale_of(const ir::Tensor &t, std::size_t node);
int32_t zero_point_of(const ir::Tensor &t, std::size_t node);
// Dimension `i` as int32 (CompileError when it does not fit).
int32_t dim32(const ir::Tensor &t, std::size_t i, std::size_t node);
int32_t int32_of(int64_t value, std::string_view what, std::size_t node);

// Builds "{ .field = value, ... }" with one field per line, in insertion order.
class StructInit {
  public:
    StructInit &add(std::string_view field, int64_t value);
    StructInit &add_float(std::string_view field, float value);
    StructInit &add_raw(std::string_view field, std::string_view value);
    std::string str() const;

  private:
    std::vector<std::string> lines_;
};

// "node3_conv" style hint for parameter struct names.
std::string params_hint(std::size_t node, std::string_view what);

// Statement prefix naming the node: "/* node 3: CONV_2D -> 'conv1' */".
std::string node_comment(const ir::Graph &graph, std::size_t node);

// "s8"/"f32" (and "s16" when the operator has int16 kernels): the kernel-name suffix of the
// activation dtype, or a reason it has no kernel.
Selection activation_suffix(const ir::Tensor &x, bool has_int16_kernels = false);
// The storage of a quantized activation tensor (int16 or else int8).
QuantizedStorage storage_of(const ir::Tensor &t);

// The per-tensor scale/zp pair of each filter channel (all zero points must be 0).
std::vector<float> filter_scales(const ir::Tensor &filter, std::size_t node);

} // namespace microaot::cpu
