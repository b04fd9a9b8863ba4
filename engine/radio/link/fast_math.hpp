#pragma once
// Branch-free exp and log10 for the link kernel's inner loops (inlined, no selects on floating-point
// compares, so the compiler vectorises the loops), accurate to a few ulp, so that the batch path agrees
// with the scalar path (std::exp / std::log10) far below 1e-9 dB.
//   fast_exp(y): y = k ln2 + r, |r| <= ln2/2, Taylor series to r^13 (truncation < 5e-18 relative),
//     2^k assembled in the exponent bits. Domain |y| < 700; NaN in -> NaN out. The caller keeps the
//     arguments in the domain (the kernel flags attenuations outside [0, 1000] dB as invalid).
//   fast_log10(x): x = m 2^e, m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(t), t = (m-1)/(m+1), |t| <= 0.1716,
//     odd series to t^19 (truncation < 3e-17). Domain: positive normal finite x; other inputs give a
//     finite meaningless value, so the caller must flag them (the kernel checks range and inputs).
#include <bit>
#include <cstdint>

namespace satcap::radio::detail {

inline double fast_exp(double y) {
  constexpr double kInvLn2 = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm split of ln 2
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShift = 6755399441055744.0;          // 1.5 * 2^52: rounds to the nearest integer
  const double kd = y * kInvLn2 + kShift;
  const double k = kd - kShift;
  const double r = (y - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k: kd = 1.5 2^52 + k has the same exponent as the shift, so the bit patterns differ by k.
  const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd) - std::bit_cast<std::uint64_t>(kShift);
  const double scale = std::bit_cast<double>((ki + 1023u) << 52);
  return p * scale;
}

inline double fast_log10(double x) {
  constexpr double kLog10e = 0.43429448190325182765;
  constexpr double kLn2 = 0.69314718055994530942;
  constexpr std::uint64_t kMant = 0x000fffffffffffffULL;
  constexpr std::uint64_t kSqrt2Mant = 0x6a09e667f3bcdULL;  // mantissa bits of sqrt(2)
  constexpr double kTwo52 = 4503599627370496.0;
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t mant = bits & kMant;
  const std::uint64_t big = (kSqrt2Mant - mant) >> 63;  // 1 when m > sqrt 2 (use m/2, e + 1); no 64-bit compare
  // Exponent e + big as a double without an int64 -> double conversion.
  const double e = std::bit_cast<double>(0x4330000000000000ULL | ((bits >> 52) + big)) - (kTwo52 + 1023.0);
  const double m = std::bit_cast<double>(mant | ((0x3ffULL - big) << 52));
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double p = 1.0 / 19.0;
  p = p * t2 + 1.0 / 17.0;
  p = p * t2 + 1.0 / 15.0;
  p = p * t2 + 1.0 / 13.0;
  p = p * t2 + 1.0 / 11.0;
  p = p * t2 + 1.0 / 9.0;
  p = p * t2 + 1.0 / 7.0;
  p = p * t2 + 1.0 / 5.0;
  p = p * t2 + 1.0 / 3.0;
  p = p * t2 + 1.0;
  return (2.0 * t * p + e * kLn2) * kLog10e;
}

}  // namespace satcap::radio::detail
