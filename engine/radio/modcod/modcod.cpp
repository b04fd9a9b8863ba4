// DVB-S2 / DVB-S2X MODCOD tables (ETSI EN 302 307-1 Table 13, EN 302 307-2 Table 20a) and ACM.
#include <satcap/radio/modcod.hpp>

#include <satcap/core/error.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace satcap::radio {
namespace {

constexpr const char* kS2 =
    "ETSI EN 302 307-1 V1.4.1 Table 13 (normal FECFRAME, no pilots, AWGN, PER 1e-7)";
constexpr const char* kS2X =
    "ETSI EN 302 307-2 V1.1.1 Table 20a (normal FECFRAME, AWGN, ideal, QEF)";
constexpr const char* kS2XVlSnr =
    "ETSI EN 302 307-2 V1.1.1 VL-SNR MODCOD set (normal FECFRAME, AWGN, ideal; table number not verified)";

// Columns: name, standard, modulation, rate numerator, rate denominator, spectral efficiency
// (information bits per symbol), ideal required Es/N0 (dB), source.
// ETSI EN 302 307-1 V1.4.1 (2014-11) Table 13: "Es/No performance at Quasi Error Free PER = 1e-7
// (AWGN channel)", normal FECFRAME, no pilots.
const Modcod kDvbS2[] = {
    {"QPSK 1/4", "DVB-S2", "QPSK", 1, 4, 0.490243, -2.35, kS2},
    {"QPSK 1/3", "DVB-S2", "QPSK", 1, 3, 0.656448, -1.24, kS2},
    {"QPSK 2/5", "DVB-S2", "QPSK", 2, 5, 0.789412, -0.30, kS2},
    {"QPSK 1/2", "DVB-S2", "QPSK", 1, 2, 0.988858, 1.00, kS2},
    {"QPSK 3/5", "DVB-S2", "QPSK", 3, 5, 1.188304, 2.23, kS2},
    {"QPSK 2/3", "DVB-S2", "QPSK", 2, 3, 1.322253, 3.10, kS2},
    {"QPSK 3/4", "DVB-S2", "QPSK", 3, 4, 1.487473, 4.03, kS2},
    {"QPSK 4/5", "DVB-S2", "QPSK", 4, 5, 1.587196, 4.68, kS2},
    {"QPSK 5/6", "DVB-S2", "QPSK", 5, 6, 1.654663, 5.18, kS2},
    {"QPSK 8/9", "DVB-S2", "QPSK", 8, 9, 1.766451, 6.20, kS2},
    {"QPSK 9/10", "DVB-S2", "QPSK", 9, 10, 1.788612, 6.42, kS2},
    {"8PSK 3/5", "DVB-S2", "8PSK", 3, 5, 1.779991, 5.50, kS2},
    {"8PSK 2/3", "DVB-S2", "8PSK", 2, 3, 1.980636, 6.62, kS2},
    {"8PSK 3/4", "DVB-S2", "8PSK", 3, 4, 2.228124, 7.91, kS2},
    {"8PSK 5/6", "DVB-S2", "8PSK", 5, 6, 2.478562, 9.35, kS2},
    {"8PSK 8/9", "DVB-S2", "8PSK", 8, 9, 2.646012, 10.69, kS2},
    {"8PSK 9/10", "DVB-S2", "8PSK", 9, 10, 2.679207, 10.98, kS2},
    {"16APSK 2/3", "DVB-S2", "16APSK", 2, 3, 2.637201, 8.97, kS2},
    {"16APSK 3/4", "DVB-S2", "16APSK", 3, 4, 2.966728, 10.21, kS2},
    {"16APSK 4/5", "DVB-S2", "16APSK", 4, 5, 3.165623, 11.03, kS2},
    {"16APSK 5/6", "DVB-S2", "16APSK", 5, 6, 3.300184, 11.61, kS2},
    {"16APSK 8/9", "DVB-S2", "16APSK", 8, 9, 3.523143, 12.89, kS2},
    {"16APSK 9/10", "DVB-S2", "16APSK", 9, 10, 3.567342, 13.13, kS2},
    {"32APSK 3/4", "DVB-S2", "32APSK", 3, 4, 3.703295, 12.73, kS2},
    {"32APSK 4/5", "DVB-S2", "32APSK", 4, 5, 3.951571, 13.64, kS2},
    {"32APSK 5/6", "DVB-S2", "32APSK", 5, 6, 4.119540, 14.28, kS2},
    {"32APSK 8/9", "DVB-S2", "32APSK", 8, 9, 4.397854, 15.69, kS2},
    {"32APSK 9/10", "DVB-S2", "32APSK", 9, 10, 4.453027, 16.05, kS2},
};

// ETSI EN 302 307-2 V1.1.1 (2015-02) Table 20a: normal-frame DVB-S2X MODCODs, ideal Es/N0 (AWGN,
// QEF) and spectral efficiency; "-L" marks the low-SNR-optimised variants. Last row: QPSK 2/9.
const Modcod kDvbS2XOnly[] = {
    {"QPSK 13/45", "DVB-S2X", "QPSK", 13, 45, 0.567805, -2.03, kS2X},
    {"QPSK 9/20", "DVB-S2X", "QPSK", 9, 20, 0.889135, 0.22, kS2X},
    {"QPSK 11/20", "DVB-S2X", "QPSK", 11, 20, 1.088581, 1.45, kS2X},
    {"8APSK 5/9-L", "DVB-S2X", "8APSK", 5, 9, 1.647211, 4.73, kS2X},
    {"8APSK 26/45-L", "DVB-S2X", "8APSK", 26, 45, 1.713601, 5.13, kS2X},
    {"8PSK 23/36", "DVB-S2X", "8PSK", 23, 36, 1.896173, 6.12, kS2X},
    {"8PSK 25/36", "DVB-S2X", "8PSK", 25, 36, 2.062148, 7.02, kS2X},
    {"8PSK 13/18", "DVB-S2X", "8PSK", 13, 18, 2.145136, 7.49, kS2X},
    {"16APSK 1/2-L", "DVB-S2X", "16APSK", 1, 2, 1.972253, 5.97, kS2X},
    {"16APSK 8/15-L", "DVB-S2X", "16APSK", 8, 15, 2.104850, 6.55, kS2X},
    {"16APSK 5/9-L", "DVB-S2X", "16APSK", 5, 9, 2.193247, 6.84, kS2X},
    {"16APSK 26/45", "DVB-S2X", "16APSK", 26, 45, 2.281645, 7.51, kS2X},
    {"16APSK 3/5", "DVB-S2X", "16APSK", 3, 5, 2.370043, 7.80, kS2X},
    {"16APSK 3/5-L", "DVB-S2X", "16APSK", 3, 5, 2.370043, 7.41, kS2X},
    {"16APSK 28/45", "DVB-S2X", "16APSK", 28, 45, 2.458441, 8.10, kS2X},
    {"16APSK 23/36", "DVB-S2X", "16APSK", 23, 36, 2.524739, 8.38, kS2X},
    {"16APSK 2/3-L", "DVB-S2X", "16APSK", 2, 3, 2.635236, 8.43, kS2X},
    {"16APSK 25/36", "DVB-S2X", "16APSK", 25, 36, 2.745734, 9.27, kS2X},
    {"16APSK 13/18", "DVB-S2X", "16APSK", 13, 18, 2.856231, 9.71, kS2X},
    {"16APSK 7/9", "DVB-S2X", "16APSK", 7, 9, 3.077225, 10.65, kS2X},
    {"16APSK 77/90", "DVB-S2X", "16APSK", 77, 90, 3.386618, 11.99, kS2X},
    {"32APSK 2/3-L", "DVB-S2X", "32APSK", 2, 3, 3.289502, 11.10, kS2X},
    {"32APSK 32/45", "DVB-S2X", "32APSK", 32, 45, 3.510192, 11.75, kS2X},
    {"32APSK 11/15", "DVB-S2X", "32APSK", 11, 15, 3.620536, 12.17, kS2X},
    {"32APSK 7/9", "DVB-S2X", "32APSK", 7, 9, 3.841226, 13.05, kS2X},
    {"64APSK 32/45-L", "DVB-S2X", "64APSK", 32, 45, 4.206428, 13.98, kS2X},
    {"64APSK 11/15", "DVB-S2X", "64APSK", 11, 15, 4.338659, 14.81, kS2X},
    {"64APSK 7/9", "DVB-S2X", "64APSK", 7, 9, 4.603122, 15.47, kS2X},
    {"64APSK 4/5", "DVB-S2X", "64APSK", 4, 5, 4.735354, 15.87, kS2X},
    {"64APSK 5/6", "DVB-S2X", "64APSK", 5, 6, 4.933701, 16.55, kS2X},
    {"128APSK 3/4", "DVB-S2X", "128APSK", 3, 4, 5.163248, 17.73, kS2X},
    {"128APSK 7/9", "DVB-S2X", "128APSK", 7, 9, 5.355556, 18.53, kS2X},
    {"256APSK 29/45-L", "DVB-S2X", "256APSK", 29, 45, 5.065690, 16.98, kS2X},
    {"256APSK 2/3-L", "DVB-S2X", "256APSK", 2, 3, 5.241514, 17.24, kS2X},
    {"256APSK 31/45-L", "DVB-S2X", "256APSK", 31, 45, 5.417338, 18.10, kS2X},
    {"256APSK 32/45", "DVB-S2X", "256APSK", 32, 45, 5.593162, 18.59, kS2X},
    {"256APSK 11/15-L", "DVB-S2X", "256APSK", 11, 15, 5.768987, 18.84, kS2X},
    {"256APSK 3/4", "DVB-S2X", "256APSK", 3, 4, 5.900855, 19.57, kS2X},
    {"QPSK 2/9", "DVB-S2X", "QPSK", 2, 9, 0.434841, -2.85, kS2XVlSnr},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ModcodStandard parse_modcod_standard(std::string_view text, const std::string& field) {
  const std::string t = lower(text);
  if (t == "dvb-s2" || t == "dvbs2") return ModcodStandard::DvbS2;
  if (t == "dvb-s2x" || t == "dvbs2x") return ModcodStandard::DvbS2X;
  throw InputError("", 0, field, "unknown MODCOD standard '" + std::string(text) + "' (expected DVB-S2 or DVB-S2X)");
}

const char* to_string(ModcodStandard s) { return s == ModcodStandard::DvbS2 ? "DVB-S2" : "DVB-S2X"; }

ModcodTable::ModcodTable(std::vector<Modcod> entries) : entries_(std::move(entries)) {
  if (entries_.empty()) throw Error("ModcodTable: no entries");
  for (const auto& m : entries_)
    if (!std::isfinite(m.required_esn0_db) || !(m.efficiency_bits_per_symbol > 0.0) ||
        !std::isfinite(m.efficiency_bits_per_symbol))
      throw Error(std::string("ModcodTable: bad entry ") + m.name);
  std::vector<int> order(entries_.size());
  std::iota(order.begin(), order.end(), 0);
  // By threshold, then most efficient first, then table order (deterministic).
  std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
    const auto& x = entries_[static_cast<std::size_t>(a)];
    const auto& y = entries_[static_cast<std::size_t>(b)];
    if (x.required_esn0_db != y.required_esn0_db) return x.required_esn0_db < y.required_esn0_db;
    return x.efficiency_bits_per_symbol > y.efficiency_bits_per_symbol;
  });
  double best = -1.0;
  for (int i : order) {
    const auto& m = entries_[static_cast<std::size_t>(i)];
    if (m.efficiency_bits_per_symbol > best) {
      best = m.efficiency_bits_per_symbol;
      ladder_.push_back(i);
      ladder_threshold_db_.push_back(m.required_esn0_db);
      ladder_efficiency_.push_back(m.efficiency_bits_per_symbol);
    }
  }
}

const ModcodTable& ModcodTable::dvbs2() {
  static const ModcodTable table(std::vector<Modcod>(std::begin(kDvbS2), std::end(kDvbS2)));
  return table;
}

const ModcodTable& ModcodTable::dvbs2x() {
  static const ModcodTable table = [] {
    std::vector<Modcod> all(std::begin(kDvbS2), std::end(kDvbS2));
    all.insert(all.end(), std::begin(kDvbS2XOnly), std::end(kDvbS2XOnly));
    return ModcodTable(std::move(all));
  }();
  return table;
}

int ModcodTable::find(std::string_view name) const {
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (name == entries_[i].name) return static_cast<int>(i);
  return -1;
}

int ModcodTable::select_index(double esn0_db, double implementation_margin_db) const noexcept {
  const double x = esn0_db - implementation_margin_db;
  if (!(x >= ladder_threshold_db_.front())) return -1;  // also NaN
  // Last ladder step with threshold <= x.
  auto it = std::upper_bound(ladder_threshold_db_.begin(), ladder_threshold_db_.end(), x);
  const auto k = static_cast<std::size_t>(it - ladder_threshold_db_.begin()) - 1;
  return ladder_[k];
}

units::Decibel shannon_esn0(double eta) { return units::Decibel(10.0 * std::log10(std::exp2(eta) - 1.0)); }

AcmResult ModcodTable::select(units::Decibel esn0, units::Frequency bandwidth, double rolloff,
                              units::Decibel implementation_margin) const {
  require_in_range("roll-off", rolloff, 0.0, 1.0, "", "DVB-S2/S2X ACM");
  const double b = units::to_hz(bandwidth);
  if (!(b > 0.0) || !std::isfinite(b)) throw RangeError("bandwidth", b, "> 0 Hz", "DVB-S2/S2X ACM");
  require_in_range("implementation margin", implementation_margin.value(), -10.0, 30.0, "dB", "DVB-S2/S2X ACM");
  AcmResult r;
  r.esn0 = esn0;
  r.implementation_margin = implementation_margin;
  r.symbol_rate = units::hz(b / (1.0 + rolloff));
  r.index = select_index(esn0.value(), implementation_margin.value());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (r.index < 0) {
    r.margin = units::Decibel(nan);
    r.distance_to_shannon = units::Decibel(nan);
    return r;
  }
  r.modcod = &entries_[static_cast<std::size_t>(r.index)];
  r.efficiency_bits_per_symbol = r.modcod->efficiency_bits_per_symbol;
  r.spectral_efficiency_bps_hz = r.efficiency_bits_per_symbol / (1.0 + rolloff);
  r.throughput_bps = units::to_hz(r.symbol_rate) * r.efficiency_bits_per_symbol;
  r.margin = units::Decibel(esn0.value() - r.modcod->required_esn0_db - implementation_margin.value());
  r.distance_to_shannon =
      units::Decibel(r.modcod->required_esn0_db - shannon_esn0(r.efficiency_bits_per_symbol).value());
  return r;
}

}  // namespace satcap::radio
