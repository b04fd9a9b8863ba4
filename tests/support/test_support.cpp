#include "test_support.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

namespace satcap::test {

std::filesystem::path reference_dir() {
  if (const char* env = std::getenv("SATCAP_REFERENCE_DIR")) return env;
  return SATCAP_TEST_REFERENCE_DIR;
}
std::filesystem::path itu_maps_dir() {
  if (const char* env = std::getenv("SATCAP_ITU_MAPS_DIR")) return env;
  return SATCAP_TEST_ITU_MAPS_DIR;
}
std::filesystem::path source_dir() { return SATCAP_TEST_SOURCE_DIR; }

std::filesystem::path scratch_dir(const std::string& name) {
  auto p = std::filesystem::path(SATCAP_TEST_OUTPUT_DIR) / "scratch" / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

std::filesystem::path cli_path() {
#ifdef SATCAP_TEST_CLI
  return SATCAP_TEST_CLI;
#else
  return std::filesystem::path(SATCAP_TEST_BINARY_DIR) / "bin" / "satcap";
#endif
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

void record_validation(const std::string& key, const std::string& quantity, const std::string& reference,
                       long cases, const std::string& max_error, const std::string& tolerance, bool pass) {
  auto dir = std::filesystem::path(SATCAP_TEST_OUTPUT_DIR) / "validation";
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / (key + ".tsv"));
  out << quantity << '\t' << reference << '\t' << cases << '\t' << max_error << '\t' << tolerance << '\t'
      << (pass ? "pass" : "FAIL") << '\n';
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t start = 0;
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, start)) {
    out.append(s, start, pos - start).append(to);
    start = pos + from.size();
  }
  return out.append(s, start, std::string::npos);
}

int run_command(const std::string& command, std::string& output) {
  output.clear();
  std::string full = command + " 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  int status = ::pclose(pipe);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -1;
}

}  // namespace satcap::test
