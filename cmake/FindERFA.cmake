# FindERFA: locates liberfa (Debian package liberfa-dev) and defines ERFA::erfa.
find_path(ERFA_INCLUDE_DIR erfa.h)
find_library(ERFA_LIBRARY NAMES erfa)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ERFA REQUIRED_VARS ERFA_LIBRARY ERFA_INCLUDE_DIR)
if(ERFA_FOUND AND NOT TARGET ERFA::erfa)
  add_library(ERFA::erfa UNKNOWN IMPORTED)
  set_target_properties(ERFA::erfa PROPERTIES
    IMPORTED_LOCATION "${ERFA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${ERFA_INCLUDE_DIR}")
endif()
mark_as_advanced(ERFA_INCLUDE_DIR ERFA_LIBRARY)
