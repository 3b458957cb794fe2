// Hybrid (dynamic-range) CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED: float32 activations with
// int8 constant weights. No record of their own: the conv and fully-connected records pick these
// kernels when the weights are int8 and the activations float (TensorFlow Lite's reference hybrid
// kernels; runtime/portable/mao_hybrid.c).
#pragma once

#include "backends/cpu/lowering.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::cpu {

inline constexpr std::string_view kHybridFile = "mao_hybrid";
inline constexpr std::string_view kConvHybrid = "mao_conv2d_hybrid";
inline constexpr std::string_view kDepthwiseHybrid = "mao_depthwise_conv2d_hybrid";
inline constexpr std::string_view kFullyConnectedHybrid = "mao_fully_connected_hybrid";

// float32 activations reading int8 weights.
bool is_hybrid_node(const ir::Graph &graph, const ir::Node &node);
bool is_hybrid_kernel(std::string_view kernel);
// The hybrid kernel of a hybrid node, or why it has none (nullopt: not a hybrid node).
std::optional<Selection> select_hybrid(const ir::Graph &graph, const ir::Node &node);
// Scratch of a hybrid kernel: one float scale and one int32 offset per batch row, then the
// quantized input (mao_kernels.h).
int64_t hybrid_scratch_bytes(const ir::Graph &graph, const ir::Node &node);
// Whether CONV_2D takes the per-channel (asymmetric) path: several filter scales, not all equal
// (TensorFlow Lite runs equal scales as per-tensor).
bool conv_hybrid_per_channel(const ir::Tensor &filter);
// The trailing arguments of a hybrid call after (params, in, filter, bias):
// "scales[, per_channel[, asymmetric]], out, scratch".
std::string hybrid_call_tail(const EmitRequest &request);

} // namespace microaot::cpu
