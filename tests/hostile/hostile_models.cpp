// Writes the hand-crafted hostile models the tests in this folder (and bench/compile_scale.sh)
// feed to microaot: names that are not UTF-8 or hold control bytes, C macro and C++ keyword
// names, MAC totals beyond int64, workspaces and weights beyond the target's memory, and very
// long chains / very many outputs.
//
// Usage: hostile_models DIR                 all fixed models into DIR
//        hostile_models --add-chain N FILE  float ADD chain of N nodes
//        hostile_models --outputs N FILE    one input, N ADD nodes, each a graph output
#include "model_builder.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

namespace microaot::test {
namespace {

constexpr int32_t kAdd = 0, kAveragePool = 1, kConv = 3, kDepthwise = 4, kFullyConnected = 9,
                  kCustom = 32;

OperatorSpec add_op(uint32_t opcode, int32_t a, int32_t b, int32_t y) {
    OperatorSpec op;
    op.opcode_index = opcode;
    op.inputs = {a, b};
    op.outputs = {y};
    op.options_type = fb::BuiltinOptions::AddOptions;
    op.options = [](flatbuffers::FlatBufferBuilder &fbb) {
        return fb::CreateAddOptions(fbb, 0).Union();
    };
    return op;
}

TensorSpec float_tensor(std::string name, std::vector<int32_t> shape, uint32_t buffer = 0) {
    return {std::move(name), std::move(shape), kFloat32, buffer, {}, {}, 0, false};
}

// y = FC(x, w, b): x [1x4] -> y [1x3], with the tensor names given.
ModelSpec named_fc(const std::string &x, const std::string &w, const std::string &y) {
    ModelSpec m = fully_connected_model();
    m.tensors[0].name = x;
    m.tensors[1].name = w;
    m.tensors[3].name = y;
    return m;
}

// N float ADD nodes in a chain: t_{i+1} = t_i + x.
ModelSpec add_chain(int nodes) {
    ModelSpec m;
    m.operator_codes = {{kAdd, kAdd, ""}};
    m.buffers = {{}};
    m.tensors.push_back(float_tensor("x", {1, 8}));
    for (int i = 0; i < nodes; ++i) {
        m.tensors.push_back(float_tensor("t" + std::to_string(i + 1), {1, 8}));
        m.operators.push_back(add_op(0, i == 0 ? 0 : i, 0, i + 1));
    }
    m.inputs = {0};
    m.outputs = {nodes};
    return m;
}

// One input, N ADD nodes y_i = x + x, every y_i a graph output.
ModelSpec many_outputs(int outputs) {
    ModelSpec m;
    m.operator_codes = {{kAdd, kAdd, ""}};
    m.buffers = {{}};
    m.tensors.push_back(float_tensor("x", {1, 4}));
    for (int i = 0; i < outputs; ++i) {
        m.tensors.push_back(float_tensor("y" + std::to_string(i), {1, 4}));
        m.operators.push_back(add_op(0, 0, 0, i + 1));
        m.outputs.push_back(i + 1);
    }
    m.inputs = {0};
    return m;
}

// Graph inputs and outputs named after C macros, standard typedefs, GNU predefined macros, C++
// keywords and the header's own macros (compiled with --name net): the generated header's struct
// fields must stay valid C and C++.
ModelSpec reserved_names() {
    const char *in[] = {"NULL", "INT8_MAX",           "uint8_t", "class", "linux",
                        "bool", "net_WORKSPACE_SIZE", "NET_H"};
    const char *out[] = {"errno", "new", "template", "size_t", "EOF", "true", "EDOM"};
    ModelSpec m;
    m.operator_codes = {{kAdd, kAdd, ""}};
    m.buffers = {{}};
    for (const char *name : in)
        m.tensors.push_back(float_tensor(name, {1, 4}));
    for (const char *name : out)
        m.tensors.push_back(float_tensor(name, {1, 4}));
    // errno = NULL + INT8_MAX, new = uint8_t + class, template = linux + bool,
    // size_t = errno + new, EOF = template + size_t, true = EOF + errno,
    // EDOM = net_WORKSPACE_SIZE + NET_H.
    const int32_t ops[][3] = {{0, 1, 8},    {2, 3, 9},   {4, 5, 10}, {8, 9, 11},
                              {10, 11, 12}, {12, 8, 13}, {6, 7, 14}};
    for (const auto &o : ops)
        m.operators.push_back(add_op(0, o[0], o[1], o[2]));
    m.inputs = {0, 1, 2, 3, 4, 5, 6, 7};
    m.outputs = {8, 9, 10, 11, 12, 13, 14};
    return m;
}

// A custom operator whose code holds a newline and terminal escape sequences.
ModelSpec custom_op_with_control_bytes() {
    ModelSpec m = fully_connected_model();
    m.operator_codes = {{kCustom, kCustom, "evil\n\x1b[2J\x1b]0;pwned\x07op"}};
    return m;
}

// 4100 float DEPTHWISE_CONV_2D nodes, each 2^31 - 2^16 outputs x a 1024x1024 window ~ 2^51 MACs:
// the total is past int64. They share one input and one (4 MiB) filter; each output is a graph
// output so that dead-code keeps every node.
ModelSpec mac_total_overflow() {
    constexpr int kNodes = 4100;
    ModelSpec m;
    m.operator_codes = {{kDepthwise, kDepthwise, ""}};
    std::vector<float> filter(1024 * 1024, 0.0f);
    m.buffers = {{}, {float_bytes(filter), 0, 0}};
    m.tensors.push_back(float_tensor("x", {1, 32767, 65536, 1}));
    m.tensors.push_back(float_tensor("w", {1, 1024, 1024, 1}, 1));
    for (int i = 0; i < kNodes; ++i) {
        m.tensors.push_back(float_tensor("y" + std::to_string(i), {1, 32767, 65536, 1}));
        OperatorSpec op;
        op.inputs = {0, 1, -1};
        op.outputs = {i + 2};
        op.options_type = fb::BuiltinOptions::DepthwiseConv2DOptions;
        op.options = [](flatbuffers::FlatBufferBuilder &fbb) {
            return fb::CreateDepthwiseConv2DOptions(fbb, /*SAME*/ 0, 1, 1, 1, 0, 1, 1).Union();
        };
        m.operators.push_back(op);
        m.outputs.push_back(i + 2);
    }
    m.inputs = {0};
    return m;
}

// y = (x + x) + (x + x) on `elements` floats: the intermediate takes elements * 4 bytes of
// workspace.
ModelSpec big_workspace(int32_t elements) {
    ModelSpec m;
    m.operator_codes = {{kAdd, kAdd, ""}};
    m.buffers = {{}};
    m.tensors = {float_tensor("x", {elements}), float_tensor("t", {elements}),
                 float_tensor("y", {elements})};
    m.operators = {add_op(0, 0, 0, 1), add_op(0, 1, 1, 2)};
    m.inputs = {0};
    m.outputs = {2};
    return m;
}

// FULLY_CONNECTED with 5 MiB of float weights (more than the Cortex-M4F board's 4 MiB flash).
ModelSpec big_weights() {
    ModelSpec m;
    m.operator_codes = {{kFullyConnected, kFullyConnected, ""}};
    m.buffers = {{}, {float_bytes(std::vector<float>(1280 * 1024, 0.25f)), 0, 0}};
    m.tensors = {float_tensor("x", {1, 1024}), float_tensor("w", {1280, 1024}, 1),
                 float_tensor("y", {1, 1280})};
    OperatorSpec fc;
    fc.inputs = {0, 1, -1};
    fc.outputs = {2};
    m.operators = {fc};
    m.inputs = {0};
    m.outputs = {2};
    return m;
}

TensorSpec int8_tensor(std::string name, std::vector<int32_t> shape, uint32_t buffer = 0,
                       int64_t zero_point = 0, float scale = 0.05f) {
    return {std::move(name), std::move(shape), kInt8, buffer, {scale}, {zero_point}, 0, false};
}

std::vector<uint8_t> int32_bytes(const std::vector<int32_t> &values) {
    std::vector<uint8_t> out(values.size() * 4);
    std::memcpy(out.data(), values.data(), out.size());
    return out;
}

// int8 y[1xU] = FULLY_CONNECTED(x[1xD], w[UxD], bias[U]); zero points of x, w and y as given,
// weights alternating +127 / -127.
ModelSpec int8_fc(int32_t depth, int32_t units, int64_t x_zp, int64_t w_zp, int64_t y_zp) {
    ModelSpec m;
    m.operator_codes = {{kFullyConnected, kFullyConnected, ""}};
    std::vector<uint8_t> weights(std::size_t(depth) * std::size_t(units));
    for (std::size_t i = 0; i < weights.size(); ++i)
        weights[i] = i % 2 ? uint8_t(0x81) : uint8_t(0x7f);
    m.buffers = {
        {}, {weights, 0, 0}, {int32_bytes(std::vector<int32_t>(std::size_t(units), 0)), 0, 0}};
    m.tensors = {int8_tensor("x", {1, depth}, 0, x_zp),
                 int8_tensor("w", {units, depth}, 1, w_zp),
                 {"bias", {units}, 2 /* int32 */, 2, {0.0025f}, {0}, 0, false},
                 int8_tensor("y", {1, units}, 0, y_zp, 0.5f)};
    OperatorSpec fc;
    fc.inputs = {0, 1, 2};
    fc.outputs = {3};
    m.operators = {fc};
    m.inputs = {0};
    m.outputs = {3};
    return m;
}

// int8 CONV_2D (or DEPTHWISE_CONV_2D) over x [1 x H x W x 1], filter 1 x kh x kw x 1, SAME.
ModelSpec int8_conv(bool depthwise, int32_t h, int32_t w, int32_t kh, int32_t kw,
                    int32_t dilation_h, int32_t dilation_w, int64_t w_zp = 0) {
    ModelSpec m;
    int32_t code = depthwise ? kDepthwise : kConv;
    m.operator_codes = {{int8_t(code), code, ""}};
    m.buffers = {{}, {std::vector<uint8_t>(std::size_t(kh) * std::size_t(kw), 1), 0, 0}};
    m.tensors = {int8_tensor("x", {1, h, w, 1}), int8_tensor("w", {1, kh, kw, 1}, 1, w_zp),
                 int8_tensor("y", {1, h, w, 1}, 0, 0, 0.5f)};
    OperatorSpec op;
    op.inputs = {0, 1, -1};
    op.outputs = {2};
    if (depthwise) {
        op.options_type = fb::BuiltinOptions::DepthwiseConv2DOptions;
        op.options = [=](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateDepthwiseConv2DOptions(b, /*SAME*/ 0, 1, 1, 1, 0, dilation_w,
                                                    dilation_h)
                .Union();
        };
    } else {
        op.options_type = fb::BuiltinOptions::Conv2DOptions;
        op.options = [=](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateConv2DOptions(b, /*SAME*/ 0, 1, 1, 0, dilation_w, dilation_h).Union();
        };
    }
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {2};
    return m;
}

// int8 AVERAGE_POOL_2D of one window over the whole x [1 x N x N x 1] (VALID).
ModelSpec int8_average_pool(int32_t n) {
    ModelSpec m;
    m.operator_codes = {{kAveragePool, kAveragePool, ""}};
    m.buffers = {{}};
    m.tensors = {int8_tensor("x", {1, n, n, 1}), int8_tensor("y", {1, 1, 1, 1})};
    OperatorSpec op;
    op.inputs = {0};
    op.outputs = {1};
    op.options_type = fb::BuiltinOptions::Pool2DOptions;
    op.options = [=](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreatePool2DOptions(b, /*VALID*/ 1, 1, 1, n, n, 0).Union();
    };
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {1};
    return m;
}

// ops-matmul group. int8 y [2 x 3 x 5] = BATCH_MATMUL(a [2 x 3 x D], b [D x 5]) with the adjoint
// flags given (an adjoint flag here makes the depths disagree).
ModelSpec int8_batch_matmul(int32_t depth, bool adj_x, bool adj_y) {
    ModelSpec m;
    m.operator_codes = {{126, 126, ""}};
    m.buffers = {{}};
    m.tensors = {int8_tensor("a", {2, 3, depth}, 0, -128), int8_tensor("b", {depth, 5}, 0, 127),
                 int8_tensor("y", {2, 3, 5}, 0, 0, 0.5f)};
    OperatorSpec op;
    op.inputs = {0, 1};
    op.outputs = {2};
    op.options_type = fb::BuiltinOptions::BatchMatMulOptions;
    op.options = [=](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateBatchMatMulOptions(b, adj_x, adj_y, false).Union();
    };
    m.operators = {op};
    m.inputs = {0, 1};
    m.outputs = {2};
    return m;
}

// int8 L2_NORMALIZATION of x [1 x 8] with the fused activation given (TFLite Micro takes NONE).
ModelSpec int8_l2_normalization(int8_t activation) {
    ModelSpec m;
    m.operator_codes = {{11, 11, ""}};
    m.buffers = {{}};
    m.tensors = {int8_tensor("x", {1, 8}), int8_tensor("y", {1, 8}, 0, 0, 1.0f / 128.0f)};
    OperatorSpec op;
    op.inputs = {0};
    op.outputs = {1};
    op.options_type = fb::BuiltinOptions::L2NormOptions;
    op.options = [=](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateL2NormOptions(b, activation).Union();
    };
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {1};
    return m;
}

// ops-shape2 group: x[1x3x1x2] -> SQUEEZE(dims) -> s -> EXPAND_DIMS(axis) -> e -> SHAPE(out_type)
// -> d, with the option under test set to a value the importer refuses.
struct ShapeOpsOptions {
    std::vector<int32_t> squeeze_dims = {2};
    std::vector<int32_t> s_shape = {1, 3, 2};
    bool axis_constant = true;
    int8_t out_type = 2; // int32
};

ModelSpec shape_ops(const ShapeOpsOptions &o) {
    constexpr int32_t kSqueeze = 43, kExpandDims = 70, kShape = 77;
    ModelSpec m;
    m.operator_codes = {
        {kSqueeze, kSqueeze, ""}, {kExpandDims, kExpandDims, ""}, {kShape, kShape, ""}};
    m.buffers = {{}, {int32_bytes({1}), 0, 0}};
    m.tensors = {float_tensor("x", {1, 3, 1, 2}),
                 float_tensor("s", o.s_shape),
                 {"axis", {}, 2 /* int32 */, o.axis_constant ? 1u : 0u, {}, {}, 0, false},
                 float_tensor("e", {1, 1, 3, 2}),
                 {"d", {4}, 2 /* int32 */, 0, {}, {}, 0, false}};
    OperatorSpec squeeze, expand, shape;
    squeeze.opcode_index = 0;
    squeeze.inputs = {0};
    squeeze.outputs = {1};
    squeeze.options_type = fb::BuiltinOptions::SqueezeOptions;
    squeeze.options = [dims = o.squeeze_dims](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateSqueezeOptions(b, b.CreateVector(dims)).Union();
    };
    expand.opcode_index = 1;
    expand.inputs = {1, 2};
    expand.outputs = {3};
    shape.opcode_index = 2;
    shape.inputs = {3};
    shape.outputs = {4};
    shape.options_type = fb::BuiltinOptions::ShapeOptions;
    shape.options = [t = o.out_type](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateShapeOptions(b, t).Union();
    };
    m.operators = {squeeze, expand, shape};
    m.inputs = o.axis_constant ? std::vector<int32_t>{0} : std::vector<int32_t>{0, 2};
    m.outputs = {3, 4};
    return m;
}

const std::map<std::string, std::function<ModelSpec()>> &fixed_models() {
    static const std::map<std::string, std::function<ModelSpec()>> models = {
        {"bad_utf8_name", [] { return named_fc("x", "w", "y\xff\xfe"); }},
        {"control_chars",
         [] { return named_fc("in\x1b[2Jput", "w\x1b[31m", "out\nput\x1b]0;title\x07"); }},
        {"custom_op_control_bytes", custom_op_with_control_bytes},
        {"reserved_names", reserved_names},
        {"mac_total_overflow", mac_total_overflow},
        {"workspace_2g", [] { return big_workspace(int32_t(1) << 29); }},
        {"workspace_8g", [] { return big_workspace(INT32_MAX); }},
        {"weights_5m", big_weights},
        // item 1: windows whose index arithmetic leaves int32
        {"conv_dilation_max", [] { return int8_conv(false, 8, 8, 3, 3, INT32_MAX, 1); }},
        {"depthwise_dilation_max", [] { return int8_conv(true, 8, 8, 3, 3, 1, INT32_MAX); }},
        {"conv_1x1_dilation_max",
         [] { return int8_conv(false, 8, 8, 1, 1, INT32_MAX, INT32_MAX); }},
        {"conv_padded_extent",
         [] { return int8_conv(false, INT32_MAX - 1, 1, 3, 1, (1 << 29) - 1, 1); }},
        // item 2: zero points outside int8 and asymmetric conv filters
        {"zp_input_int32_max", [] { return int8_fc(4, 3, INT32_MAX, 0, 0); }},
        {"zp_input_int32_min", [] { return int8_fc(4, 3, INT32_MIN, 0, 0); }},
        {"zp_input_300", [] { return int8_fc(4, 3, 300, 0, 0); }},
        {"zp_input_128", [] { return int8_fc(4, 3, 128, 0, 0); }},
        {"zp_output_minus_1000", [] { return int8_fc(4, 3, 0, 0, -1000); }},
        {"zp_output_minus_129", [] { return int8_fc(4, 3, 0, 0, -129); }},
        {"zp_weights_int32_min", [] { return int8_fc(4, 3, 0, INT32_MIN, 0); }},
        {"zp_weights_128", [] { return int8_fc(4, 3, 0, 128, 0); }},
        {"conv_asymmetric_filter", [] { return int8_conv(false, 8, 8, 3, 3, 1, 1, 5); }},
        // item 3: int32 accumulators
        {"fc_depth_140000", [] { return int8_fc(140000, 1, 0, 0, 0); }},
        {"average_pool_4200", [] { return int8_average_pool(4200); }},
        {"fc_depth_8000", [] { return int8_fc(8000, 2, -128, 0, 0); }},
        // ops-matmul group: options the kernels do not take, accumulators beyond int32
        {"batch_matmul_adj_x_mismatch", [] { return int8_batch_matmul(4, true, false); }},
        {"batch_matmul_depth_40000", [] { return int8_batch_matmul(40000, false, false); }},
        {"l2_norm_fused_relu6", [] { return int8_l2_normalization(3); }},
        // ops-shape2 group: one refused option each (and the valid model)
        {"shape_ops_valid", [] { return shape_ops({}); }},
        {"squeeze_dims_not_one",
         [] {
             return shape_ops({.squeeze_dims = {1}, .s_shape = {1, 1, 2}});
         }},
        {"squeeze_dims_out_of_range", [] { return shape_ops({.squeeze_dims = {-5}}); }},
        {"expand_dims_axis_not_constant", [] { return shape_ops({.axis_constant = false}); }},
        {"shape_out_type_float", [] { return shape_ops({.out_type = 0}); }},
    };
    return models;
}

void write(const std::filesystem::path &path, const ModelSpec &spec) {
    std::vector<uint8_t> bytes = build_model(spec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "hostile_models: cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

int usage() {
    std::fprintf(stderr, "usage: hostile_models DIR | --add-chain N FILE | --outputs N FILE\n");
    return 64;
}

} // namespace
} // namespace microaot::test

int main(int argc, char **argv) {
    using namespace microaot::test;
    if (argc == 4) {
        std::string kind = argv[1];
        int n = std::atoi(argv[2]);
        if (n <= 0) return usage();
        if (kind == "--add-chain")
            write(argv[3], add_chain(n));
        else if (kind == "--outputs")
            write(argv[3], many_outputs(n));
        else
            return usage();
        return 0;
    }
    if (argc != 2) return usage();
    std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    for (const auto &[name, make] : fixed_models())
        write(dir / (name + ".tflite"), make());
    return 0;
}
