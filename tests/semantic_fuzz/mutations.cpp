#include "mutations.h"

#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <random>

namespace microaot::semantic_fuzz {
namespace {

constexpr double kIntMax = 2147483647.0, kIntMin = -2147483648.0;

// Boundary values per kind of field.
const std::vector<double> kIntValues = {0, 1, -1, 2, 3, 7, 255, 65536, kIntMax, kIntMin};
const std::vector<double> kByteValues = {0, 1, 2, 3, 4, 5, 6, -1, 127, -128};
const std::vector<double> kFloatValues = {0.0,
                                          -1.0,
                                          1e-30,
                                          1e30,
                                          1.4e-45,
                                          std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          3.4028234663852886e38};
const std::vector<int64_t> kZeroPoints = {
    0, 1, -1, 127, 128, -128, -129, 255, 300, -1000, 2147483647, -2147483648LL, int64_t(1) << 40};
const std::vector<int32_t> kDims = {0, 1, -1, 2, 3, 65536, 2147483647, -2147483647 - 1};
// TFLite type numbers: supported ones and a few that are not.
const std::vector<int8_t> kDtypes = {0, 1, 2, 3, 4, 6, 7, 9, 10, 17, 127, -1};

std::string value_str(double v) {
    return fmt::format("{}", v);
}

// Fills a constant tensor's bytes with a repeating little-endian pattern.
void fill(test::BufferSpec &b, std::vector<uint8_t> pattern) {
    for (std::size_t i = 0; i < b.data.size(); ++i)
        b.data[i] = pattern[i % pattern.size()];
}

void operator_edits(const EditableModel &m, std::vector<Edit> &out) {
    for (std::size_t i = 0; i < m.operators.size(); ++i) {
        const EditableOperator &op = m.operators[i];
        for (const auto &[name, field] : op.fields) {
            const auto &values = field.is_float  ? kFloatValues
                                 : field.is_byte ? kByteValues
                                                 : kIntValues;
            for (double v : values) {
                if (v == field.value) continue;
                std::string key = name;
                out.push_back(
                    {EditKind::Options, fmt::format("op {} {} = {}", i, name, value_str(v)),
                     [i, key, v](EditableModel &e) { e.operators[i].fields[key].value = v; }});
            }
        }
        for (const auto &[name, vector] : op.vectors)
            for (std::size_t k = 0; k < vector.size(); ++k)
                for (int32_t d : kDims) {
                    std::string key = name;
                    out.push_back(
                        {EditKind::Shape, fmt::format("op {} {}[{}] = {}", i, name, k, d),
                         [i, key, k, d](EditableModel &e) { e.operators[i].vectors[key][k] = d; }});
                }
        // Operand indices: absent (-1), another tensor, one past the end, huge.
        int32_t tensors = int32_t(m.tensors.size());
        for (std::size_t k = 0; k < op.inputs.size(); ++k)
            for (int32_t v : {-1, 0, tensors - 1, tensors, 2147483647}) {
                if (v == op.inputs[k]) continue;
                out.push_back({EditKind::Index, fmt::format("op {} input[{}] = {}", i, k, v),
                               [i, k, v](EditableModel &e) { e.operators[i].inputs[k] = v; }});
            }
        for (int32_t v : {0, tensors, -1})
            out.push_back({EditKind::Index, fmt::format("op {} output[0] = {}", i, v),
                           [i, v](EditableModel &e) {
                               if (!e.operators[i].outputs.empty()) e.operators[i].outputs[0] = v;
                           }});
        for (uint32_t v : {0u, uint32_t(m.operator_codes.size()), 0xffffffffu})
            out.push_back({EditKind::Index, fmt::format("op {} opcode_index = {}", i, v),
                           [i, v](EditableModel &e) { e.operators[i].opcode_index = v; }});
    }
}

void tensor_edits(const EditableModel &m, std::vector<Edit> &out) {
    for (std::size_t i = 0; i < m.tensors.size(); ++i) {
        const test::TensorSpec &t = m.tensors[i];
        for (std::size_t k = 0; k < t.shape.size(); ++k)
            for (int32_t d : kDims) {
                if (d == t.shape[k]) continue;
                out.push_back({EditKind::Shape, fmt::format("tensor {} shape[{}] = {}", i, k, d),
                               [i, k, d](EditableModel &e) { e.tensors[i].shape[k] = d; }});
            }
        for (int8_t type : kDtypes) {
            if (type == t.type) continue;
            out.push_back({EditKind::DType, fmt::format("tensor {} type = {}", i, int(type)),
                           [i, type](EditableModel &e) { e.tensors[i].type = type; }});
        }
        for (std::size_t k = 0; k < t.scale.size() && k < 2; ++k)
            for (double s : kFloatValues)
                out.push_back({EditKind::Quantization,
                               fmt::format("tensor {} scale[{}] = {}", i, k, value_str(s)),
                               [i, k, s](EditableModel &e) { e.tensors[i].scale[k] = float(s); }});
        for (std::size_t k = 0; k < t.zero_point.size() && k < 2; ++k)
            for (int64_t z : kZeroPoints) {
                if (z == t.zero_point[k]) continue;
                out.push_back({EditKind::Quantization,
                               fmt::format("tensor {} zero_point[{}] = {}", i, k, z),
                               [i, k, z](EditableModel &e) { e.tensors[i].zero_point[k] = z; }});
            }
        if (t.scale.size() > 1)
            for (int32_t axis : {0, 1, 2, 3, -1, 2147483647})
                out.push_back(
                    {EditKind::Quantization,
                     fmt::format("tensor {} quantized_dimension = {}", i, axis),
                     [i, axis](EditableModel &e) { e.tensors[i].quantized_dimension = axis; }});
        uint32_t buffers = uint32_t(m.buffers.size());
        for (uint32_t b : {0u, buffers - 1, buffers, 0xffffffffu}) {
            if (b == t.buffer) continue;
            out.push_back({EditKind::Index, fmt::format("tensor {} buffer = {}", i, b),
                           [i, b](EditableModel &e) { e.tensors[i].buffer = b; }});
        }
        // Constant values at the extremes (int8 weights, int32 biases, float data).
        if (t.buffer == 0 || t.buffer >= m.buffers.size() || m.buffers[t.buffer].data.empty())
            continue;
        std::vector<std::pair<std::string, std::vector<uint8_t>>> patterns;
        if (t.type == 9)
            patterns = {{"127", {0x7f}}, {"-128", {0x80}}, {"+-127", {0x7f, 0x81}}};
        else if (t.type == 2)
            patterns = {{"INT32_MAX", {0xff, 0xff, 0xff, 0x7f}},
                        {"INT32_MIN", {0x00, 0x00, 0x00, 0x80}}};
        else if (t.type == 0)
            patterns = {{"NaN", {0x00, 0x00, 0xc0, 0x7f}},
                        {"inf", {0x00, 0x00, 0x80, 0x7f}},
                        {"FLT_MAX", {0xff, 0xff, 0x7f, 0x7f}}};
        for (const auto &[label, bytes] : patterns) {
            uint32_t buffer = t.buffer;
            std::vector<uint8_t> pattern = bytes;
            out.push_back(
                {EditKind::Data, fmt::format("tensor {} data all {}", i, label),
                 [buffer, pattern](EditableModel &e) { fill(e.buffers[buffer], pattern); }});
        }
    }
}

void graph_edits(const EditableModel &m, std::vector<Edit> &out) {
    int32_t tensors = int32_t(m.tensors.size());
    for (std::size_t k = 0; k < m.inputs.size(); ++k)
        for (int32_t v : {-1, 0, tensors - 1, tensors})
            out.push_back({EditKind::Index, fmt::format("graph input[{}] = {}", k, v),
                           [k, v](EditableModel &e) { e.inputs[k] = v; }});
    for (std::size_t k = 0; k < m.outputs.size(); ++k)
        for (int32_t v : {-1, 0, tensors - 1, tensors})
            out.push_back({EditKind::Index, fmt::format("graph output[{}] = {}", k, v),
                           [k, v](EditableModel &e) { e.outputs[k] = v; }});
    for (std::size_t c = 0; c < m.operator_codes.size(); ++c)
        for (int32_t code : {0, 1, 3, 4, 9, 17, 22, 25, 32, 200})
            out.push_back({EditKind::Index, fmt::format("opcode {} builtin_code = {}", c, code),
                           [c, code](EditableModel &e) {
                               e.operator_codes[c].builtin_code = code;
                               e.operator_codes[c].deprecated_builtin_code =
                                   int8_t(code < 127 ? code : 127);
                           }});
}

} // namespace

std::string Mutant::describe() const {
    if (edits.empty()) return "unmodified";
    std::string s;
    for (const Edit &e : edits)
        s += (s.empty() ? "" : "; ") + e.what;
    return s;
}

EditableModel Mutant::applied(const EditableModel &original) const {
    EditableModel m = original;
    for (const Edit &e : edits)
        e.apply(m);
    return m;
}

std::vector<Edit> all_edits(const EditableModel &model) {
    std::vector<Edit> out;
    operator_edits(model, out);
    tensor_edits(model, out);
    graph_edits(model, out);
    return out;
}

std::vector<Mutant> make_mutants(const EditableModel &model, int count, uint32_t seed) {
    // By kind, so that the many shape and dtype sites do not crowd out options and quantization.
    std::vector<std::vector<Edit>> by_kind(std::size_t(EditKind::Count));
    for (Edit &e : all_edits(model))
        by_kind[std::size_t(e.kind)].push_back(std::move(e));
    // Percent of draws per kind: options, quantization, shape, data, dtype, index.
    const int weights[] = {30, 25, 15, 15, 5, 10};
    std::discrete_distribution<std::size_t> kind(std::begin(weights), std::end(weights));
    std::mt19937 random(seed);
    auto draw = [&]() -> const Edit * {
        for (int tries = 0; tries < 100; ++tries) {
            const auto &edits = by_kind[kind(random)];
            if (!edits.empty()) return &edits[random() % edits.size()];
        }
        return nullptr;
    };
    std::vector<Mutant> mutants = {Mutant{}};
    while (int(mutants.size()) < count) {
        Mutant m;
        const Edit *first = draw();
        if (!first) break;
        m.edits.push_back(*first);
        if (random() % 10 < 4)
            if (const Edit *second = draw()) m.edits.push_back(*second); // 40%: two fields
        mutants.push_back(std::move(m));
    }
    return mutants;
}

} // namespace microaot::semantic_fuzz
