// ISL topologies (+Grid, ring, nearest-k) and the constellation layout.
#include <satcap/core/error.hpp>
#include <satcap/network/topology.hpp>

#include <algorithm>
#include <limits>
#include <numeric>

namespace satcap::network {

std::string to_string(WalkerPattern p) { return p == WalkerPattern::Star ? "star" : "delta"; }

WalkerPattern walker_pattern_from_string(std::string_view s) {
  if (s == "delta") return WalkerPattern::Delta;
  if (s == "star") return WalkerPattern::Star;
  throw InputError("", 0, "pattern", "expected 'delta' or 'star', got '" + std::string(s) + "'");
}

ConstellationLayout::ConstellationLayout(std::vector<ShellLayout> shells) : shells_(std::move(shells)) {
  int next = 0;
  for (std::size_t k = 0; k < shells_.size(); ++k) {
    const auto& s = shells_[k];
    if (s.planes < 1 || s.sats_per_plane < 1)
      throw InputError("", 0, "shell " + std::to_string(k), "planes and sats_per_plane must be >= 1");
    if (!s.plane_sizes.empty()) {
      if (static_cast<int>(s.plane_sizes.size()) != s.planes)
        throw InputError("", 0, "shell " + std::to_string(k), "plane_sizes must have one entry per plane");
      for (int n : s.plane_sizes)
        if (n < 1 || n > s.sats_per_plane)
          throw InputError("", 0, "shell " + std::to_string(k), "plane sizes must be in 1..sats_per_plane");
    }
    if (s.first_index != next)
      throw InputError("", 0, "shell " + std::to_string(k),
                       "first_index must be " + std::to_string(next) + " (shells are contiguous)");
    next += s.count();
  }
  count_ = next;
}

ConstellationLayout ConstellationLayout::single_shell(int planes, int sats_per_plane, WalkerPattern pattern) {
  return ConstellationLayout({ShellLayout{0, planes, sats_per_plane, pattern}});
}

ConstellationLayout ConstellationLayout::unstructured(int count) {
  if (count < 0) throw InputError("", 0, "count", "must be >= 0");
  if (count == 0) return ConstellationLayout();
  return ConstellationLayout({ShellLayout{0, 1, count, WalkerPattern::Delta}});
}

int ConstellationLayout::shell_of(int sat) const {
  for (std::size_t k = 0; k < shells_.size(); ++k)
    if (sat >= shells_[k].first_index && sat < shells_[k].first_index + shells_[k].count()) return static_cast<int>(k);
  throw InputError("", 0, "satellite", "id " + std::to_string(sat) + " outside the layout");
}

namespace {
// Id of (plane 0, slot 0) of every plane of a shell.
std::vector<int> plane_firsts(const ShellLayout& sh) {
  std::vector<int> f(static_cast<std::size_t>(sh.planes));
  int next = sh.first_index;
  for (int p = 0; p < sh.planes; ++p) {
    f[static_cast<std::size_t>(p)] = next;
    next += sh.plane_size(p);
  }
  return f;
}

void intra_plane(const ShellLayout& sh, const std::vector<int>& first, std::vector<SatPair>& out) {
  for (int p = 0; p < sh.planes; ++p) {
    const int S = sh.plane_size(p), f = first[static_cast<std::size_t>(p)];
    if (S < 2) continue;
    for (int s = 0; s < S; ++s) {
      if (S == 2 && s == 1) continue;  // a 2-satellite ring has one link
      out.push_back({f + s, f + (s + 1) % S});
    }
  }
}
}  // namespace

void PlusGrid::propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& pos, std::vector<SatPair>& out) const {
  const bool have_positions = pos.cols() == layout.satellite_count();
  for (const auto& sh : layout.shells()) {
    const int P = sh.planes;
    const std::vector<int> first = plane_firsts(sh);
    // Intra-plane first (preferred when terminals are short), then inter-plane.
    intra_plane(sh, first, out);
    if (P >= 2)
      for (int p = 0; p < P; ++p) {
        const bool wraps = (p == P - 1);
        if (wraps && (sh.pattern == WalkerPattern::Star || P == 2)) continue;  // seam, or same pair twice
        const int q = (p + 1) % P;
        const int Sp = sh.plane_size(p), Sq = sh.plane_size(q);
        const int fp = first[static_cast<std::size_t>(p)], fq = first[static_cast<std::size_t>(q)];
        for (int s = 0; s < Sp; ++s) {
          // Equal planes (Walker): slot s. Unequal planes (real fleets): the satellite of plane q nearest
          // to (p, s) at this step, or without positions the slot at the same fraction of plane q.
          int base = Sp == Sq ? s : static_cast<int>((2LL * s * Sq + Sp) / (2LL * Sp));
          if (!sh.plane_sizes.empty() && have_positions && pos.col(fp + s).allFinite()) {
            double best = std::numeric_limits<double>::infinity();
            for (int t = 0; t < Sq; ++t) {
              if (!pos.col(fq + t).allFinite()) continue;
              const double d = (pos.col(fp + s) - pos.col(fq + t)).squaredNorm();
              if (d < best) {
                best = d;
                base = t;
              }
            }
          }
          const int t = ((base + offset_) % Sq + Sq) % Sq;
          out.push_back({fp + s, fq + t});
        }
      }
  }
}

void RingIsl::propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd&, std::vector<SatPair>& out) const {
  for (const auto& sh : layout.shells()) intra_plane(sh, plane_firsts(sh), out);
}

NearestK::NearestK(int k) : k_(k) {
  if (k < 1) throw InputError("", 0, "nearest-k", "k must be >= 1");
}

void NearestK::propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& pos, std::vector<SatPair>& out) const {
  std::vector<std::pair<double, int>> cand;
  for (const auto& sh : layout.shells()) {
    const int first = sh.first_index, n = sh.count();
    for (int i = first; i < first + n; ++i) {
      if (!pos.col(i).allFinite()) continue;
      cand.clear();
      for (int j = first; j < first + n; ++j)
        if (j != i && pos.col(j).allFinite()) cand.emplace_back((pos.col(i) - pos.col(j)).squaredNorm(), j);
      const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(k_), cand.size());
      std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k), cand.end());
      for (std::size_t m = 0; m < k; ++m) out.push_back({i, cand[m].second});
    }
  }
}

std::string to_string(IslKind k) {
  switch (k) {
    case IslKind::None: return "none";
    case IslKind::PlusGrid: return "plus-grid";
    case IslKind::Ring: return "ring";
    case IslKind::NearestK: return "nearest-k";
  }
  return "none";
}

IslKind isl_kind_from_string(std::string_view s) {
  if (s == "none") return IslKind::None;
  if (s == "plus-grid") return IslKind::PlusGrid;
  if (s == "ring") return IslKind::Ring;
  if (s == "nearest-k") return IslKind::NearestK;
  throw InputError("", 0, "isl", "expected none, plus-grid, ring or nearest-k, got '" + std::string(s) + "'");
}

std::shared_ptr<const IslTopology> make_isl_topology(IslKind kind, int parameter) {
  switch (kind) {
    case IslKind::None: return std::make_shared<NoIsl>();
    case IslKind::PlusGrid: return std::make_shared<PlusGrid>(parameter);
    case IslKind::Ring: return std::make_shared<RingIsl>();
    case IslKind::NearestK: return std::make_shared<NearestK>(parameter);
  }
  return std::make_shared<NoIsl>();
}

}  // namespace satcap::network
