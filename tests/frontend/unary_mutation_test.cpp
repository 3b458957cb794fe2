// Robustness of the activation / unary math / CAST import records: chains of every such operator
// (float32 with CAST to int32 at the end; int8 with the quantization each kernel requires) are
// truncated, bit-flipped and overwritten with interesting words; every mutant imports (and
// verifies) or raises CompileError, never anything else.
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "model_builder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace microaot::test {
namespace {


constexpr int8_t kInt32 = 2;

// One operator per code in `codes`, each reading the previous one's output; tensor k is the
// input of operator k. LEAKY_RELU (98) gets alpha 0.3.
ModelSpec chain(const std::vector<int32_t> &codes, int8_t type, int8_t last_type) {
    ModelSpec m;
    for (int32_t code : codes)
        m.operator_codes.push_back({int8_t(code < 127 ? code : 127), code, ""});
    for (std::size_t k = 0; k <= codes.size(); ++k) {
        int8_t t = k == codes.size() ? last_type : type;
        std::vector<float> scale;
        std::vector<int64_t> zp;
        if (t == kInt8) {
            int32_t previous = k == 0 ? 0 : codes[k - 1];
            scale = {previous == 14 ? 1.0f / 256.0f : previous == 28 ? 1.0f / 128.0f : 0.05f};
            zp = {previous == 14 ? -128 : previous == 28 ? 0 : 3};
        }
        m.tensors.push_back({"t" + std::to_string(k), {2, 3}, t, 0, scale, zp, 0, false});
    }
    for (std::size_t k = 0; k < codes.size(); ++k) {
        OperatorSpec op;
        op.opcode_index = uint32_t(k);
        op.inputs = {int32_t(k)};
        op.outputs = {int32_t(k + 1)};
        if (codes[k] == 98) {
            op.options_type = fb::BuiltinOptions::LeakyReluOptions;
            op.options = [](flatbuffers::FlatBufferBuilder &b) {
                return fb::CreateLeakyReluOptions(b, 0.3f).Union();
            };
        }
        m.operators.push_back(op);
    }
    m.inputs = {0};
    m.outputs = {int32_t(codes.size())};
    m.buffers = {{}};
    return m;
}

void expect_clean(const std::vector<uint8_t> &bytes, const std::string &what, int &rejected) {
    try {
        tflite::import_model(bytes, "mutant");
    } catch (const CompileError &) {
        ++rejected;
    } catch (const std::exception &e) {
        ADD_FAILURE() << what << ": unexpected " << typeid(e).name() << ": " << e.what();
    }
}

void mutate(const std::vector<uint8_t> &original, uint32_t seed) {
    ASSERT_NO_THROW(tflite::import_model(original, "original"));
    std::mt19937 rng(seed);
    int rejected = 0;
    for (std::size_t length = 0; length < original.size(); length += 3)
        expect_clean({original.begin(), original.begin() + long(length)}, "truncated", rejected);
    std::vector<uint8_t> copy = original;
    for (int i = 0; i < 3000; ++i) {
        std::size_t at = rng() % copy.size();
        uint8_t saved = copy[at];
        copy[at] ^= uint8_t(1u << (rng() % 8));
        expect_clean(copy, "bit flip at " + std::to_string(at), rejected);
        copy[at] = saved;
    }
    static constexpr uint32_t kWords[] = {0,
                                          1,
                                          0x7fffffffu,
                                          0x80000000u,
                                          0xffffffffu,
                                          0x7f800000u /* +inf */,
                                          0x7fc00000u /* NaN */,
                                          0xbf800000u /* -1.0f */};
    for (int i = 0; i < 3000; ++i) {
        std::size_t at = (rng() % (copy.size() / 4)) * 4;
        uint32_t saved, value = kWords[rng() % std::size(kWords)];
        std::memcpy(&saved, &copy[at], 4);
        std::memcpy(&copy[at], &value, 4);
        expect_clean(copy, "word at " + std::to_string(at), rejected);
        std::memcpy(&copy[at], &saved, 4);
    }
    EXPECT_GT(rejected, 0);
}

TEST(UnaryMutation, FloatChainMutantsImportOrRaiseCompileError) {
    // LOGISTIC TANH HARD_SWISH LEAKY_RELU RELU_N1_TO_1 ELU ABS NEG SQRT RSQRT EXP LOG CAST
    mutate(build_model(
               chain({14, 28, 117, 98, 20, 111, 101, 59, 75, 76, 47, 73, 53}, kFloat32, kInt32)),
           7u);
}

TEST(UnaryMutation, Int8ChainMutantsImportOrRaiseCompileError) {
    // LOGISTIC TANH HARD_SWISH LEAKY_RELU RELU_N1_TO_1 ELU ABS RSQRT
    mutate(build_model(chain({14, 28, 117, 98, 20, 111, 101, 76}, kInt8, kInt8)), 11u);
}

} // namespace
} // namespace microaot::test
