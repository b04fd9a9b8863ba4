#include <satcap/core/error.hpp>
#include <satcap/core/time.hpp>

#include <erfa.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace satcap::core {

namespace {
constexpr double kDayS = 86400.0;
constexpr double kMjd0 = 2400000.5;

[[noreturn]] void bad_time(std::string_view text, const std::string& why) {
  throw InputError("", 0, "time", "invalid ISO-8601 UTC time '" + std::string(text) + "': " + why);
}
}  // namespace

Epoch::Epoch() : Epoch(from_utc(2000, 1, 1)) {}

Epoch::Epoch(std::int64_t mjd_tai, double sec_tai) : mjd_tai_(mjd_tai), sec_tai_(sec_tai) { normalise(); }

void Epoch::normalise() {
  if (sec_tai_ >= kDayS || sec_tai_ < 0.0) {
    double days = std::floor(sec_tai_ / kDayS);
    mjd_tai_ += static_cast<std::int64_t>(days);
    sec_tai_ -= days * kDayS;
    if (sec_tai_ >= kDayS) {  // rounding at the boundary
      sec_tai_ -= kDayS;
      mjd_tai_ += 1;
    }
  }
}

namespace {
// TAI - UTC (s) in force during the UTC day that starts at MJD `mjd` (ERFA leap-second table). For
// 1960-1972 the drift within the day is ignored (the engine's data are all after 1972).
double dat_for_day(std::int64_t mjd) {
  int iy = 0, im = 0, id = 0;
  double fd = 0.0, dat = 0.0;
  if (eraJd2cal(kMjd0, static_cast<double>(mjd), &iy, &im, &id, &fd) != 0) throw Error("date out of range");
  if (eraDat(iy, im, id, 0.0, &dat) < 0) throw Error("date out of range for the leap-second table");
  return dat;
}
// Length of UTC day `mjd` in SI seconds (86401 on a day that ends with a positive leap second).
double utc_day_length(std::int64_t mjd) { return kDayS + dat_for_day(mjd + 1) - dat_for_day(mjd); }

// UTC day number and seconds into it for a TAI instant.
void tai_to_utc_day(std::int64_t mjd_tai, double sec_tai, std::int64_t& day, double& sec) {
  day = mjd_tai;
  sec = sec_tai - dat_for_day(day);
  while (sec < 0.0) {
    day -= 1;
    sec += utc_day_length(day);
  }
  while (sec >= utc_day_length(day)) {
    sec -= utc_day_length(day);
    day += 1;
  }
}
}  // namespace

Epoch Epoch::from_utc(int year, int month, int day, int hour, int minute, double second) {
  double u1 = 0.0, u2 = 0.0;
  int j = eraDtf2d("UTC", year, month, day, hour, minute, second, &u1, &u2);
  if (j < 0 || j == 2 || !std::isfinite(second)) {
    const char* why = j == -1 ? "bad year" : j == -2 ? "bad month" : j == -3 ? "bad day" : j == -4 ? "bad hour"
                      : j == -5 ? "bad minute" : j == -6 ? "bad second (< 0)" : "second beyond the end of the day";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%09.6f", year, month, day, hour, minute, second);
    throw InputError("", 0, "time", std::string("invalid UTC time ") + buf + ": " + why);
  }
  // Exact construction: the day number from the calendar, the seconds from the fields, TAI - UTC of that day.
  double d1 = 0.0, d2 = 0.0;
  eraCal2jd(year, month, day, &d1, &d2);  // d1 = 2400000.5, d2 = MJD
  const auto mjd = static_cast<std::int64_t>(d2);
  const double sec_utc = hour * 3600.0 + minute * 60.0 + second;
  return Epoch(mjd, sec_utc + dat_for_day(mjd));
}

Epoch Epoch::from_jd_utc(double jd1, double jd2) {
  if (!std::isfinite(jd1) || !std::isfinite(jd2)) throw InputError("", 0, "time", "non-finite Julian date");
  const double a = jd1 - kMjd0;
  const double da = std::floor(a), db = std::floor(jd2);
  double frac = (a - da) + (jd2 - db);
  auto day = static_cast<std::int64_t>(da + db);
  if (frac >= 1.0) {
    frac -= 1.0;
    day += 1;
  }
  // ERFA's quasi-JD convention: the fraction spans the whole (possibly 86401 s) UTC day.
  return Epoch(day, frac * utc_day_length(day) + dat_for_day(day));
}

Epoch Epoch::from_jd_tt(double jd1, double jd2) {
  double a1 = 0.0, a2 = 0.0;
  eraTttai(jd1, jd2, &a1, &a2);
  double m1 = a1 - kMjd0;
  double d1 = std::floor(m1);
  double d2 = std::floor(a2);
  double frac = (m1 - d1) + (a2 - d2);
  return Epoch(static_cast<std::int64_t>(d1 + d2), frac * kDayS);
}

JulianDate Epoch::jd_tai() const { return {kMjd0 + static_cast<double>(mjd_tai_), sec_tai_ / kDayS}; }

JulianDate Epoch::jd_tt() const {
  JulianDate a = jd_tai();
  JulianDate t;
  eraTaitt(a.jd1, a.jd2, &t.jd1, &t.jd2);
  return t;
}

JulianDate Epoch::jd_utc() const {
  std::int64_t day = 0;
  double sec = 0.0;
  tai_to_utc_day(mjd_tai_, sec_tai_, day, sec);
  // ERFA's quasi-JD: within a leap-second day the fraction is scaled by the day's length.
  return {kMjd0 + static_cast<double>(day), sec / utc_day_length(day)};
}

double Epoch::tai_minus_utc() const {
  std::int64_t day = 0;
  double sec = 0.0;
  tai_to_utc_day(mjd_tai_, sec_tai_, day, sec);
  return dat_for_day(day);
}

CalendarUtc Epoch::to_utc_calendar(int decimals) const {
  if (decimals < 0 || decimals > 9) throw Error("to_utc_calendar: decimals must be 0..9");
  std::int64_t day = 0;
  double sec = 0.0;
  tai_to_utc_day(mjd_tai_, sec_tai_, day, sec);
  // Round to the requested digits; a carry past the end of the day moves to the next day.
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(sec * scale) / scale;
  if (rounded >= utc_day_length(day)) {
    rounded -= utc_day_length(day);
    day += 1;
  }
  CalendarUtc c;
  double fd = 0.0;
  eraJd2cal(kMjd0, static_cast<double>(day), &c.year, &c.month, &c.day, &fd);
  if (rounded >= kDayS) {  // inside a leap second
    c.hour = 23;
    c.minute = 59;
    c.second = 60.0 + (rounded - kDayS);
  } else {
    c.hour = static_cast<int>(rounded / 3600.0);
    c.minute = static_cast<int>((rounded - c.hour * 3600.0) / 60.0);
    c.second = rounded - c.hour * 3600.0 - c.minute * 60.0;
  }
  return c;
}

std::string Epoch::to_iso8601(int decimals) const {
  if (decimals < 0 || decimals > 9) throw Error("to_iso8601: decimals must be 0..9");
  CalendarUtc c = to_utc_calendar(decimals);
  const double scale = std::pow(10.0, decimals);
  const auto whole = static_cast<long long>(std::floor(c.second + 0.5 / scale));
  const auto frac = static_cast<long long>(std::llround((c.second - static_cast<double>(whole)) * scale));
  char buf[80];
  if (decimals == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02lldZ", c.year, c.month, c.day, c.hour, c.minute, whole);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02lld.%0*lldZ", c.year, c.month, c.day, c.hour, c.minute,
                  whole, decimals, frac < 0 ? 0LL : frac);
  }
  return buf;
}

Epoch Epoch::plus_seconds(double seconds) const {
  double whole_days = std::floor(seconds / kDayS);
  return Epoch(mjd_tai_ + static_cast<std::int64_t>(whole_days), sec_tai_ + (seconds - whole_days * kDayS));
}

double Epoch::seconds_since(const Epoch& other) const {
  return static_cast<double>(mjd_tai_ - other.mjd_tai_) * kDayS + (sec_tai_ - other.sec_tai_);
}

namespace {
bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
}  // namespace

Epoch Epoch::parse_iso8601(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() < 10) bad_time(text, "expected YYYY-MM-DD[THH:MM[:SS[.fff]]][Z]");
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  double second = 0.0;
  if (s[4] != '-' || s[7] != '-' || !parse_int(s.substr(0, 4), year) || !parse_int(s.substr(5, 2), month) ||
      !parse_int(s.substr(8, 2), day))
    bad_time(text, "expected a date YYYY-MM-DD");
  std::string_view rest = s.substr(10);
  if (!rest.empty()) {
    if (rest.front() != 'T' && rest.front() != 't' && rest.front() != ' ') bad_time(text, "expected 'T' after the date");
    rest.remove_prefix(1);
    // Time zone designator: Z, +00:00, +0000 or -00:00 only (the engine works in UTC).
    if (!rest.empty() && (rest.back() == 'Z' || rest.back() == 'z')) {
      rest.remove_suffix(1);
    } else if (rest.size() > 6 && (rest[rest.size() - 6] == '+' || rest[rest.size() - 6] == '-')) {
      std::string_view tz = rest.substr(rest.size() - 6);
      if (tz.substr(1) != "00:00") bad_time(text, "only UTC offsets (Z or +00:00) are accepted");
      rest.remove_suffix(6);
    } else if (rest.size() > 5 && (rest[rest.size() - 5] == '+' || rest[rest.size() - 5] == '-')) {
      std::string_view tz = rest.substr(rest.size() - 5);
      if (tz.substr(1) != "0000") bad_time(text, "only UTC offsets (Z or +0000) are accepted");
      rest.remove_suffix(5);
    }
    if (rest.size() < 5 || rest[2] != ':' || !parse_int(rest.substr(0, 2), hour) || !parse_int(rest.substr(3, 2), minute))
      bad_time(text, "expected a time HH:MM[:SS[.fff]]");
    rest.remove_prefix(5);
    if (!rest.empty()) {
      if (rest.front() != ':' || rest.size() < 3) bad_time(text, "expected :SS after HH:MM");
      std::string_view sec = rest.substr(1);
      int whole = 0;
      if (!parse_int(sec.substr(0, 2), whole)) bad_time(text, "bad seconds");
      second = whole;
      std::string_view frac = sec.substr(2);
      if (!frac.empty()) {
        if (frac.front() != '.' && frac.front() != ',') bad_time(text, "unexpected text after the seconds");
        frac.remove_prefix(1);
        if (frac.empty()) bad_time(text, "empty fraction of a second");
        double scale = 0.1;
        for (char c : frac) {
          if (c < '0' || c > '9') bad_time(text, "bad fraction of a second");
          second += (c - '0') * scale;
          scale /= 10.0;
        }
      }
    }
  }
  if (hour > 23) bad_time(text, "hour must be 00..23");
  if (minute > 59) bad_time(text, "minute must be 00..59");
  try {
    return from_utc(year, month, day, hour, minute, second);
  } catch (const InputError& e) {
    bad_time(text, e.detail());
  }
}

TimeGrid::TimeGrid(Epoch start, double step_seconds, std::int64_t count)
    : start_(start), step_(step_seconds), count_(count) {
  if (!(std::isfinite(step_seconds) && step_seconds > 0.0))
    throw InputError("", 0, "step", "time step must be a positive number of seconds");
  if (count < 1) throw InputError("", 0, "steps", "time grid needs at least one step");
}

double gmst82(JulianDate jd_ut1) {
  double g = eraGmst82(jd_ut1.jd1, jd_ut1.jd2);
  return g;  // eraGmst82 returns [0, 2pi)
}

double gmst82(const Epoch& t) { return gmst82(t.jd_ut1()); }

}  // namespace satcap::core
