#pragma once
// Shared helpers for satcap's tests: where reference data lives, and how validation rows are recorded.
#include <filesystem>
#include <string>

namespace satcap::test {

/// ../shared/reference (CMake cache variable SATCAP_REFERENCE_DIR).
std::filesystem::path reference_dir();
/// ../shared/itu-maps (CMake cache variable SATCAP_ITU_MAPS_DIR).
std::filesystem::path itu_maps_dir();
/// The repository's source directory (datasets/ etc.).
std::filesystem::path source_dir();
/// A fresh, empty scratch directory for one test (under the build tree).
std::filesystem::path scratch_dir(const std::string& name);
/// Path of the satcap CLI binary (only in test executables that define SATCAP_TEST_CLI).
std::filesystem::path cli_path();

/// True when running under CI (environment CI=true): missing reference data is then a failure.
bool in_ci();

/// Records one row of the validation table (docs/validation.md), keyed by `key` (one file per key).
/// `max_error` and `tolerance` are free text with units, e.g. "3.1e-8 km".
void record_validation(const std::string& key, const std::string& quantity, const std::string& reference,
                       long cases, const std::string& max_error, const std::string& tolerance, bool pass);

/// Runs a shell command, returns its exit status; stdout+stderr captured into `output`.
int run_command(const std::string& command, std::string& output);

/// `s` with every occurrence of `from` replaced by `to` (left to right, no rescanning).
std::string replace_all(const std::string& s, const std::string& from, const std::string& to);

}  // namespace satcap::test

/// Skips the test when `path` is absent (fails instead when CI=true), with the reason.
#define SATCAP_REQUIRE_REFERENCE(path)                                                        \
  do {                                                                                          \
    if (!std::filesystem::exists(path)) {                                                       \
      if (::satcap::test::in_ci()) FAIL() << "reference data missing: " << (path);              \
      GTEST_SKIP() << "reference data missing: " << (path);                                     \
    }                                                                                           \
  } while (0)
