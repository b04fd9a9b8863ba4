// `satcap link` on the shipped example links: STK-style report, JSON keys, errors (exit 2, key and line).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

using satcap::test::cli_path;
using satcap::test::run_command;

namespace {
std::string link_file(const std::string& name) { return (satcap::test::source_dir() / "datasets" / "links" / name).string(); }
nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}
}  // namespace

TEST(CliRadioLink, RepresentativeLinksRunAndWriteJson) {
  const auto dir = satcap::test::scratch_dir("cli_radio_link");
  // FSPL = 20 log10(4 pi d f / c): e.g. SpaceX gateway 28.5 GHz, 1,684 km -> 186.07 dB.
  struct Case {
    const char* file;
    double fspl;
  };
  const Case cases[] = {{"telesat_gateway.toml", 189.29}, {"oneweb_gateway.toml", 185.09}, {"spacex_gateway.toml", 186.07},
                        {"telesat_user.toml", 185.54},    {"oneweb_user.toml", 178.60},    {"spacex_user.toml", 179.58}};
  for (const auto& c : cases) {
    std::string out;
    const auto json = dir / (std::string(c.file) + ".json");
    ASSERT_EQ(run_command(cli_path().string() + " link " + link_file(c.file) + " --json " + json.string(), out), 0) << out;
    for (const char* item : {"Free-space path loss", "G/T", "C/N0", "C/(N+I)", "Es/(N0+I0)", "Throughput", "MODCOD"})
      EXPECT_NE(out.find(item), std::string::npos) << c.file << ": " << item;
    const auto j = read_json(json);
    for (const char* k : {"fspl_db", "atmospheric_loss_db", "eirp_dbw", "g_over_t_dbk", "c_n0_dbhz", "c_n_db", "c_i_db", "c_ni_db",
                          "esn0_db", "modcod", "spectral_efficiency_bps_hz", "throughput_mbps", "margin_db"})
      ASSERT_TRUE(j.contains(k)) << c.file << " " << k;
    EXPECT_NEAR(j["fspl_db"].get<double>(), c.fspl, 0.006) << c.file;
    EXPECT_FALSE(j["modcod"].is_null()) << c.file;
    EXPECT_GT(j["throughput_mbps"].get<double>(), 0.0);
    // C/(N+I) = C/N (+) C/I.
    const double cn = j["c_n_db"], ci = j["c_i_db"], cni = j["c_ni_db"];
    EXPECT_NEAR(cni, -10.0 * std::log10(std::pow(10.0, -cn / 10.0) + std::pow(10.0, -ci / 10.0)), 1e-9);
  }
}

TEST(CliRadioLink, ItuAtmosphereExample) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir());
  std::string out;
  const auto json = satcap::test::scratch_dir("cli_radio_link_itu") / "itu.json";
  ASSERT_EQ(run_command(cli_path().string() + " link " + link_file("spacex_user_itu.toml") + " --maps " +
                            satcap::test::itu_maps_dir().string() + " --json " + json.string(),
                        out),
            0)
      << out;
  EXPECT_NE(out.find("rain (P.618"), std::string::npos) << out;
  const auto j = read_json(json);
  ASSERT_TRUE(j.contains("atmosphere"));
  EXPECT_NEAR(j["atmospheric_loss_db"].get<double>(), j["atmosphere"]["total_db"].get<double>(), 1e-12);
  EXPECT_GT(j["atmospheric_loss_db"].get<double>(), 0.0);
  EXPECT_GT(j["sky_temperature_k"].get<double>(), 2.7);
}

TEST(CliRadioLink, ErrorsExitTwoNamingKeyAndLine) {
  const auto dir = satcap::test::scratch_dir("cli_radio_link_errors");
  const auto bad = dir / "bad.toml";
  {
    std::ofstream f(bad);
    f << "[link]\nfrequency_ghz = 12\nbandwidth_mhz = 36\nbandwith = 3\n[transmitter]\neirp_dbw = 50\n"
         "[geometry]\nslant_range_km = 1000\n[receiver]\ng_over_t_dbk = 10\n";
  }
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " link " + bad.string(), out), 2);
  EXPECT_NE(out.find("satcap: error:"), std::string::npos) << out;
  EXPECT_NE(out.find("link.bandwith"), std::string::npos) << out;
  EXPECT_NE(out.find(":4:"), std::string::npos) << out;
  const auto missing = dir / "missing.toml";
  {
    std::ofstream f(missing);
    f << "[link]\nfrequency_ghz = 12\n[transmitter]\neirp_dbw = 50\n[geometry]\nslant_range_km = 1000\n[receiver]\ng_over_t_dbk = 10\n";
  }
  EXPECT_EQ(run_command(cli_path().string() + " link " + missing.string(), out), 2);
  EXPECT_NE(out.find("link.bandwidth_mhz"), std::string::npos) << out;
  EXPECT_EQ(run_command(cli_path().string() + " link " + (dir / "nope.toml").string(), out), 2);
  EXPECT_EQ(run_command(cli_path().string() + " link", out), 2);
}
