#pragma once
/// @file time.hpp
/// Epochs on UTC with leap seconds, Julian dates in UTC/TT/UT1, ISO-8601 text, time grids and
/// sidereal time.
///
/// Representation: an Epoch is a TAI instant (MJD day number + seconds of that TAI day), so differences
/// across leap seconds are exact. Leap seconds come from ERFA (liberfa, Debian package liberfa-dev, the
/// IAU SOFA leap-second table). UT1 is approximated by UTC (|UT1-UTC| < 0.9 s): the resulting Earth
/// rotation error is < 0.9 s * 7.29e-5 rad/s = 6.6e-5 rad, about 0.4 km at LEO radius; documented in
/// docs/models/time.md. Thread-safety: Epoch and TimeGrid are values.
#include <satcap/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace satcap::core {

/// A two-part Julian date (jd1 + jd2 keeps precision: jd1 holds the day, jd2 the fraction).
struct JulianDate {
  double jd1 = 0.0;
  double jd2 = 0.0;
  double value() const { return jd1 + jd2; }
};

/// Calendar fields in UTC. second may reach 60.x inside a leap second.
struct CalendarUtc {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0;
  double second = 0.0;
};

class SATCAP_EXPORT Epoch {
 public:
  /// 2000-01-01T00:00:00 UTC.
  Epoch();
  /// From UTC calendar fields. Throws InputError for impossible dates/times (second 60 is accepted only
  /// at the end of a day that has a leap second).
  static Epoch from_utc(int year, int month, int day, int hour = 0, int minute = 0, double second = 0.0);
  /// From a two-part Julian date in UTC (ERFA's quasi-JD convention across leap seconds).
  static Epoch from_jd_utc(double jd1, double jd2);
  /// From a two-part Julian date in TT.
  static Epoch from_jd_tt(double jd1, double jd2);
  /// Parses ISO 8601 UTC: YYYY-MM-DDTHH:MM[:SS[.f...]][Z|+00:00] (a space may replace T) or YYYY-MM-DD.
  /// Throws InputError naming the offending text.
  static Epoch parse_iso8601(std::string_view text);

  /// ISO 8601 in UTC with `decimals` fraction digits (0..9) and a trailing Z; leap seconds as :60.
  std::string to_iso8601(int decimals = 3) const;
  CalendarUtc to_utc_calendar(int decimals = 9) const;

  JulianDate jd_utc() const;
  JulianDate jd_tai() const;
  JulianDate jd_tt() const;
  /// UT1 approximated by UTC (see the file comment).
  JulianDate jd_ut1() const { return jd_utc(); }
  /// TAI - UTC in seconds at this instant.
  double tai_minus_utc() const;

  /// This epoch shifted by `seconds` of SI time (TAI).
  Epoch plus_seconds(double seconds) const;
  /// (*this - other) in SI seconds.
  double seconds_since(const Epoch& other) const;

  bool operator==(const Epoch& o) const = default;
  bool operator<(const Epoch& o) const {
    return mjd_tai_ < o.mjd_tai_ || (mjd_tai_ == o.mjd_tai_ && sec_tai_ < o.sec_tai_);
  }

  /// Raw representation: TAI day as a modified Julian day number and seconds into it.
  std::int64_t mjd_tai() const { return mjd_tai_; }
  double tai_seconds_of_day() const { return sec_tai_; }

 private:
  Epoch(std::int64_t mjd_tai, double sec_tai);
  void normalise();
  std::int64_t mjd_tai_;
  double sec_tai_;
};

/// A regular time grid: start, step (s, > 0) and count (>= 1) of instants.
class SATCAP_EXPORT TimeGrid {
 public:
  TimeGrid(Epoch start, double step_seconds, std::int64_t count);
  const Epoch& start() const { return start_; }
  double step_seconds() const { return step_; }
  std::int64_t count() const { return count_; }
  /// The i-th instant (0-based). Computed from the start, so no drift accumulates.
  Epoch at(std::int64_t i) const { return start_.plus_seconds(step_ * static_cast<double>(i)); }
  /// Seconds from the start to instant i.
  double offset_seconds(std::int64_t i) const { return step_ * static_cast<double>(i); }

 private:
  Epoch start_;
  double step_;
  std::int64_t count_;
};

/// Greenwich mean sidereal time, IAU 1982 model (the one SGP4's TEME frame is defined with), radians
/// in [0, 2 pi). Uses UT1 ~ UTC.
SATCAP_EXPORT double gmst82(const Epoch& t);
/// GMST IAU-82 from a UT1 Julian date (two parts), radians in [0, 2 pi).
SATCAP_EXPORT double gmst82(JulianDate jd_ut1);

}  // namespace satcap::core
