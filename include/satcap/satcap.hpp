#pragma once
/// @file satcap.hpp
/// Umbrella header: the whole public API of satcap.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/core/time.hpp>
#include <satcap/core/units.hpp>
#include <satcap/core/version.hpp>
