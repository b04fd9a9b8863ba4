// The satcap command: a thin layer over the library. Errors print one line and exit with status 2.
#include <satcap/core/error.hpp>
#include <satcap/core/version.hpp>

#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "command.hpp"

namespace satcap::cli {

std::vector<Registration>& registry() {
  static std::vector<Registration> r;
  return r;
}

void apply_thread_limit(int threads) {
  static std::unique_ptr<tbb::global_control> control;
  if (threads < 0) throw InputError("", 0, "--threads", "must be >= 0 (0 = all cores)");
  if (threads > 0)
    control = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<std::size_t>(threads));
}

}  // namespace satcap::cli

int main(int argc, char** argv) {
  CLI::App app{"satcap: satellite-to-ground link budgets and network capacity", "satcap"};
  app.set_version_flag("--version", satcap::version());
  app.require_subcommand(1);
  auto& reg = satcap::cli::registry();
  std::sort(reg.begin(), reg.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& r : reg) r.setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "satcap: error: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const satcap::Error& e) {
    std::cerr << "satcap: error: " << e.what() << '\n';
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "satcap: error: out of memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "satcap: internal error: " << e.what() << '\n';
    return 3;
  }
  return 0;
}
