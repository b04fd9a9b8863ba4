// satcap exceptions as Python exceptions: satcap.Error (Exception), satcap.InputError (Error, ValueError)
// with file, line, field and detail, satcap.RangeError (Error, ValueError) with field (the quantity) and
// value. A study ValidationError becomes an InputError whose `issues` lists every problem.
#include <satcap/core/error.hpp>
#include <satcap/study/document.hpp>

#include "common.hpp"

namespace satcap::python {
namespace {

// Owned for the life of the process (the interpreter may outlive static destructors).
PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_range_error = nullptr;

void raise_with(PyObject* type, const std::string& message, const py::dict& attrs) {
  py::object inst = py::reinterpret_borrow<py::object>(type)(message);
  for (auto item : attrs) py::setattr(inst, item.first, item.second);
  PyErr_SetObject(type, inst.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const study::ValidationError& e) {
    py::dict a;
    a["file"] = e.file();
    a["line"] = e.line();
    a["field"] = e.field();
    a["detail"] = e.detail();
    py::list issues;
    for (const auto& i : e.issues()) {
      py::dict d;
      d["file"] = i.file;
      d["line"] = i.line;
      d["field"] = i.key;
      d["message"] = i.message;
      issues.append(d);
    }
    a["issues"] = issues;
    raise_with(g_input_error, e.what(), a);
  } catch (const InputError& e) {
    py::dict a;
    a["file"] = e.file();
    a["line"] = e.line();
    a["field"] = e.field();
    a["detail"] = e.detail();
    a["issues"] = py::list();
    raise_with(g_input_error, e.what(), a);
  } catch (const IndexedRangeError& e) {
    py::dict a;
    a["field"] = e.quantity();
    a["value"] = e.value();
    a["index"] = e.index;
    raise_with(g_range_error, "element " + std::to_string(e.index) + ": " + e.what(), a);
  } catch (const RangeError& e) {
    py::dict a;
    a["index"] = py::none();
    a["field"] = e.quantity();
    a["value"] = e.value();
    raise_with(g_range_error, e.what(), a);
  } catch (const Error& e) {
    PyErr_SetString(g_error, e.what());
  }
}

}  // namespace

void init_errors(py::module_& m) {
  g_error = PyErr_NewExceptionWithDoc("satcap.Error", "Base of every error the satcap engine raises.", PyExc_Exception, nullptr);
  py::tuple input_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  g_input_error = PyErr_NewExceptionWithDoc(
      "satcap.InputError",
      "Bad input. Attributes: file (str, '' when not from a file), line (int, 1-based, 0 when unknown), "
      "field (str: the key, column or argument), detail (the message without the location), issues "
      "(list of dicts file/line/field/message: every problem of a study file).",
      input_bases.ptr(), nullptr);
  py::tuple range_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  g_range_error = PyErr_NewExceptionWithDoc(
      "satcap.RangeError",
      "A physical input outside a model's validity range (never clamped). Attributes: field (the "
      "quantity, e.g. 'frequency'), value (float), and for array calls index (first bad element).",
      range_bases.ptr(), nullptr);
  m.attr("Error") = py::handle(g_error);
  m.attr("InputError") = py::handle(g_input_error);
  m.attr("RangeError") = py::handle(g_range_error);
  py::register_exception_translator(&translate);
}

}  // namespace satcap::python
