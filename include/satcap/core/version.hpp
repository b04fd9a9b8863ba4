#pragma once
/// @file version.hpp
#include <satcap/export.hpp>

#include <string>

namespace satcap {
/// The engine's version, "MAJOR.MINOR.PATCH".
SATCAP_EXPORT std::string version();
}  // namespace satcap
