#pragma once
/// @file climate_maps.hpp
/// ITU-R digital maps (P.453-14, P.836-6, P.837-7, P.839-4, P.840-9, P.1510-1, P.1511-1) read from a
/// directory and interpolated as each Recommendation prescribes (bilinear; bicubic per P.1144 for
/// topography). Maps are read lazily, once (std::call_once), and then shared read-only: a
/// ClimateMaps object is immutable after construction from the caller's point of view and safe to
/// use from many threads.
///
/// Storage: the directory layout is ITU-Rpy's `itur/data/` (numpy .npz = zip + .npy float64 2-D);
/// see ../shared/itu-maps/README.md. The file reader sits behind MapReader so that ITU-R's own text
/// grids can be added later.
///
/// Map directory resolution (resolve_maps_dir): explicit path > environment SATCAP_ITU_MAPS_DIR >
/// the compiled default (CMake cache variable SATCAP_ITU_MAPS_DIR).
///
/// Errors: a missing or unreadable map file is an InputError naming the file and the
/// Recommendation that needs it (thrown on first use of that map).
#include <satcap/export.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace satcap::radio {

/// A regular latitude/longitude grid of doubles (row = latitude, column = longitude).
/// lat(i) = lat0 + i*dlat, lon(j) = lon0 + j*dlon (dlat may be negative: rows from +90 down).
struct GridMap {
  std::size_t rows = 0, cols = 0;
  double lat0 = 0, dlat = 0, lon0 = 0, dlon = 0;
  std::vector<double> values;  ///< row-major, rows*cols
  std::string file;            ///< source file (for messages)

  double at(std::size_t i, std::size_t j) const { return values[i * cols + j]; }
  /// Bilinear interpolation at (lat_deg, lon_deg); lon is wrapped into the grid's longitude span
  /// (either -180..180 or 0..360). Latitude must lie within the grid.
  double bilinear(double lat_deg, double lon_deg) const;
  /// Bicubic interpolation (Recommendation ITU-R P.1144, Keys kernel a = -0.5), as P.1511 requires.
  double bicubic(double lat_deg, double lon_deg) const;
  /// The four surrounding grid nodes (for methods that interpolate derived quantities, e.g. P.836
  /// which scales each node to the station height before interpolating).
  struct Cell {
    std::size_t r0, r1, c0, c1;
    double lat_r0, lat_r1, lon_c0, lon_c1;  ///< node coordinates (lon in the grid's convention)
    double t, u;                            ///< fractional position along lat (r0->r1) and lon (c0->c1)
  };
  Cell cell(double lat_deg, double lon_deg) const;
};

/// `count` maps of one grid interleaved node by node (values[(i*cols + j)*count + k]) so that one
/// lookup of all of them touches a few cache lines (e.g. the 12 monthly maps of P.837-7 / P.1510-1).
struct StackedGridMap {
  GridMap grid;  ///< geometry (values empty)
  std::size_t count = 0;
  std::vector<double> values;
  /// out[k] = bilinear value of map k at (lat, lon), k < count.
  void bilinear(double lat_deg, double lon_deg, double* out) const;
};

/// Reads one map file into a GridMap given the data file and its lat/lon companion meshgrids.
class SATCAP_EXPORT MapReader {
 public:
  virtual ~MapReader() = default;
  /// Throws InputError(file, 0, "", ...) naming `recommendation` when a file is missing/unreadable.
  virtual GridMap read(const std::filesystem::path& data, const std::filesystem::path& lat,
                       const std::filesystem::path& lon, const std::string& recommendation) const = 0;
};

/// numpy .npz (zip, one member arr_0.npy, float64 C-order 2-D) reader using libzip.
class SATCAP_EXPORT NpzMapReader final : public MapReader {
 public:
  GridMap read(const std::filesystem::path& data, const std::filesystem::path& lat,
               const std::filesystem::path& lon, const std::string& recommendation) const override;
  /// Reads one .npy array member of an .npz file: returns values and shape (rows, cols).
  static std::vector<double> read_npz_array(const std::filesystem::path& file, std::size_t& rows, std::size_t& cols,
                                            const std::string& recommendation);
};

/// Every map the engine knows. The exceedance-probability families are indexed by their p list.
enum class MapKey : int {
  kP839RainHeight0 = 0,   ///< 839/v4_esa0height (km), h0
  kP1511Topo,             ///< 1511/v1_topo_0dot5 (km)
  kP836Topo,              ///< 836/v6_topo_0dot5 (km)
  kP840Ml,                ///< 840/v9_ml (ln kg/m2)
  kP840Sl,                ///< 840/v9_sl
  kP840Pl,                ///< 840/v9_pl (%)
  kP1510Annual,           ///< 1510/v1_t_annual (K)
  kP1510Month01,          ///< +m-1 for month m (12 maps)
  kP837Mt01 = kP1510Month01 + 12,  ///< 837/v7_mt_monthMM (mm), +m-1 (12 maps)
  kP453Nwet0 = kP837Mt01 + 12,     ///< 453/v13_nwet_annual_{p}, one per kP453P836Levels entry (18)
  kP836Rho0 = kP453Nwet0 + 18,     ///< 836/v6_rho_{p} (18)
  kP836V0 = kP836Rho0 + 18,        ///< 836/v6_v_{p} (18)
  kP836Vsch0 = kP836V0 + 18,       ///< 836/v6_vsch_{p} (18)
  kP840L0 = kP836Vsch0 + 18,       ///< 840/v9_l_{p}, one per kP840Levels entry (23)
  kCount = kP840L0 + 23
};

/// Exceedance levels (%) tabulated by the P.453-14 and P.836-6 maps.
inline constexpr std::array<double, 18> kP453P836Levels = {0.1, 0.2, 0.3, 0.5, 1,  2,  3,  5,  10,
                                                           20,  30,  50,  60,  70, 80, 90, 95, 99};
/// Exceedance levels (%) tabulated by the P.840-9 L maps.
inline constexpr std::array<double, 23> kP840Levels = {0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5,
                                                       1,    2,    3,    5,    10,  20,  30,  50,
                                                       60,   70,   80,   90,   95,  99,  100};

/// The ITU-R digital maps of one directory. Thread-safe; maps are read on first use.
class SATCAP_EXPORT ClimateMaps {
 public:
  /// Opens `dir` (InputError if it is not a directory). Maps are read on first use, once.
  static std::shared_ptr<const ClimateMaps> load(const std::filesystem::path& dir,
                                                 std::shared_ptr<const MapReader> reader = nullptr);
  ~ClimateMaps();
  ClimateMaps(const ClimateMaps&) = delete;
  ClimateMaps& operator=(const ClimateMaps&) = delete;

  const std::filesystem::path& directory() const;
  /// The map (read now if not yet read). InputError naming file and Recommendation if missing.
  const GridMap& grid(MapKey key) const;
  /// Maps first .. first+count-1 (same grid) interleaved; built once on first use.
  const StackedGridMap& stacked(MapKey first, int count) const;
  /// Relative file name and Recommendation of a map (for messages/docs).
  static std::string file_of(MapKey key);
  static std::string recommendation_of(MapKey key);
  /// Reads every map now, in parallel (e.g. to check a directory is complete).
  void preload() const;
  /// Reads the given maps now, in parallel (inflating a 0.25 deg map takes ~0.2 s).
  void preload(const std::vector<MapKey>& keys) const;

  struct Impl;

 private:
  explicit ClimateMaps(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Map directory: `explicit_dir` if given, else $SATCAP_ITU_MAPS_DIR if set and non-empty, else the
/// compiled default SATCAP_DEFAULT_ITU_MAPS_DIR.
SATCAP_EXPORT std::filesystem::path resolve_maps_dir(const std::optional<std::filesystem::path>& explicit_dir);

}  // namespace satcap::radio
