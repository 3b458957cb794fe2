// The shared test data (MICROAOT_SHARED_DIR: ../shared beside the repository): models, their
// independent description in models.csv, golden folders, and which models microaot still refuses
// (tests/support/unsupported_models.txt).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace microaot::test {

std::filesystem::path shared_dir();
std::filesystem::path shared_models_dir();
// Every *.tflite in the shared models folder, sorted by name.
std::vector<std::filesystem::path> shared_model_files();
std::vector<uint8_t> read_bytes(const std::filesystem::path &path);

// Stems of every model with a golden folder (manifest.json) and a .tflite file, sorted.
std::vector<std::string> golden_models();
// The same without the models microaot refuses today.
std::vector<std::string> supported_golden_models();
std::string model_path(const std::string &stem);
std::filesystem::path golden_dir(const std::string &stem);

// The operator a refusal of `stem` must name, when the model is listed as unsupported.
std::optional<std::string> expected_refusal(const std::string &stem);

// One row of models.csv: the facts the importer's results are checked against.
struct ModelFacts {
    std::map<std::string, int> op_counts; // "CONV_2D" -> 5
    int64_t parameter_bytes = 0;
};

// Keyed by file name ("vww_96_int8.tflite").
std::map<std::string, ModelFacts> read_models_csv();

} // namespace microaot::test
