// The compiled part of the satcap Python package (satcap._satcap). The public, documented API is
// python/satcap/__init__.py; each init_* function binds one job (one file per job).
#include <satcap/core/version.hpp>

#include "common.hpp"

PYBIND11_MODULE(_satcap, m) {
  m.doc() = "satcap engine bindings (low level; use the satcap package)";
  m.attr("__version__") = satcap::version();
  m.def("_last_engine_seconds", [] { return satcap::python::engine_seconds(); },
        "Wall seconds the last call on this thread spent in the engine itself (for overhead measurements).");
  satcap::python::init_errors(m);
  satcap::python::init_orbit(m);
  satcap::python::init_atten(m);
  satcap::python::init_link(m);
  satcap::python::init_route(m);
  satcap::python::init_study(m);
}
