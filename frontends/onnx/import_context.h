// Internal: what the ONNX importer's stages share. ONNX values (by name) map to IR tensors or to
// compile-time constants, each with the layout its IR tensor has.
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
class NodeProto;
class TensorProto;
} // namespace onnx

namespace microaot::onnx_import {

// How an IR tensor's bytes relate to the ONNX value it stands for.
enum class Layout {
    Plain,   // same shape and element order as in ONNX
    Nhwc,    // a 4-D ONNX NCHW value held as NHWC (the IR's layout for spatial operators)
    FlatChw, // ONNX [N, C*H*W] flattened from NCHW, held as the flattened NHWC ([N, H*W*C])
};

// A constant (initializer, Constant node, folded value) in ONNX order.
struct ConstTensor {
    ir::DType dtype = ir::DType::Float32;
    ir::Shape shape;
    std::vector<uint8_t> bytes;

    std::vector<float> floats() const; // float32 only
    std::vector<int64_t> ints() const; // int32/int64 only
};

struct Value {
    std::optional<ConstTensor> constant;
    ir::TensorId id = ir::kNoTensor; // runtime value (or a constant materialized for an operand)
    Layout layout = Layout::Plain;
    ir::Shape shape;             // the ONNX shape
    int64_t c = 0, h = 0, w = 0; // FlatChw: the NCHW dims it was flattened from
    int producer = -1;           // index of the IR node writing it, -1 for inputs and constants
};

struct Context {
    std::string label; // prefixes errors
    int64_t opset = 0; // of the default domain
    ir::Graph *graph = nullptr;
    std::map<std::string, Value> values;
    std::map<std::string, int> readers; // how many node inputs (and graph outputs) read a value
};

// "node 3 'conv1' (Conv)": how messages name a node.
std::string node_ref(const onnx::NodeProto &node, std::size_t index);

// Checks a TensorProto (type, dims, data length) and decodes it. `where` names it in errors.
ConstTensor decode_tensor(const onnx::TensorProto &t, const std::string &where);

// NCHW <-> NHWC dims.
ir::Shape to_nhwc(const ir::Shape &nchw);
// The data of a 4-D float constant [A, B, C, D] permuted to `order` (indices of source axes).
std::vector<float> permute4(const std::vector<float> &src, const ir::Shape &shape,
                            const int (&order)[4], ir::Shape &out_shape);

// Imports every node (all unsupported operators named in one error first).
void import_nodes(Context &ctx, const onnx::ModelProto &model);

} // namespace microaot::onnx_import
