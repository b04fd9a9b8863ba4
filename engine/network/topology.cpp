// ISL topologies (+Grid, ring, nearest-k) and the constellation layout.
#include <satcap/core/error.hpp>
#include <satcap/network/topology.hpp>

#include <algorithm>
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

void PlusGrid::propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd&, std::vector<SatPair>& out) const {
  for (const auto& sh : layout.shells()) {
    const int P = sh.planes, S = sh.sats_per_plane;
    auto id = [&](int p, int s) { return sh.first_index + p * S + s; };
    // Intra-plane first (preferred when terminals are short), then inter-plane.
    if (S >= 2)
      for (int p = 0; p < P; ++p)
        for (int s = 0; s < S; ++s) {
          if (S == 2 && s == 1) continue;  // a 2-satellite ring has one link
          out.push_back({id(p, s), id(p, (s + 1) % S)});
        }
    if (P >= 2)
      for (int p = 0; p < P; ++p) {
        const bool wraps = (p == P - 1);
        if (wraps && (sh.pattern == WalkerPattern::Star || P == 2)) continue;  // seam, or same pair twice
        const int q = (p + 1) % P;
        for (int s = 0; s < S; ++s) {
          int t = ((s + offset_) % S + S) % S;
          out.push_back({id(p, s), id(q, t)});
        }
      }
  }
}

void RingIsl::propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd&, std::vector<SatPair>& out) const {
  for (const auto& sh : layout.shells()) {
    const int S = sh.sats_per_plane;
    if (S < 2) continue;
    for (int p = 0; p < sh.planes; ++p)
      for (int s = 0; s < S; ++s) {
        if (S == 2 && s == 1) continue;
        out.push_back({sh.first_index + p * S + s, sh.first_index + p * S + (s + 1) % S});
      }
  }
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
