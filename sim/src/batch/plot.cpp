// SVG line charts of batch results. SVG is written as text (SVG 1.1, W3C): a handful of elements
// (line, polyline, circle, text) is all a line chart needs, and the CLI stays free of Qt.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>

#include "m3lab/sim/batch.hpp"

namespace m3::batch {

namespace fs = std::filesystem;

namespace {

constexpr const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string tick_text(double v) {
  char buf[32];
  if (std::fabs(v) >= 1e6 || (std::fabs(v) < 1e-3 && v != 0))
    std::snprintf(buf, sizeof buf, "%.2g", v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// About `n` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart).
std::vector<double> nice_ticks(double lo, double hi, int n) {
  if (hi <= lo) hi = lo + 1;
  const double raw = (hi - lo) / n;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::floor(lo / step) * step; v < hi + step * (1 - 1e-9); v += step)
    t.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
  return t;
}

// A value as a number: numbers, booleans (0/1) and numeric text.
std::optional<double> as_number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  return std::nullopt;
}

std::string value_text(const Json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    return s.find('/') != std::string::npos ? fs::path(s).filename().string() : s;
  }
  return v.dump();
}

std::string file_safe(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' && c != '=') c = '_';
  return s;
}

}  // namespace

std::string svg_line_chart(const Chart& chart) {
  constexpr double W = 780, H = 440, L = 80, R = 250, T = 50, B = 60;
  const double pw = W - L - R, ph = H - T - B;
  double xlo = INFINITY, xhi = -INFINITY, ylo = 0, yhi = -INFINITY;
  for (const Series& s : chart.series)
    for (auto [x, y] : s.points) {
      const double px = chart.log2_x ? std::log2(x) : x;
      xlo = std::min(xlo, px);
      xhi = std::max(xhi, px);
      ylo = std::min(ylo, y);
      yhi = std::max(yhi, y);
    }
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1, yhi = 1;
  if (xhi == xlo) xlo -= 1, xhi += 1;
  const double xpad = (xhi - xlo) * 0.05;  // keeps the end markers off the frame
  std::vector<double> yt = nice_ticks(ylo, yhi + (yhi - ylo) * 0.04, 5);  // headroom above the top point
  ylo = yt.front();
  yhi = std::max(yt.back(), yhi);
  if (yhi == ylo) yhi = ylo + 1;
  auto sx = [&](double x) {
    return L + ((chart.log2_x ? std::log2(x) : x) - xlo + xpad) / (xhi - xlo + 2 * xpad) * pw;
  };
  auto sy = [&](double y) { return T + ph - (y - ylo) / (yhi - ylo) * ph; };

  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(W) + "\" height=\"" + num(H) +
       "\" viewBox=\"0 0 " + num(W) + " " + num(H) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o += "<text x=\"" + num(L + pw / 2) + "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" +
       esc(chart.title) + "</text>\n";
  // Grid and y ticks.
  for (double v : yt) {
    const double y = sy(v);
    o += "<line x1=\"" + num(L) + "\" y1=\"" + num(y) + "\" x2=\"" + num(L + pw) + "\" y2=\"" + num(y) +
         "\" stroke=\"#ddd\"/>\n";
    o += "<text x=\"" + num(L - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" + tick_text(v) +
         "</text>\n";
  }
  // X ticks: every distinct x for a log2 axis (sizes), round values otherwise.
  std::vector<double> xt;
  if (chart.log2_x) {
    for (const Series& s : chart.series)
      for (auto [x, y] : s.points) xt.push_back(x);
    std::sort(xt.begin(), xt.end());
    xt.erase(std::unique(xt.begin(), xt.end()), xt.end());
  } else {
    for (double v : nice_ticks(xlo, xhi, 6))
      if (v >= xlo - 1e-9 && v <= xhi + 1e-9) xt.push_back(v);
  }
  for (double v : xt) {
    const double x = sx(v);
    o += "<line x1=\"" + num(x) + "\" y1=\"" + num(T + ph) + "\" x2=\"" + num(x) + "\" y2=\"" +
         num(T + ph + 5) + "\" stroke=\"black\"/>\n";
    o += "<text x=\"" + num(x) + "\" y=\"" + num(T + ph + 19) + "\" text-anchor=\"middle\">" + tick_text(v) +
         "</text>\n";
  }
  o += "<rect x=\"" + num(L) + "\" y=\"" + num(T) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph) +
       "\" fill=\"none\" stroke=\"black\"/>\n";
  o += "<text x=\"" + num(L + pw / 2) + "\" y=\"" + num(H - 16) + "\" text-anchor=\"middle\">" +
       esc(chart.x_label) + (chart.log2_x ? " (log scale)" : "") + "</text>\n";
  o += "<text transform=\"translate(18 " + num(T + ph / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
       esc(chart.y_label) + "</text>\n";
  // Lines, markers and the legend.
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series& s = chart.series[i];
    const char* colour = kColours[i % std::size(kColours)];
    std::string pts;
    for (auto [x, y] : s.points) pts += num(sx(x)) + "," + num(sy(y)) + " ";
    o += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\" points=\"" + pts +
         "\"/>\n";
    for (auto [x, y] : s.points)
      o += "<circle cx=\"" + num(sx(x)) + "\" cy=\"" + num(sy(y)) + "\" r=\"3.5\" fill=\"" + colour +
           "\"><title>" + esc(s.label) + ": " + tick_text(x) + ", " + tick_text(y) + "</title></circle>\n";
    const double ly = T + 10 + 20 * static_cast<double>(i);
    o += "<line x1=\"" + num(L + pw + 14) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(L + pw + 38) +
         "\" y2=\"" + num(ly) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
    o += "<text x=\"" + num(L + pw + 44) + "\" y=\"" + num(ly + 4) + "\">" + esc(s.label) + "</text>\n";
  }
  o += "</svg>\n";
  return o;
}

std::vector<fs::path> write_plots(const BatchConfig& cfg, std::span<const Json> rows, const fs::path& out_dir,
                                  Diagnostics& diags) {
  std::vector<fs::path> written;
  std::vector<PlotSpec> specs = cfg.plots;
  if (specs.empty()) {
    // The default: cpi against the first numeric swept parameter, one line per the next one.
    PlotSpec d;
    for (const std::string& col : cfg.swept) {
      const bool numeric = std::all_of(rows.begin(), rows.end(), [&](const Json& r) {
        return !r.contains(col) || r[col].is_null() || (r[col].is_number());
      });
      if (d.x.empty() && numeric)
        d.x = col;
      else if (d.series.empty() && col != d.x)
        d.series = col;
    }
    if (d.x.empty() && !cfg.swept.empty()) d.x = cfg.swept.front();
    if (d.series == d.x) d.series.clear();
    if (d.x.empty()) {
      diags.warning(cfg.file, 0, 0, "nothing to plot: no parameter is swept");
      return written;
    }
    d.y.push_back("cpi");
    specs.push_back(d);
  }
  std::error_code ec;
  fs::create_directories(out_dir / "plots", ec);
  for (const PlotSpec& spec : specs) {
    // The other swept parameters: one chart per combination of their values.
    std::vector<std::string> others;
    for (const std::string& c : cfg.swept)
      if (c != spec.x && c != spec.series) others.push_back(c);
    std::vector<std::string> group_order;
    std::map<std::string, std::vector<const Json*>> groups;
    for (const Json& r : rows) {
      if (r.value("status", "") != "ok") continue;
      std::string g;
      for (const std::string& c : others)
        g += (g.empty() ? "" : " ") + c + "=" + (r.contains(c) ? value_text(r[c]) : "-");
      if (!groups.count(g)) group_order.push_back(g);
      groups[g].push_back(&r);
    }
    // Categorical x (opt levels, kernels): positions in order of appearance.
    std::vector<std::string> categories;
    bool numeric_x = true;
    for (const Json& r : rows)
      if (r.contains(spec.x) && !r[spec.x].is_null() && !as_number(r[spec.x])) numeric_x = false;
    for (const std::string& y : spec.y) {
      bool any_y = false;
      for (const std::string& g : group_order) {
        Chart chart;
        chart.x_label = spec.x;
        chart.y_label = y;
        chart.title = (spec.title.empty() ? cfg.name + ": " + y + " against " + spec.x : spec.title) +
                      (g.empty() ? "" : " (" + g + ")");
        std::vector<std::string> series_order;
        std::map<std::string, Series> series;
        bool all_pow2 = numeric_x;
        for (const Json* r : groups[g]) {
          auto yv = r->contains(y) ? as_number((*r)[y]) : std::nullopt;
          if (!yv || !r->contains(spec.x) || (*r)[spec.x].is_null()) continue;
          double xv = 0;
          if (numeric_x) {
            xv = *as_number((*r)[spec.x]);
          } else {
            const std::string t = value_text((*r)[spec.x]);
            auto it = std::find(categories.begin(), categories.end(), t);
            if (it == categories.end()) it = categories.insert(categories.end(), t);
            xv = static_cast<double>(it - categories.begin());
          }
          if (!(xv > 0) || std::exp2(std::round(std::log2(xv))) != xv) all_pow2 = false;
          const std::string s =
              spec.series.empty()
                  ? y
                  : spec.series + "=" + (r->contains(spec.series) ? value_text((*r)[spec.series]) : "-");
          if (!series.count(s)) series_order.push_back(s);
          series[s].label = s;
          series[s].points.emplace_back(xv, *yv);
          any_y = true;
        }
        for (const std::string& s : series_order) {
          auto& pts = series[s].points;
          std::sort(pts.begin(), pts.end());
          chart.series.push_back(series[s]);
        }
        if (chart.series.empty()) continue;
        double xmin = INFINITY, xmax = 0;
        for (const Series& s : chart.series)
          for (auto [x, yy] : s.points) xmin = std::min(xmin, x), xmax = std::max(xmax, x);
        chart.log2_x = all_pow2 && xmax >= 4 * xmin;
        if (!numeric_x) {
          std::string labels;
          for (size_t i = 0; i < categories.size(); ++i)
            labels += (i ? ", " : "") + std::to_string(i) + "=" + categories[i];
          chart.x_label += " (" + labels + ")";
        }
        std::string name = y + "-vs-" + spec.x + (g.empty() ? "" : "--" + g) + ".svg";
        const fs::path file = out_dir / "plots" / file_safe(name);
        if (write_atomically(file, svg_line_chart(chart), diags)) written.push_back(file);
      }
      if (!any_y) diags.warning(cfg.file, 0, 0, "plot: no finished job has a numeric '" + y + "' column");
    }
  }
  return written;
}

}  // namespace m3::batch
