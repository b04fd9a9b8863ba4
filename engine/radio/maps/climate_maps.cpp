// ClimateMaps: lazy, once-only, thread-safe loading of the ITU-R digital maps of one directory.
#include <satcap/core/error.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <oneapi/tbb/parallel_for.h>

#include "satcap_version_config.hpp"

namespace satcap::radio {
namespace {

struct MapFiles {
  std::string data, lat, lon, rec;
};

// File-name suffix of an exceedance level: decimal point dropped after a leading zero (0.1 -> "01").
std::string p_suffix(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", p);
  std::string s;
  for (const char* c = buf; *c; ++c)
    if (*c != '.') s.push_back(*c);  // "0.1" -> "01", "0.5" -> "05", "10" -> "10"
  return s;
}

MapFiles files_of(MapKey key) {
  const int k = static_cast<int>(key);
  const auto month = [](int m) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", m);
    return std::string(b);
  };
  if (key == MapKey::kP839RainHeight0) return {"839/v4_esa0height.npz", "839/v4_esalat.npz", "839/v4_esalon.npz", "P.839-4"};
  if (key == MapKey::kP1511Topo) return {"1511/v1_topo_0dot5.npz", "1511/v1_lat.npz", "1511/v1_lon.npz", "P.1511-1"};
  if (key == MapKey::kP836Topo) return {"836/v6_topo_0dot5.npz", "836/v6_topolat.npz", "836/v6_topolon.npz", "P.836-6"};
  if (key == MapKey::kP840Ml) return {"840/v9_ml.npz", "840/v9_lat.npz", "840/v9_lon.npz", "P.840-9"};
  if (key == MapKey::kP840Sl) return {"840/v9_sl.npz", "840/v9_lat.npz", "840/v9_lon.npz", "P.840-9"};
  if (key == MapKey::kP840Pl) return {"840/v9_pl.npz", "840/v9_lat.npz", "840/v9_lon.npz", "P.840-9"};
  if (key == MapKey::kP1510Annual) return {"1510/v1_t_annual.npz", "1510/v1_lat.npz", "1510/v1_lon.npz", "P.1510-1"};
  const int m1510 = static_cast<int>(MapKey::kP1510Month01), m837 = static_cast<int>(MapKey::kP837Mt01);
  const int n453 = static_cast<int>(MapKey::kP453Nwet0), rho = static_cast<int>(MapKey::kP836Rho0);
  const int v = static_cast<int>(MapKey::kP836V0), vsch = static_cast<int>(MapKey::kP836Vsch0);
  const int l840 = static_cast<int>(MapKey::kP840L0);
  if (k >= m1510 && k < m1510 + 12)
    return {"1510/v1_t_month" + month(k - m1510 + 1) + ".npz", "1510/v1_lat.npz", "1510/v1_lon.npz", "P.1510-1 (needed by P.837-7)"};
  if (k >= m837 && k < m837 + 12)
    return {"837/v7_mt_month" + month(k - m837 + 1) + ".npz", "837/v7_lat_mt.npz", "837/v7_lon_mt.npz", "P.837-7"};
  if (k >= n453 && k < n453 + 18)
    return {"453/v13_nwet_annual_" + p_suffix(kP453P836Levels[static_cast<std::size_t>(k - n453)]) + ".npz", "453/v13_lat_n.npz",
            "453/v13_lon_n.npz", "P.453-14"};
  if (k >= rho && k < rho + 18)
    return {"836/v6_rho_" + p_suffix(kP453P836Levels[static_cast<std::size_t>(k - rho)]) + ".npz", "836/v6_lat.npz", "836/v6_lon.npz",
            "P.836-6"};
  if (k >= v && k < v + 18)
    return {"836/v6_v_" + p_suffix(kP453P836Levels[static_cast<std::size_t>(k - v)]) + ".npz", "836/v6_lat.npz", "836/v6_lon.npz",
            "P.836-6"};
  if (k >= vsch && k < vsch + 18)
    return {"836/v6_vsch_" + p_suffix(kP453P836Levels[static_cast<std::size_t>(k - vsch)]) + ".npz", "836/v6_lat.npz",
            "836/v6_lon.npz", "P.836-6"};
  if (k >= l840 && k < l840 + 23) {
    const double p = kP840Levels[static_cast<std::size_t>(k - l840)];
    const std::string s = p < 0.1 ? "00" + std::to_string(static_cast<int>(std::lround(p * 100))) : p_suffix(p);
    return {"840/v9_l_" + s + ".npz", "840/v9_lat.npz", "840/v9_lon.npz", "P.840-9"};
  }
  throw Error("ClimateMaps: unknown map key " + std::to_string(k));
}

}  // namespace

struct ClimateMaps::Impl {
  std::filesystem::path dir;
  std::shared_ptr<const MapReader> reader;
  struct Slot {
    std::once_flag once;
    GridMap map;
  };
  std::array<Slot, static_cast<std::size_t>(MapKey::kCount)> slots;
  struct StackSlot {
    std::once_flag once;
    StackedGridMap map;
    int count = 0;
  };
  std::array<StackSlot, static_cast<std::size_t>(MapKey::kCount)> stacks;
};

ClimateMaps::ClimateMaps(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClimateMaps::~ClimateMaps() = default;

std::shared_ptr<const ClimateMaps> ClimateMaps::load(const std::filesystem::path& dir, std::shared_ptr<const MapReader> reader) {
  if (!std::filesystem::is_directory(dir))
    throw InputError(dir.string(), 0, "", "ITU-R maps directory not found (use --maps DIR or SATCAP_ITU_MAPS_DIR)");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->reader = reader ? std::move(reader) : std::make_shared<NpzMapReader>();
  return std::shared_ptr<const ClimateMaps>(new ClimateMaps(std::move(impl)));
}

const std::filesystem::path& ClimateMaps::directory() const { return impl_->dir; }

const GridMap& ClimateMaps::grid(MapKey key) const {
  const auto k = static_cast<std::size_t>(key);
  if (k >= impl_->slots.size()) throw Error("ClimateMaps: unknown map key");
  auto& slot = impl_->slots[k];
  // call_once: if read() throws, the flag stays unset and the next caller retries (and throws again).
  std::call_once(slot.once, [&] {
    const MapFiles f = files_of(key);
    slot.map = impl_->reader->read(impl_->dir / f.data, impl_->dir / f.lat, impl_->dir / f.lon, f.rec);
  });
  return slot.map;
}

const StackedGridMap& ClimateMaps::stacked(MapKey first, int count) const {
  const auto k = static_cast<std::size_t>(first);
  if (count < 1 || k + static_cast<std::size_t>(count) > impl_->slots.size()) throw Error("ClimateMaps: bad map stack");
  auto& slot = impl_->stacks[k];
  std::call_once(slot.once, [&] {
    std::vector<MapKey> keys;
    for (int i = 0; i < count; ++i) keys.push_back(static_cast<MapKey>(static_cast<int>(first) + i));
    preload(keys);
    const GridMap& g0 = grid(first);
    StackedGridMap st;
    st.grid = g0;
    st.grid.values.clear();
    st.grid.values.shrink_to_fit();
    st.count = static_cast<std::size_t>(count);
    st.values.resize(g0.rows * g0.cols * st.count);
    for (std::size_t m = 0; m < st.count; ++m) {
      const GridMap& g = grid(keys[m]);
      if (g.rows != g0.rows || g.cols != g0.cols || g.lat0 != g0.lat0 || g.lon0 != g0.lon0)
        throw InputError(g.file, 0, "", "grid differs from " + g0.file);
      for (std::size_t n = 0; n < g.values.size(); ++n) st.values[n * st.count + m] = g.values[n];
    }
    slot.count = count;
    slot.map = std::move(st);
  });
  if (slot.count != count) throw Error("ClimateMaps: map stack requested with two different sizes");
  return slot.map;
}

std::string ClimateMaps::file_of(MapKey key) { return files_of(key).data; }
std::string ClimateMaps::recommendation_of(MapKey key) { return files_of(key).rec; }

void ClimateMaps::preload() const {
  std::vector<MapKey> keys;
  for (int k = 0; k < static_cast<int>(MapKey::kCount); ++k) keys.push_back(static_cast<MapKey>(k));
  preload(keys);
}

void ClimateMaps::preload(const std::vector<MapKey>& keys) const {
  // Errors are collected and the first (in key order) rethrown, so the message is deterministic.
  std::vector<std::exception_ptr> errors(keys.size());
  tbb::parallel_for(std::size_t{0}, keys.size(), [&](std::size_t i) {
    try {
      grid(keys[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

std::filesystem::path resolve_maps_dir(const std::optional<std::filesystem::path>& explicit_dir) {
  if (explicit_dir && !explicit_dir->empty()) return *explicit_dir;
  if (const char* env = std::getenv("SATCAP_ITU_MAPS_DIR"); env && *env) return std::filesystem::path(env);
  return std::filesystem::path(SATCAP_DEFAULT_ITU_MAPS_DIR);
}

}  // namespace satcap::radio
