// Every shared model imports and verifies; op counts and parameter bytes match models.csv;
// MAC totals match a hand count from the published layer shapes of four models.
#include "frontends/registry.h"
#include "ir/error.h"
#include "ir/ops.h"
#include "shared_models.h"

#include <gtest/gtest.h>

namespace microaot::test {
namespace {

// A model listed in tests/support/unsupported_models.txt must be refused with one line naming
// its operator; every other model must import.
TEST(SharedModels, AllImportWithCsvOpCountsAndParameterBytes) {
    auto facts = read_models_csv();
    auto files = shared_model_files();
    ASSERT_EQ(files.size(), facts.size()) << "models.csv and the .tflite files disagree";
    int imported = 0;
    for (const auto &file : files) {
        SCOPED_TRACE(file.filename().string());
        auto it = facts.find(file.filename().string());
        ASSERT_NE(it, facts.end());
        if (auto op = expected_refusal(file.stem().string())) {
            try {
                frontends::import_file(file.string());
                ADD_FAILURE() << "listed as unsupported (" << *op << ") but imports";
            } catch (const CompileError &e) {
                std::string message = e.what();
                EXPECT_NE(message.find(*op), std::string::npos) << message;
                EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            }
            continue;
        }
        ++imported;
        ir::Graph g = frontends::import_file(file.string());
        EXPECT_EQ(g.name, file.stem().string());
        std::map<std::string, int> op_counts;
        for (const ir::Node &n : g.nodes)
            ++op_counts[std::string(ir::op_name(n.kind))];
        EXPECT_EQ(op_counts, it->second.op_counts);
        int64_t parameter_bytes = 0;
        for (const ir::Tensor &t : g.tensors)
            if (t.is_constant()) parameter_bytes += int64_t(t.data->size());
        EXPECT_EQ(parameter_bytes, it->second.parameter_bytes);
    }
    EXPECT_GE(imported, 12);
}

// One layer as published for the model, enough to count multiply-accumulates by hand.
enum class Layer { Conv, Depthwise, Dense };
struct LayerShape {
    Layer kind;
    int64_t out_h, out_w, out_c; // Dense: out_c = units, out_h = out_w = 1
    int64_t k_h, k_w, in_c;      // Dense: in_c = input features, k_h = k_w = 1
};

int64_t hand_macs(const std::vector<LayerShape> &layers) {
    int64_t total = 0;
    for (const LayerShape &l : layers) {
        int64_t outputs = l.out_h * l.out_w * l.out_c;
        // Depthwise: each output reads one input channel; the others read all of them.
        int64_t per_output = l.kind == Layer::Depthwise ? l.k_h * l.k_w : l.k_h * l.k_w * l.in_c;
        total += outputs * per_output;
    }
    return total;
}

int64_t imported_macs(const std::string &stem) {
    ir::Graph g = frontends::import_file(model_path(stem));
    int64_t total = 0;
    for (const ir::Node &n : g.nodes)
        total += ir::node_macs(g, n);
    return total;
}

// MLPerf Tiny keyword spotting DS-CNN: input 49x10x1; conv 10x4 stride 2 SAME, 64 filters ->
// 25x5x64; four blocks of (depthwise 3x3 SAME, pointwise 1x1 64->64); average pool 25x5;
// dense 64 -> 12.
TEST(SharedModels, KwsMacsMatchHandCount) {
    std::vector<LayerShape> layers = {{Layer::Conv, 25, 5, 64, 10, 4, 1}};
    for (int block = 0; block < 4; ++block) {
        layers.push_back({Layer::Depthwise, 25, 5, 64, 3, 3, 64});
        layers.push_back({Layer::Conv, 25, 5, 64, 1, 1, 64});
    }
    layers.push_back({Layer::Dense, 1, 1, 12, 1, 1, 64});
    EXPECT_EQ(imported_macs("kws_ref_model"), hand_macs(layers));
}

// MLPerf Tiny visual wake words: MobileNetV1 width 0.25 at 96x96x3. Conv 3x3 stride 2 -> 48x48x8,
// then 13 depthwise-separable blocks (depthwise 3x3, pointwise 1x1) with (stride, out channels):
// (1,16) (2,32) (1,32) (2,64) (1,64) (2,128) 5x(1,128) (2,256) (1,256); average pool 3x3;
// dense 256 -> 2.
TEST(SharedModels, VwwMacsMatchHandCount) {
    std::vector<LayerShape> layers = {{Layer::Conv, 48, 48, 8, 3, 3, 3}};
    struct Block {
        int stride;
        int64_t out_c;
    };
    std::vector<Block> blocks = {{1, 16},  {2, 32},  {1, 32},  {2, 64},  {1, 64},
                                 {2, 128}, {1, 128}, {1, 128}, {1, 128}, {1, 128},
                                 {1, 128}, {2, 256}, {1, 256}};
    int64_t size = 48, channels = 8;
    for (const Block &b : blocks) {
        size /= b.stride;
        layers.push_back({Layer::Depthwise, size, size, channels, 3, 3, channels});
        layers.push_back({Layer::Conv, size, size, b.out_c, 1, 1, channels});
        channels = b.out_c;
    }
    layers.push_back({Layer::Dense, 1, 1, 2, 1, 1, 256});
    EXPECT_EQ(imported_macs("vww_96_int8"), hand_macs(layers));
}

// MLPerf Tiny image classification ResNet-8 at 32x32x3: conv 3x3 16; stack 1: two conv 3x3 16 at
// 32x32 (identity shortcut); stack 2: conv 3x3 stride 2 16->32, conv 3x3 32->32 at 16x16, shortcut
// conv 1x1 stride 2 16->32; stack 3: the same with 32->64 at 8x8; average pool 8x8; dense 64->10.
TEST(SharedModels, ResnetMacsMatchHandCount) {
    std::vector<LayerShape> layers = {
        {Layer::Conv, 32, 32, 16, 3, 3, 3},  {Layer::Conv, 32, 32, 16, 3, 3, 16},
        {Layer::Conv, 32, 32, 16, 3, 3, 16}, {Layer::Conv, 16, 16, 32, 3, 3, 16},
        {Layer::Conv, 16, 16, 32, 3, 3, 32}, {Layer::Conv, 16, 16, 32, 1, 1, 16},
        {Layer::Conv, 8, 8, 64, 3, 3, 32},   {Layer::Conv, 8, 8, 64, 3, 3, 64},
        {Layer::Conv, 8, 8, 64, 1, 1, 32},   {Layer::Dense, 1, 1, 10, 1, 1, 64},
    };
    EXPECT_EQ(imported_macs("pretrainedResnet_quant"), hand_macs(layers));
}

// MLPerf Tiny anomaly detection autoencoder: dense 640 -> 128 -> 128 -> 128 -> 128 -> 8 -> 128 ->
// 128 -> 128 -> 128 -> 640.
TEST(SharedModels, AnomalyDetectionMacsMatchHandCount) {
    std::vector<int64_t> widths = {640, 128, 128, 128, 128, 8, 128, 128, 128, 128, 640};
    std::vector<LayerShape> layers;
    for (std::size_t i = 0; i + 1 < widths.size(); ++i)
        layers.push_back({Layer::Dense, 1, 1, widths[i + 1], 1, 1, widths[i]});
    EXPECT_EQ(imported_macs("ad01_int8"), hand_macs(layers));
}

} // namespace
} // namespace microaot::test
