// The constant arrays of a model (weights, biases, derived multipliers), deduplicated by content,
// and their rendering into NAME_weights.c / NAME_weights.h.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace microaot::codegen {

struct ConstantArray {
    std::string name;   // C identifier
    std::string c_type; // element type: int8_t, uint8_t, int16_t, int32_t, int64_t or float
    std::vector<uint8_t> bytes;
    std::vector<std::string> uses; // comments: which tensors / derived values share it
};

class WeightsTable {
  public:
    explicit WeightsTable(std::string prefix) : prefix_(std::move(prefix)) {}
    // Returns the identifier of the array holding `bytes` as `c_type` (existing or new).
    // O(bytes + log arrays): content is found by (type, size, hash) and compared only on a match.
    std::string add(std::string_view c_type, std::span<const uint8_t> bytes, std::string_view what);
    // Records one more use of the array `name` returned by add() (no content comparison).
    void add_use(const std::string &name, std::string_view what);
    const std::vector<ConstantArray> &arrays() const { return arrays_; }
    int64_t total_bytes() const;

  private:
    std::string prefix_;
    std::vector<ConstantArray> arrays_;
    std::multimap<std::tuple<std::string, std::size_t, uint64_t>, std::size_t> index_;
    std::map<std::string, std::size_t> by_name_;
};

// NAME_weights.h: the section/alignment macros and extern declarations.
std::string render_weights_header(const std::string &name, const WeightsTable &table);
// NAME_weights.c: the arrays themselves.
std::string render_weights_source(const std::string &name, const WeightsTable &table);

} // namespace microaot::codegen
