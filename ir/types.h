// Element types, shapes and quantization parameters of IR tensors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::ir {

enum class DType { Int8, UInt8, Int16, Int32, Int64, Float32, Bool };

std::string_view dtype_name(DType t);
// C type used for the element in generated code ("int8_t", "float", ...).
std::string_view dtype_c_type(DType t);
std::size_t dtype_size(DType t);
std::optional<DType> dtype_from_name(std::string_view name);

using Shape = std::vector<int64_t>;

// Element count; dims are validated non-negative by importers and the verifier.
int64_t element_count(const Shape &shape);
std::string shape_str(const Shape &shape);

// Affine quantization: real = scale * (q - zero_point). Per-tensor when scale has one entry,
// per-channel along `axis` otherwise. Empty scale means "not quantized".
struct Quantization {
    std::vector<float> scale;
    std::vector<int64_t> zero_point;
    int axis = 0;

    bool empty() const { return scale.empty(); }
    bool per_channel() const { return scale.size() > 1; }
    bool operator==(const Quantization &) const = default;
};

} // namespace microaot::ir
