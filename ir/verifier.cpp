#include "ir/verifier.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <cmath>
#include <fmt/format.h>

namespace microaot::ir {
namespace {

enum class Origin { None, Constant, GraphInput, Produced };

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
        const OpInfo &info = op_info(n.kind);
        std::string where = fmt::format("node {} ({})", index, info.name);
        int present = 0;
        for (std::size_t i = 0; i < n.inputs.size(); ++i) {
            TensorId id = n.inputs[i];
            if (id == kNoTensor) {
                if (int(i) < info.min_inputs)
                    throw CompileError(fmt::format("{}: required input {} is missing", where, i));
                continue;
            }
            check_index(id, where);
            if (origin_[std::size_t(id)] == Origin::None)
                throw CompileError(fmt::format("{}: input '{}' is used before it is computed",
                                               where, g_.tensor(id).name));
            ++present;
        }
        if (int(n.inputs.size()) < info.min_inputs || int(n.inputs.size()) > info.max_inputs)
            throw CompileError(fmt::format("{}: takes {}..{} inputs, has {}", where,
                                           info.min_inputs, info.max_inputs, n.inputs.size()));
        if (n.outputs.size() != 1)
            throw CompileError(
                fmt::format("{}: must have exactly one output, has {}", where, n.outputs.size()));
        for (TensorId id : n.outputs) {
            check_index(id, where);
            auto &o = origin_[std::size_t(id)];
            if (o != Origin::None)
                throw CompileError(fmt::format("{}: output '{}' is already a constant, input or "
                                               "another node's output",
                                               where, g_.tensor(id).name));
            o = Origin::Produced;
        }
        (void)present;
        try {
            info.verify(g_, n);
        } catch (const CompileError &e) {
            throw CompileError(fmt::format("node {}: {}", index, e.what()));
        }
    }

    const Graph &g_;
    std::vector<Origin> origin_;
};

} // namespace

void verify(const Graph &graph) {
    GraphChecker(graph).run();
}

} // namespace microaot::ir
