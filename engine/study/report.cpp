#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace satcap::study {

namespace {

const char* kPalette[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
                          "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6"};

std::string num(double v, int decimals = 1) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

// A grouped bar chart: one group per region, one bar per run.
std::string bar_chart(const std::vector<nlohmann::json>& results, const std::vector<std::string>& regions) {
  const double w = 960, h = 360, left = 60, bottom = 90, top = 20;
  double vmax = 0;
  for (const auto& r : results)
    for (const auto& g : r["regions"]) vmax = std::max(vmax, g["delivered_mean_gbps"].get<double>());
  if (vmax <= 0) vmax = 1;
  const double gw = (w - left - 10) / std::max<std::size_t>(1, regions.size());
  const double bw = gw * 0.8 / std::max<std::size_t>(1, results.size());
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' font-family='sans-serif' font-size='11'>\n";
  s << "<line x1='" << left << "' y1='" << top << "' x2='" << left << "' y2='" << h - bottom << "' stroke='black'/>\n";
  for (int k = 0; k <= 4; ++k) {
    const double y = h - bottom - (h - bottom - top) * k / 4.0;
    s << "<text x='" << left - 5 << "' y='" << y + 4 << "' text-anchor='end'>" << num(vmax * k / 4.0, 0) << "</text>";
    s << "<line x1='" << left << "' y1='" << y << "' x2='" << w - 10 << "' y2='" << y << "' stroke='#ddd'/>\n";
  }
  for (std::size_t g = 0; g < regions.size(); ++g) {
    const double x0 = left + g * gw + gw * 0.1;
    for (std::size_t r = 0; r < results.size(); ++r) {
      double v = 0;
      for (const auto& reg : results[r]["regions"])
        if (reg["name"] == regions[g]) v = reg["delivered_mean_gbps"].get<double>();
      const double bh = (h - bottom - top) * v / vmax;
      s << "<rect x='" << x0 + r * bw << "' y='" << h - bottom - bh << "' width='" << bw * 0.95 << "' height='" << bh
        << "' fill='" << kPalette[r % 12] << "'><title>" << html_escape(results[r]["name"].get<std::string>()) << ", "
        << html_escape(regions[g]) << ": " << num(v, 2) << " Gbit/s</title></rect>\n";
    }
    s << "<text x='" << x0 + gw * 0.4 << "' y='" << h - bottom + 14 << "' text-anchor='middle'>" << html_escape(regions[g]) << "</text>\n";
  }
  s << "<text x='15' y='" << top + 10 << "' transform='rotate(-90 15," << top + 10 << ")' text-anchor='end'>Gbit/s delivered</text>\n";
  // Legend.
  for (std::size_t r = 0; r < results.size(); ++r) {
    const double x = left + (r % 4) * 220, y = h - 50 + (r / 4) * 14;
    s << "<rect x='" << x << "' y='" << y - 9 << "' width='10' height='10' fill='" << kPalette[r % 12] << "'/><text x='" << x + 14
      << "' y='" << y << "'>" << html_escape(results[r]["name"].get<std::string>()) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

// Delivered throughput over time in one region, one line per run.
std::string time_chart(const std::vector<nlohmann::json>& results, const std::string& region) {
  const double w = 960, h = 300, left = 60, bottom = 40, top = 20, right = 10;
  double vmax = 0;
  std::size_t n = 0;
  for (const auto& r : results) {
    if (!r["timeseries"]["regions"].contains(region)) continue;
    for (const auto& v : r["timeseries"]["regions"][region]) vmax = std::max(vmax, v.get<double>());
    n = std::max(n, r["timeseries"]["regions"][region].size());
  }
  if (vmax <= 0) vmax = 1;
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' font-family='sans-serif' font-size='11'>\n";
  s << "<line x1='" << left << "' y1='" << h - bottom << "' x2='" << w - right << "' y2='" << h - bottom << "' stroke='black'/>\n";
  for (int k = 0; k <= 4; ++k) {
    const double y = h - bottom - (h - bottom - top) * k / 4.0;
    s << "<text x='" << left - 5 << "' y='" << y + 4 << "' text-anchor='end'>" << num(vmax * k / 4.0, 1) << "</text>";
    s << "<line x1='" << left << "' y1='" << y << "' x2='" << w - right << "' y2='" << y << "' stroke='#ddd'/>\n";
  }
  for (std::size_t r = 0; r < results.size(); ++r) {
    if (!results[r]["timeseries"]["regions"].contains(region)) continue;
    const auto& v = results[r]["timeseries"]["regions"][region];
    s << "<polyline fill='none' stroke='" << kPalette[r % 12] << "' stroke-width='1.5' points='";
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double x = left + (w - left - right) * (n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.0);
      const double y = h - bottom - (h - bottom - top) * v[k].get<double>() / vmax;
      s << num(x, 1) << ',' << num(y, 1) << ' ';
    }
    s << "'><title>" << html_escape(results[r]["name"].get<std::string>()) << "</title></polyline>\n";
  }
  s << "<text x='" << left << "' y='" << h - 10 << "'>time step (0 .. " << (n ? n - 1 : 0) << ")</text>\n";
  s << "</svg>\n";
  return s.str();
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string o;
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '\'': o += "&#39;"; break;
      case '"': o += "&quot;"; break;
      default: o.push_back(c);
    }
  }
  return o;
}

std::string render_report(const nlohmann::json& summary, const std::vector<nlohmann::json>& results) {
  std::vector<std::string> regions;
  if (!results.empty())
    for (const auto& g : results.front()["regions"]) regions.push_back(g["name"].get<std::string>());
  std::ostringstream s;
  const std::string title = summary["study"]["name"].get<std::string>();
  s << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>" << html_escape(title) << "</title>\n"
    << "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
       "padding:3px 6px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}</style></head><body>\n";
  s << "<h1>" << html_escape(title) << "</h1>\n<p>" << html_escape(summary["study"]["description"].get<std::string>()) << "</p>\n";
  s << "<p>satcap " << html_escape(summary["engine"]["version"].get<std::string>()) << "; " << summary["time"]["steps"].get<long long>()
    << " steps of " << num(summary["time"]["step_s"].get<double>(), 0) << " s from " << html_escape(summary["time"]["start"].get<std::string>())
    << ".</p>\n";
  s << "<h2>Systems</h2>\n<table><tr><th>case</th><th>satellites</th><th>gateways</th><th>offered Gbit/s</th><th>delivered Gbit/s</th>"
       "<th>per satellite Gbit/s</th><th>demand served</th><th>wasted</th><th>feeder-limited</th></tr>\n";
  for (const auto& r : results)
    s << "<tr><td>" << html_escape(r["name"].get<std::string>()) << "</td><td>" << r["satellites"].get<int>() << "</td><td>"
      << r["gateways"].get<int>() << "</td><td>" << num(r["total_offered_gbps"].get<double>()) << "</td><td>"
      << num(r["total_delivered_gbps"].get<double>()) << "</td><td>" << num(r["delivered_per_satellite_gbps"].get<double>(), 3)
      << "</td><td>" << num(100 * r["demand_served_share"].get<double>()) << " %</td><td>" << num(100 * r["wasted_share"].get<double>())
      << " %</td><td>" << num(100 * r["feeder_limited_share"].get<double>()) << " %</td></tr>\n";
  s << "</table>\n<h2>Delivered throughput per region (time mean)</h2>\n" << bar_chart(results, regions);
  s << "<h2>Per region</h2>\n<table><tr><th>case</th><th>region</th><th>demand Gbit/s</th><th>delivered mean</th><th>p5</th>"
       "<th>p50</th><th>p95</th><th>share served</th><th>coverage</th><th>satellites in view</th></tr>\n";
  for (const auto& r : results)
    for (const auto& g : r["regions"])
      s << "<tr><td>" << html_escape(r["name"].get<std::string>()) << "</td><td>" << html_escape(g["name"].get<std::string>())
        << "</td><td>" << num(g["demand_gbps"].get<double>()) << "</td><td>" << num(g["delivered_mean_gbps"].get<double>()) << "</td><td>"
        << num(g["delivered_p5_gbps"].get<double>()) << "</td><td>" << num(g["delivered_p50_gbps"].get<double>()) << "</td><td>"
        << num(g["delivered_p95_gbps"].get<double>()) << "</td><td>" << num(100 * g["share_served"].get<double>()) << " %</td><td>"
        << num(100 * g["coverage_cells"].get<double>()) << " %</td><td>" << num(g["satellites_in_view"].get<double>(), 2) << "</td></tr>\n";
  s << "</table>\n";
  for (const std::string& region : regions) {
    s << "<h2>Delivered over time: " << html_escape(region) << " (Gbit/s)</h2>\n" << time_chart(results, region);
  }
  s << "<h2>Latency</h2>\n<table><tr><th>case</th><th>pair</th><th>reachable</th><th>RTT min ms</th><th>mean</th><th>max</th>"
       "<th>path changes</th></tr>\n";
  for (const auto& r : results)
    for (const auto& l : r["latency"]) {
      s << "<tr><td>" << html_escape(r["name"].get<std::string>()) << "</td><td>" << html_escape(l["pair"].get<std::string>()) << "</td><td>"
        << num(100 * l["reachable_share"].get<double>()) << " %</td>";
      if (l.contains("rtt_mean_ms"))
        s << "<td>" << num(l["rtt_min_ms"].get<double>()) << "</td><td>" << num(l["rtt_mean_ms"].get<double>()) << "</td><td>"
          << num(l["rtt_max_ms"].get<double>()) << "</td>";
      else
        s << "<td>-</td><td>-</td><td>-</td>";
      s << "<td>" << l["path_changes"].get<int>() << "</td></tr>\n";
    }
  s << "</table>\n</body></html>\n";
  return s.str();
}

}  // namespace satcap::study
