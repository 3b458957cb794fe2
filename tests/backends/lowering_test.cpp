// The CPU backend's lowering records: one per operator that has CPU kernels, each complete; every
// kernel they name exists in the runtime with its prototype; scratch and cost by runtime.
#include "backends/cpu/cpu_backend.h"
#include "backends/cpu/lowering.h"
#include "graph_builder.h"
#include "ir/ops.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace microaot::test {
namespace {

namespace fs = std::filesystem;
using namespace microaot::testing;

std::string slurp(const fs::path &p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Lowering, EveryOperatorHasACompleteRecord) {
    for (const ir::OpDef &d : ir::all_ops()) {
        SCOPED_TRACE(std::string(d.name));
        const cpu::Lowering *l = cpu::find_lowering(d.kind);
        ASSERT_NE(l, nullptr);
        EXPECT_EQ(l->kind, d.kind);
        EXPECT_NE(l->select, nullptr);
        EXPECT_NE(l->emit, nullptr);
        EXPECT_FALSE(l->kernels.empty());
    }
    EXPECT_EQ(cpu::all_lowerings().size(), ir::all_ops().size());
}

// The files codegen will copy and the prototypes NAME.c calls must exist for every kernel a record
// may choose (a typo in a record would otherwise surface only for the model that picks it).
TEST(Lowering, KernelFilesAndPrototypesExist) {
    const fs::path runtime = MICROAOT_RUNTIME_DIR;
    const std::string api = slurp(runtime / "portable" / "mao_kernels.h");
    for (const cpu::Lowering *l : cpu::all_lowerings()) {
        for (const cpu::KernelVariant &k : l->kernels) {
            std::string name(k.name), file(k.file_name());
            SCOPED_TRACE(name);
            EXPECT_TRUE(fs::exists(runtime / "portable" / (file + ".c")));
            EXPECT_NE(api.find(" " + name + "("), std::string::npos) << "no prototype";
            EXPECT_NE(slurp(runtime / "portable" / (file + ".c")).find(" " + name + "("),
                      std::string::npos)
                << "not defined in " << file << ".c";
            EXPECT_EQ(fs::exists(runtime / "cortex_m4" / (file + ".c")), k.cortex_m4)
                << "the record's Cortex-M4 mark and runtime/cortex_m4/ disagree";
        }
    }
}

// int8 conv: [1,8,8,C] -> 3x3 -> [1,8,8,4].
ir::Graph int8_conv(int64_t channels) {
    ir::Graph g;
    ir::Quantization q{{0.5f}, {0}, 0};
    ir::TensorId x = input(g, "x", {1, 8, 8, channels}, ir::DType::Int8, q);
    ir::TensorId w = int8_constant(g, "w", {4, 3, 3, channels},
                                   std::vector<int8_t>(std::size_t(36 * channels), 1), q);
    ir::TensorId y = activation(g, "y", {1, 8, 8, 4}, ir::DType::Int8, q);
    add_node(g, ir::OpKind::Conv2D, ir::Conv2DAttrs{{3, 3, 1, 1, 1, 1, 1, 1, 1, 1}}, {x, w}, y);
    g.outputs = {y};
    return g;
}

// The Cortex-M4 int8 convolution asks for its column buffer (and a byte patch when the channel
// count is not a multiple of 4), sized from K = 3 * 3 * C; the portable kernel asks for none.
TEST(Lowering, ConvScratchFollowsTheKernel) {
    cpu::CpuBackend portable, m4(cpu::Runtime::CortexM4);
    EXPECT_EQ(portable.name(), "cpu");
    EXPECT_EQ(m4.name(), "cortex_m4");
    for (int64_t c : {1, 3, 4, 80, 160}) {
        SCOPED_TRACE(c);
        ir::Graph g = int8_conv(c);
        std::string why;
        auto claim = m4.claim(g, 0, why);
        ASSERT_TRUE(claim) << why;
        EXPECT_EQ(claim->kernel, "mao_conv2d_s8");
        int64_t k = 9 * c;
        int64_t expected = (4 * (k / 4) + 6) * 4 + (c % 4 == 0 ? 0 : (k + 3) / 4 * 4);
        EXPECT_EQ(m4.scratch_bytes(g, *claim), expected);
        EXPECT_EQ(portable.scratch_bytes(g, *claim), 0);
    }
}

TEST(Lowering, CostCountsMacsAndOutputs) {
    cpu::CpuBackend cpu;
    ir::Graph g = int8_conv(4);
    std::string why;
    auto claim = cpu.claim(g, 0, why);
    ASSERT_TRUE(claim);
    // 8*8*4 outputs x 36 MACs each, 3 cycles per MAC and 20 per output.
    EXPECT_EQ(cpu.cost_cycles(g, *claim), 256 * 36 * 3 + 256 * 20);
}

TEST(Lowering, DeclinesWithAReason) {
    cpu::CpuBackend cpu;
    ir::Graph g = int8_conv(4);
    g.tensor(1).quant.zero_point = {3};
    std::string why;
    EXPECT_FALSE(cpu.claim(g, 0, why));
    EXPECT_EQ(why, "int8 filter with a non-zero zero point");
}

// int16 ("16x8") conv: the int8 graph above with int16 activations and a bias of `bias_type`
// (none for Float32).
ir::Graph int16_conv(ir::DType bias_type) {
    ir::Graph g = int8_conv(4);
    for (ir::TensorId id : {g.nodes[0].inputs[0], g.nodes[0].outputs[0]})
        g.tensor(id).dtype = ir::DType::Int16;
    if (bias_type != ir::DType::Float32) {
        ir::TensorId b = activation(g, "b", {4}, bias_type);
        g.tensor(b).data = std::vector<uint8_t>(std::size_t(g.tensor(b).byte_size()), 0);
        g.nodes[0].inputs.push_back(b);
    }
    return g;
}

// The 16x8 kernels run on both runtimes (portable C on the Cortex-M4 too, no scratch): int64
// accumulation without a bias or with an int64 one, int32 with an int32 bias; non-zero int16
// zero points are declined (TFLite Micro's kernels apply none).
TEST(Lowering, Int16ConvPicksTheAccumulatorOfItsBias) {
    cpu::CpuBackend portable, m4(cpu::Runtime::CortexM4);
    for (auto [bias, kernel] : {std::pair{ir::DType::Float32, "mao_conv2d_s16"},
                                std::pair{ir::DType::Int64, "mao_conv2d_s16"},
                                std::pair{ir::DType::Int32, "mao_conv2d_s16_bias32"}}) {
        ir::Graph g = int16_conv(bias);
        for (cpu::CpuBackend *backend : {&portable, &m4}) {
            std::string why;
            auto claim = backend->claim(g, 0, why);
            ASSERT_TRUE(claim) << why;
            EXPECT_EQ(claim->kernel, kernel);
            EXPECT_EQ(backend->scratch_bytes(g, *claim), 0);
        }
    }
    ir::Graph g = int16_conv(ir::DType::Int64);
    g.tensor(g.nodes[0].inputs[0]).quant.zero_point = {1};
    std::string why;
    EXPECT_FALSE(portable.claim(g, 0, why));
    EXPECT_EQ(why, "int16 convolution needs input and output zero points 0 (TFLite Micro's 16x8 "
                   "kernels apply no offset)");
}

// hybrid group: float32 [B,6,6,C] -> 3x3 conv with int8 weights (per-channel when `scales` has
// one entry per filter) -> [B,6,6,4]; `dilation` on both axes (VALID-free: pads keep 6x6).
ir::Graph hybrid_conv(int64_t batches, int64_t channels, std::vector<float> scales, int dilation) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {batches, 6, 6, channels});
    std::vector<int64_t> zero(scales.size(), 0);
    ir::TensorId w = int8_constant(g, "w", {4, 3, 3, channels},
                                   std::vector<int8_t>(std::size_t(36 * channels), 1),
                                   ir::Quantization{std::move(scales), zero, 0});
    ir::TensorId y = activation(g, "y", {batches, 6, 6, 4});
    int pad = dilation;
    add_node(g, ir::OpKind::Conv2D,
             ir::Conv2DAttrs{{3, 3, 1, 1, dilation, dilation, pad, pad, pad, pad}}, {x, w}, y);
    g.outputs = {y};
    return g;
}

// A hybrid conv runs the hybrid kernel on both runtimes, with scratch for one scale and one
// offset per batch row plus the quantized input; a dilated one is declined (TFLite's per-channel
// hybrid convolution ignores the dilation).
TEST(Lowering, HybridConvGetsScratchForItsQuantizedInput) {
    for (cpu::Runtime runtime : {cpu::Runtime::Portable, cpu::Runtime::CortexM4}) {
        cpu::CpuBackend cpu(runtime);
        ir::Graph g = hybrid_conv(2, 5, {0.5f, 0.25f, 0.125f, 1.0f}, 1);
        std::string why;
        auto claim = cpu.claim(g, 0, why);
        ASSERT_TRUE(claim) << why;
        EXPECT_EQ(claim->kernel, "mao_conv2d_hybrid");
        EXPECT_EQ(cpu.scratch_bytes(g, *claim), 2 * 8 + 2 * 6 * 6 * 5);
    }
    cpu::CpuBackend cpu;
    ir::Graph dilated = hybrid_conv(1, 2, {0.5f}, 2);
    std::string why;
    EXPECT_FALSE(cpu.claim(dilated, 0, why));
    EXPECT_EQ(why, "hybrid CONV_2D with dilation");
}

} // namespace
} // namespace microaot::test
