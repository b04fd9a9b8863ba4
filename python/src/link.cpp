// Link job: one link budget from a link file / TOML text (the code of `satcap link`, JSON identical to
// `--json`), the batch LinkKernel over numpy arrays, and DVB-S2/S2X MODCOD tables and selection.
#include <satcap/core/error.hpp>
#include <satcap/radio/link_file.hpp>
#include <satcap/radio/link_kernel.hpp>
#include <satcap/radio/modcod.hpp>

#include <cmath>

#include "common.hpp"

namespace satcap::python {
namespace {

std::optional<std::filesystem::path> maps_opt(const std::string& dir) {
  if (dir.empty()) return std::nullopt;
  return std::filesystem::path(dir);
}

py::dict report_dict(const radio::LinkReport& rep) {
  py::dict d;
  d["name"] = rep.spec.name;
  d["file"] = rep.spec.file;
  d["json"] = radio::to_json(rep);
  d["text"] = radio::format_report(rep);
  py::list items;
  for (const auto& it : radio::line_items(rep.result)) items.append(py::make_tuple(it.label, it.value, it.unit, it.key));
  d["items"] = items;
  d["modcod"] = rep.result.acm.modcod ? py::object(py::str(rep.result.acm.modcod->name)) : py::object(py::none());
  d["throughput_bps"] = rep.result.acm.throughput_bps;
  if (rep.atmosphere) {
    const auto& c = *rep.atmosphere;
    d["atmosphere"] = py::make_tuple(c.gas_db, c.cloud_db, c.rain_db, c.scintillation_db, c.total_db);
  } else {
    d["atmosphere"] = py::none();
  }
  return d;
}

radio::LinkSpec spec_of(const std::string& path, const std::string& text, const std::string& name,
                        const std::string& base_dir) {
  if (!path.empty()) return radio::read_link_file(path);
  return radio::parse_link_toml(text, name, base_dir);
}

py::dict link(const std::string& path, const std::string& text, const std::string& name, const std::string& base_dir,
              const std::string& maps) {
  radio::LinkReport rep;
  {
    py::gil_scoped_release nogil;
    rep = radio::evaluate_link_spec(spec_of(path, text, name, base_dir), maps_opt(maps));
  }
  return report_dict(rep);
}

// Outputs of one kernel call, owned by the returned arrays.
struct KernelOut {
  radio::LinkBatchResult r;
};

class PyLinkKernel {
 public:
  PyLinkKernel(const std::string& path, const std::string& text, const std::string& name, const std::string& base_dir,
               const std::string& maps) {
    py::gil_scoped_release nogil;
    const auto spec = spec_of(path, text, name, base_dir);
    radio::LinkInput templ = spec.input;
    if (spec.atmosphere) templ.atmospheric_loss = radio::evaluate_link_spec(spec, maps_opt(maps)).result.atmospheric_loss;
    kernel_ = std::make_unique<radio::LinkKernel>(std::move(templ));
  }

  py::tuple evaluate(const py::object& range_m, const py::object& tx_off, const py::object& rx_off, const py::object& atm,
                     const py::object& i_tx_off, const py::object& i_range, const py::object& i_rx_off, int threads,
                     const py::object& reuse) const {
    // The input columns are copied into a per-thread batch whose storage is reused from call to call
    // (no allocation in steady state); `reuse` (the owner of an earlier result) lets the outputs reuse
    // their buffers too, as the C++ kernel's callers do.
    thread_local radio::LinkBatch b;
    b.site_index.resize(0);
    b.elevation_rad.resize(0);
    const auto r = as_f64_1d(range_m, "slant_range_m");
    const py::ssize_t n = r.shape(0);
    b.slant_range_m = Eigen::Map<const Eigen::ArrayXd>(r.data(), n);
    auto column = [&](const py::object& o, const char* what, Eigen::ArrayXd& dst) {
      if (o.is_none()) {
        dst.resize(0);
        return;
      }
      const auto a = as_f64_1d(o, what, n);
      dst = Eigen::Map<const Eigen::ArrayXd>(a.data(), n);
    };
    column(tx_off, "tx_off_axis_rad", b.tx_off_axis_rad);
    column(rx_off, "rx_off_axis_rad", b.rx_off_axis_rad);
    column(atm, "atmospheric_loss_db", b.atmospheric_loss_db);
    py::ssize_t k = -1;
    auto matrix = [&](const py::object& o, const char* what, Eigen::ArrayXXd& dst) {
      if (o.is_none()) {
        dst.resize(0, 0);
        return;
      }
      const auto a = as_f64(o, what);
      if (a.ndim() != 2 || a.shape(0) != n)
        throw py::value_error(std::string(what) + ": expected shape (links, K) = (" + std::to_string(n) + ", K)");
      if (k >= 0 && a.shape(1) != k) throw py::value_error(std::string(what) + ": K differs from the other interferer arrays");
      k = a.shape(1);
      // (N, K) C order is the kernel's K x N column-major layout.
      dst = Eigen::Map<const Eigen::ArrayXXd>(a.data(), k, n);
    };
    matrix(i_tx_off, "interferer_tx_off_axis_rad", b.interferer_tx_off_axis_rad);
    matrix(i_range, "interferer_range_m", b.interferer_range_m);
    matrix(i_rx_off, "interferer_rx_off_axis_rad", b.interferer_rx_off_axis_rad);
    if (b.interferer_tx_off_axis_rad.size() == 0 && (b.interferer_range_m.size() || b.interferer_rx_off_axis_rad.size()))
      throw py::value_error("interferer_tx_off_axis_rad: required with interferer_range_m / interferer_rx_off_axis_rad");
    std::shared_ptr<KernelOut> out;
    if (!reuse.is_none()) out = reuse.cast<std::shared_ptr<KernelOut>>();
    if (!out || out->r.c_n0_dbhz.size() != n) out = std::make_shared<KernelOut>();
    {
      ThreadLimit limit(threads);
      py::gil_scoped_release nogil;
      engine_seconds() = 0.0;
      Stopwatch sw(engine_seconds());
      kernel_->evaluate(b, out->r);
    }
    auto v = [&](const Eigen::ArrayXd& x) { return owned_view<double>(out, x.data(), {n}, {1}); };
    auto vi = [&](const Eigen::ArrayXi& x) { return owned_view<int>(out, x.data(), {n}, {1}); };
    return py::make_tuple(v(out->r.c_n0_dbhz), v(out->r.c_ni_db), v(out->r.esn0_db), v(out->r.throughput_bps),
                          vi(out->r.modcod_index), vi(out->r.status), py::cast(out));
  }

  py::dict template_info() const {
    const auto& t = kernel_->link_template();
    py::dict d;
    d["name"] = t.name;
    d["frequency_hz"] = units::to_hz(t.frequency);
    d["bandwidth_hz"] = units::to_hz(t.bandwidth);
    d["rolloff"] = t.rolloff;
    d["atmospheric_loss_db"] = t.atmospheric_loss.value();
    d["standard"] = std::string(radio::to_string(t.standard));
    return d;
  }

 private:
  std::unique_ptr<radio::LinkKernel> kernel_;
};

py::list modcod_table(const std::string& standard) {
  const auto& t = radio::ModcodTable::of(radio::parse_modcod_standard(standard));
  py::list out;
  for (const auto& e : t.entries()) {
    py::dict d;
    d["name"] = e.name;
    d["standard"] = e.standard;
    d["modulation"] = e.modulation;
    d["rate"] = py::make_tuple(e.rate_num, e.rate_den);
    d["efficiency_bits_per_symbol"] = e.efficiency_bits_per_symbol;
    d["required_esn0_db"] = e.required_esn0_db;
    d["source"] = e.source;
    out.append(d);
  }
  return out;
}

py::tuple select_modcod(const py::object& esn0, double bandwidth_hz, double rolloff, double margin_db,
                        const std::string& standard) {
  const auto& t = radio::ModcodTable::of(radio::parse_modcod_standard(standard));
  const auto a = as_f64_1d(esn0, "esn0_db");
  const auto n = static_cast<std::size_t>(a.shape(0));
  std::vector<int> index(n);
  std::vector<double> eff(n), se(n), thr(n), margin(n);
  {
    py::gil_scoped_release nogil;
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = t.select(units::Decibel(a.data()[i]), units::hz(bandwidth_hz), rolloff,
                              units::Decibel(margin_db));
      index[i] = r.index;
      eff[i] = r.efficiency_bits_per_symbol;
      se[i] = r.spectral_efficiency_bps_hz;
      thr[i] = r.throughput_bps;
      margin[i] = r.margin.value();
    }
  }
  const auto N = static_cast<py::ssize_t>(n);
  return py::make_tuple(from_vector(std::move(index), {N}), from_vector(std::move(eff), {N}), from_vector(std::move(se), {N}),
                        from_vector(std::move(thr), {N}), from_vector(std::move(margin), {N}));
}

}  // namespace

void init_link(py::module_& m) {
  m.def("_link", &link);
  py::class_<KernelOut, std::shared_ptr<KernelOut>>(m, "_LinkOutputs");
  py::class_<PyLinkKernel>(m, "_LinkKernel")
      .def(py::init<const std::string&, const std::string&, const std::string&, const std::string&, const std::string&>())
      .def("evaluate", &PyLinkKernel::evaluate)
      .def("template_info", &PyLinkKernel::template_info);
  m.def("_modcod_table", &modcod_table);
  m.def("_select_modcod", &select_modcod);
}

}  // namespace satcap::python
