#include <satcap/core/version.hpp>

#include "satcap_version_config.hpp"

namespace satcap {
std::string version() { return SATCAP_VERSION_STRING; }
}  // namespace satcap
