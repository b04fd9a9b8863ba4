// satcap-mpi: runs one capacity study (docs/studies.md) across the ranks of an MPI job, with the same
// arguments and the same output files as `satcap study run`:
//
//   mpirun -n 4 satcap-mpi STUDY.toml --out DIR [--threads N] [--resume] [--quiet] [--maps DIR]
//
// Work split (static, deterministic, docs/scaling.md). Rank 0 estimates the cost of each run (sweep
// case x constellation) as satellites x steps x grid cells (cells ~ 1 / resolution^2; equal costs when
// any cannot be estimated) and cuts the runs into units: a whole run, or, when there are fewer runs to
// compute than ranks (or --time-blocks K asks), k near-equal time blocks of each run (block b of k
// covers steps [floor(b T / k), floor((b + 1) T / k)); k = ceil(ranks / runs), or K; at most T). Units go
// by the longest-processing-time rule: sorted by decreasing cost (ties: lower index first), each to the
// rank with the least estimated load so far (ties: lower rank). The units and owners are broadcast, so
// every rank uses rank 0's. Whole runs are computed through the study runner with oneTBB inside and
// journaled in DIR/.satcap-cases/ (one file per run: --resume works across ranks and rank counts); time
// blocks are computed with CapacityStudy::run_block. Rank 0 receives every result and block as
// serialize_result text (point-to-point, in chunks of at most 256 MiB), merges the blocks of each split
// run with CapacityStudy::merge_blocks (exact: per-step series concatenated, integer counts and
// per-satellite integer sums added, handovers and path changes across block boundaries from the
// blocks' first and last states), journals the merged run, and writes the outputs through
// CapacityStudy::write_outputs: the files are byte-identical to a single-process run for any rank count
// and any split, and per-region p5/p50/p95 come from the complete per-step series.
//
// Failures: every phase ends with a collective status exchange; a rank that failed (bad input on one
// run, an exception) is reported by rank 0 as "satcap-mpi: error: rank R, run NAME: message", every
// rank exits with the same status (2 for satcap::Error = input errors, 3 for internal errors), and
// nothing is committed, so previous outputs stay intact. MPI_Abort is never used.
//
// Only the main thread of each rank calls MPI (MPI_THREAD_FUNNELED); oneTBB workers never do.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <satcap/core/error.hpp>
#include <satcap/core/version.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/runner.hpp>

#include <CLI/CLI.hpp>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <numeric>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using satcap::study::CapacityStudy;

constexpr int kTagLength = 11;
constexpr int kTagChunk = 12;
constexpr int kTagMessage = 13;
constexpr std::size_t kChunk = std::size_t{256} << 20;

struct Args {
  std::string file;
  std::string out;
  std::string maps;
  int threads = 0;
  int time_blocks = 0;  ///< 0 = automatic (split runs in time only when there are fewer runs than ranks)
  bool resume = false;
  bool quiet = false;
  std::string progress = "auto";
};

/// The outcome of one phase on one rank: 0 = ok, 2 = input error (satcap::Error), 3 = internal.
struct Outcome {
  int code = 0;
  std::string message;  ///< one or more lines, without the "satcap-mpi: error: " prefix
};

// ---- strings over MPI (length first, then chunks: no 2 GiB int-count limit) ----
void send_string(const std::string& s, int dest) {
  const std::uint64_t n = s.size();
  MPI_Send(&n, 1, MPI_UINT64_T, dest, kTagLength, MPI_COMM_WORLD);
  for (std::size_t off = 0; off < s.size(); off += kChunk) {
    const std::size_t len = std::min(kChunk, s.size() - off);
    MPI_Send(s.data() + off, static_cast<int>(len), MPI_CHAR, dest, kTagChunk, MPI_COMM_WORLD);
  }
}

std::string recv_string(int source) {
  std::uint64_t n = 0;
  MPI_Recv(&n, 1, MPI_UINT64_T, source, kTagLength, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string s(static_cast<std::size_t>(n), '\0');
  for (std::size_t off = 0; off < s.size(); off += kChunk) {
    const std::size_t len = std::min(kChunk, s.size() - off);
    MPI_Recv(s.data() + off, static_cast<int>(len), MPI_CHAR, source, kTagChunk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return s;
}

void print_error_lines(const std::string& prefix, const std::string& message) {
  std::size_t start = 0;
  while (start <= message.size()) {
    const std::size_t end = message.find('\n', start);
    const std::string line = message.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) std::cerr << "satcap-mpi: error: " << prefix << line << '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

/// Collective: every rank contributes its outcome; rank 0 prints the failures (each failing rank's
/// message, prefixed with its rank); every rank returns the same status (the worst one).
int agree(const Outcome& local, int rank, int ranks) {
  // Ranks that finish early wait here without spinning: OpenMPI's blocking collectives busy-poll,
  // which would take a core from the ranks still computing (measured: +70 % CPU on 2 ranks x 1
  // thread on 2 cores). A non-blocking barrier tested every 2 ms costs nothing measurable.
  MPI_Request barrier = MPI_REQUEST_NULL;
  MPI_Ibarrier(MPI_COMM_WORLD, &barrier);
  for (int done = 0;;) {
    MPI_Test(&barrier, &done, MPI_STATUS_IGNORE);
    if (done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::vector<int> codes(static_cast<std::size_t>(ranks), 0);
  MPI_Gather(&local.code, 1, MPI_INT, codes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (rank != 0) {
    if (local.code != 0) send_string(local.message, 0);
  } else {
    std::vector<std::string> printed;  // the same error on several ranks (e.g. a bad study file) once
    for (int r = 0; r < ranks; ++r) {
      if (codes[static_cast<std::size_t>(r)] == 0) continue;
      const std::string msg = r == 0 ? local.message : recv_string(r);
      if (std::find(printed.begin(), printed.end(), msg) != printed.end()) continue;
      printed.push_back(msg);
      print_error_lines("rank " + std::to_string(r) + ", ", msg);
    }
  }
  int worst = local.code;
  if (rank == 0) worst = *std::max_element(codes.begin(), codes.end());
  MPI_Bcast(&worst, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return worst;
}

/// Runs `f`, turning exceptions into an Outcome (a ValidationError lists every problem).
template <class F>
Outcome guarded(F&& f, const std::string& context = {}) {
  const std::string pre = context.empty() ? std::string() : context + ": ";
  try {
    f();
    return {};
  } catch (const satcap::study::ValidationError& e) {
    std::string m;
    for (const auto& issue : e.issues()) m += pre + issue.to_string() + '\n';
    return {2, m};
  } catch (const satcap::Error& e) {
    return {2, pre + e.what()};
  } catch (const std::bad_alloc&) {
    return {3, pre + "out of memory"};
  } catch (const std::exception& e) {
    return {3, pre + "internal error: " + e.what()};
  }
}

std::string human_bytes(double b) {
  char buf[64];
  if (b >= 1 << 20)
    std::snprintf(buf, sizeof buf, "%.2f MiB", b / (1 << 20));
  else if (b >= 1 << 10)
    std::snprintf(buf, sizeof buf, "%.1f KiB", b / (1 << 10));
  else
    std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

/// Estimated cost of each run: satellites x steps x cells (cells ~ 1/resolution^2). Equal costs for
/// every run when any of them cannot be estimated (the rule then is round-robin).
std::vector<double> estimated_costs(const std::vector<satcap::study::CaseSpec>& runs) {
  std::vector<double> cost(runs.size(), 1.0);
  try {
    std::map<fs::path, double> satellites;  // per constellation file
    auto count = [&](const fs::path& f, const std::string& kind) {
      auto it = satellites.find(f);
      if (it != satellites.end()) return it->second;
      double n = kind == "walker" ? static_cast<double>(satcap::orbit::Constellation::load_toml(f).size())
                 : kind == "tle"  ? static_cast<double>(satcap::orbit::read_tle_file(f).size())
                                  : static_cast<double>(satcap::orbit::read_omm_json(f).size());
      satellites[f] = n;
      return n;
    };
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto& run = runs[i];
      const std::string key = run.name.substr(run.name.rfind('/') + 1);
      satcap::study::TomlReader reader(run.document);
      const auto root = reader.root();
      const auto con = root.table("constellations").table(key);
      double sats = 0.0;
      for (const char* kind : {"walker", "tle", "omm"})
        if (auto f = con.optional_file(kind)) sats = count(*f, kind);
      const double steps = root.table("time").number("steps");
      double res = 1.0;
      if (auto g = root.optional_table("ground"))
        if (g->has("cell_resolution_deg")) res = g->number("cell_resolution_deg");
      const double c = std::max(sats, 1.0) * steps / (res * res);
      if (!(c > 0.0) || !std::isfinite(c)) return std::vector<double>(runs.size(), 1.0);
      cost[i] = c;
    }
  } catch (const std::exception&) {
    return std::vector<double>(runs.size(), 1.0);
  }
  return cost;
}

/// A unit of work: a whole run (blocks == 1) or one time block [first, first + count) of a run.
struct Unit {
  std::size_t run = 0;
  int block = 0, blocks = 1;
  std::int64_t first = 0, count = 0;
  double cost = 0.0;
};

/// Splits the runs into units (see the file comment): a run is cut into k near-equal time blocks,
/// block b covering steps [floor(b T / k), floor((b + 1) T / k)), with k = `forced` when given,
/// else ceil(ranks / runs to compute) when there are fewer runs to compute than ranks, else 1; k is
/// at most the run's steps. Runs already complete in the journal (`done`) stay whole.
std::vector<Unit> make_units(const std::vector<double>& cost, const std::vector<std::int64_t>& steps, const std::vector<char>& done,
                             int ranks, int forced) {
  std::size_t todo = 0;
  for (char d : done) todo += d ? 0 : 1;
  int k_auto = 1;
  if (todo > 0 && static_cast<std::size_t>(ranks) > todo) k_auto = static_cast<int>((static_cast<std::size_t>(ranks) + todo - 1) / todo);
  std::vector<Unit> units;
  for (std::size_t i = 0; i < cost.size(); ++i) {
    const std::int64_t T = steps[i];
    int k = done[i] ? 1 : (forced > 0 ? forced : k_auto);
    k = static_cast<int>(std::min<std::int64_t>(k, std::max<std::int64_t>(T, 1)));
    for (int b = 0; b < k; ++b) {
      Unit u;
      u.run = i;
      u.block = b;
      u.blocks = k;
      u.first = T * b / k;
      u.count = T * (b + 1) / k - u.first;
      u.cost = done[i] ? 0.0 : cost[i] * static_cast<double>(u.count) / static_cast<double>(std::max<std::int64_t>(T, 1));
      units.push_back(u);
    }
  }
  return units;
}

/// Longest-processing-time assignment of units to ranks (see the file comment).
std::vector<int> assign_units(const std::vector<Unit>& units, int ranks) {
  std::vector<std::size_t> order(units.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return units[x].cost > units[y].cost; });
  std::vector<double> load(static_cast<std::size_t>(ranks), 0.0);
  std::vector<int> owner(units.size(), 0);
  for (std::size_t i : order) {
    const auto r = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    owner[i] = static_cast<int>(r);
    load[r] += units[i].cost;
  }
  return owner;
}

int run_study(const Args& a, int rank, int ranks) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<tbb::global_control> threads;
  std::optional<CapacityStudy> study;
  std::optional<satcap::study::OutputDirectory> out;
  const std::optional<fs::path> maps = a.maps.empty() ? std::nullopt : std::optional<fs::path>(a.maps);

  // Phase 1: every rank loads and checks the study (files may differ between machines); rank 0
  // creates the output directory and removes stale temporaries (only it may: PIDs are per machine).
  int code = agree(guarded([&] {
                     if (a.threads < 0) throw satcap::InputError("", 0, "--threads", "must be >= 0 (0 = all cores)");
                     if (a.threads > 0)
                       threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                                       static_cast<std::size_t>(a.threads));
                     study.emplace(CapacityStudy::load(a.file, maps));
                     study->check_inputs();
                     if (rank == 0) out.emplace(a.out, "--out", /*clean_stale=*/true);
                   }),
                   rank, ranks);
  if (code != 0) return code;

  // Phase 2: rank 0 cuts the runs into units (whole runs, or time blocks when there are fewer runs
  // than ranks or --time-blocks asks) and assigns them by estimated cost; the units and owners are
  // broadcast. Whole runs go through the study runner (journaled per run, resumable); time blocks are
  // computed with run_block and merged by rank 0, which journals the merged run.
  const auto& runs = study->runs();
  const auto version = std::string(satcap::version());
  const std::string salt = study->dataset_salt();
  std::vector<Unit> units;
  std::vector<int> owner_of;
  if (rank == 0) {
    const std::vector<double> cost = estimated_costs(runs);
    std::vector<std::int64_t> steps(runs.size(), 1);
    std::vector<char> done(runs.size(), 0);
    const satcap::study::CaseJournal journal(*out, version, salt);
    for (std::size_t i = 0; i < runs.size(); ++i) {
      steps[i] = study->steps(runs[i]);
      if (a.resume && journal.load(runs[i])) done[i] = 1;
    }
    units = make_units(cost, steps, done, ranks, a.time_blocks);
    owner_of = assign_units(units, ranks);
  }
  // Broadcast: count, then (run, block, blocks, first, count, owner) per unit.
  long long n_units = static_cast<long long>(units.size());
  MPI_Bcast(&n_units, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  std::vector<long long> packed(static_cast<std::size_t>(6 * n_units), 0);
  if (rank == 0)
    for (std::size_t u = 0; u < units.size(); ++u) {
      const Unit& x = units[u];
      long long* p = &packed[6 * u];
      p[0] = static_cast<long long>(x.run), p[1] = x.block, p[2] = x.blocks, p[3] = x.first, p[4] = x.count, p[5] = owner_of[u];
    }
  if (n_units > 0) MPI_Bcast(packed.data(), static_cast<int>(packed.size()), MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  if (rank != 0) {
    units.resize(static_cast<std::size_t>(n_units));
    owner_of.resize(static_cast<std::size_t>(n_units));
    for (std::size_t u = 0; u < units.size(); ++u) {
      const long long* p = &packed[6 * u];
      units[u] = {static_cast<std::size_t>(p[0]), static_cast<int>(p[1]), static_cast<int>(p[2]), p[3], p[4], 0.0};
      owner_of[u] = static_cast<int>(p[5]);
    }
  }
  auto whole_runs_of = [&](int r) {  // ascending run index
    std::vector<std::size_t> v;
    for (std::size_t u = 0; u < units.size(); ++u)
      if (owner_of[u] == r && units[u].blocks == 1) v.push_back(units[u].run);
    return v;
  };
  auto blocks_of = [&](int r) {  // ascending unit index
    std::vector<std::size_t> v;
    for (std::size_t u = 0; u < units.size(); ++u)
      if (owner_of[u] == r && units[u].blocks > 1) v.push_back(u);
    return v;
  };
  const std::vector<std::size_t> mine = whole_runs_of(rank);
  const std::vector<std::size_t> my_blocks = blocks_of(rank);
  if (rank == 0 && !a.quiet && ranks > 1) {
    double total = 0.0;
    for (const auto& u : units) total += u.cost;
    std::size_t split = 0;
    for (const auto& u : units) split += (u.blocks > 1 && u.block == 0) ? 1 : 0;
    std::cout << "mpi: " << runs.size() << " runs";
    if (split > 0) std::cout << " (" << split << " split into time blocks)";
    std::cout << ", " << units.size() << " units on " << ranks << " ranks (longest-processing-time by satellites x steps x cells):";
    for (int r = 0; r < ranks; ++r) {
      double c = 0.0;
      std::size_t n = 0;
      for (std::size_t u = 0; u < units.size(); ++u)
        if (owner_of[u] == r) c += units[u].cost, ++n;
      std::cout << (r ? "," : "") << " rank " << r << " " << n << " unit" << (n == 1 ? "" : "s") << " ("
                << static_cast<int>(total > 0 ? 100.0 * c / total + 0.5 : 0.0) << "%)";
    }
    std::cout << std::endl;
  }
  satcap::study::RunnerOptions ro;
  ro.resume = a.resume;
  ro.salt = salt;
  using Mode = satcap::study::ProgressOptions::Mode;
  ro.progress.mode = (a.quiet || rank != 0) ? Mode::quiet
                     : a.progress == "bar"  ? Mode::bar
                     : a.progress == "lines" ? Mode::lines
                                             : Mode::automatic;
  satcap::study::StudyRunner runner(runs, ro);
  satcap::study::RunSummary summary;
  std::vector<nlohmann::json> results;
  std::vector<std::string> block_texts;
  std::string failed_run;  // the run (or block) being computed when an exception escaped
  Outcome computed = guarded([&] {
    if (rank != 0) out.emplace(a.out, "--out", /*clean_stale=*/false);
    if (!my_blocks.empty()) {
      satcap::study::Progress progress(my_blocks.size(), ro.progress);
      for (std::size_t k = 0; k < my_blocks.size(); ++k) {
        const Unit& u = units[my_blocks[k]];
        failed_run = runs[u.run].name + "' steps [" + std::to_string(u.first) + ", " + std::to_string(u.first + u.count) + ")";
        block_texts.push_back(satcap::study::serialize_result(study->run_block(runs[u.run], u.first, u.count, progress.sink(k))));
        progress.complete(k);
      }
      progress.finish();
      failed_run.clear();
    }
    if (!mine.empty() || my_blocks.empty()) results = runner.run_subset(
        mine,
        [&](const satcap::study::CaseSpec& spec, satcap::study::ProgressSink& sink) {
          try {
            return study->run(spec, sink);
          } catch (...) {
            failed_run = spec.name + "'";
            throw;
          }
        },
        &*out, &summary);
  });
  if (computed.code != 0 && !failed_run.empty()) computed.message = "run '" + failed_run + ": " + computed.message;
  code = agree(computed, rank, ranks);
  if (code != 0) return code;

  // Phase 3: rank 0 gathers every result and block (serialize_result text), merges the blocks of
  // each split run, journals the merged runs and writes the outputs.
  long long counts[2] = {static_cast<long long>(summary.computed + my_blocks.size()), static_cast<long long>(summary.resumed)};
  std::vector<long long> all_counts(static_cast<std::size_t>(2 * ranks), 0);
  MPI_Gather(counts, 2, MPI_LONG_LONG, all_counts.data(), 2, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  if (rank != 0) {
    for (const auto& r : results) send_string(satcap::study::serialize_result(r), 0);
    for (const auto& t : block_texts) send_string(t, 0);
    // Rank 0 reports the outcome of the write so that every rank exits with the same status.
    int final_code = 0;
    MPI_Bcast(&final_code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return final_code;
  }
  std::vector<nlohmann::json> ordered(runs.size());
  std::uint64_t gathered_bytes = 0, local_bytes = 0;
  // Receive everything first (nothing here throws on bad content), so that no rank stays blocked
  // in a send when rank 0 fails while parsing or writing.
  std::vector<std::string> texts(runs.size());
  std::vector<int> owner(runs.size(), 0);
  std::vector<std::string> unit_texts(units.size());
  for (int r = 1; r < ranks; ++r) {
    for (std::size_t i : whole_runs_of(r)) {
      texts[i] = recv_string(r);
      owner[i] = r;
      gathered_bytes += texts[i].size();
    }
    for (std::size_t u : blocks_of(r)) {
      unit_texts[u] = recv_string(r);
      gathered_bytes += unit_texts[u].size();
    }
  }
  for (std::size_t k = 0; k < my_blocks.size(); ++k) unit_texts[my_blocks[k]] = std::move(block_texts[k]);
  Outcome written = guarded([&] {
    for (std::size_t k = 0; k < mine.size(); ++k) {
      local_bytes += satcap::study::serialize_result(results[k]).size();
      ordered[mine[k]] = std::move(results[k]);
    }
    for (std::size_t i = 0; i < runs.size(); ++i)
      if (owner[i] != 0) {
        ordered[i] = satcap::study::deserialize_result(texts[i], "rank " + std::to_string(owner[i]) + ", run " + runs[i].name);
        std::string().swap(texts[i]);
      }
    // Split runs: merge their blocks in time order, then journal the run like a computed one.
    const satcap::study::CaseJournal journal(*out, version, salt);
    for (std::size_t u = 0; u < units.size();) {
      if (units[u].blocks == 1) {
        ++u;
        continue;
      }
      const std::size_t i = units[u].run;
      const int blocks = units[u].blocks;
      std::vector<nlohmann::json> parts;
      for (int b = 0; b < blocks; ++b, ++u) {
        if (owner_of[u] == 0) local_bytes += unit_texts[u].size();
        parts.push_back(satcap::study::deserialize_result(
            unit_texts[u], "rank " + std::to_string(owner_of[u]) + ", run " + runs[i].name + " block " + std::to_string(b)));
        std::string().swap(unit_texts[u]);
      }
      nlohmann::json merged = study->merge_blocks(runs[i], parts);
      merged = satcap::study::deserialize_result(satcap::study::serialize_result(merged), "run " + runs[i].name);
      journal.store(runs[i], merged);
      ordered[i] = std::move(merged);
    }
    study->write_outputs(ordered, *out);
  });
  int final_code = written.code;
  MPI_Bcast(&final_code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (final_code != 0) {
    print_error_lines("rank 0, ", written.message);
    return final_code;
  }
  if (!a.quiet) {
    long long n_computed = 0, n_resumed = 0;
    for (int r = 0; r < ranks; ++r) {
      n_computed += all_counts[static_cast<std::size_t>(2 * r)];
      n_resumed += all_counts[static_cast<std::size_t>(2 * r + 1)];
    }
    satcap::study::RunSummary total;
    total.cases = runs.size();
    std::size_t split_units = 0;
    for (const auto& u : units) split_units += u.blocks > 1 ? 1 : 0;
    total.computed = static_cast<std::size_t>(n_computed) - split_units;
    for (const auto& u : units) total.computed += (u.blocks > 1 && u.block == 0) ? 1 : 0;
    total.resumed = static_cast<std::size_t>(n_resumed);
    total.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << study->headline(ordered);
    std::cout << "study: " << total.brief() << " on " << ranks << " MPI rank" << (ranks == 1 ? "" : "s") << "; outputs in "
              << fs::absolute(a.out).string()
              << " (summary.json, regions.csv, timeseries.csv, satellites.csv, latency.csv, report.html)\n";
    const double all_bytes = static_cast<double>(gathered_bytes + local_bytes);
    std::cout << "mpi: gathered " << human_bytes(static_cast<double>(gathered_bytes)) << " from ranks 1.." << ranks - 1
              << " (all results and blocks " << human_bytes(all_bytes) << ", " << human_bytes(all_bytes / static_cast<double>(units.size()))
              << " per unit)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::cerr << "satcap-mpi: error: MPI_Init_thread failed\n";
    return 3;
  }
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  Args a;
  CLI::App app{"satcap-mpi: run a capacity study (docs/studies.md) across the ranks of an MPI job.\n"
               "Same arguments and byte-identical outputs as `satcap study run`. Runs (sweep case x constellation)\n"
               "are split statically over the ranks by estimated cost (satellites x steps x cells, longest first\n"
               "to the least-loaded rank); rank 0 gathers every result and writes the outputs.\n"
               "Example: mpirun -n 4 satcap-mpi datasets/studies/small_test.toml --out results",
               "satcap-mpi"};
  app.set_version_flag("--version", satcap::version());
  app.add_option("file", a.file, "Study file (TOML)")->required();
  app.add_option("--out", a.out, "Output directory (created if missing; shared by every rank)")->required();
  app.add_option("--threads", a.threads, "Worker threads per rank (0 = all cores)")->check(CLI::NonNegativeNumber);
  app.add_option("--time-blocks", a.time_blocks,
                 "Cut every run into this many time blocks computed on different ranks (0 = only when there are fewer runs than ranks)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--resume", a.resume, "Reuse the results of runs completed by an earlier, interrupted run (any rank count)");
  app.add_flag("--quiet", a.quiet, "No progress and no headline table");
  app.add_option("--progress", a.progress, "Progress display of rank 0: auto, bar or lines")
      ->check(CLI::IsMember({"auto", "bar", "lines"}));
  app.add_option("--maps", a.maps, "ITU-R maps directory (overrides the study and SATCAP_ITU_MAPS_DIR)");

  int code = 0;
  try {
    app.parse(argc, argv);
    code = run_study(a, rank, ranks);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments: only rank 0 speaks.
    if (e.get_exit_code() == 0) {
      if (rank == 0) app.exit(e);
      code = 0;
    } else {
      if (rank == 0) std::cerr << "satcap-mpi: error: " << e.what() << " (see --help)\n";
      code = 2;
    }
  }
  MPI_Finalize();
  return code;
}
