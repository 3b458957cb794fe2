// Tensor stage of the importer: dtype, shape, quantization and constant data of every tensor.
#include "frontends/tflite/import_context.h"
#include "ir/error.h"
#include "ir/limits.h"
#include "ir/text.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <optional>

namespace microaot::tflite {
namespace {

// The verifier only guarantees 4-byte alignment for vectors (their length prefix), so an int64
// vector in a hostile file may be misaligned: copy its little-endian bytes instead of loading
// through an int64_t pointer (found by the libFuzzer target).
std::vector<int64_t> read_int64_vector(const flatbuffers::Vector<int64_t> &v) {
    static_assert(std::endian::native == std::endian::little, "flatbuffers data is little-endian");
    std::vector<int64_t> out(v.size());
    if (!out.empty()) std::memcpy(out.data(), v.Data(), out.size() * sizeof(int64_t));
    return out;
}

// Element counts above this are rejected: no microcontroller model comes close, and it keeps
// every later size computation (bytes, MACs) far from int64 overflow.
constexpr int64_t kMaxElements = ir::kMaxTensorElements;

// TFLite TensorType numbers of the element types the IR supports.
std::optional<ir::DType> map_dtype(int8_t tflite_type) {
    switch (tflite_type) {
    case 0:
        return ir::DType::Float32;
    case 2:
        return ir::DType::Int32;
    case 3:
        return ir::DType::UInt8;
    case 4:
        return ir::DType::Int64;
    case 6:
        return ir::DType::Bool;
    case 7:
        return ir::DType::Int16;
    case 9:
        return ir::DType::Int8;
    default:
        return std::nullopt;
    }
}

std::string tflite_type_name(int8_t tflite_type) {
    switch (tflite_type) {
    case 1:
        return "FLOAT16";
    case 5:
        return "STRING";
    case 8:
        return "COMPLEX64";
    case 10:
        return "FLOAT64";
    case 11:
        return "COMPLEX128";
    case 12:
        return "UINT64";
    case 13:
        return "RESOURCE";
    case 14:
        return "VARIANT";
    case 15:
        return "UINT32";
    case 16:
        return "UINT16";
    case 17:
        return "INT4";
    case 18:
        return "BFLOAT16";
    default:
        return fmt::format("type {}", int(tflite_type));
    }
}

class TensorImporter {
  public:
    TensorImporter(ImportContext &ctx, ir::Graph &graph) : ctx_(ctx), graph_(graph) {}

    void run() {
        const auto *tensors = ctx_.subgraph->tensors();
        std::size_t count = tensors ? tensors->size() : 0;
        std::vector<bool> is_graph_input(count, false);
        graph_.inputs = io_list(ctx_.subgraph->inputs(), count, "subgraph input");
        graph_.outputs = io_list(ctx_.subgraph->outputs(), count, "subgraph output");
        for (ir::TensorId id : graph_.inputs)
            is_graph_input[std::size_t(id)] = true;
        ctx_.is_variable.assign(count, false);
        for (std::size_t i = 0; i < count; ++i) {
            const fb::Tensor *t = tensors->Get(flatbuffers::uoffset_t(i));
            if (!t) throw CompileError(fmt::format("tensor {} is missing", i));
            ctx_.is_variable[i] = t->is_variable();
            import_one(i, *t, is_graph_input[i] || t->is_variable());
        }
    }

  private:
    static std::vector<ir::TensorId> io_list(const flatbuffers::Vector<int32_t> *ids,
                                             std::size_t tensor_count, std::string_view what) {
        std::vector<ir::TensorId> out;
        if (!ids) return out;
        for (flatbuffers::uoffset_t k = 0; k < ids->size(); ++k) {
            int32_t id = ids->Get(k);
            if (id < 0 || std::size_t(id) >= tensor_count)
                throw CompileError(fmt::format("{} {} refers to tensor {}, subgraph has {} tensors",
                                               what, k, id, tensor_count));
            out.push_back(id);
        }
        return out;
    }

    void import_one(std::size_t index, const fb::Tensor &t, bool never_constant) {
        ir::Tensor tensor;
        tensor.name = t.name() ? t.name()->str() : fmt::format("tensor{}", index);
        ir::TensorId id = graph_.add_tensor(std::move(tensor));
        ir::Tensor &out = graph_.tensor(id);
        // Names reach JSON (which must be UTF-8) and terminals; flatbuffers promises UTF-8.
        if (auto at = ir::invalid_utf8_at(out.name))
            fail(id, fmt::format("name is not valid UTF-8 (byte 0x{:02x} at offset {})",
                                 static_cast<unsigned char>(out.name[*at]), *at));
        std::optional<ir::DType> dtype = map_dtype(t.type());
        if (!dtype)
            fail(id, fmt::format("element type {} is not supported", tflite_type_name(t.type())));
        out.dtype = *dtype;
        out.shape = shape_of(id, t.shape());
        if (t.sparsity()) fail(id, "sparse tensors are not supported");
        out.quant = quantization_of(id, t.quantization());
        if (!never_constant) out.data = constant_data(id, t.buffer());
    }

    [[noreturn]] void fail(ir::TensorId id, const std::string &what) const {
        throw CompileError(fmt::format("{}: {}", tensor_ref(graph_, id), what));
    }

    ir::Shape shape_of(ir::TensorId id, const flatbuffers::Vector<int32_t> *dims) const {
        ir::Shape shape;
        if (dims) shape.assign(dims->begin(), dims->end());
        int64_t nonzero_product = 1;
        for (int64_t d : shape) {
            if (d < 0)
                fail(id, fmt::format("negative dimension in shape {}", ir::shape_str(shape)));
            if (d == 0) continue;
            // Product of the non-zero dims, so even zero-sized tensors cannot overflow later.
            if (nonzero_product > kMaxElements / d)
                fail(id, fmt::format("shape {} has more than 2^31 - 1 elements",
                                     ir::shape_str(shape)));
            nonzero_product *= d;
        }
        return shape;
    }

    ir::Quantization quantization_of(ir::TensorId id, const fb::QuantizationParameters *q) {
        ir::Quantization quant;
        if (!q) return quant;
        if (q->details_type() != fb::QuantizationDetails::NONE)
            fail(id, "custom quantization is not supported");
        if (!q->scale() || q->scale()->size() == 0) return quant; // min/max only: not quantized
        std::size_t scales = q->scale()->size();
        std::size_t zero_points = q->zero_point() ? q->zero_point()->size() : 0;
        if (zero_points != scales)
            fail(id, fmt::format("{} quantization scales but {} zero points", scales, zero_points));
        quant.scale.assign(q->scale()->begin(), q->scale()->end());
        quant.zero_point = read_int64_vector(*q->zero_point());
        if (scales == 1) return quant; // per-tensor: the axis is meaningless, keep it 0
        const ir::Shape &shape = graph_.tensor(id).shape;
        int32_t axis = q->quantized_dimension();
        std::string problem;
        if (axis < 0 || std::size_t(axis) >= shape.size())
            problem = fmt::format("quantized_dimension {} is outside shape {}", axis,
                                  ir::shape_str(shape));
        else if (int64_t(scales) != shape[std::size_t(axis)])
            problem = fmt::format("{} per-channel scales for {} channels on axis {}", scales,
                                  shape[std::size_t(axis)], axis);
        if (!problem.empty()) {
            // Decided once the operators are known: fine where no kernel reads it (a bias).
            ctx_.bad_quantization[id] = fmt::format("{}: {}", tensor_ref(graph_, id), problem);
            return {};
        }
        quant.axis = axis;
        return quant;
    }

    // The tensor's constant bytes, or nullopt for an activation (buffer 0 or an empty buffer).
    std::optional<std::vector<uint8_t>> constant_data(ir::TensorId id,
                                                      uint32_t buffer_index) const {
        if (buffer_index == 0) return std::nullopt;
        const auto *buffers = ctx_.model->buffers();
        std::size_t buffer_count = buffers ? buffers->size() : 0;
        if (buffer_index >= buffer_count)
            fail(id, fmt::format("buffer index {} out of range (model has {} buffers)",
                                 buffer_index, buffer_count));
        const fb::Buffer *buffer = buffers->Get(buffer_index);
        if (!buffer) fail(id, fmt::format("buffer {} is missing", buffer_index));
        std::span<const uint8_t> bytes = buffer_bytes(id, buffer_index, *buffer);
        if (bytes.empty()) return std::nullopt;
        const ir::Tensor &t = graph_.tensor(id);
        if (int64_t(bytes.size()) != t.byte_size())
            fail(id, fmt::format("buffer {} holds {} bytes, shape {}{} needs {}", buffer_index,
                                 bytes.size(), ir::dtype_name(t.dtype), ir::shape_str(t.shape),
                                 t.byte_size()));
        return std::vector<uint8_t>(bytes.begin(), bytes.end());
    }

    // Inline data, or the [offset, offset+size) range of the file used by >2 GB models.
    std::span<const uint8_t> buffer_bytes(ir::TensorId id, uint32_t buffer_index,
                                          const fb::Buffer &buffer) const {
        bool has_inline = buffer.data() && buffer.data()->size() > 0;
        bool has_external = buffer.offset() > 1;
        if (has_inline && has_external)
            fail(id, fmt::format("buffer {} has both inline data and an external offset",
                                 buffer_index));
        if (has_inline) return {buffer.data()->data(), buffer.data()->size()};
        if (!has_external) return {};
        uint64_t offset = buffer.offset(), size = buffer.size(), file_size = ctx_.file.size();
        if (offset > file_size || size > file_size - offset)
            fail(id, fmt::format("buffer {} points at bytes [{}, +{}) beyond the {}-byte file",
                                 buffer_index, offset, size, file_size));
        return ctx_.file.subspan(std::size_t(offset), std::size_t(size));
    }

    ImportContext &ctx_;
    ir::Graph &graph_;
};

} // namespace

std::string tensor_ref(const ir::Graph &graph, ir::TensorId id) {
    return fmt::format("tensor {} '{}'", id, ir::printable(graph.tensor(id).name));
}

void import_tensors(ImportContext &ctx, ir::Graph &graph) {
    TensorImporter(ctx, graph).run();
}

} // namespace microaot::tflite
