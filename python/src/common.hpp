#pragma once
// Shared helpers of the satcap Python module: numpy arrays that own a C++ buffer (zero-copy returns),
// input array conversion with clear errors, and the thread limit of a call.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <satcap/core/error.hpp>

#include <oneapi/tbb/global_control.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace satcap::python {

/// A RangeError of element `index` of an array call (raised as satcap.RangeError with .index).
class IndexedRangeError : public RangeError {
 public:
  IndexedRangeError(const RangeError& e, std::size_t i) : RangeError(e), index(i) {}
  std::size_t index;
};

/// A numpy array viewing `data` inside `owner` (shape and strides in elements); the array's base is a
/// capsule that keeps `owner` alive, so no copy is made.
template <class T, class Owner>
py::array owned_view(std::shared_ptr<Owner> owner, const T* data, std::vector<py::ssize_t> shape,
                     std::vector<py::ssize_t> strides_elements) {
  auto* holder = new std::shared_ptr<Owner>(std::move(owner));
  py::capsule base(holder, [](void* p) { delete static_cast<std::shared_ptr<Owner>*>(p); });
  std::vector<py::ssize_t> strides;
  strides.reserve(strides_elements.size());
  for (auto s : strides_elements) strides.push_back(s * static_cast<py::ssize_t>(sizeof(T)));
  return py::array(py::dtype::of<T>(), std::move(shape), std::move(strides), data, base);
}

/// A C-contiguous array of `shape` that takes over `v` (no copy).
template <class T>
py::array from_vector(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto owner = std::make_shared<std::vector<T>>(std::move(v));
  std::vector<py::ssize_t> strides(shape.size(), 1);
  for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  const T* data = owner->data();
  return owned_view<T>(std::move(owner), data, std::move(shape), std::move(strides));
}

/// A float64 C-contiguous view (or converted copy) of `obj`; TypeError naming `what` when it is not numeric.
inline py::array_t<double, py::array::c_style | py::array::forcecast> as_f64(const py::handle& obj, const char* what) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a) {
    PyErr_Clear();
    throw py::type_error(std::string(what) + ": expected an array of numbers");
  }
  return a;
}

/// 1-D float64 array of length n (any n when n < 0); ValueError naming `what` otherwise.
inline py::array_t<double, py::array::c_style | py::array::forcecast> as_f64_1d(const py::handle& obj, const char* what,
                                                                                  py::ssize_t n = -1) {
  auto a = as_f64(obj, what);
  if (a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-D array, got " + std::to_string(a.ndim()) + "-D");
  if (n >= 0 && a.shape(0) != n)
    throw py::value_error(std::string(what) + ": expected length " + std::to_string(n) + ", got " + std::to_string(a.shape(0)));
  return a;
}

/// Wall seconds the last binding call on this thread spent inside the engine (excluding argument
/// conversion, output scatter and allocation): satcap._satcap._last_engine_seconds(), for measuring the
/// binding overhead (bench/python_overhead.py).
inline double& engine_seconds() {
  thread_local double s = 0.0;
  return s;
}

/// Adds the lifetime of the object to `total` (seconds).
class Stopwatch {
 public:
  explicit Stopwatch(double& total) : total_(total), t0_(std::chrono::steady_clock::now()) {}
  ~Stopwatch() { total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
  Stopwatch(const Stopwatch&) = delete;
  Stopwatch& operator=(const Stopwatch&) = delete;

 private:
  double& total_;
  std::chrono::steady_clock::time_point t0_;
};

/// Limits oneTBB to `threads` workers for the lifetime of the object (0 = no limit).
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads) {
    if (threads < 0) throw py::value_error("threads: must be >= 0 (0 = all cores)");
    if (threads > 0)
      control_ = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                       static_cast<std::size_t>(threads));
  }

 private:
  std::unique_ptr<tbb::global_control> control_;
};

void init_errors(py::module_& m);
void init_orbit(py::module_& m);
void init_atten(py::module_& m);
void init_link(py::module_& m);
void init_route(py::module_& m);
void init_study(py::module_& m);

}  // namespace satcap::python
