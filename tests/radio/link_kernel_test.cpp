// The batch kernel agrees with the scalar budget to 1e-9 dB, link by link, and does not depend on the
// thread count.
#include <satcap/core/error.hpp>
#include <satcap/radio/link_kernel.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cmath>
#include <numbers>
#include <random>

using namespace satcap;
using namespace satcap::radio;
using units::deg;
using units::Decibel;
using units::DecibelIsotropic;

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

LinkInput user_downlink_template() {
  LinkInput in;
  in.frequency = units::ghz(11.7);
  in.bandwidth = units::mhz(240.0);
  in.rolloff = 0.1;
  in.tx.eirp = units::DecibelWatt(39.0);
  in.tx.antenna = std::make_shared<S1528Rec13Pattern>(DecibelIsotropic(35.0), deg(1.0));
  in.rx.antenna = std::make_shared<S465Pattern>(units::metres(0.6), units::ghz(11.7), 0.65);
  in.rx.noise_figure = Decibel(1.2);
  in.rx.feed_loss = Decibel(0.3);
  in.rx.spillover_temperature = units::kelvin(20.0);
  in.pointing_loss = Decibel(0.3);
  in.polarization_loss = Decibel(0.1);
  in.c_over_x = {{"C/ACI", Decibel(27.0)}, {"C/XPI", Decibel(25.0)}};
  in.implementation_margin = Decibel(0.5);
  return in;
}

LinkBatch random_batch(Eigen::Index n, Eigen::Index k, unsigned seed, bool with_irange, bool with_irx) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> range(550e3, 1200e3), el(25.0, 90.0), off(0.0, 1.6), att(0.0, 8.0),
      ioff(0.5, 12.0), irx(0.0, 20.0);
  LinkBatch b;
  b.slant_range_m.resize(n);
  b.elevation_rad.resize(n);
  b.tx_off_axis_rad.resize(n);
  b.rx_off_axis_rad.resize(n);
  b.atmospheric_loss_db.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    b.slant_range_m[i] = range(rng);
    b.elevation_rad[i] = el(rng) * kDeg;
    b.tx_off_axis_rad[i] = off(rng) * kDeg;
    b.rx_off_axis_rad[i] = off(rng) * 0.2 * kDeg;
    b.atmospheric_loss_db[i] = att(rng);
  }
  b.interferer_tx_off_axis_rad.resize(k, n);
  if (with_irange) b.interferer_range_m.resize(k, n);
  if (with_irx) b.interferer_rx_off_axis_rad.resize(k, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < k; ++j) {
      b.interferer_tx_off_axis_rad(j, i) = (j == 1 && i % 3 == 0) ? std::nan("") : ioff(rng) * kDeg;  // empty slots
      if (with_irange) b.interferer_range_m(j, i) = range(rng);
      if (with_irx) b.interferer_rx_off_axis_rad(j, i) = irx(rng) * kDeg;
    }
  return b;
}

void expect_matches_scalar(const LinkKernel& kernel, const LinkBatch& b, const LinkBatchResult& out, double& max_err) {
  for (Eigen::Index i = 0; i < b.size(); ++i) {
    const auto r = evaluate(kernel.scalar_input(b, i));
    const double e1 = std::abs(out.c_n0_dbhz[i] - r.c_n0.value());
    const double e2 = std::abs(out.esn0_db[i] - r.esn0_eff.value());
    const double e3 = std::abs(out.c_ni_db[i] - r.c_ni.value());
    max_err = std::max({max_err, e1, e2, e3});
    ASSERT_LT(e1, 1e-9) << i;
    ASSERT_LT(e2, 1e-9) << i;
    ASSERT_LT(e3, 1e-9) << i;
    ASSERT_EQ(out.modcod_index[i], r.acm.index) << i << " esn0 " << r.esn0_eff.value();
    ASSERT_EQ(out.throughput_bps[i], r.acm.throughput_bps) << i;
  }
}

}  // namespace

TEST(LinkKernel, MatchesScalarWithoutInterference) {
  LinkKernel kernel(user_downlink_template());
  const auto b = random_batch(3000, 0, 1, false, false);
  LinkBatchResult out;
  kernel.evaluate(b, out);
  double max_err = 0.0;
  expect_matches_scalar(kernel, b, out, max_err);
  EXPECT_EQ(out.ok + out.no_modcod + out.invalid, 3000);
  EXPECT_GT(out.ok, 100);
  EXPECT_LT(max_err, 1e-9);
}

TEST(LinkKernel, MatchesScalarWithSixCoChannelBeams) {
  LinkKernel kernel(user_downlink_template());
  for (int variant = 0; variant < 3; ++variant) {
    const auto b = random_batch(1500, 6, 2 + static_cast<unsigned>(variant), variant >= 1, variant >= 2);
    LinkBatchResult out;
    kernel.evaluate(b, out);
    double max_err = 0.0;
    expect_matches_scalar(kernel, b, out, max_err);
    EXPECT_LT(max_err, 1e-9);
  }
}

TEST(LinkKernel, GivenGOverTAndFixedTemperatureVariants) {
  auto t = user_downlink_template();
  t.rx.antenna.reset();
  t.rx.g_over_t = units::DecibelPerKelvin(12.0);
  {
    LinkKernel kernel(t);
    const auto b = random_batch(1000, 4, 7, false, false);
    LinkBatchResult out;
    kernel.evaluate(b, out);
    double max_err = 0.0;
    expect_matches_scalar(kernel, b, out, max_err);
  }
  t = user_downlink_template();
  t.rx.system_temperature = units::kelvin(350.0);
  t.tx.eirp.reset();
  t.tx.power = units::watts(5.0);
  {
    LinkKernel kernel(t);
    const auto b = random_batch(1000, 2, 8, true, true);
    LinkBatchResult out;
    kernel.evaluate(b, out);
    double max_err = 0.0;
    expect_matches_scalar(kernel, b, out, max_err);
  }
}

TEST(LinkKernel, SiteTablesAndInvalidLinks) {
  // Two sites with attenuation tables (a made-up cosecant law, 0.5 dB at zenith; 0.3 dB step).
  auto table = [](double zenith) {
    return std::make_shared<ElevationLossTable>(ElevationLossTable::tabulate(
        [zenith](double el) { return zenith / std::sin(el * kDeg); }, 10.0, 0.5));
  };
  LinkKernel kernel(user_downlink_template(), {table(0.5), table(1.5)});
  auto b = random_batch(800, 3, 11, false, false);
  b.atmospheric_loss_db.resize(0);
  b.site_index.resize(b.size());
  for (Eigen::Index i = 0; i < b.size(); ++i) b.site_index[i] = static_cast<int>(i % 2);
  b.slant_range_m[5] = -1.0;                  // invalid geometry
  b.elevation_rad[7] = 5.0 * kDeg;            // below the table
  LinkBatchResult out;
  kernel.evaluate(b, out);
  EXPECT_EQ(out.status[5], static_cast<int>(LinkStatus::InvalidInput));
  EXPECT_EQ(out.status[7], static_cast<int>(LinkStatus::InvalidInput));
  EXPECT_EQ(out.throughput_bps[5], 0.0);
  EXPECT_TRUE(std::isnan(out.esn0_db[7]));
  EXPECT_EQ(out.invalid, 2);
  for (Eigen::Index i = 0; i < b.size(); ++i) {
    if (i == 5 || i == 7) continue;
    const auto r = evaluate(kernel.scalar_input(b, i));
    ASSERT_NEAR(out.esn0_db[i], r.esn0_eff.value(), 1e-9);
    ASSERT_EQ(out.modcod_index[i], r.acm.index);
  }
  // Table interpolation: at a node and halfway.
  const auto t = table(1.0);
  EXPECT_NEAR(t->attenuation_db(30.0 * kDeg), 2.0, 1e-12);
  EXPECT_NEAR(t->attenuation_db(30.25 * kDeg), 0.5 * (2.0 + 1.0 / std::sin(30.5 * kDeg)), 1e-12);
  EXPECT_TRUE(std::isnan(t->attenuation_db(9.0 * kDeg)));
}

TEST(LinkKernel, SameResultOnOneAndAllThreads) {
  LinkKernel kernel(user_downlink_template());
  const auto b = random_batch(20000, 6, 21, true, true);
  LinkBatchResult all, one;
  kernel.evaluate(b, all);
  {
    tbb::global_control ctl(tbb::global_control::max_allowed_parallelism, 1);
    kernel.evaluate(b, one);
  }
  EXPECT_TRUE((all.esn0_db == one.esn0_db).all());
  EXPECT_TRUE((all.throughput_bps == one.throughput_bps).all());
  EXPECT_TRUE((all.modcod_index == one.modcod_index).all());
}

TEST(LinkKernel, RejectsBadColumns) {
  LinkKernel kernel(user_downlink_template());
  auto b = random_batch(10, 2, 3, false, false);
  b.tx_off_axis_rad.resize(5);
  LinkBatchResult out;
  EXPECT_THROW(kernel.evaluate(b, out), InputError);
  auto t = user_downlink_template();
  t.co_channel.push_back({});
  EXPECT_THROW(LinkKernel{t}, Error);
}

#include "radio/link/fast_math.hpp"

TEST(LinkKernel, FastExpAndLog10AgreeWithTheStandardLibrary) {
  // The kernel's inline exp/log10 (engine/radio/link/fast_math.hpp) against std:: over the kernel's range.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> y(-600.0, 600.0), e(-300.0, 300.0);
  double max_exp = 0.0, max_log = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double a = y(rng);
    max_exp = std::max(max_exp, std::abs(detail::fast_exp(a) - std::exp(a)) / std::exp(a));
    const double x = std::pow(10.0, e(rng));
    max_log = std::max(max_log, std::abs(detail::fast_log10(x) - std::log10(x)));
  }
  EXPECT_LT(max_exp, 1e-15);
  EXPECT_LT(max_log, 1e-13);  // absolute, in log10 units (1e-12 dB)
  EXPECT_EQ(detail::fast_log10(1.0), 0.0);
  EXPECT_NEAR(detail::fast_log10(std::numbers::sqrt2), std::log10(std::numbers::sqrt2), 1e-16);
  EXPECT_TRUE(std::isnan(detail::fast_exp(std::nan(""))));
}
