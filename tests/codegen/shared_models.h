// The shared models (MICROAOT_SHARED_DIR/models/*.tflite) and their golden manifests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace microaot::test_models {

inline std::filesystem::path shared_dir() {
    return MICROAOT_SHARED_DIR;
}

// Stems of every model with a golden folder, sorted.
inline std::vector<std::string> shared_models() {
    std::vector<std::string> out;
    for (const auto &e : std::filesystem::directory_iterator(shared_dir() / "golden"))
        if (std::filesystem::exists(e.path() / "manifest.json") &&
            std::filesystem::exists(shared_dir() / "models" /
                                    (e.path().filename().string() + ".tflite")))
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

inline std::string model_path(const std::string &stem) {
    return (shared_dir() / "models" / (stem + ".tflite")).string();
}

} // namespace microaot::test_models
