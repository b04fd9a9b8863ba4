#pragma once
// Subcommand registry of the satcap command. Each cmd_<name>.cpp defines one static Registrar that
// adds its subcommand to the app; main.cpp only parses and reports errors.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace satcap::cli {

using Setup = std::function<void(CLI::App& app)>;

struct Registration {
  std::string name;
  Setup setup;
};

std::vector<Registration>& registry();

struct Registrar {
  Registrar(std::string name, Setup setup) { registry().push_back({std::move(name), std::move(setup)}); }
};

/// Options shared by commands: --threads (0 = all cores) applied through a tbb::global_control.
void apply_thread_limit(int threads);

}  // namespace satcap::cli
