// libFuzzer harness: the CSV readers (core::CsvTable with the atten point columns, ground sites,
// network ground stations, landing rights). Input text is fed to each.
#include <satcap/core/files.hpp>
#include <satcap/ground/landing_rights.hpp>
#include <satcap/ground/sites.hpp>
#include <satcap/network/ground_stations.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = satcap::fuzz::as_text(data, size);
  satcap::fuzz::guarded([&] {
    const auto t = satcap::core::CsvTable::parse(text, "points.csv",
                                                 {"lat_deg", "lon_deg", "el_deg", "f_ghz", "p_pct", "d_m"});
    for (const auto& row : t.rows()) (void)t.number(row, "lat_deg");
  });
  satcap::fuzz::guarded([&] { (void)satcap::core::CsvTable::parse(text, "any.csv"); });
  satcap::fuzz::guarded([&] { (void)satcap::ground::parse_ground_sites(text, "sites.csv"); });
  satcap::fuzz::guarded([&] { (void)satcap::network::parse_ground_stations_csv(text, "stations.csv"); });
  satcap::fuzz::guarded([&] { (void)satcap::ground::parse_landing_rights(text, "landing_rights.csv"); });
  return 0;
}
