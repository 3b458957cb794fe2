// Robustness: thousands of damaged copies of every shared model go through the importer
// in-process. Each must either import (and verify) or raise CompileError; any other exception,
// crash or sanitizer report fails the test. Also built with ASan+UBSan (see CMakeLists.txt).
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "shared_models.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>

namespace microaot::test {
namespace {

// Per model and per kind of damage.
constexpr int kTruncations = 2000;
constexpr int kByteFlips = 2000;
constexpr int kWordOverwrites = 2000;

struct Outcomes {
    int imported = 0;
    int rejected = 0;
};

// Imports one mutant; records the outcome and fails the test on anything but CompileError.
void import_mutant(const std::vector<uint8_t> &bytes, const std::string &what, Outcomes &out) {
    try {
        tflite::import_model(bytes, "mutant");
        ++out.imported;
    } catch (const CompileError &) {
        ++out.rejected;
    } catch (const std::exception &e) {
        ADD_FAILURE() << what << ": unexpected " << typeid(e).name() << ": " << e.what();
    }
}

// Values likely to hit interesting cases when written over an offset, length or index.
uint32_t interesting_word(std::mt19937 &rng) {
    static constexpr uint32_t kSpecial[] = {
        0, 1, 2, 3, 4, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0xfffffffcu, 0x10000u, 0x40000000u};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kSpecial));
    std::size_t i = pick(rng);
    return i < std::size(kSpecial) ? kSpecial[i] : uint32_t(rng());
}

class Mutation : public ::testing::TestWithParam<std::string> {};

TEST_P(Mutation, EveryMutantImportsOrRaisesCompileError) {
    auto original = read_bytes(shared_models_dir() / GetParam());
    ASSERT_GT(original.size(), 64u);
    std::mt19937 rng(12345u + uint32_t(original.size()));
    auto start = std::chrono::steady_clock::now();
    Outcomes out;

    // Truncations spread over the whole file plus a dense run over the header, where the root
    // table and vtables sit.
    for (int i = 0; i < kTruncations; ++i) {
        std::size_t length =
            i < 100 ? std::size_t(i) : std::size_t(uint64_t(i) * original.size() / kTruncations);
        std::vector<uint8_t> copy(original.begin(), original.begin() + long(length));
        import_mutant(copy, "truncated to " + std::to_string(length), out);
    }
    std::vector<uint8_t> copy = original;
    std::uniform_int_distribution<std::size_t> any_offset(0, original.size() - 1);
    for (int i = 0; i < kByteFlips; ++i) {
        std::size_t at = any_offset(rng);
        uint8_t saved = copy[at];
        copy[at] ^= uint8_t(1u << (rng() % 8));
        import_mutant(copy, "bit flip at " + std::to_string(at), out);
        copy[at] = saved;
    }
    std::uniform_int_distribution<std::size_t> word_index(0, original.size() / 4 - 1);
    for (int i = 0; i < kWordOverwrites; ++i) {
        std::size_t at = word_index(rng) * 4;
        uint32_t saved, value = interesting_word(rng);
        std::memcpy(&saved, &copy[at], 4);
        std::memcpy(&copy[at], &value, 4);
        import_mutant(copy, "word " + std::to_string(value) + " at " + std::to_string(at), out);
        std::memcpy(&copy[at], &saved, 4);
    }

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int total = out.imported + out.rejected;
    EXPECT_EQ(total, kTruncations + kByteFlips + kWordOverwrites);
    EXPECT_GT(out.rejected, 0);
    std::printf("%s: %d mutants, %d imported, %d rejected, %.2f s\n", GetParam().c_str(), total,
                out.imported, out.rejected, seconds);
}

// The importer must not rely on the buffer's own alignment: a model read into memory at an
// address that is 4 mod 8 misaligns its int64 vectors (quantization zero points). The import must
// give the same graph; clang's UBSan (the libFuzzer build, which found this) also flags any
// misaligned int64 load. GCC's UBSan does not instrument these loads.
TEST_P(Mutation, ImportsFromAMisalignedBuffer) {
    std::string stem = GetParam().substr(0, GetParam().find('.'));
    if (expected_refusal(stem)) {
        // Refused models are still mutated above; here there is no graph to compare.
        EXPECT_THROW(tflite::import_model(read_bytes(shared_models_dir() / GetParam()), "m"),
                     CompileError);
        return;
    }
    auto original = read_bytes(shared_models_dir() / GetParam());
    ir::Graph reference = tflite::import_model(original, "reference");
    std::vector<uint64_t> storage(original.size() / 8 + 2);
    for (std::size_t shift : {0u, 4u}) {
        auto *base = reinterpret_cast<uint8_t *>(storage.data()) + shift;
        std::memcpy(base, original.data(), original.size());
        ir::Graph shifted = tflite::import_model({base, original.size()}, "shifted");
        ASSERT_EQ(shifted.tensors.size(), reference.tensors.size());
        for (std::size_t i = 0; i < reference.tensors.size(); ++i)
            EXPECT_EQ(shifted.tensors[i].quant, reference.tensors[i].quant) << "tensor " << i;
    }
}

std::vector<std::string> model_names() {
    std::vector<std::string> names;
    for (const auto &path : shared_model_files())
        names.push_back(path.filename().string());
    return names;
}

INSTANTIATE_TEST_SUITE_P(SharedModels, Mutation, ::testing::ValuesIn(model_names()),
                         [](const auto &info) {
                             std::string name = info.param.substr(0, info.param.find('.'));
                             for (char &c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

} // namespace
} // namespace microaot::test
