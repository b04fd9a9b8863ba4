// del Portillo et al. 2019 representative link budgets (../shared/reference/paper_tables.md §2, as
// transcribed from ns-3-leo): every line item that can be recomputed from the table's own inputs.
// The table is read from the reference file (markdown), not copied here.
#include <satcap/core/files.hpp>
#include <satcap/radio/link_budget.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace satcap;
using namespace satcap::radio;

namespace {

using Rows = std::map<std::string, std::vector<std::string>>;

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Splits "| a | b | c |" into {"a", "b", "c"}.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line.substr(1));
  std::string c;
  while (std::getline(ss, c, '|')) out.push_back(trim(c));
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// The table under the heading that starts with `heading` (label -> value cells).
Rows table_after(const std::string& text, const std::string& heading) {
  Rows rows;
  auto pos = text.find(heading);
  if (pos == std::string::npos) return rows;
  std::stringstream ss(text.substr(pos));
  std::string line;
  bool in_table = false;
  while (std::getline(ss, line)) {
    line = trim(line);
    if (line.rfind("|", 0) == 0) {
      in_table = true;
      auto c = cells(line);
      if (c.size() >= 2 && c[0].find("---") == std::string::npos) rows[c[0]] = std::vector<std::string>(c.begin() + 1, c.end());
    } else if (in_table) {
      break;
    }
  }
  return rows;
}

double num(std::string s) {
  std::string t;
  for (char ch : s)
    if (ch != ',') t += ch;
  double v = 0;
  EXPECT_TRUE(core::parse_double(trim(t), v)) << "not a number: '" << s << "'";
  return v;
}

struct PaperLink {
  std::string name;
  double f_ghz, b_mhz, eirp_dbw, rolloff, se, d_km, el, fspl, atm, g_rx, t_sys, c_n, ebn0_rx, ebn0_req, margin, rate_mbps,
      shannon;
  std::string modcod;
  double g_over_t = NAN;
  std::vector<double> cx;
};

const std::vector<std::string> kSystems = {"Telesat", "OneWeb", "SpaceX"};

std::vector<PaperLink> read_links(const std::string& text) {
  std::vector<PaperLink> out;
  const Rows gw = table_after(text, "### 2a.");
  const Rows us = table_after(text, "### 2b.");
  auto row = [](const Rows& r, const std::string& prefix) -> const std::vector<std::string>& {
    for (const auto& [k, v] : r)
      if (k.rfind(prefix, 0) == 0) return v;
    static const std::vector<std::string> empty;
    ADD_FAILURE() << "row '" << prefix << "' not found";
    return empty;
  };
  for (int user = 0; user < 2; ++user) {
    const Rows& t = user ? us : gw;
    for (std::size_t s = 0; s < 3; ++s) {
      PaperLink l;
      l.name = kSystems[s] + (user ? " user" : " gateway");
      l.f_ghz = num(row(t, "Frequency")[s]);
      l.b_mhz = num(row(t, "Bandwidth")[s]);
      const std::string eirp = row(t, "EIRP as transcribed")[s];
      if (!user) {
        // "105.9 / 75.9": dBm / dBW.
        l.eirp_dbw = num(eirp.substr(eirp.find('/') + 1));
      } else {
        // The user column is labelled dBm, but (paper_tables.md §2 caveats) 64.6 and 66.7 read as dBm give
        // 34.6 and 36.7 dBW, while 36.0 is already a plausible dBW figure: values above 50 are taken as dBm.
        const double v = num(eirp);
        l.eirp_dbw = v > 50.0 ? v - 30.0 : v;
      }
      l.modcod = row(t, "MODCOD")[s];
      l.rolloff = num(row(t, "Roll-off")[s]);
      l.se = num(row(t, "Spectral efficiency")[s]);
      l.d_km = num(row(t, "Path distance")[s]);
      l.el = num(row(t, "Elevation")[s]);
      l.fspl = num(row(t, "FSPL")[s]);
      l.atm = num(row(t, "Atmospheric loss")[s]);
      l.g_rx = num(row(t, "Rx antenna gain")[s]);
      l.t_sys = num(row(t, "System temperature")[s]);
      l.c_n = num(row(t, "C/N")[s]);
      if (!user) l.g_over_t = num(row(t, "G/T")[s]);
      for (const char* x : {"C/ACI", "C/ASI", "C/XPI", "C/3IM"}) {
        for (const auto& [k, v] : t)
          if (k.rfind(x, 0) == 0) l.cx.push_back(num(v[s]));
      }
      l.ebn0_rx = num(row(t, "Eb/(N0+I0) received")[s]);
      l.ebn0_req = num(row(t, "Eb/N0 required")[s]);
      l.margin = num(row(t, "Link margin")[s]);
      l.rate_mbps = num(row(t, "Data rate")[s]);
      l.shannon = num(row(t, "Distance to Shannon")[s]);
      out.push_back(l);
    }
  }
  return out;
}

LinkInput budget_of(const PaperLink& l) {
  LinkInput in;
  in.name = l.name;
  in.frequency = units::ghz(l.f_ghz);
  in.bandwidth = units::mhz(l.b_mhz);
  in.rolloff = l.rolloff;
  in.tx.eirp = units::DecibelWatt(l.eirp_dbw);
  in.range = units::km(l.d_km);
  in.elevation = units::deg(l.el);
  in.atmospheric_loss = units::Decibel(l.atm);
  in.rx.antenna = std::make_shared<FlatPattern>(units::DecibelIsotropic(l.g_rx));
  in.rx.system_temperature = units::kelvin(l.t_sys);
  for (double x : l.cx) in.c_over_x.push_back({"C/X", units::Decibel(x)});
  return in;
}

std::string fmt_err(double v, const char* unit) {
  char b[64];
  std::snprintf(b, sizeof b, "%.3f %s", v, unit);
  return b;
}

struct Fixture {
  std::vector<PaperLink> links;
  std::string text;
};

Fixture load() {
  Fixture f;
  f.text = core::read_file(satcap::test::reference_dir() / "paper_tables.md");
  f.links = read_links(f.text);
  return f;
}

}  // namespace

TEST(ValidationRadioLink, DelPortilloFreeSpaceLoss) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::reference_dir() / "paper_tables.md");
  const auto f = load();
  ASSERT_EQ(f.links.size(), 6u);
  double max_err = 0;
  for (const auto& l : f.links) {
    // FSPL = 20 log10(4 pi d f / c), e.g. Telesat gateway: 28.5 GHz, 2,439 km -> 189.29 dB (listed 189.3).
    const double fspl = free_space_loss(units::km(l.d_km), units::ghz(l.f_ghz)).value();
    EXPECT_NEAR(fspl, l.fspl, 0.05 + 1e-9) << l.name;  // listed to 0.1 dB
    max_err = std::max(max_err, std::abs(fspl - l.fspl));
  }
  satcap::test::record_validation("radio_link_paper_fspl", "FSPL of the 6 del Portillo 2019 links",
                                  "paper_tables.md §2 (del Portillo 2019 via ns-3-leo)", 6, fmt_err(max_err, "dB"),
                                  "0.05 dB (table rounding)", !::testing::Test::HasFailure());
}

TEST(ValidationRadioLink, DelPortilloGOverT) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::reference_dir() / "paper_tables.md");
  const auto f = load();
  double max_err = 0;
  long n = 0;
  for (const auto& l : f.links) {
    if (std::isnan(l.g_over_t)) continue;  // listed for the gateway links only
    // G/T = G - 10 log10(T_sys): Telesat 31.8 - 10 log10(868.4) = 31.8 - 29.387 = 2.413 dB/K (listed 2.4).
    const auto r = evaluate(budget_of(l));
    EXPECT_NEAR(r.g_over_t.value(), l.g_over_t, 0.05 + 1e-9) << l.name;
    max_err = std::max(max_err, std::abs(r.g_over_t.value() - l.g_over_t));
    ++n;
  }
  EXPECT_EQ(n, 3);
  satcap::test::record_validation("radio_link_paper_gt", "G/T from Rx gain and T_sys (del Portillo gateways)",
                                  "paper_tables.md §2a", n, fmt_err(max_err, "dB/K"), "0.05 dB/K (table rounding)",
                                  !::testing::Test::HasFailure());
}

TEST(ValidationRadioLink, DelPortilloCarrierToNoiseFromListedTerms) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::reference_dir() / "paper_tables.md");
  const auto f = load();
  // The transcription's own recomputation (the "Recomputed C/N" table of §2).
  const Rows recomputed = table_after(f.text, "| Link | Recomputed C/N");
  double max_err = 0, max_eb = 0, max_gap = 0;
  long n = 0, n_eb = 0;
  std::printf("%-16s %8s %8s %8s %8s %9s %9s %8s %8s %8s\n", "link", "C/N", "listed", "C/(N+I)", "Eb/N0+I", "listed", "margin",
              "listed", "Shannon", "listed");
  for (const auto& l : f.links) {
    const auto r = evaluate(budget_of(l));
    // C/N = EIRP - FSPL - A + G - 10 log10(T_sys) + 228.6 - 10 log10(B).
    const std::string key = l.name;  // "Telesat gateway" ...
    for (const auto& [label, v] : recomputed) {
      if (label == key) {
        EXPECT_NEAR(r.c_n.value(), num(v[0]), 0.1) << l.name;  // both rounded to 0.1 dB, FSPL recomputed
        max_err = std::max(max_err, std::abs(r.c_n.value() - num(v[0])));
        ++n;
      }
    }
    if (l.name.find("user") != std::string::npos) {
      // "12.1 to 13.3" for the three user links.
      EXPECT_GT(r.c_n.value(), 11.95) << l.name;
      EXPECT_LT(r.c_n.value(), 13.35) << l.name;
    }
    // Our Eb/(N0+I0) the paper's way: C/(N+I) (N in B, with the LISTED C/N and the C/X terms) minus
    // 10 log10(R/B); shown next to the listed value (docs/models/link_budget.md).
    std::vector<units::Decibel> terms{units::Decibel(l.c_n)};
    for (double x : l.cx) terms.push_back(units::Decibel(x));
    const double cni_listed = combine_ratios(terms).value();
    const double ebn0 = cni_listed - 10.0 * std::log10(l.rate_mbps / l.b_mhz);
    if (l.name.find("gateway") != std::string::npos) {
      // Gateways: reproduces the listed Eb/(N0+I0), e.g. Telesat: C/N 25.6, C/ACI 27, C/ASI 23.5, C/XPI 25,
      // C/3IM 25 -> C/(N+I) = 18.09 dB; R/B = 9857.1/2100 = 4.694 (6.715 dB) -> 11.37 dB (listed 11.4).
      EXPECT_NEAR(ebn0, l.ebn0_rx, 0.05 + 1e-9) << l.name;
      max_eb = std::max(max_eb, std::abs(ebn0 - l.ebn0_rx));
      ++n_eb;
      // "Distance to Shannon limit" = 10 log10(log2(1 + C/(N+I)) / (R/B)): Telesat log2(1 + 64.4) = 6.031 b/s/Hz
      // against 4.694 -> 1.09 dB (listed 1.09).
      const double gap = shannon_rate_gap(units::Decibel(cni_listed), l.rate_mbps / l.b_mhz).value();
      EXPECT_NEAR(gap, l.shannon, 0.005 + 0.01) << l.name;
      max_gap = std::max(max_gap, std::abs(gap - l.shannon));
    }
    std::printf("%-16s %8.2f %8.1f %8.2f %8.2f %9.1f %9.2f %8.2f %8.2f %8.2f\n", l.name.c_str(), r.c_n.value(), l.c_n,
                cni_listed, ebn0, l.ebn0_rx, ebn0 - l.ebn0_req, l.margin,
                shannon_rate_gap(units::Decibel(cni_listed), l.rate_mbps / l.b_mhz).value(), l.shannon);
  }
  EXPECT_EQ(n, 3);
  EXPECT_EQ(n_eb, 3);
  satcap::test::record_validation("radio_link_paper_ebn0rx", "Eb/(N0+I0) = C/N (+) C/X terms - 10 log10(R/B), gateways",
                                  "paper_tables.md §2a (listed C/N and C/X)", n_eb, fmt_err(max_eb, "dB"), "0.05 dB",
                                  !::testing::Test::HasFailure());
  satcap::test::record_validation("radio_link_paper_shannon", "rate gap to Shannon log2(1+C/(N+I))/(R/B), gateways",
                                  "paper_tables.md §2a", n_eb, fmt_err(max_gap, "dB"), "0.015 dB",
                                  !::testing::Test::HasFailure());
  satcap::test::record_validation("radio_link_paper_cn", "C/N from the listed terms vs the transcription's recomputation",
                                  "paper_tables.md §2 (recomputed C/N; the listed C/N differs, see docs/models/link_budget.md)",
                                  n, fmt_err(max_err, "dB"), "0.1 dB", !::testing::Test::HasFailure());
}

TEST(ValidationRadioLink, DelPortilloSpectralEfficiencyRateAndRequiredEbN0) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::reference_dir() / "paper_tables.md");
  const auto f = load();
  const auto& table = ModcodTable::dvbs2x();
  double max_se = 0, max_rate = 0, max_eb = 0;
  long n_se = 0, n_rate = 0;
  for (const auto& l : f.links) {
    // Spectral efficiency per Hz of allocated bandwidth = eta / (1 + roll-off) of the listed MODCOD,
    // e.g. 16APSK 3/4: 2.966728 / 1.1 = 2.697 (listed 2.7).
    const int named = table.find(l.modcod);
    if (named >= 0) {
      const double se = table.entries()[static_cast<std::size_t>(named)].efficiency_bits_per_symbol / (1.0 + l.rolloff);
      EXPECT_NEAR(se, l.se, 0.05 + 1e-9) << l.name;
      max_se = std::max(max_se, std::abs(se - l.se));
      ++n_se;
    }
    // The MODCOD whose information rate B eta / (1 + alpha) equals the listed data rate (within 0.05 %).
    int by_rate = -1;
    for (std::size_t i = 0; i < table.entries().size(); ++i) {
      const double rate = l.b_mhz * table.entries()[i].efficiency_bits_per_symbol / (1.0 + l.rolloff);
      if (std::abs(rate - l.rate_mbps) <= 5e-4 * l.rate_mbps) by_rate = static_cast<int>(i);
    }
    ASSERT_GE(by_rate, 0) << l.name << ": no MODCOD gives " << l.rate_mbps << " Mbit/s";
    const Modcod& m = table.entries()[static_cast<std::size_t>(by_rate)];
    const auto acm_rate = l.b_mhz * m.efficiency_bits_per_symbol / (1.0 + l.rolloff);
    max_rate = std::max(max_rate, std::abs(acm_rate - l.rate_mbps) / l.rate_mbps);
    ++n_rate;
    if (named >= 0 && named != by_rate)
      std::printf("%s: listed MODCOD %s, but the listed data rate is that of %s\n", l.name.c_str(), l.modcod.c_str(), m.name);
    if (named < 0) std::printf("%s: listed MODCOD %s is not a DVB-S2X MODCOD; the data rate is that of %s\n", l.name.c_str(),
                               l.modcod.c_str(), m.name);
    // Required Eb/N0 = required Es/N0 - 10 log10(eta / (1 + alpha)) with the rate's MODCOD, e.g. 16APSK 3/4:
    // 10.21 - 10 log10(2.697) = 5.90 (listed 5.9).
    const double eb = m.required_esn0_db - 10.0 * std::log10(m.efficiency_bits_per_symbol / (1.0 + l.rolloff));
    EXPECT_NEAR(eb, l.ebn0_req, 0.05 + 1e-9) << l.name << " " << m.name;
    max_eb = std::max(max_eb, std::abs(eb - l.ebn0_req));
  }
  EXPECT_EQ(n_rate, 6);
  const bool pass = !::testing::Test::HasFailure();
  satcap::test::record_validation("radio_link_paper_se", "spectral efficiency eta/(1+alpha) of the listed MODCOD",
                                  "paper_tables.md §2 (5 links; Telesat GW's 64APSK 3/4 is not a DVB-S2X MODCOD)", n_se,
                                  fmt_err(max_se, "b/s/Hz"), "0.05 b/s/Hz", pass);
  satcap::test::record_validation("radio_link_paper_rate", "data rate B eta/(1+alpha)", "paper_tables.md §2 (6 links)",
                                  n_rate, fmt_err(100.0 * max_rate, "%"), "0.05 %", pass);
  satcap::test::record_validation("radio_link_paper_ebn0", "required Eb/N0 from the DVB-S2X table",
                                  "paper_tables.md §2 (6 links)", n_rate, fmt_err(max_eb, "dB"), "0.05 dB", pass);
}
