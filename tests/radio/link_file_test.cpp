// Link files: parsing, errors with file/line/key, reports.
#include <satcap/core/error.hpp>
#include <satcap/radio/link_file.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace satcap;
using namespace satcap::radio;

namespace {

const char* kGood = R"(# comment
[link]
frequency_ghz = 12.0
bandwidth_mhz = 36
rolloff = 0.2

[transmitter]
eirp_dbw = 50

[geometry]
slant_range_km = 38000

[losses]
atmospheric_db = 0

[receiver]
g_over_t_dbk = 20

[modcod]
standard = "DVB-S2X"
)";

void expect_input_error(const std::string& text, std::size_t line, const std::string& field, const std::string& what = "") {
  try {
    parse_link_toml(text, "t.toml");
    FAIL() << "no error for field " << field;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "t.toml");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    if (!what.empty()) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  }
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  return s.replace(p, from.size(), to);
}

}  // namespace

TEST(LinkFile, GoodFileGivesTheTextbookBudget) {
  const auto spec = parse_link_toml(kGood, "t.toml");
  EXPECT_EQ(spec.name, "t");
  const auto rep = evaluate_link_spec(spec);
  // Same numbers as LinkBudget.GeoTextbookExample: C/N0 = 92.9721 dBHz, C/N = 17.4091 dB.
  EXPECT_NEAR(rep.result.c_n0.value(), 92.97208709804556, 1e-9);
  EXPECT_NEAR(rep.result.c_n.value(), 17.409062090372686, 1e-9);
  const auto text = format_report(rep);
  EXPECT_NE(text.find("Free-space path loss"), std::string::npos);
  EXPECT_NE(text.find("256APSK 31/45-L"), std::string::npos);
  const auto j = nlohmann::json::parse(to_json(rep));
  for (const char* k : {"fspl_db", "atmospheric_loss_db", "eirp_dbw", "g_over_t_dbk", "c_n0_dbhz", "c_n_db", "c_i_db", "c_ni_db",
                        "esn0_db", "modcod", "spectral_efficiency_bps_hz", "throughput_mbps", "margin_db"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_TRUE(j["c_i_db"].is_null());  // no interference: +inf -> null
  EXPECT_EQ(j["modcod"], "256APSK 31/45-L");
  EXPECT_NEAR(j["throughput_mbps"].get<double>(), 30.0 * 5.417338, 1e-9);
}

TEST(LinkFile, AltitudeAndElevationGiveTheSlantRange) {
  auto text = replace(kGood, "slant_range_km = 38000", "altitude_km = 550\nelevation_deg = 90");
  const auto spec = parse_link_toml(text, "t.toml");
  EXPECT_NEAR(units::to_km(spec.input.range), 550.0, 1e-9);
}

TEST(LinkFile, ErrorsNameKeyAndLine) {
  // Unknown key in a section (line 5).
  expect_input_error(replace(kGood, "rolloff = 0.2", "rolloff = 0.2\nroll_off = 0.3"), 6, "link.roll_off", "unknown key");
  // Unknown section.
  expect_input_error(std::string(kGood) + "\n[antenna]\ngain = 3\n", 22, "antenna", "unknown");
  // Missing required key: reported at its section's line.
  expect_input_error(replace(kGood, "frequency_ghz = 12.0\n", ""), 2, "link.frequency_ghz", "missing");
  // Missing required section.
  expect_input_error(replace(kGood, "[receiver]\ng_over_t_dbk = 20\n", ""), 0, "[receiver]", "missing");
  // Wrong type and out of range, at the value's line.
  expect_input_error(replace(kGood, "eirp_dbw = 50", "eirp_dbw = \"fifty\""), 8, "transmitter.eirp_dbw", "number");
  expect_input_error(replace(kGood, "rolloff = 0.2", "rolloff = 1.5"), 5, "link.rolloff", "outside");
  expect_input_error(replace(kGood, "standard = \"DVB-S2X\"", "standard = \"DVB-T\""), 20, "modcod.standard", "DVB-T");
  // Both alternatives, or neither.
  expect_input_error(replace(kGood, "eirp_dbw = 50", "eirp_dbw = 50\npower_w = 10"), 9, "transmitter.power_w", "not both");
  expect_input_error(replace(kGood, "g_over_t_dbk = 20", "noise_figure_db = 1"), 16, "receiver.g_over_t_dbk", "missing");
  // Unknown key inside an antenna table; unknown pattern.
  expect_input_error(replace(kGood, "g_over_t_dbk = 20", "[receiver.antenna]\ngain_dbi = 30\ngain_db = 3"), 19,
                     "receiver.antenna.gain_db", "unknown key");
  expect_input_error(replace(kGood, "g_over_t_dbk = 20", "[receiver.antenna]\npattern = \"horn\"\ngain_dbi = 30"), 18,
                     "receiver.antenna.pattern", "unknown pattern");
  // Site without availability.
  expect_input_error(replace(kGood, "atmospheric_db = 0", "site = { lat_deg = 10, lon_deg = 20 }"), 13, "losses.availability_pct",
                     "together");
  // C/I entries must be numbers.
  expect_input_error(std::string(kGood) + "\n[interference]\nc_over_i_db = [20, \"x\"]\n", 23, "interference.c_over_i_db", "entry 2");
  // TOML syntax error: toml++'s line.
  expect_input_error("[link]\nfrequency_ghz = = 3\n", 2, "");
}

TEST(LinkFile, PatternsAndNoiseModelFromTheFile) {
  auto text = replace(kGood, "g_over_t_dbk = 20",
                      "noise_figure_db = 1.0\nfeed_loss_db = 0.5\n[receiver.antenna]\npattern = \"s465\"\ndiameter_m = 1.2\nefficiency = 0.6");
  text = replace(text, "eirp_dbw = 50", "power_w = 20\nfeed_loss_db = 1\n[transmitter.antenna]\npattern = \"gaussian\"\ngain_dbi = 38\nbeamwidth_deg = 2");
  text = replace(text, "atmospheric_db = 0", "atmospheric_db = 3");
  const auto rep = evaluate_link_spec(parse_link_toml(text, "t.toml"));
  EXPECT_NEAR(rep.result.eirp.value(), 10.0 * std::log10(20.0) - 1.0 + 38.0, 1e-9);
  EXPECT_NEAR(units::to_kelvin(rep.result.sky_temperature), 138.52671628329378, 1e-9);  // A = 3 dB
  EXPECT_NEAR(rep.result.rx_gain.value(), aperture_gain(units::metres(1.2), units::ghz(12.0), 0.6).value(), 1e-9);
}
