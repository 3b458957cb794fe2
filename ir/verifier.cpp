#include "ir/verifier.h"

#include "ir/error.h"
#include "ir/limits.h"
#include "ir/ops.h"
#include "ir/value_ranges.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <utility>

namespace microaot::ir {
namespace {

enum class Origin { None, Constant, GraphInput, Produced };

// Zero points must be values of the stored type (kernels add them in that type's range).
std::optional<std::pair<int64_t, int64_t>> zero_point_range(DType t) {
    switch (t) {
    case DType::Int8:
        return std::pair<int64_t, int64_t>{-128, 127};
    case DType::UInt8:
        return std::pair<int64_t, int64_t>{0, 255};
    case DType::Int16:
        return std::pair<int64_t, int64_t>{-32768, 32767};
    case DType::Int32:
        return std::pair<int64_t, int64_t>{INT32_MIN, INT32_MAX};
    default:
        return std::nullopt;
    }
}

void verify_quantization(const Tensor &t) {
    const Quantization &q = t.quant;
    if (q.empty()) return;
    auto bad = [&](const std::string &what) {
        throw CompileError(fmt::format("tensor '{}': {}", t.name, what));
    };
    if (q.zero_point.size() != q.scale.size())
        bad(fmt::format("{} scales but {} zero points", q.scale.size(), q.zero_point.size()));
    for (float s : q.scale)
        if (!std::isfinite(s) || s <= 0.0f)
            bad(fmt::format("quantization scale {} is not positive", s));
    if (auto range = zero_point_range(t.dtype))
        for (int64_t zp : q.zero_point)
            if (zp < range->first || zp > range->second)
                bad(fmt::format("zero point {} is outside the {} range [{}, {}]", zp,
                                dtype_name(t.dtype), range->first, range->second));
    if (q.per_channel()) {
        if (q.axis < 0 || std::size_t(q.axis) >= t.shape.size())
            bad(fmt::format("quantization axis {} out of range for {}", q.axis,
                            shape_str(t.shape)));
        if (int64_t(q.scale.size()) != t.shape[std::size_t(q.axis)])
            bad(fmt::format("{} per-channel scales for {} channels", q.scale.size(),
                            t.shape[std::size_t(q.axis)]));
    }
}

void verify_tensor(const Tensor &t) {
    for (int64_t d : t.shape)
        if (d < 0)
            throw CompileError(
                fmt::format("tensor '{}': negative dimension in {}", t.name, shape_str(t.shape)));
    if (t.is_constant() && int64_t(t.data->size()) != t.byte_size())
        throw CompileError(fmt::format("tensor '{}': constant holds {} bytes, shape {} {} needs {}",
                                       t.name, t.data->size(), dtype_name(t.dtype),
                                       shape_str(t.shape), t.byte_size()));
    verify_quantization(t);
}

class GraphChecker {
  public:
    explicit GraphChecker(const Graph &g) : g_(g), origin_(g.tensors.size(), Origin::None) {}

    void run() {
        for (const Tensor &t : g_.tensors)
            verify_tensor(t);
        for (std::size_t i = 0; i < g_.tensors.size(); ++i)
            if (g_.tensors[i].is_constant()) origin_[i] = Origin::Constant;
        for (TensorId id : g_.inputs)
            mark_input(id);
        for (std::size_t i = 0; i < g_.nodes.size(); ++i)
            check_node(i, g_.nodes[i]);
        for (TensorId id : g_.outputs) {
            check_index(id, "graph output");
            if (origin_[std::size_t(id)] == Origin::None)
                throw CompileError(
                    fmt::format("graph output '{}' is never computed", g_.tensor(id).name));
        }
    }

  private:
    void check_index(TensorId id, std::string_view where) const {
        if (id < 0 || std::size_t(id) >= g_.tensors.size())
            throw CompileError(
                fmt::format("{} refers to tensor {} of {}", where, id, g_.tensors.size()));
    }

    void mark_input(TensorId id) {
        check_index(id, "graph input");
        auto &o = origin_[std::size_t(id)];
        if (o != Origin::None)
            throw CompileError(
                fmt::format("graph input '{}' is a constant or listed twice", g_.tensor(id).name));
        o = Origin::GraphInput;
    }

    void check_node(std::size_t index, const Node &n) {
        if (std::size_t(n.kind) >= kOpKindCount)
            throw CompileError(
                fmt::format("node {}: unknown operator kind {}", index, int(n.kind)));
        const OpDef &def = op_def(n.kind);
        std::string where = fmt::format("node {} ({})", index, def.name);
        if (n.attrs.index() != def.attrs)
            throw CompileError(fmt::format("{}: attributes are {}, expected {}", where,
                                           attrs_type_name(n.attrs.index()),
                                           attrs_type_name(def.attrs)));
        check_input_slots(where, def, n);
        check_output_slots(where, def, n);
        for (TensorId id : n.outputs) {
            auto &o = origin_[std::size_t(id)];
            if (o != Origin::None)
                throw CompileError(fmt::format("{}: output '{}' is already a constant, input or "
                                               "another node's output",
                                               where, g_.tensor(id).name));
            o = Origin::Produced;
        }
        try {
            def.verify(g_, n);
        } catch (const CompileError &e) {
            throw CompileError(fmt::format("node {}: {}", index, e.what()));
        }
    }

    void check_input_slots(const std::string &where, const OpDef &def, const Node &n) const {
        bool variadic = !def.inputs.empty() && def.inputs.back().variadic();
        if (!variadic && n.inputs.size() > def.inputs.size())
            throw CompileError(fmt::format("{}: takes at most {} inputs, has {}", where,
                                           def.inputs.size(), n.inputs.size()));
        std::size_t slots = std::max(def.inputs.size(), n.inputs.size());
        for (std::size_t i = 0; i < slots; ++i) {
            const OperandDef &slot = *def.input_def(i);
            TensorId id = n.input(i);
            bool may_be_absent = slot.optional() || (slot.variadic() && i >= def.inputs.size());
            if (id == kNoTensor) {
                if (!may_be_absent)
                    throw CompileError(fmt::format("{}: required input {} ('{}') is missing", where,
                                                   i, slot.name));
                continue;
            }
            check_index(id, where);
            if (origin_[std::size_t(id)] == Origin::None)
                throw CompileError(fmt::format("{}: input '{}' is used before it is computed",
                                               where, g_.tensor(id).name));
            if (slot.constant() && origin_[std::size_t(id)] != Origin::Constant)
                throw CompileError(fmt::format("{}: input {} ('{}', tensor '{}') must be a "
                                               "constant",
                                               where, i, slot.name, g_.tensor(id).name));
        }
    }

    void check_output_slots(const std::string &where, const OpDef &def, const Node &n) const {
        bool variadic = def.outputs.back().variadic();
        std::size_t want = def.outputs.size();
        bool ok = variadic ? n.outputs.size() >= want : n.outputs.size() == want;
        if (!ok)
            throw CompileError(fmt::format("{}: must have {}{} output{}, has {}", where,
                                           variadic ? "at least " : "", want, want == 1 ? "" : "s",
                                           n.outputs.size()));
        for (TensorId id : n.outputs)
            check_index(id, where);
    }

    const Graph &g_;
    std::vector<Origin> origin_;
};

} // namespace

void verify(const Graph &graph) {
    check_limits(graph);
    GraphChecker(graph).run();
    check_value_ranges(graph); // needs the operator rules (shapes, dtypes) to hold
}

} // namespace microaot::ir
