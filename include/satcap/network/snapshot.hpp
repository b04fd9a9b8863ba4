#pragma once
/// @file snapshot.hpp
/// The network of one time step: satellites and ground stations as vertices of a Boost.Graph
/// compressed-sparse-row graph, inter-satellite links (ISLs) and ground-satellite links (GSLs) as
/// edges weighted by their length (one-way propagation delay = length / c, c = 299,792,458 m/s).
///
/// Geometry: positions are ECEF in metres (satellites from any ephemeris; ground stations from WGS84
/// geodetic coordinates through core::ecef_from_geodetic). Link lengths are straight-line distances
/// (double precision: exact to ~1e-9 m for LEO distances). The GSL elevation test uses the
/// station's WGS84 ellipsoid normal; no refraction (a geometric mask, as in Hypatia and FCC filings).
///
/// Vertices: satellite i is vertex i (0 <= i < N); ground station g is vertex N + g. Every link is
/// stored once in `links()` (a < b, so a GSL is (satellite, station vertex)) and appears as two arcs,
/// one per direction, in the directed CSR graph; `arc_link()` maps a CSR edge index to its link.
///
/// Cost: building a Starlink 72x22 + 100 stations step takes well under a millisecond of ISL work
/// plus O(N * G) range tests for the GSLs (parallel over stations with oneTBB). Deterministic: the
/// same positions give the same graph, link order included, at any thread count.
/// Thread-safety: SnapshotBuilder and SnapshotGraph are immutable after construction.
#include <satcap/export.hpp>
#include <satcap/network/topology.hpp>

#include <Eigen/Dense>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <vector>

namespace satcap::network {

enum class LinkKind : std::uint8_t { Isl, Gsl };

/// An undirected link between vertices a < b.
struct Link {
  std::int32_t a = 0;
  std::int32_t b = 0;
  LinkKind kind = LinkKind::Isl;
  double length_m = 0.0;
  /// One-way propagation delay, s.
  double delay_s() const { return length_m / units::kSpeedOfLight; }
};

/// The step's graph.
class SATCAP_EXPORT SnapshotGraph {
 public:
  /// Directed CSR graph with 32-bit vertex and edge indices; both directions of every link.
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                   boost::no_property, std::uint32_t, std::uint32_t>;

  SnapshotGraph() = default;
  /// Builds the CSR graph from links (a < b, vertices < satellites + stations).
  SnapshotGraph(int satellites, int stations, std::vector<Link> links);

  int satellite_count() const { return satellites_; }
  int station_count() const { return stations_; }
  int vertex_count() const { return satellites_ + stations_; }
  int station_vertex(int station) const { return satellites_ + station; }
  bool is_station(int vertex) const { return vertex >= satellites_; }

  const std::vector<Link>& links() const { return links_; }
  const Graph& graph() const { return graph_; }
  /// CSR edge index -> link index.
  const std::vector<std::uint32_t>& arc_link() const { return arc_link_; }
  int isl_count() const { return isl_count_; }
  int gsl_count() const { return static_cast<int>(links_.size()) - isl_count_; }
  /// Number of links at a vertex.
  int degree(int vertex) const;
  /// Index of the link between two vertices, or -1.
  int find_link(int u, int v) const;

 private:
  int satellites_ = 0;
  int stations_ = 0;
  int isl_count_ = 0;
  std::vector<Link> links_;
  Graph graph_;
  std::vector<std::uint32_t> arc_link_;
};

/// Builds step graphs from satellite positions under a TopologySpec.
class SATCAP_EXPORT SnapshotBuilder {
 public:
  /// Throws InputError for inconsistent inputs (duplicate station ids, |lat| > 90, negative limits).
  SnapshotBuilder(ConstellationLayout layout, std::vector<GroundStation> stations, TopologySpec spec);

  /// The graph at one step. `sat_ecef_m` is 3xN (m) with N = layout().satellite_count(); a
  /// non-finite column (a decayed satellite) gets no links. Throws InputError on a size mismatch.
  SnapshotGraph build(const Eigen::Matrix3Xd& sat_ecef_m) const;

  /// Only the ISLs of the step (after range, line-of-sight and terminal filters), a < b.
  void isl_links(const Eigen::Matrix3Xd& sat_ecef_m, std::vector<Link>& out) const;
  /// Only the GSLs of the step, station-major, nearest satellite first.
  void gsl_links(const Eigen::Matrix3Xd& sat_ecef_m, std::vector<Link>& out) const;

  const ConstellationLayout& layout() const { return layout_; }
  const std::vector<GroundStation>& stations() const { return stations_; }
  const TopologySpec& spec() const { return spec_; }
  /// 3xG station positions (m, ECEF, WGS84).
  const Eigen::Matrix3Xd& station_ecef_m() const { return station_ecef_; }

 private:
  ConstellationLayout layout_;
  std::vector<GroundStation> stations_;
  TopologySpec spec_;
  Eigen::Matrix3Xd station_ecef_;
  Eigen::Matrix3Xd station_up_;
  std::vector<SatPair> static_candidates_;
};

}  // namespace satcap::network
