#pragma once
/// @file modcod.hpp
/// DVB-S2 / DVB-S2X MODCOD tables and adaptive coding and modulation (ACM).
///
/// What: the required Es/N0 and the spectral efficiency (information bits per transmitted symbol) of
/// every MODCOD for normal FECFRAMEs (64,800 bits), no pilots, ideal AWGN channel at quasi-error-free
/// operation (PER 1e-7), typed in from
///   - ETSI EN 302 307-1 V1.4.1 (2014-11), Table 13 (DVB-S2: QPSK 1/4 ... 32APSK 9/10, 28 entries);
///   - ETSI EN 302 307-2 V1.1.1 (2015-02), Table 20a (DVB-S2X normal-frame MODCODs, QPSK 13/45 ...
///     256APSK 3/4, 38 entries) plus QPSK 2/9 (listed with the VL-SNR set; its table number in
///     EN 302 307-2 was not verified).
/// The "DVB-S2X" table is the union (an S2X receiver supports every S2 MODCOD), "DVB-S2" only Table 13.
///
/// ACM: the best MODCOD is the one with the highest spectral efficiency whose required Es/N0 plus an
/// implementation margin does not exceed the link's Es/N0. Throughput = symbol rate x efficiency with
/// symbol rate Rs = B / (1 + roll-off). Below the lowest MODCOD the beam carries nothing (0 bit/s).
/// Distance to Shannon = required Es/N0 - 10 log10(2^eta - 1) (the AWGN Shannon limit for eta bits
/// per symbol at the same symbol rate).
///
/// Accuracy: the tables are the standard's figures (2 decimals in dB, 6 in bit/symbol); selection is
/// exact. Thread-safety: tables are immutable singletons; every function is reentrant.
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace satcap::radio {

enum class ModcodStandard { DvbS2, DvbS2X };

/// "DVB-S2" or "DVB-S2X" (case-insensitive) -> enum; InputError naming `field` otherwise.
SATCAP_EXPORT ModcodStandard parse_modcod_standard(std::string_view text, const std::string& field = "standard");
SATCAP_EXPORT const char* to_string(ModcodStandard s);

/// One MODCOD of a table (normal FECFRAME, no pilots, AWGN, QEF).
struct Modcod {
  const char* name;              ///< e.g. "16APSK 3/4", "8APSK 5/9-L"
  const char* standard;          ///< "DVB-S2" or "DVB-S2X" (the standard that defines it)
  const char* modulation;        ///< QPSK, 8PSK, 8APSK, 16APSK, 32APSK, 64APSK, 128APSK, 256APSK
  int rate_num;                  ///< LDPC code rate numerator
  int rate_den;                  ///< LDPC code rate denominator
  double efficiency_bits_per_symbol;  ///< information bits per symbol (the "spectral efficiency" column)
  double required_esn0_db;       ///< ideal Es/N0 for QEF operation (dB)
  const char* source;            ///< standard and table

  units::Decibel required_esn0() const { return units::Decibel(required_esn0_db); }
};

/// The result of ACM for one link.
struct AcmResult {
  int index = -1;                     ///< index into ModcodTable::entries(), -1 when no MODCOD closes
  const Modcod* modcod = nullptr;     ///< nullptr when no MODCOD closes
  units::Decibel esn0;                ///< the link's Es/N0 (input)
  units::Decibel implementation_margin;  ///< input
  units::Decibel margin;              ///< Es/N0 - required - implementation margin (NaN when none)
  units::Decibel distance_to_shannon; ///< required Es/N0 - 10 log10(2^eta - 1) (NaN when none)
  double efficiency_bits_per_symbol = 0.0;  ///< eta of the chosen MODCOD (0 when none)
  double spectral_efficiency_bps_hz = 0.0;  ///< eta / (1 + roll-off): bit/s per Hz of allocated bandwidth
  units::Frequency symbol_rate;       ///< B / (1 + roll-off)
  double throughput_bps = 0.0;        ///< Rs x eta (0 when no MODCOD closes)
  bool closes() const { return modcod != nullptr; }
};

/// An immutable MODCOD table with its ACM ladder (MODCODs sorted by required Es/N0 in which each
/// entry is strictly more efficient than every entry with a lower or equal threshold).
class SATCAP_EXPORT ModcodTable {
 public:
  /// ETSI EN 302 307-1 Table 13 (28 MODCODs).
  static const ModcodTable& dvbs2();
  /// DVB-S2 Table 13 plus EN 302 307-2 Table 20a (+ QPSK 2/9): 67 MODCODs.
  static const ModcodTable& dvbs2x();
  static const ModcodTable& of(ModcodStandard s) { return s == ModcodStandard::DvbS2 ? dvbs2() : dvbs2x(); }

  /// Builds a table from entries (used for custom tables; entries must have finite values, eta > 0).
  explicit ModcodTable(std::vector<Modcod> entries);

  const std::vector<Modcod>& entries() const { return entries_; }
  /// Index of the MODCOD called `name` ("QPSK 1/4"), -1 when absent.
  int find(std::string_view name) const;
  /// The ACM ladder: indices into entries(), by increasing required Es/N0 and increasing efficiency.
  const std::vector<int>& ladder() const { return ladder_; }
  /// Thresholds (dB) and efficiencies (bit/symbol) of the ladder, for kernels.
  const std::vector<double>& ladder_threshold_db() const { return ladder_threshold_db_; }
  const std::vector<double>& ladder_efficiency() const { return ladder_efficiency_; }

  /// Index (into entries()) of the most efficient MODCOD with required + margin <= esn0, or -1.
  /// Never throws; NaN Es/N0 gives -1.
  int select_index(double esn0_db, double implementation_margin_db) const noexcept;

  /// ACM for a carrier of allocated bandwidth B and roll-off alpha (0 <= alpha <= 1; RangeError
  /// otherwise, and for B <= 0).
  AcmResult select(units::Decibel esn0, units::Frequency bandwidth, double rolloff,
                   units::Decibel implementation_margin = units::Decibel(0.0)) const;

 private:
  std::vector<Modcod> entries_;
  std::vector<int> ladder_;
  std::vector<double> ladder_threshold_db_;
  std::vector<double> ladder_efficiency_;
};

/// Shannon-limit Es/N0 (dB) for eta bit/symbol on an AWGN channel: 10 log10(2^eta - 1).
SATCAP_EXPORT units::Decibel shannon_esn0(double eta_bits_per_symbol);

}  // namespace satcap::radio
