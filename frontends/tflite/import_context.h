// Internal: state shared by the importer's stages (tensors, then operators).
#pragma once

#include "frontends/tflite/tflite_subset_generated.h"
#include "ir/graph.h"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace microaot::tflite {

namespace fb = microaot::tflite_fb;

struct ImportContext {
    std::span<const uint8_t> file; // the whole model file (buffers may point past the flatbuffer)
    const fb::Model *model = nullptr;
    const fb::SubGraph *subgraph = nullptr;
    std::vector<bool> is_variable; // per tensor of the subgraph
    // Tensors imported without their per-channel quantization because it does not fit their
    // shape, with the error to raise if a kernel reads that quantization.
    std::map<ir::TensorId, std::string> bad_quantization;
};

// "tensor 12 'conv1/weights'": how every message refers to a tensor.
std::string tensor_ref(const ir::Graph &graph, ir::TensorId id);

// Appends one ir::Tensor per TFLite tensor of the subgraph (same indices) and sets graph inputs
// and outputs. Throws CompileError naming the tensor for any inconsistency.
void import_tensors(ImportContext &ctx, ir::Graph &graph);

// Appends one ir::Node per TFLite operator; tensors must already be imported.
void import_operators(const ImportContext &ctx, ir::Graph &graph);

} // namespace microaot::tflite
