// Study output directory: atomic files, staged final outputs, and the --resume journal.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/output.hpp>

#include <cerrno>
#include <csignal>
#include <memory>
#include <unistd.h>

namespace satcap::study {

namespace fs = std::filesystem;

namespace {

// AtomicFile temporaries are "NAME.tmp.PID.HEX". Returns the PID, or 0 when the name is not one.
long temp_owner(const std::string& name) {
  const std::size_t at = name.rfind(".tmp.");
  if (at == std::string::npos) return 0;
  const std::string rest = name.substr(at + 5);
  const std::size_t dot = rest.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= rest.size()) return 0;
  long pid = 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (rest[i] < '0' || rest[i] > '9') return 0;
    pid = pid * 10 + (rest[i] - '0');
    if (pid > 1L << 30) return 0;
  }
  for (std::size_t i = dot + 1; i < rest.size(); ++i) {
    const char c = rest[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
  }
  return pid;
}

// Removes temporaries whose writing process no longer exists (left by a killed run).
void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const long pid = temp_owner(it->path().filename().string());
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

}  // namespace

std::string json_text(const nlohmann::json& json) { return json.dump(2) + "\n"; }

OutputDirectory::OutputDirectory(fs::path dir, const std::string& field, bool clean_stale)
    : dir_(std::move(dir)), clean_stale_(clean_stale) {
  if (dir_.empty()) throw InputError("", 0, field, "empty output directory name");
  std::error_code ec;
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
    throw InputError(dir_.string(), 0, field, "exists and is not a directory");
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_))
    throw InputError(dir_.string(), 0, field, "cannot create the output directory: " + ec.message());
  if (::access(dir_.c_str(), W_OK | X_OK) != 0)
    throw InputError(dir_.string(), 0, field, "the output directory is not writable");
  if (clean_stale_) remove_stale_temporaries(dir_);
}

void OutputDirectory::write_text(const std::string& name, std::string_view content) const {
  core::write_file_atomically(dir_ / name, content);
}

void OutputDirectory::write_csv(const std::string& name, const Table& table) const { write_text(name, table.to_csv()); }

void OutputDirectory::write_json(const std::string& name, const nlohmann::json& json) const {
  write_text(name, json_text(json));
}

void OutputDirectory::stage_text(const std::string& name, std::string content) { staged_[name] = std::move(content); }

void OutputDirectory::stage_csv(const std::string& name, const Table& table) { stage_text(name, table.to_csv()); }

void OutputDirectory::stage_json(const std::string& name, const nlohmann::json& json) {
  stage_text(name, json_text(json));
}

std::vector<std::string> OutputDirectory::staged() const {
  std::vector<std::string> out;
  for (const auto& [name, content] : staged_) out.push_back(name);
  return out;
}

void OutputDirectory::commit() {
  // Phase 1: every temporary written and flushed; an exception here removes them all.
  std::vector<std::unique_ptr<core::AtomicFile>> files;
  files.reserve(staged_.size());
  for (const auto& [name, content] : staged_) {
    if (name.find('/') != std::string::npos) {  // a subdirectory (figures/)
      std::error_code ec;
      fs::create_directories((dir_ / name).parent_path(), ec);
    }
    files.push_back(std::make_unique<core::AtomicFile>(dir_ / name));
    files.back()->stream() << content;
    if (!files.back()->stream()) throw InputError((dir_ / name).string(), 0, "", "write failed (disk full?)");
  }
  // Phase 2: renames only.
  for (auto& f : files) f->commit();
  staged_.clear();
}

// ---------------------------------------------------------------------------------------------

CaseJournal::CaseJournal(const OutputDirectory& out, std::string engine_version, std::string salt)
    : dir_(out.path() / ".satcap-cases"), engine_version_(std::move(engine_version)), salt_(std::move(salt)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_))
    throw InputError(dir_.string(), 0, "--out", "cannot create the run journal directory: " + ec.message());
  if (out.cleans_stale_temporaries()) remove_stale_temporaries(dir_);
}

std::string CaseJournal::key(const CaseSpec& spec) const {
  return sha1_hex(spec.input_hash + "\n" + engine_version_ + "\n" + salt_);
}

std::optional<nlohmann::json> CaseJournal::load(const CaseSpec& spec) const {
  const fs::path p = dir_ / (spec.id + ".json");
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::string text;
  try {
    text = core::read_file(p);
  } catch (const Error&) {
    return std::nullopt;
  }
  nlohmann::json entry = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (entry.is_discarded() || !entry.is_object()) return std::nullopt;
  if (entry.value("format", 0) != 1 || entry.value("key", std::string()) != key(spec) ||
      entry.value("name", std::string()) != spec.name || !entry.contains("result"))
    return std::nullopt;
  return entry.at("result");
}

void CaseJournal::store(const CaseSpec& spec, const nlohmann::json& result) const {
  nlohmann::json entry = {{"format", 1},
                          {"name", spec.name},
                          {"id", spec.id},
                          {"key", key(spec)},
                          {"engine_version", engine_version_},
                          {"result", result}};
  core::write_file_atomically(dir_ / (spec.id + ".json"), entry.dump() + "\n");
}

void CaseJournal::clear() const {
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

}  // namespace satcap::study
