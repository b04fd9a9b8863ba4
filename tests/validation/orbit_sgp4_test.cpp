// SGP4/SDP4 verification against Vallado's 33 cases (SGP4-VER.TLE) and the output of his C++ testcpp
// (tcppver.out), WGS-72, opsmode 'i'. Reference: D. A. Vallado et al., AIAA 2006-6753. See
// ../shared/reference/sgp4/README.md for the file format and quirks handled here.
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "orbit/sgp4_batch.hpp"
#include "test_support.hpp"

namespace {

using satcap::orbit::MeanElements;
using satcap::orbit::Sgp4;

struct Case {
  MeanElements el;
  double start = 0, stop = 0, step = 0;
};

struct Expected {
  int satnum = 0;
  std::vector<std::vector<double>> rows;  // first 7 numbers of each data line
};

std::vector<Case> read_cases(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::vector<std::size_t> numbers;
  std::string s;
  std::size_t no = 0;
  while (std::getline(in, s)) {
    ++no;
    if (!s.empty() && s.back() == '\r') s.pop_back();
    if (s.empty() || s[0] == '#') continue;
    lines.push_back(s);
    numbers.push_back(no);
  }
  satcap::orbit::ReadOptions opt;
  opt.verify_checksum = false;  // 33333/33334/33335 are hand-edited (README)
  opt.allow_trailing_text = true;
  std::vector<Case> cases;
  for (std::size_t i = 0; i + 1 < lines.size(); i += 2) {
    Case c;
    c.el = satcap::orbit::parse_tle_lines(lines[i], lines[i + 1], "", path.string(), numbers[i], opt);
    std::istringstream tail(lines[i + 1].substr(69));
    tail >> c.start >> c.stop >> c.step;
    cases.push_back(c);
  }
  return cases;
}

std::vector<Expected> read_expected(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<Expected> out;
  std::string s;
  while (std::getline(in, s)) {
    if (s.find("xx") != std::string::npos) {
      Expected e;
      e.satnum = std::stoi(s);
      out.push_back(e);
      continue;
    }
    std::istringstream is(s);
    std::vector<double> row;
    double v;
    for (int k = 0; k < 7 && (is >> v); ++k) row.push_back(v);
    if (row.size() == 7 && !out.empty()) out.back().rows.push_back(row);
  }
  return out;
}

// The times testcpp runs: 0 first, then its loop (tsince accumulated by repeated addition of the step,
// the start itself printed only when it is not 0, the last time capped at stop).
std::vector<double> case_times(const Case& c) {
  std::vector<double> t{0.0};
  double tsince = c.start;
  if (std::fabs(tsince) > 1.0e-8) tsince -= c.step;
  while (tsince < c.stop) {
    tsince += c.step;
    if (tsince > c.stop) tsince = c.stop;
    t.push_back(tsince);
  }
  return t;
}

TEST(Sgp4Verification, ValladoThirtyThreeCases) {
  const auto dir = satcap::test::reference_dir() / "sgp4";
  SATCAP_REQUIRE_REFERENCE(dir / "SGP4-VER.TLE");
  SATCAP_REQUIRE_REFERENCE(dir / "tcppver.out");
  const auto cases = read_cases(dir / "SGP4-VER.TLE");
  const auto expected = read_expected(dir / "tcppver.out");
  ASSERT_EQ(cases.size(), 33u);
  ASSERT_EQ(expected.size(), 33u);

  // Error cases as documented in the reference README (satnum, start): code expected.
  // 20413 appears twice; the second run (start 1844000) ends with error 6.
  struct ErrCase { int satnum; double start; int code; };
  const std::vector<ErrCase> err_cases = {{22312, 54.2028672, 1}, {28350, 0, 1}, {28872, 0, 6}, {29141, 0, 6},
                                          {33333, 0, 4},          {33334, 0, 3}, {20413, 1844000, 6}};

  long compared = 0, error_cases_ok = 0, errors_seen = 0;
  double max_dr = 0, max_dv = 0, max_dt = 0;
  std::vector<int> error_order;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    const Expected& ex = expected[k];
    ASSERT_EQ(c.el.norad_id, ex.satnum) << "case " << k;
    const Sgp4 sat(c.el);
    int expect_code = 0;
    for (const auto& e : err_cases)
      if (e.satnum == c.el.norad_id && std::fabs(e.start - c.start) < 1e-6) expect_code = e.code;

    const auto times = case_times(c);
    // 33334: the single line is a stale buffer (README); the case fails at initialisation with error 3.
    const bool bogus = c.el.norad_id == 33334;
    std::size_t printed = 0;
    int code = 0;
    double fail_time = NAN;
    if (bogus) {
      code = sat.init_error();
      fail_time = 0.0;
    } else {
      for (double t : times) {
        double r[3], v[3];
        const int e = sat.propagate(t, r, v);
        if (e != 0) {
          code = e;
          fail_time = t;
          break;
        }
        ASSERT_LT(printed, ex.rows.size()) << c.el.norad_id << " produced more states than the reference at t=" << t;
        const auto& row = ex.rows[printed];
        max_dt = std::max(max_dt, std::fabs(row[0] - t));
        EXPECT_NEAR(row[0], t, 2e-7) << c.el.norad_id;
        for (int i = 0; i < 3; ++i) {
          const double dr = std::fabs(row[1 + i] - r[i]);
          const double dv = std::fabs(row[4 + i] - v[i]);
          max_dr = std::max(max_dr, dr);
          max_dv = std::max(max_dv, dv);
          EXPECT_LE(dr, 2e-7) << c.el.norad_id << " t=" << t << " r[" << i << "]";
          EXPECT_LE(dv, 2e-7) << c.el.norad_id << " t=" << t << " v[" << i << "]";
        }
        ++printed;
        ++compared;
      }
      EXPECT_EQ(printed, ex.rows.size()) << c.el.norad_id << ": reference has " << ex.rows.size() << " states";
    }
    EXPECT_EQ(code, expect_code) << c.el.norad_id << " start " << c.start;
    if (code != 0) {
      ++errors_seen;
      error_order.push_back(code);
      // The failing time is the next time after the last printed state.
      if (!bogus) {
        ASSERT_LT(printed, times.size());
        EXPECT_DOUBLE_EQ(fail_time, times[printed]);
      }
      if (code == expect_code) ++error_cases_ok;
    }
  }
  EXPECT_EQ(compared, 666);
  EXPECT_EQ(errors_seen, 7);
  EXPECT_EQ(error_order, (std::vector<int>{1, 1, 6, 6, 4, 3, 6}));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2e km", max_dr);
  const bool pass_r = max_dr <= 2e-7 && compared == 666;
  satcap::test::record_validation("orbit_sgp4", "SGP4/SDP4 position, 33 cases (WGS-72, opsmode i)",
                                  "Vallado tcppver.out (AIAA 2006-6753)", compared, buf, "2e-7 km", pass_r);
  std::snprintf(buf, sizeof buf, "%.2e km/s", max_dv);
  satcap::test::record_validation("orbit_sgp4_velocity", "SGP4/SDP4 velocity, 33 cases",
                                  "Vallado tcppver.out (AIAA 2006-6753)", compared, buf, "2e-7 km/s",
                                  max_dv <= 2e-7 && compared == 666);
  satcap::test::record_validation("orbit_sgp4_errors", "SGP4 error code and time of the 7 error cases",
                                  "Vallado tcppver.out + reference README", 7,
                                  std::to_string(7 - error_cases_ok) + " mismatches", "exact",
                                  error_cases_ok == 7 && errors_seen == 7);
  std::printf("compared %ld states: max |dr| %.3e km, max |dv| %.3e km/s; error cases ok %ld/7\n", compared, max_dr,
              max_dv, error_cases_ok);
}

// The batch path (4-lane AVX2 kernel for near-Earth satellites) against the same reference file.
TEST(Sgp4Verification, BatchKernelNearEarthCases) {
  const auto dir = satcap::test::reference_dir() / "sgp4";
  SATCAP_REQUIRE_REFERENCE(dir / "SGP4-VER.TLE");
  SATCAP_REQUIRE_REFERENCE(dir / "tcppver.out");
  if (!satcap::orbit::Sgp4Batch::vector_kernel_available()) GTEST_SKIP() << "no AVX2/FMA: batch uses the scalar code";
  const auto cases = read_cases(dir / "SGP4-VER.TLE");
  const auto expected = read_expected(dir / "tcppver.out");
  long compared = 0;
  double max_dr = 0, max_dv = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Sgp4 sat(cases[k].el);
    if (sat.deep_space() || cases[k].el.norad_id == 33334) continue;
    const satcap::orbit::Sgp4Batch batch(std::vector<Sgp4>{sat});
    std::size_t printed = 0;
    for (double t : case_times(cases[k])) {
      double ts[1] = {t}, r[6][1];
      int err[1];
      batch.propagate(0, 1, ts, r[0], r[1], r[2], r[3], r[4], r[5], err);
      if (err[0] != 0) break;
      ASSERT_LT(printed, expected[k].rows.size());
      const auto& row = expected[k].rows[printed++];
      for (int i = 0; i < 3; ++i) {
        max_dr = std::max(max_dr, std::fabs(row[1 + i] - r[i][0]));
        max_dv = std::max(max_dv, std::fabs(row[4 + i] - r[3 + i][0]));
      }
      ++compared;
    }
    EXPECT_EQ(printed, expected[k].rows.size()) << cases[k].el.norad_id;
  }
  EXPECT_LE(max_dr, 2e-7);
  EXPECT_LE(max_dv, 2e-7);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2e km, %.2e km/s", max_dr, max_dv);
  satcap::test::record_validation("orbit_sgp4_batch", "SGP4 batch (4-lane AVX2) kernel, near-Earth cases",
                                  "Vallado tcppver.out (AIAA 2006-6753)", compared, buf, "2e-7 km, 2e-7 km/s",
                                  max_dr <= 2e-7 && max_dv <= 2e-7);
  std::printf("batch kernel: %ld near-Earth states, max |dr| %.3e km, |dv| %.3e km/s\n", compared, max_dr, max_dv);
}

}  // namespace
