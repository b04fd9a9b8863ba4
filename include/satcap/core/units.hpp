#pragma once
/// @file units.hpp
/// Quantities at satcap's public API. Linear physical quantities are Boost.Units SI quantities;
/// logarithmic quantities (dB, dBW, dBi, dB/K, dBHz, dBK) are small strong types because Boost.Units
/// has no logarithmic units. Kernels work on SI doubles inside; the types live at the boundary.
/// Angles: degrees at the API through `deg()` / `to_deg()`, radians inside.
/// Thread-safety: all types are plain values.
#include <satcap/export.hpp>

#include <boost/units/quantity.hpp>
#include <boost/units/systems/si/frequency.hpp>
#include <boost/units/systems/si/length.hpp>
#include <boost/units/systems/si/plane_angle.hpp>
#include <boost/units/systems/si/power.hpp>
#include <boost/units/systems/si/temperature.hpp>
#include <boost/units/systems/si/time.hpp>
#include <boost/units/systems/si/velocity.hpp>

#include <cmath>
#include <compare>
#include <numbers>

namespace satcap::units {

namespace bu = boost::units;

using Length = bu::quantity<bu::si::length>;            ///< metres
using Frequency = bu::quantity<bu::si::frequency>;      ///< hertz
using Power = bu::quantity<bu::si::power>;              ///< watts
using Temperature = bu::quantity<bu::si::temperature>;  ///< kelvin
using Angle = bu::quantity<bu::si::plane_angle>;        ///< radians
using Duration = bu::quantity<bu::si::time>;            ///< seconds
using Speed = bu::quantity<bu::si::velocity>;           ///< metres per second

// ---- constructors from plain numbers (the unit is in the name) -------------------------------
inline Length metres(double v) { return v * bu::si::meters; }
inline Length km(double v) { return v * 1000.0 * bu::si::meters; }
inline Frequency hz(double v) { return v * bu::si::hertz; }
inline Frequency mhz(double v) { return v * 1e6 * bu::si::hertz; }
inline Frequency ghz(double v) { return v * 1e9 * bu::si::hertz; }
inline Power watts(double v) { return v * bu::si::watts; }
inline Temperature kelvin(double v) { return v * bu::si::kelvin; }
inline Angle rad(double v) { return v * bu::si::radians; }
inline Angle deg(double v) { return v * (std::numbers::pi / 180.0) * bu::si::radians; }
inline Duration seconds(double v) { return v * bu::si::seconds; }
inline Speed metres_per_second(double v) { return v * bu::si::meters_per_second; }

// ---- back to plain numbers ------------------------------------------------------------------
inline double to_metres(Length q) { return q.value(); }
inline double to_km(Length q) { return q.value() / 1000.0; }
inline double to_hz(Frequency q) { return q.value(); }
inline double to_mhz(Frequency q) { return q.value() / 1e6; }
inline double to_ghz(Frequency q) { return q.value() / 1e9; }
inline double to_watts(Power q) { return q.value(); }
inline double to_kelvin(Temperature q) { return q.value(); }
inline double to_rad(Angle q) { return q.value(); }
inline double to_deg(Angle q) { return q.value() * (180.0 / std::numbers::pi); }
inline double to_seconds(Duration q) { return q.value(); }

/// Speed of light in vacuum (m/s), exact by definition of the metre.
inline constexpr double kSpeedOfLight = 299792458.0;
/// Boltzmann constant (J/K), exact since the 2019 SI redefinition.
inline constexpr double kBoltzmann = 1.380649e-23;
/// 10 log10(k) in dBW/(K Hz): -228.5991...
inline const double kBoltzmannDb = 10.0 * std::log10(kBoltzmann);

// ---- logarithmic quantities -----------------------------------------------------------------
/// A value in decibels relative to a reference named by Tag. Addition of a plain ratio (Decibel)
/// keeps the reference; the difference of two levels of one reference is a ratio.
template <class Tag>
class Level {
 public:
  constexpr Level() = default;
  constexpr explicit Level(double db) : db_(db) {}
  /// From a linear value relative to the reference (power ratio: 10 log10).
  static Level from_linear(double linear) { return Level(10.0 * std::log10(linear)); }
  constexpr double value() const { return db_; }
  double linear() const { return std::pow(10.0, db_ / 10.0); }
  constexpr auto operator<=>(const Level&) const = default;
  constexpr Level operator-() const requires(Tag::is_ratio) { return Level(-db_); }

 private:
  double db_ = 0.0;
};

namespace tag {
struct Ratio { static constexpr bool is_ratio = true; static constexpr const char* unit = "dB"; };
struct Watt { static constexpr bool is_ratio = false; static constexpr const char* unit = "dBW"; };
struct Isotropic { static constexpr bool is_ratio = false; static constexpr const char* unit = "dBi"; };
struct PerKelvin { static constexpr bool is_ratio = false; static constexpr const char* unit = "dB/K"; };
struct Hertz { static constexpr bool is_ratio = false; static constexpr const char* unit = "dBHz"; };
struct Kelvin { static constexpr bool is_ratio = false; static constexpr const char* unit = "dBK"; };
}  // namespace tag

using Decibel = Level<tag::Ratio>;           ///< dB, a power ratio
using DecibelWatt = Level<tag::Watt>;        ///< dBW, power (or EIRP) relative to 1 W
using DecibelIsotropic = Level<tag::Isotropic>;  ///< dBi, antenna gain relative to isotropic
using DecibelPerKelvin = Level<tag::PerKelvin>;  ///< dB/K, figure of merit G/T
using DecibelHertz = Level<tag::Hertz>;      ///< dBHz, e.g. C/N0 or bandwidth
using DecibelKelvin = Level<tag::Kelvin>;    ///< dBK, noise temperature relative to 1 K

template <class Tag>
constexpr Level<Tag> operator+(Level<Tag> a, Decibel b) requires(!Tag::is_ratio) {
  return Level<Tag>(a.value() + b.value());
}
template <class Tag>
constexpr Level<Tag> operator-(Level<Tag> a, Decibel b) requires(!Tag::is_ratio) {
  return Level<Tag>(a.value() - b.value());
}
constexpr Decibel operator+(Decibel a, Decibel b) { return Decibel(a.value() + b.value()); }
constexpr Decibel operator-(Decibel a, Decibel b) { return Decibel(a.value() - b.value()); }
template <class Tag>
constexpr Decibel difference(Level<Tag> a, Level<Tag> b) { return Decibel(a.value() - b.value()); }

/// Antenna gain as a plain ratio over isotropic.
constexpr Decibel as_ratio(DecibelIsotropic g) { return Decibel(g.value()); }
/// EIRP = transmit power + antenna gain.
constexpr DecibelWatt operator+(DecibelWatt p, DecibelIsotropic g) { return DecibelWatt(p.value() + g.value()); }
/// G/T = G - 10 log10(T).
constexpr DecibelPerKelvin operator-(DecibelIsotropic g, DecibelKelvin t) {
  return DecibelPerKelvin(g.value() - t.value());
}

inline DecibelWatt to_dbw(Power p) { return DecibelWatt::from_linear(p.value()); }
inline Power to_power(DecibelWatt p) { return watts(p.linear()); }
inline DecibelHertz to_dbhz(Frequency f) { return DecibelHertz::from_linear(f.value()); }
inline Frequency to_frequency(DecibelHertz f) { return hz(f.linear()); }
inline DecibelKelvin to_dbk(Temperature t) { return DecibelKelvin::from_linear(t.value()); }
inline Temperature to_temperature(DecibelKelvin t) { return kelvin(t.linear()); }
/// dBm -> dBW.
constexpr DecibelWatt dbm(double v) { return DecibelWatt(v - 30.0); }

}  // namespace satcap::units
