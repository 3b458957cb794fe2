// Operator registry: one entry per OpKind with its name, arity and rules.
#pragma once

#include "ir/graph.h"

#include <functional>
#include <string>
#include <string_view>

namespace microaot::ir {

struct OpInfo {
    OpKind kind;
    std::string_view name; // TFLite-style upper-case name, used in dumps and messages
    int min_inputs;
    int max_inputs;
    // Throws CompileError describing the first violated rule (shapes, dtypes, quantization).
    void (*verify)(const Graph &, const Node &);
    // Multiply-accumulates of one execution (0 for data movement).
    int64_t (*macs)(const Graph &, const Node &);
};

const OpInfo &op_info(OpKind kind);
std::string_view op_name(OpKind kind);

// Spatial output size of a conv/pool window, as TFLite computes it.
int64_t conv_output_size(int64_t in, int64_t filter, int stride, int dilation, Padding padding);

} // namespace microaot::ir
