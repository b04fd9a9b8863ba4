#pragma once
/// @file progress.hpp
/// Progress of a study on stderr: a redrawn bar with percentage and ETA when the stream is a
/// terminal, plain lines otherwise ("satcap: study 40% (4/10 cases), 12 s elapsed, ETA 18 s") every
/// `line_interval_s` seconds or `line_step_percent` percent, and nothing when quiet.
/// Updates are lock-free atomics (oneTBB workers report concurrently); drawing is throttled and
/// serialised by a try-lock, so reporting costs next to nothing in hot loops.
#include <satcap/export.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace satcap::study {

struct ProgressOptions {
  enum class Mode {
    automatic,  ///< bar when the stream is stderr and stderr is a terminal, else lines
    bar,
    lines,
    quiet,
  };
  Mode mode = Mode::automatic;
  /// Where to draw; null = std::cerr (and the terminal check uses file descriptor 2).
  std::ostream* stream = nullptr;
  std::string label = "study";     ///< printed after "satcap: "
  double line_interval_s = 5.0;    ///< lines mode: at most one line per interval...
  double line_step_percent = 10.0; ///< ...or whenever another step of this size is completed
  double bar_interval_s = 0.2;     ///< bar mode: redraw period
  int bar_width = 30;
};

class Progress;

/// What a case reports through: its own amount of work and how much is done. Thread-safe.
class SATCAP_EXPORT ProgressSink {
 public:
  /// Declares the case's total work units (e.g. time steps). Default 1.
  void set_total(std::uint64_t units);
  /// Adds completed units (from any thread).
  void advance(std::uint64_t units = 1);
  /// Fraction of this case done, in [0, 1].
  double fraction() const noexcept;

 private:
  friend class Progress;
  Progress* owner_ = nullptr;
  std::atomic<std::uint64_t> total_{1};
  std::atomic<std::uint64_t> done_{0};
};

/// Progress over a fixed number of cases, each with its own sink.
class SATCAP_EXPORT Progress {
 public:
  Progress(std::size_t cases, ProgressOptions options = {});
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// The sink of case `i` (0-based).
  ProgressSink& sink(std::size_t i);
  /// Marks case `i` as fully done (also when its result was loaded by --resume).
  void complete(std::size_t i);
  /// Overall fraction in [0, 1]: each case weighs the same.
  double fraction() const noexcept;
  /// Draws the final state (bar: completes the line; lines: a "done" line). Idempotent.
  void finish();
  /// The effective mode (automatic resolved).
  ProgressOptions::Mode mode() const noexcept { return mode_; }

  /// Called by sinks; draws when due (throttled, never blocks on another drawer).
  void maybe_draw(bool force = false);

 private:
  void draw_locked(bool final_line);
  std::string render_line(double fraction, double elapsed_s, bool final_line) const;

  ProgressOptions options_;
  ProgressOptions::Mode mode_;
  std::ostream* out_;
  std::vector<std::unique_ptr<ProgressSink>> sinks_;
  std::atomic<std::size_t> completed_{0};
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> next_draw_ns_{0};
  double last_line_fraction_ = 0.0;
  double last_line_elapsed_ = 0.0;
  bool finished_ = false;
  std::mutex draw_mutex_;
};

/// "1 h 02 min", "3 min 05 s", "12 s" (used for elapsed time and ETA).
SATCAP_EXPORT std::string format_duration(double seconds);

}  // namespace satcap::study
