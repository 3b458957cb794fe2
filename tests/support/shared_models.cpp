#include "shared_models.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace microaot::test {
namespace {

// Splits one CSV line; fields may be double-quoted (with "" as an escaped quote).
std::vector<std::string> split_csv_line(const std::string &line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            fields.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

// "AVERAGE_POOL_2D:1;CONV_2D:5" -> {AVERAGE_POOL_2D: 1, CONV_2D: 5}
std::map<std::string, int> parse_op_counts(const std::string &field) {
    std::map<std::string, int> counts;
    std::stringstream in(field);
    std::string item;
    while (std::getline(in, item, ';')) {
        auto colon = item.find(':');
        if (colon == std::string::npos) throw std::runtime_error("bad ops field: " + field);
        counts[item.substr(0, colon)] = std::stoi(item.substr(colon + 1));
    }
    return counts;
}

std::size_t column(const std::vector<std::string> &header, const std::string &name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("models.csv has no column " + name);
    return std::size_t(it - header.begin());
}

} // namespace

std::filesystem::path shared_dir() {
    return MICROAOT_SHARED_DIR;
}

std::filesystem::path shared_models_dir() {
    return shared_dir() / "models";
}

std::vector<std::string> golden_models() {
    std::vector<std::string> out;
    for (const auto &e : std::filesystem::directory_iterator(shared_dir() / "golden"))
        if (std::filesystem::exists(e.path() / "manifest.json") &&
            std::filesystem::exists(model_path(e.path().filename().string())))
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> supported_golden_models() {
    std::vector<std::string> out;
    for (const auto &stem : golden_models())
        if (!expected_refusal(stem)) out.push_back(stem);
    return out;
}

std::string model_path(const std::string &stem) {
    return (shared_models_dir() / (stem + ".tflite")).string();
}

std::filesystem::path golden_dir(const std::string &stem) {
    return shared_dir() / "golden" / stem;
}

std::optional<std::string> expected_refusal(const std::string &stem) {
    std::ifstream in(MICROAOT_UNSUPPORTED_MODELS);
    if (!in) throw std::runtime_error("cannot open " MICROAOT_UNSUPPORTED_MODELS);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string model, op;
        words >> model >> op;
        if (model == stem) return op;
    }
    return std::nullopt;
}

std::vector<std::filesystem::path> shared_model_files() {
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(shared_models_dir()))
        if (entry.path().extension() == ".tflite") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<uint8_t> read_bytes(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, ModelFacts> read_models_csv() {
    std::ifstream in(shared_models_dir() / "models.csv");
    if (!in) throw std::runtime_error("cannot open models.csv");
    std::string line;
    std::getline(in, line);
    auto header = split_csv_line(line);
    std::size_t file_col = column(header, "file"), ops_col = column(header, "ops"),
                bytes_col = column(header, "parameter_bytes");
    std::map<std::string, ModelFacts> facts;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto fields = split_csv_line(line);
        if (fields.size() != header.size()) throw std::runtime_error("bad models.csv row: " + line);
        facts[fields[file_col]] = {parse_op_counts(fields[ops_col]), std::stoll(fields[bytes_col])};
    }
    return facts;
}

} // namespace microaot::test
