// Access to the shared test models and their independent description in models.csv.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace microaot::test {

std::filesystem::path shared_models_dir();
// Every *.tflite in the shared models folder, sorted by name.
std::vector<std::filesystem::path> shared_model_files();
std::vector<uint8_t> read_bytes(const std::filesystem::path &path);

// One row of models.csv: the facts the importer's results are checked against.
struct ModelFacts {
    std::map<std::string, int> op_counts; // "CONV_2D" -> 5
    int64_t parameter_bytes = 0;
};

// Keyed by file name ("vww_96_int8.tflite").
std::map<std::string, ModelFacts> read_models_csv();

} // namespace microaot::test
