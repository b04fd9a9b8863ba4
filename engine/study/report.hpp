#pragma once
// The HTML report of a capacity study: tables and inline SVG charts, no scripts, no external files.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace satcap::study {

/// Renders report.html from the summary and the per-run results (deterministic text).
std::string render_report(const nlohmann::json& summary, const std::vector<nlohmann::json>& results);

/// Escapes text for HTML.
std::string html_escape(const std::string& text);

}  // namespace satcap::study
