#pragma once
// Shared helpers of the ITU-R validation tests (radio_itur_*_test.cpp): reading a workbook table and
// tracking the largest relative error of every compared quantity.
#include <gtest/gtest.h>
#include <satcap/core/files.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace satcap::test::itur {

inline std::filesystem::path valex(const std::string& file) { return reference_dir() / "itur" / "valex-8.3.0" / file; }
inline std::filesystem::path rpy(const std::string& file) { return reference_dir() / "itur" / "itu-rpy-testdata" / file; }

/// The maps, loaded once per test process and shared (as the engine intends).
inline std::shared_ptr<const satcap::radio::ClimateMaps> maps() {
  static auto m = satcap::radio::ClimateMaps::load(itu_maps_dir());
  return m;
}

/// Largest relative error over many comparisons; |want| below `floor` is compared absolutely.
class Tally {
 public:
  Tally(std::string key, std::string quantity, std::string reference, double tolerance)
      : key_(std::move(key)), quantity_(std::move(quantity)), reference_(std::move(reference)), tol_(tolerance) {}

  void check(double got, double want, const std::string& what, std::size_t line, double floor = 1e-12) {
    const double err = std::fabs(want) > floor ? std::fabs(got - want) / std::fabs(want) : std::fabs(got - want);
    ++n_;
    if (!(err <= max_) && !std::isnan(max_)) {
      max_ = err;
      std::ostringstream s;
      s << what << " at line " << line << ": got " << got << " want " << want;
      worst_ = s.str();
    }
    if (std::isnan(got)) {
      max_ = NAN;
      worst_ = what + " is NaN at line " + std::to_string(line);
    }
    EXPECT_LE(err, tol_) << key_ << ": " << what << " at line " << line << ": got " << got << " want " << want;
  }
  void cases(long n) { cases_ = n; }
  ~Tally() {
    char buf[64], tb[64];
    std::snprintf(buf, sizeof buf, "%.2e rel", max_);
    std::snprintf(tb, sizeof tb, "%.0e rel", tol_);
    record_validation(key_, quantity_, reference_, cases_ ? cases_ : n_, buf, tb, max_ <= tol_);
    std::printf("[validation] %s: %ld comparisons, max relative error %.3e (%s)\n", key_.c_str(), n_, max_, worst_.c_str());
  }

 private:
  std::string key_, quantity_, reference_;
  double tol_;
  long n_ = 0, cases_ = 0;
  double max_ = 0;
  std::string worst_;
};

}  // namespace satcap::test::itur
