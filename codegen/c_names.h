// Turning tensor and model names into C identifiers, deterministically and without collisions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace microaot::codegen {

// Letters, digits and '_' kept; anything else becomes '_'; a leading digit or '_' gets a 't'
// prefix; reserved identifiers (C and C++ keywords, standard macros and typedefs: see
// reserved_names.h) get a '_' suffix; empty names become "t".
std::string c_identifier(std::string_view name);

// Hands out identifiers, suffixing "_2", "_3", ... when a name was already taken.
class NameTable {
  public:
    std::string unique(std::string_view wanted);
    void reserve(std::string name) { taken_.insert(std::move(name)); }

  private:
    std::set<std::string> taken_;
    // Per wanted name, the suffix to try next: names are never released, so the suffixes tried
    // before stay taken and each call costs O(log n) amortized, not O(times asked).
    std::map<std::string, int, std::less<>> next_suffix_;
};

} // namespace microaot::codegen
