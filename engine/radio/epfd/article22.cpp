// Radio Regulations Article 22, Table 22-1A (Edition of 2020): EPFD(down) limits radiated by non-GSO FSS
// systems in the bands 10.7-11.7 GHz (all Regions), 11.7-12.2 GHz (Region 2), 12.2-12.5 GHz (Region 3)
// and 12.5-12.75 GHz (Regions 1 and 3). Reference bandwidth 40 kHz; reference antennas per
// ITU-R S.1428-1. Each pair is (EPFD in dB(W/m^2/40 kHz), percentage of time during which the EPFD may
// not be exceeded). Typed from the table (facts; docs/models/epfd.md lists them and their source).
#include <satcap/core/error.hpp>
#include <satcap/radio/epfd.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace satcap::radio {

namespace {
std::vector<EpfdLimit> make_tables() {
  const std::string table = "RR Art. 22 Table 22-1A (Ed. 2020)";
  const std::string bands =
      "10.7-11.7 GHz (all Regions), 11.7-12.2 GHz (Region 2), 12.2-12.5 GHz (Region 3), 12.5-12.75 GHz (Regions 1 and 3)";
  auto limit = [&](double d, std::vector<EpfdLimitPoint> pts) {
    EpfdLimit l;
    l.table = table;
    l.bands = bands;
    l.band_low_ghz = 10.7;
    l.band_high_ghz = 12.75;
    l.reference_bandwidth_khz = 40.0;
    l.antenna_diameter_m = d;
    l.antenna_pattern = "ITU-R S.1428-1";
    l.points = std::move(pts);
    return l;
  };
  std::vector<EpfdLimit> v;
  v.push_back(limit(0.6, {{-175.4, 0.0}, {-174.0, 90.0}, {-170.8, 99.0}, {-165.3, 99.73}, {-160.4, 99.991},
                          {-160.0, 99.997}, {-160.0, 100.0}}));
  v.push_back(limit(1.2, {{-181.9, 0.0}, {-178.4, 99.5}, {-173.4, 99.74}, {-173.0, 99.857}, {-164.0, 99.954},
                          {-161.6, 99.984}, {-161.4, 99.991}, {-160.8, 99.997}, {-160.5, 99.997}, {-160.0, 99.9993},
                          {-160.0, 100.0}}));
  v.push_back(limit(3.0, {{-190.45, 0.0}, {-189.45, 90.0}, {-187.45, 99.5}, {-182.4, 99.7}, {-182.0, 99.855},
                          {-168.0, 99.971}, {-164.0, 99.988}, {-162.0, 99.995}, {-160.0, 99.999}, {-160.0, 100.0}}));
  v.push_back(limit(10.0, {{-195.45, 0.0}, {-195.45, 99.0}, {-190.0, 99.65}, {-190.0, 99.71}, {-172.5, 99.99},
                           {-160.0, 99.998}, {-160.0, 100.0}}));
  return v;
}
}  // namespace

double EpfdLimit::at_percent(double percent) const {
  require_in_range("percentage of time", percent, 0.0, 100.0, "%", "RR Article 22 EPFD mask");
  // At a listed percentage: the largest limit listed there (the table may list two); between two
  // listed percentages: linear in dB.
  double at = -std::numeric_limits<double>::infinity();
  for (const auto& p : points)
    if (p.percent == percent) at = std::max(at, p.epfd_dbw_m2);
  if (std::isfinite(at)) return at;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const auto& a = points[i - 1];
    const auto& b = points[i];
    if (percent < b.percent) {
      const double t = (percent - a.percent) / (b.percent - a.percent);
      return a.epfd_dbw_m2 + t * (b.epfd_dbw_m2 - a.epfd_dbw_m2);
    }
  }
  return points.back().epfd_dbw_m2;
}

const std::vector<EpfdLimit>& article22_down_limits() {
  static const std::vector<EpfdLimit> tables = make_tables();
  return tables;
}

const EpfdLimit& article22_down_limit(double frequency_ghz, double antenna_diameter_m) {
  for (const auto& l : article22_down_limits()) {
    if (std::abs(l.antenna_diameter_m - antenna_diameter_m) > 1e-3) continue;
    if (!(frequency_ghz >= l.band_low_ghz && frequency_ghz <= l.band_high_ghz))
      throw RangeError("frequency", frequency_ghz, "10.7-12.75 GHz (Table 22-1A; Tables 22-1B/1C are not typed)",
                       "RR Article 22 EPFD(down)");
    return l;
  }
  throw RangeError("reference antenna diameter", antenna_diameter_m, "0.6, 1.2, 3 or 10 m", "RR Art. 22 Table 22-1A");
}

}  // namespace satcap::radio
