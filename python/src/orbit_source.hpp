#pragma once
// Element sets as held by the Python module.
#include <satcap/orbit/elements.hpp>

#include <string>
#include <vector>

namespace satcap::python {

struct ElementSets {
  std::vector<orbit::MeanElements> fleet;
  orbit::ReadReport report;
  std::string source;
};

}  // namespace satcap::python
