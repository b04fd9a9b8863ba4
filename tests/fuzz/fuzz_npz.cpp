// libFuzzer harness: the .npz map reader (radio::NpzMapReader::read_npz_array, libzip + .npy header
// parsing). The only entry point takes a path, so the bytes go to a per-process temporary file.
#include <satcap/radio/climate_maps.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("satcap-fuzz-" + std::to_string(::getpid()) + ".npz");
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  satcap::fuzz::guarded([&] {
    std::size_t rows = 0, cols = 0;
    (void)satcap::radio::NpzMapReader::read_npz_array(path, rows, cols, "P.fuzz");
  });
  return 0;
}
