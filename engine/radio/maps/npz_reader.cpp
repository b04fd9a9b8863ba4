// numpy .npz reader (zip + .npy, float64 C-order 2-D) and the GridMap interpolators.
#include <satcap/core/error.hpp>
#include <satcap/radio/climate_maps.hpp>
#include <zip.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

namespace satcap::radio {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& rec, const std::string& why) {
  throw InputError(file.string(), 0, "", why + " (ITU-R map needed by Recommendation ITU-R " + rec + ")");
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// Parses the .npy header dict: descr must be '<f8', fortran_order False, 2-D shape.
void parse_npy(const std::string& bytes, const std::filesystem::path& file, const std::string& rec,
               std::size_t& rows, std::size_t& cols, std::size_t& data_offset) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) fail(file, rec, "not a .npy array");
  const auto major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, start = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    start = 10;
  } else {
    if (bytes.size() < 12) fail(file, rec, "truncated .npy header");
    header_len = 0;
    for (int i = 0; i < 4; ++i) header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    start = 12;
  }
  if (bytes.size() < start + header_len) fail(file, rec, "truncated .npy header");
  const std::string header = bytes.substr(start, header_len);
  if (header.find("'<f8'") == std::string::npos) fail(file, rec, "expected little-endian float64 ('<f8') data");
  if (header.find("'fortran_order': False") == std::string::npos) fail(file, rec, "expected C-order data");
  const auto s = header.find("'shape': (");
  if (s == std::string::npos) fail(file, rec, "no shape in .npy header");
  const char* p = header.c_str() + s + 10;
  char* end = nullptr;
  rows = std::strtoull(p, &end, 10);
  if (*end != ',') fail(file, rec, "expected a 2-D array");
  p = end + 1;
  while (*p == ' ') ++p;
  cols = std::strtoull(p, &end, 10);
  if (end == p) fail(file, rec, "expected a 2-D array");
  data_offset = start + header_len;
  if (bytes.size() != data_offset + rows * cols * 8) fail(file, rec, "data size does not match the .npy shape");
}

// Keys' cubic convolution kernel with a = -0.5 (Recommendation ITU-R P.1144 bicubic interpolation).
inline double keys(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x <= 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
  return 0.0;
}

}  // namespace

std::vector<double> NpzMapReader::read_npz_array(const std::filesystem::path& file, std::size_t& rows, std::size_t& cols,
                                                 const std::string& rec) {
  if (!std::filesystem::exists(file)) fail(file, rec, "map file not found");
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> z(zip_open(file.c_str(), ZIP_RDONLY, &err));
  if (!z) fail(file, rec, "cannot open as a zip (.npz) archive");
  if (zip_get_num_entries(z.get(), 0) < 1) fail(file, rec, "empty .npz archive");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z.get(), 0, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) fail(file, rec, "cannot stat the .npy member");
  // The member size comes from the archive: bound it before allocating (a corrupt header claimed 3 GB
  // for a 77-byte member, found by fuzz_npz). Deflate cannot expand more than ~1032:1; the largest
  // ITU-R map member is 33 MB, so 1 GiB is a generous hard limit.
  constexpr zip_uint64_t kMaxMember = zip_uint64_t{1} << 30;
  if (st.size > kMaxMember) fail(file, rec, "the .npy member claims more than 1 GiB");
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > st.comp_size * 1100 + 4096)
    fail(file, rec, "the .npy member's size is inconsistent with its compressed size (corrupt archive)");
  std::string bytes(static_cast<std::size_t>(st.size), '\0');
  std::unique_ptr<zip_file_t, ZipFileCloser> zf(zip_fopen_index(z.get(), 0, 0));
  if (!zf) fail(file, rec, "cannot read the .npy member");
  zip_int64_t got = 0;
  while (got < static_cast<zip_int64_t>(st.size)) {
    const zip_int64_t n = zip_fread(zf.get(), bytes.data() + got, st.size - static_cast<zip_uint64_t>(got));
    if (n <= 0) fail(file, rec, "truncated or corrupt .npz member");
    got += n;
  }
  std::size_t off = 0;
  parse_npy(bytes, file, rec, rows, cols, off);
  std::vector<double> v(rows * cols);
  std::memcpy(v.data(), bytes.data() + off, v.size() * sizeof(double));
  return v;
}

GridMap NpzMapReader::read(const std::filesystem::path& data, const std::filesystem::path& lat,
                           const std::filesystem::path& lon, const std::string& rec) const {
  GridMap g;
  g.file = data.string();
  std::size_t r1 = 0, c1 = 0, r2 = 0, c2 = 0;
  g.values = read_npz_array(data, g.rows, g.cols, rec);
  const auto la = read_npz_array(lat, r1, c1, rec);
  const auto lo = read_npz_array(lon, r2, c2, rec);
  if (r1 != g.rows || c1 != g.cols || r2 != g.rows || c2 != g.cols)
    fail(data, rec, "shape differs from its latitude/longitude grid files");
  if (g.rows < 2 || g.cols < 2) fail(data, rec, "grid too small");
  // Meshgrids: latitude constant along a row, longitude constant along a column.
  g.lat0 = la[0];
  g.dlat = la[g.cols] - la[0];
  g.lon0 = lo[0];
  g.dlon = lo[1] - lo[0];
  if (g.dlat == 0 || g.dlon <= 0) fail(data, rec, "latitude/longitude files are not a regular meshgrid");
  // Regularity check on the last node (tolerates float rounding).
  const double lat_last = g.lat0 + g.dlat * static_cast<double>(g.rows - 1);
  const double lon_last = g.lon0 + g.dlon * static_cast<double>(g.cols - 1);
  if (std::fabs(la[(g.rows - 1) * g.cols] - lat_last) > 1e-6 || std::fabs(lo[g.cols - 1] - lon_last) > 1e-6)
    fail(data, rec, "latitude/longitude grid is not regular");
  return g;
}

GridMap::Cell GridMap::cell(double lat_deg, double lon_deg) const {
  // Wrap the longitude into the grid's span [lon0, lon0 + 360).
  double lon = lon_deg;
  const double span_start = lon0 < -90 ? -180.0 : 0.0;
  lon = std::fmod(lon - span_start, 360.0);
  if (lon < 0) lon += 360.0;
  lon += span_start;
  double x = (lon - lon0) / dlon;
  double y = (lat_deg - lat0) / dlat;
  const double xmax = static_cast<double>(cols - 1), ymax = static_cast<double>(rows - 1);
  if (!(y >= -1e-9 && y <= ymax + 1e-9)) {
    throw RangeError("latitude", lat_deg, "within the map " + file, "ITU-R digital map");
  }
  y = std::min(std::max(y, 0.0), ymax);
  x = std::min(std::max(x, 0.0), xmax);
  std::size_t r0 = static_cast<std::size_t>(std::floor(y));
  std::size_t c0 = static_cast<std::size_t>(std::floor(x));
  if (r0 >= rows - 1) r0 = rows - 2;
  if (c0 >= cols - 1) c0 = cols - 2;
  Cell c;
  c.r0 = r0;
  c.r1 = r0 + 1;
  c.c0 = c0;
  c.c1 = c0 + 1;
  c.t = y - static_cast<double>(r0);
  c.u = x - static_cast<double>(c0);
  c.lat_r0 = lat0 + dlat * static_cast<double>(r0);
  c.lat_r1 = lat0 + dlat * static_cast<double>(r0 + 1);
  c.lon_c0 = lon0 + dlon * static_cast<double>(c0);
  c.lon_c1 = lon0 + dlon * static_cast<double>(c0 + 1);
  return c;
}

double GridMap::bilinear(double lat_deg, double lon_deg) const {
  const Cell c = cell(lat_deg, lon_deg);
  const double v00 = at(c.r0, c.c0), v01 = at(c.r0, c.c1), v10 = at(c.r1, c.c0), v11 = at(c.r1, c.c1);
  return (1 - c.t) * ((1 - c.u) * v00 + c.u * v01) + c.t * ((1 - c.u) * v10 + c.u * v11);
}

void StackedGridMap::bilinear(double lat_deg, double lon_deg, double* out) const {
  const GridMap::Cell c = grid.cell(lat_deg, lon_deg);
  const double w00 = (1 - c.t) * (1 - c.u), w01 = (1 - c.t) * c.u, w10 = c.t * (1 - c.u), w11 = c.t * c.u;
  const double* p00 = &values[(c.r0 * grid.cols + c.c0) * count];
  const double* p01 = &values[(c.r0 * grid.cols + c.c1) * count];
  const double* p10 = &values[(c.r1 * grid.cols + c.c0) * count];
  const double* p11 = &values[(c.r1 * grid.cols + c.c1) * count];
  for (std::size_t k = 0; k < count; ++k) out[k] = w00 * p00[k] + w01 * p01[k] + w10 * p10[k] + w11 * p11[k];
}

double GridMap::bicubic(double lat_deg, double lon_deg) const {
  const Cell c = cell(lat_deg, lon_deg);
  const double y = static_cast<double>(c.r0) + c.t, x = static_cast<double>(c.c0) + c.u;
  double sum = 0;
  const long ri = static_cast<long>(c.r0), ci = static_cast<long>(c.c0);
  for (long i = ri - 1; i <= ri + 2; ++i) {
    const long ii = std::min<long>(std::max<long>(i, 0), static_cast<long>(rows) - 1);
    const double wy = keys(y - static_cast<double>(i));
    double row = 0;
    for (long j = ci - 1; j <= ci + 2; ++j) {
      const long jj = std::min<long>(std::max<long>(j, 0), static_cast<long>(cols) - 1);
      row += keys(x - static_cast<double>(j)) * at(static_cast<std::size_t>(ii), static_cast<std::size_t>(jj));
    }
    sum += wy * row;
  }
  return sum;
}

}  // namespace satcap::radio
