// demo_accel: an out-of-tree microaot backend plugin for a (pretend) convolution accelerator.
// It claims int8 CONV_2D only and emits calls into its own C driver, runtime/demo_accel.c, which
// it ships next to the plugin (demo_accel_runtime/). Everything else stays on the CPU backend.
#include <backends/plugin_api.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace microaot;
using backends::Claim;
using backends::EmitContext;

// Descriptor word order: must match DEMO_ACCEL_* in runtime/demo_accel.h.
enum Word {
    kBatches,
    kInH,
    kInW,
    kInC,
    kOutH,
    kOutW,
    kOutC,
    kKH,
    kKW,
    kStrideH,
    kStrideW,
    kDilH,
    kDilW,
    kPadH,
    kPadW,
    kInputOffset,
    kOutputOffset,
    kActMin,
    kActMax,
    kWords
};

// TFLite QuantizeMultiplier: real = m * 2^shift / 2^31, m in [2^30, 2^31).
void quantize_multiplier(double real, int32_t &m, int32_t &shift) {
    if (real == 0.0) {
        m = shift = 0;
        return;
    }
    int exp = 0;
    double q = std::round(std::frexp(real, &exp) * 2147483648.0);
    if (q == 2147483648.0) {
        q /= 2;
        ++exp;
    }
    if (exp < -31) q = exp = 0;
    if (exp > 31) throw CompileError("demo_accel: requantization multiplier too large");
    m = int32_t(q);
    shift = exp;
}

// TFLite CalculateActivationRangeQuantized for int8 (quantize in float, round half away).
void activation_range(ir::Activation act, float scale, int32_t zp, int32_t &lo, int32_t &hi) {
    auto q = [&](float v) { return zp + int32_t(std::round(v / scale)); };
    lo = -128;
    hi = 127;
    if (act != ir::Activation::None)
        lo = std::max(lo, q(act == ir::Activation::ReluN1To1 ? -1 : 0));
    if (act == ir::Activation::Relu6) hi = std::min(hi, q(6.0f));
    if (act == ir::Activation::ReluN1To1) hi = std::min(hi, q(1.0f));
}

bool per_tensor(const ir::Tensor &t) {
    return t.quant.scale.size() == 1;
}

class DemoAccelBackend final : public backends::Backend {
  public:
    explicit DemoAccelBackend(std::string runtime_file) : runtime_file_(std::move(runtime_file)) {}

    std::string_view name() const override { return "demo_accel"; }

    std::optional<Claim> claim(const ir::Graph &g, std::size_t node,
                               std::string &why_not) const override {
        const ir::Node &n = g.nodes[node];
        if (n.kind != ir::OpKind::Conv2D) {
            why_not = "only CONV_2D is accelerated";
            return std::nullopt;
        }
        const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
        const ir::Tensor &y = g.tensor(n.outputs[0]);
        ir::TensorId b = n.input(2);
        const auto &a = n.attr<ir::Conv2DAttrs>();
        if (x.dtype != ir::DType::Int8 || w.dtype != ir::DType::Int8 || y.dtype != ir::DType::Int8)
            why_not = "int8 only";
        else if (b != ir::kNoTensor && g.tensor(b).dtype != ir::DType::Int32)
            why_not = "bias must be int32";
        else if (!per_tensor(x) || !per_tensor(y))
            why_not = "input and output need per-tensor quantization";
        else if (a.window.dilation_h != 1 || a.window.dilation_w != 1)
            why_not = "dilation " + std::to_string(a.window.dilation_h) + "x" +
                      std::to_string(a.window.dilation_w) + " unsupported";
        else if (x.shape.size() != 4 || x.shape[0] != 1)
            why_not = "batch size 1 only";
        else
            return Claim{{node}, "demo_accel_conv2d_s8"};
        return std::nullopt;
    }

    void emit(const Claim &claim, EmitContext &ctx) const override {
        const ir::Graph &g = ctx.graph();
        std::size_t node = claim.nodes.at(0);
        const ir::Node &n = g.nodes[node];
        const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
        const ir::Tensor &y = g.tensor(n.outputs[0]);
        const auto &a = n.attr<ir::Conv2DAttrs>();
        std::vector<int32_t> d(kWords);
        d[kBatches] = int32_t(x.shape[0]);
        d[kInH] = int32_t(x.shape[1]), d[kInW] = int32_t(x.shape[2]), d[kInC] = int32_t(x.shape[3]);
        d[kOutH] = int32_t(y.shape[1]), d[kOutW] = int32_t(y.shape[2]);
        d[kOutC] = int32_t(y.shape[3]);
        d[kKH] = int32_t(w.shape[1]), d[kKW] = int32_t(w.shape[2]);
        d[kStrideH] = a.window.stride_h, d[kStrideW] = a.window.stride_w, d[kDilH] = d[kDilW] = 1;
        // The kernel needs the top/left pads only; the bottom/right ones follow from the sizes.
        d[kPadH] = a.window.pad_top, d[kPadW] = a.window.pad_left;
        d[kInputOffset] = -int32_t(x.quant.zero_point[0]);
        d[kOutputOffset] = int32_t(y.quant.zero_point[0]);
        activation_range(a.activation, y.quant.scale[0], d[kOutputOffset], d[kActMin], d[kActMax]);
        // One multiplier per output channel (a per-tensor filter scale is broadcast).
        std::vector<int32_t> mult(d[kOutC]), shift(d[kOutC]);
        for (int32_t c = 0; c < d[kOutC]; ++c) {
            float ws = w.quant.scale[w.quant.scale.size() == 1 ? 0 : std::size_t(c)];
            double real = double(x.quant.scale[0]) * double(ws) / double(y.quant.scale[0]);
            quantize_multiplier(real, mult[c], shift[c]);
        }
        std::string tag = "node " + std::to_string(node);
        std::string desc = ctx.add_int32_array(d, tag + " demo_accel descriptor");
        std::string m = ctx.add_int32_array(mult, tag + " multipliers");
        std::string s = ctx.add_int32_array(shift, tag + " shifts");
        ctx.add_statement("/* " + tag + ": CONV_2D on demo_accel */");
        // The driver's prototype, declared where it is used (NAME.c includes no plugin headers).
        ctx.add_statement("{ void demo_accel_conv2d_s8(const int32_t *desc, const int8_t *in, "
                          "const int8_t *filter, const int32_t *bias, const int32_t *mult, "
                          "const int32_t *shift, int8_t *out);");
        ctx.add_statement("  demo_accel_conv2d_s8(" + desc + ", " + ctx.tensor_ref(n.inputs[0]) +
                          ", " + ctx.tensor_ref(n.inputs[1]) + ", " + ctx.tensor_ref(n.input(2)) +
                          ", " + m + ", " + s + ", " + ctx.tensor_ref(n.outputs[0]) + "); }");
        ctx.use_kernel("demo_accel_conv2d_s8", runtime_file_);
    }

  private:
    std::string runtime_file_; // absolute path of demo_accel.c
};

backends::Backend *create(const backends::PluginHost &host) {
    return new DemoAccelBackend(std::string(host.plugin_dir) + "/demo_accel_runtime/demo_accel.c");
}

} // namespace

MICROAOT_PLUGIN_EXPORT const microaot::backends::PluginDescriptor *MICROAOT_PLUGIN_ENTRY(void) {
    static const microaot::backends::PluginDescriptor descriptor{MICROAOT_PLUGIN_ABI_VERSION,
                                                                 "demo_accel", &create};
    return &descriptor;
}
