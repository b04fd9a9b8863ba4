// Study job: satcap.Study(path).check() and .run(out, threads, progress), through the code of
// `satcap study check` (CapacityStudy::load + check_inputs) and `satcap study run`
// (study::run_capacity_study), so every output file has the CLI's bytes. Progress lines (the CLI's
// "lines" mode) go to a Python callable, called with the GIL held, from whichever thread reports.
#include <satcap/core/error.hpp>
#include <satcap/study/capacity_study.hpp>

#include <ostream>
#include <streambuf>

#include "common.hpp"

namespace satcap::python {
namespace {

// A streambuf that hands every complete line to a Python callable.
class CallbackBuf : public std::streambuf {
 public:
  explicit CallbackBuf(py::object fn) : fn_(std::move(fn)) {}
  ~CallbackBuf() override = default;
  /// The first exception the callable raised (re-raised after the run).
  std::exception_ptr error;

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    if (c == '\n' || c == '\r') {
      flush_line();
    } else {
      line_.push_back(static_cast<char>(c));
    }
    return c;
  }
  int sync() override {
    flush_line();
    return 0;
  }

 private:
  void flush_line() {
    if (line_.empty()) return;
    std::string text;
    text.swap(line_);
    py::gil_scoped_acquire gil;
    if (error) return;
    try {
      fn_(text);
    } catch (py::error_already_set&) {
      error = std::current_exception();
    }
  }
  py::object fn_;
  std::string line_;
};

class PyStudy {
 public:
  PyStudy(std::string path, std::string maps) : path_(std::move(path)), maps_(std::move(maps)) {}

  py::dict check() const {
    std::string name;
    std::vector<std::pair<std::string, std::string>> runs;
    {
      py::gil_scoped_release nogil;
      const auto s = study::CapacityStudy::load(path_, maps_opt());
      s.check_inputs();
      name = s.name();
      for (const auto& r : s.runs()) runs.emplace_back(r.name, r.id);
    }
    py::dict d;
    d["name"] = name;
    py::list names, ids;
    for (const auto& [n, id] : runs) {
      names.append(n);
      ids.append(id);
    }
    d["runs"] = names;
    d["run_ids"] = ids;
    return d;
  }

  py::dict run(const std::string& out, int threads, bool resume, const py::object& progress) const {
    study::StudyRunOptions o;
    o.out_dir = out;
    o.resume = resume;
    o.maps_dir = maps_opt();
    std::unique_ptr<CallbackBuf> buf;
    std::unique_ptr<std::ostream> stream;
    if (progress.is_none()) {
      o.progress.mode = study::ProgressOptions::Mode::quiet;
    } else {
      buf = std::make_unique<CallbackBuf>(progress);
      stream = std::make_unique<std::ostream>(buf.get());
      o.progress.mode = study::ProgressOptions::Mode::lines;
      o.progress.stream = stream.get();
      o.progress.line_interval_s = 1.0;
    }
    std::string headline;
    study::RunSummary summary;
    {
      ThreadLimit limit(threads);
      py::gil_scoped_release nogil;
      summary = study::run_capacity_study(path_, o, &headline);
      if (stream) stream->flush();
    }
    if (buf && buf->error) std::rethrow_exception(buf->error);
    py::dict d;
    d["cases"] = summary.cases;
    d["computed"] = summary.computed;
    d["resumed"] = summary.resumed;
    d["wall_seconds"] = summary.wall_seconds;
    d["brief"] = summary.brief();
    d["headline"] = headline;
    return d;
  }

 private:
  std::optional<std::filesystem::path> maps_opt() const {
    if (maps_.empty()) return std::nullopt;
    return std::filesystem::path(maps_);
  }
  std::string path_, maps_;
};

}  // namespace

void init_study(py::module_& m) {
  py::class_<PyStudy>(m, "_Study")
      .def(py::init<std::string, std::string>())
      .def("check", &PyStudy::check)
      .def("run", &PyStudy::run);
}

}  // namespace satcap::python
