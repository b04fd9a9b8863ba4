// Progress reporting on stderr: a bar with ETA on a terminal, periodic plain lines otherwise.
#include <satcap/study/progress.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace satcap::study {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const long s = std::lround(seconds);
  char buf[64];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld s", s);
  return buf;
}

void ProgressSink::set_total(std::uint64_t units) { total_.store(std::max<std::uint64_t>(units, 1)); }

void ProgressSink::advance(std::uint64_t units) {
  done_.fetch_add(units, std::memory_order_relaxed);
  if (owner_) owner_->maybe_draw();
}

double ProgressSink::fraction() const noexcept {
  const double t = static_cast<double>(total_.load(std::memory_order_relaxed));
  const double d = static_cast<double>(done_.load(std::memory_order_relaxed));
  return std::clamp(d / t, 0.0, 1.0);
}

Progress::Progress(std::size_t cases, ProgressOptions options)
    : options_(std::move(options)), start_(std::chrono::steady_clock::now()) {
  out_ = options_.stream ? options_.stream : &std::cerr;
  mode_ = options_.mode;
  if (mode_ == ProgressOptions::Mode::automatic)
    mode_ = (options_.stream == nullptr && ::isatty(2)) ? ProgressOptions::Mode::bar : ProgressOptions::Mode::lines;
  sinks_.reserve(cases);
  for (std::size_t i = 0; i < cases; ++i) {
    sinks_.push_back(std::make_unique<ProgressSink>());
    sinks_.back()->owner_ = this;
  }
}

Progress::~Progress() {
  // An aborted run (exception) must not leave the cursor in the middle of a bar.
  std::lock_guard<std::mutex> lock(draw_mutex_);
  if (!finished_ && mode_ == ProgressOptions::Mode::bar && next_draw_ns_.load() > 0) {
    *out_ << '\n';
    out_->flush();
  }
}

ProgressSink& Progress::sink(std::size_t i) { return *sinks_.at(i); }

void Progress::complete(std::size_t i) {
  ProgressSink& s = *sinks_.at(i);
  s.done_.store(s.total_.load());
  completed_.fetch_add(1);
  maybe_draw(true);
}

double Progress::fraction() const noexcept {
  if (sinks_.empty()) return 1.0;
  double sum = 0;
  for (const auto& s : sinks_) sum += s->fraction();
  return std::clamp(sum / static_cast<double>(sinks_.size()), 0.0, 1.0);
}

void Progress::maybe_draw(bool force) {
  if (mode_ == ProgressOptions::Mode::quiet) return;
  const auto now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  if (!force && now_ns < next_draw_ns_.load(std::memory_order_relaxed)) return;
  std::unique_lock<std::mutex> lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  const double period = mode_ == ProgressOptions::Mode::bar ? options_.bar_interval_s : 0.25;
  next_draw_ns_.store(now_ns + static_cast<std::int64_t>(period * 1e9) + 1, std::memory_order_relaxed);
  draw_locked(false);
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(draw_mutex_);
  if (finished_) return;
  if (mode_ != ProgressOptions::Mode::quiet) draw_locked(true);
  finished_ = true;
}

std::string Progress::render_line(double f, double elapsed_s, bool final_line) const {
  const std::size_t n = sinks_.size();
  const std::size_t done = std::min(completed_.load(), n);
  char head[96];
  std::snprintf(head, sizeof head, mode_ == ProgressOptions::Mode::bar ? "%3d%% (%zu/%zu %s)" : "%d%% (%zu/%zu %s)",
                static_cast<int>(std::floor(f * 100.0 + 1e-9)), done, n, n == 1 ? "case" : "cases");
  std::string out;
  out.reserve(160);
  out.append("satcap: ").append(options_.label);
  if (mode_ == ProgressOptions::Mode::bar) {
    const int w = std::max(5, options_.bar_width);
    const int filled = std::clamp(static_cast<int>(std::floor(f * w + 1e-9)), 0, w);
    out.append(" [");
    out.append(static_cast<std::size_t>(filled), '#');
    out.append(static_cast<std::size_t>(w - filled), '.');
    out.append("] ");
  } else {
    out.append(" ");
  }
  out.append(head);
  out.append(mode_ == ProgressOptions::Mode::bar ? " " : ", ");
  if (final_line) {
    out.append("done in ").append(format_duration(elapsed_s));
  } else {
    out.append(format_duration(elapsed_s)).append(" elapsed, ETA ");
    out.append(f > 0.001 ? format_duration(elapsed_s * (1.0 - f) / f) : std::string("--"));
  }
  return out;
}

void Progress::draw_locked(bool final_line) {
  const double f = final_line ? std::max(fraction(), completed_.load() >= sinks_.size() ? 1.0 : 0.0) : fraction();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (mode_ == ProgressOptions::Mode::bar) {
    std::string line = render_line(f, elapsed, final_line);
    if (line.size() < 79) line.append(79 - line.size(), ' ');
    *out_ << '\r' << line;
    if (final_line) *out_ << '\n';
    out_->flush();
    if (next_draw_ns_.load() == 0) next_draw_ns_.store(1);
    return;
  }
  // lines: when a step of line_step_percent is crossed, or line_interval_s passed, or at the end
  const double step = std::max(options_.line_step_percent, 0.1) / 100.0;
  const bool step_crossed = std::floor(f / step + 1e-9) > std::floor(last_line_fraction_ / step + 1e-9);
  const bool interval = elapsed - last_line_elapsed_ >= options_.line_interval_s;
  if (!final_line && !step_crossed && !interval) return;
  if (!final_line && f <= last_line_fraction_ && !interval) return;
  *out_ << render_line(f, elapsed, final_line) << '\n';
  out_->flush();
  last_line_fraction_ = f;
  last_line_elapsed_ = elapsed;
}

}  // namespace satcap::study
