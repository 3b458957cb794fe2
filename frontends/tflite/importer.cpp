// Importer entry points: envelope checks, flatbuffer verification, then the tensor and operator
// stages and the IR verifier.
#include "frontends/tflite/importer.h"

#include "frontends/tflite/import_context.h"
#include "ir/error.h"
#include "ir/limits.h"
#include "ir/verifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace microaot::tflite {
namespace {

// Bounds the verifier's work on hostile input: nesting is shallow in real models and no model
// we target has anywhere near a million tables.
constexpr flatbuffers::uoffset_t kMaxDepth = 64;
constexpr flatbuffers::uoffset_t kMaxTables = 1'000'000;

std::string identifier_str(std::span<const uint8_t> bytes) {
    std::string s;
    for (std::size_t i = 4; i < 8; ++i) {
        char c = char(bytes[i]);
        s += std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                         : fmt::format("\\x{:02x}", bytes[i]);
    }
    return s;
}

void check_envelope(std::span<const uint8_t> bytes) {
    if (bytes.size() < 8)
        throw CompileError(fmt::format("not a TFLite model: {} bytes is too short", bytes.size()));
    if (!fb::ModelBufferHasIdentifier(bytes.data()))
        throw CompileError(fmt::format(
            "not a TFLite model: file identifier is '{}', expected 'TFL3'", identifier_str(bytes)));
}

void verify_flatbuffer(std::span<const uint8_t> bytes) {
    // Data of >2 GB models lives after the flatbuffer, which itself must fit in 2 GB.
    std::size_t size = std::min<std::size_t>(bytes.size(), FLATBUFFERS_MAX_BUFFER_SIZE - 1);
    flatbuffers::Verifier verifier(bytes.data(), size, kMaxDepth, kMaxTables);
    if (!fb::VerifyModelBuffer(verifier))
        throw CompileError("corrupt TFLite model: flatbuffer structure check failed (truncated "
                           "or damaged file)");
}

const fb::SubGraph *main_subgraph(const fb::Model &model) {
    const auto *subgraphs = model.subgraphs();
    if (!subgraphs || subgraphs->size() == 0) throw CompileError("model has no subgraphs");
    const fb::SubGraph *main = subgraphs->Get(0);
    if (!main) throw CompileError("subgraph 0 is missing");
    return main;
}

ir::Graph import_verified(std::span<const uint8_t> bytes, std::string name) {
    check_envelope(bytes);
    verify_flatbuffer(bytes);
    ImportContext ctx;
    ctx.file = bytes;
    ctx.model = fb::GetModel(bytes.data());
    ctx.subgraph = main_subgraph(*ctx.model);
    // Before anything is built from them: the counts a model may ask for.
    auto size = [](const auto *vector) { return vector ? int64_t(vector->size()) : 0; };
    ir::check_counts(size(ctx.subgraph->operators()), size(ctx.subgraph->tensors()),
                     size(ctx.subgraph->inputs()), size(ctx.subgraph->outputs()));
    ir::Graph graph;
    graph.name = std::move(name);
    import_tensors(ctx, graph);
    import_operators(ctx, graph);
    ir::verify(graph);
    return graph;
}

// Errors are prefixed with `label` (the file path, or the model name for in-memory input).
ir::Graph import_labelled(std::span<const uint8_t> bytes, std::string name,
                          const std::string &label) {
    try {
        // Flatbuffer scalars are read in place; keep them naturally aligned by copying a
        // misaligned input (callers' buffers from new/malloc are already aligned).
        if (reinterpret_cast<std::uintptr_t>(bytes.data()) % 16 != 0) {
            std::vector<uint8_t> aligned(bytes.begin(), bytes.end());
            return import_verified(aligned, std::move(name));
        }
        return import_verified(bytes, std::move(name));
    } catch (const CompileError &e) {
        throw CompileError(fmt::format("{}: {}", label, e.what()));
    }
}

bool recognizes(std::span<const uint8_t> head) {
    return head.size() >= 8 && fb::ModelBufferHasIdentifier(head.data());
}

ir::Graph import_source(const frontends::ImportSource &source, const frontends::ImportOptions &) {
    return import_labelled(source.bytes, source.name, source.label);
}

} // namespace

frontends::Frontend frontend() {
    return {"tflite", "TensorFlow Lite flatbuffer", recognizes, import_source};
}

ir::Graph import_model(std::span<const uint8_t> bytes, std::string name) {
    std::string label = name;
    return import_labelled(bytes, std::move(name), label);
}

} // namespace microaot::tflite
