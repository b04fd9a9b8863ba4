// `satcap link LINK.toml [--json OUT.json]`: one link budget from a TOML file, printed STK-style
// (one line per item, value and unit) and optionally written as JSON (atomically).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/radio/link_file.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct LinkOptions {
  std::string file;
  std::string json;
  std::string maps;
};

void run(const LinkOptions& o) {
  const auto spec = radio::read_link_file(o.file);
  std::optional<std::filesystem::path> maps;
  if (!o.maps.empty()) maps = o.maps;
  const auto report = radio::evaluate_link_spec(spec, maps);
  std::cout << radio::format_report(report);
  if (!o.json.empty()) {
    core::write_file_atomically(o.json, radio::to_json(report));
    std::cout << "wrote " << o.json << "\n";
  }
}

Registrar reg("link", [](CLI::App& app) {
  auto opts = std::make_shared<LinkOptions>();
  auto* sub = app.add_subcommand("link", "Link budget of one hop from a TOML link file (STK-style report, optional JSON)");
  sub->add_option("LINK.toml", opts->file, "Link file ([link], [transmitter], [geometry], [losses], [receiver], [interference], [modcod])")
      ->required();
  sub->add_option("--json", opts->json, "Also write the budget as JSON to this file");
  sub->add_option("--maps", opts->maps, "ITU-R maps directory (for [losses] site + availability_pct)");
  sub->callback([opts] { run(*opts); });
});

}  // namespace
}  // namespace satcap::cli
