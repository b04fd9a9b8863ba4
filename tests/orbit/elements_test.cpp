// TLE / OMM readers: good records, Alpha-5, and bad input reported with file, line and field.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/orbit/elements.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_support.hpp"

namespace {

using satcap::InputError;
using namespace satcap::orbit;

// Vallado's case 00005 (valid checksums).
const std::string kL1 = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753";
const std::string kL2 = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667";

// Replaces columns [from, from+len) (1-based) and fixes the checksum.
std::string patch(std::string line, int col, const std::string& text, bool fix_checksum = true) {
  line.replace(static_cast<std::size_t>(col - 1), text.size(), text);
  if (fix_checksum) line[68] = static_cast<char>('0' + tle_checksum(line));
  return line;
}

InputError expect_input_error(const std::string& text, const ReadOptions& opt = {}) {
  try {
    parse_tle_text(text, "test.tle", opt);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError("", 0, "", "");
}

TEST(TleParse, GoodRecordFields) {
  const MeanElements e = parse_tle_lines(kL1, kL2, "VANGUARD 1", "x.tle", 1);
  EXPECT_EQ(e.norad_id, 5);
  EXPECT_EQ(e.name, "VANGUARD 1");
  EXPECT_EQ(e.intl_designator, "58002B");
  EXPECT_DOUBLE_EQ(e.inclination_deg, 34.2682);
  EXPECT_DOUBLE_EQ(e.raan_deg, 348.7242);
  EXPECT_DOUBLE_EQ(e.eccentricity, 0.1859667);
  EXPECT_DOUBLE_EQ(e.arg_perigee_deg, 331.7664);
  EXPECT_DOUBLE_EQ(e.mean_anomaly_deg, 19.3264);
  EXPECT_DOUBLE_EQ(e.mean_motion_rev_day, 10.82419157);
  EXPECT_NEAR(e.bstar, 0.28098e-4, 1e-18);
  EXPECT_DOUBLE_EQ(e.mean_motion_dot, 0.00000023);
  EXPECT_EQ(e.rev_at_epoch, 41366);
  EXPECT_EQ(e.element_set_no, 475);
  // 2000 day 179.78495062 = 2000-06-27 18:50:19.733568 UTC
  EXPECT_EQ(e.epoch.to_iso8601(3), "2000-06-27T18:50:19.734Z");
  EXPECT_NEAR(e.epoch_jd_utc.value(), 2451723.28495062, 1e-8);
}

TEST(TleParse, ThreeLineCrlfAndLfAndComments) {
  const std::string crlf = "# comment\r\nSAT A\r\n" + kL1 + "\r\n" + kL2 + "\r\n\r\n" + kL1 + "\r\n" + kL2 + "\r\n";
  ReadReport rep;
  auto v = parse_tle_text(crlf, "a.tle", {}, &rep);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].name, "SAT A");
  EXPECT_EQ(v[1].name, "");
  EXPECT_EQ(v[0].source_line, 3u);
  EXPECT_EQ(rep.records, 2u);
  const std::string lf = "0 SAT B\n" + kL1 + "\n" + kL2;  // Space-Track "0 " prefix, no final newline
  v = parse_tle_text(lf, "b.tle");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].name, "SAT B");
}

TEST(TleParse, Alpha5) {
  EXPECT_EQ(decode_alpha5("A0083"), 100083);
  EXPECT_EQ(decode_alpha5("Z9999"), 339999);
  EXPECT_EQ(decode_alpha5("J0000"), 180000);  // I skipped
  EXPECT_EQ(decode_alpha5("P1234"), 231234);  // O skipped
  EXPECT_EQ(decode_alpha5("I0000"), -1);
  EXPECT_EQ(decode_alpha5("12a45"), -1);
  for (int id : {0, 5, 99999, 100000, 100083, 179999, 180000, 229999, 230000, 339999})
    EXPECT_EQ(decode_alpha5(encode_alpha5(id)), id) << id;
  EXPECT_EQ(encode_alpha5(100083), "A0083");
  EXPECT_THROW(encode_alpha5(340000), satcap::RangeError);
  const auto e = parse_tle_lines(patch(kL1, 3, "A0083"), patch(kL2, 3, "A0083"), "X");
  EXPECT_EQ(e.norad_id, 100083);
}

TEST(TleParse, BadChecksumNamesFileLineField) {
  std::string bad = kL2;
  bad[68] = bad[68] == '0' ? '1' : '0';
  const InputError e = expect_input_error("NAME\n" + kL1 + "\n" + bad + "\n");
  EXPECT_EQ(e.file(), "test.tle");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.field(), "checksum");
  // Opt-out accepts it.
  ReadOptions opt;
  opt.verify_checksum = false;
  EXPECT_EQ(parse_tle_text("NAME\n" + kL1 + "\n" + bad + "\n", "t", opt).size(), 1u);
}

TEST(TleParse, NonNumericField) {
  const InputError e = expect_input_error(kL1 + "\n" + patch(kL2, 9, " 34.2x82") + "\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.field(), "inclination");
  const InputError e2 = expect_input_error(patch(kL1, 21, "001x9.784950") + "\n" + kL2 + "\n");
  EXPECT_EQ(e2.line(), 1u);
  EXPECT_EQ(e2.field(), "epoch day");
  const InputError e3 = expect_input_error(patch(kL1, 54, " 2809x-4") + "\n" + kL2 + "\n");
  EXPECT_EQ(e3.field(), "bstar");
  const InputError e4 = expect_input_error(kL1 + "\n" + patch(kL2, 27, "18596a7") + "\n");
  EXPECT_EQ(e4.field(), "eccentricity");
}

TEST(TleParse, WrongColumnsAndStructure) {
  // A field shifted right by one column: the line becomes 70 characters.
  std::string shifted = kL2.substr(0, 8) + " " + kL2.substr(8);
  InputError e = expect_input_error(kL1 + "\n" + shifted + "\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.field(), "line length");
  // A field shifted left: 68 characters.
  e = expect_input_error(kL1.substr(0, 8) + kL1.substr(9) + "\n" + kL2 + "\n");
  EXPECT_EQ(e.field(), "line length");
  EXPECT_EQ(e.line(), 1u);
  // A field moved into a separator column (line length unchanged).
  e = expect_input_error(kL1 + "\n" + patch(kL2, 9, "  34.2682") + "\n");
  EXPECT_EQ(e.field(), "inclination/raan");
  EXPECT_NE(std::string(e.what()).find("column"), std::string::npos);
  e = expect_input_error(patch(kL1, 19, "00179.784950620") + "\n" + kL2 + "\n");
  EXPECT_EQ(e.field(), "epoch/mean motion dot");
  // Inclination out of range.
  e = expect_input_error(kL1 + "\n" + patch(kL2, 9, "234.2682") + "\n");
  EXPECT_EQ(e.field(), "inclination");
  // Catalogue numbers differ.
  e = expect_input_error(kL1 + "\n" + patch(kL2, 3, "00006") + "\n");
  EXPECT_EQ(e.field(), "catalogue number");
  // Line 2 missing / line 2 alone / trailing name.
  e = expect_input_error("X\n" + kL1 + "\nY\n");
  EXPECT_EQ(e.field(), "line 2");
  EXPECT_EQ(e.line(), 3u);
  e = expect_input_error(kL2 + "\n");
  EXPECT_EQ(e.field(), "line 1");
  e = expect_input_error(kL1 + "\n" + kL2 + "\nDANGLING\n");
  EXPECT_EQ(e.field(), "name");
}

TEST(TleParse, SkipBadRecordsCounts) {
  std::string bad = kL2;
  bad[68] = bad[68] == '0' ? '1' : '0';
  const std::string text = "A\n" + kL1 + "\n" + kL2 + "\nB\n" + kL1 + "\n" + bad + "\nC\n" + kL1 + "\n" + kL2 + "\n";
  ReadOptions opt;
  opt.skip_bad_records = true;
  ReadReport rep;
  const auto v = parse_tle_text(text, "s.tle", opt, &rep);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].name, "A");
  EXPECT_EQ(v[1].name, "C");
  EXPECT_EQ(rep.records, 2u);
  EXPECT_EQ(rep.skipped, 1u);
  ASSERT_EQ(rep.skipped_reasons.size(), 1u);
  EXPECT_NE(rep.skipped_reasons[0].find("s.tle:6"), std::string::npos) << rep.skipped_reasons[0];
}

TEST(TleParse, MissingFileIsInputError) {
  EXPECT_THROW(read_tle_file("/nonexistent/dir/x.tle"), InputError);
}

const char* kOmm = R"([
  {
    "OBJECT_NAME": "RASSVET-3 17",
    "OBJECT_ID": "2026-165A",
    "EPOCH": "2026-09-20T01:26:11.571360",
    "MEAN_MOTION": 15.99761103,
    "ECCENTRICITY": 0.0020519,
    "INCLINATION": 82.2977,
    "RA_OF_ASC_NODE": 160.1635,
    "ARG_OF_PERICENTER": 176.9636,
    "MEAN_ANOMALY": 183.177,
    "EPHEMERIS_TYPE": 0,
    "CLASSIFICATION_TYPE": "U",
    "NORAD_CAT_ID": 100083,
    "ELEMENT_SET_NO": 999,
    "REV_AT_EPOCH": 990,
    "BSTAR": 0.00045923,
    "MEAN_MOTION_DOT": 0.00235419,
    "MEAN_MOTION_DDOT": 2.1335e-05
  },
  {
    "OBJECT_NAME": "SECOND",
    "EPOCH": "2026-09-20T00:00:00",
    "MEAN_MOTION": "15.2",
    "ECCENTRICITY": "0.001",
    "INCLINATION": "97.5",
    "RA_OF_ASC_NODE": "10",
    "ARG_OF_PERICENTER": "20",
    "MEAN_ANOMALY": "30",
    "NORAD_CAT_ID": "57179",
    "BSTAR": "0.0001"
  }
])";

TEST(OmmParse, GoodObjectsNumbersAndStrings) {
  const auto v = parse_omm_json(kOmm, "r.json");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].norad_id, 100083);
  EXPECT_EQ(v[0].name, "RASSVET-3 17");
  EXPECT_EQ(v[0].intl_designator, "2026-165A");
  EXPECT_DOUBLE_EQ(v[0].mean_motion_rev_day, 15.99761103);
  EXPECT_DOUBLE_EQ(v[0].bstar, 0.00045923);
  EXPECT_EQ(v[0].epoch.to_iso8601(6), "2026-09-20T01:26:11.571360Z");
  EXPECT_EQ(v[0].source_line, 2u);
  EXPECT_EQ(v[1].norad_id, 57179);
  EXPECT_DOUBLE_EQ(v[1].inclination_deg, 97.5);
  EXPECT_EQ(v[1].source_line, 21u);
  // A wrapper object with an "objects" array, and a single object.
  const auto w = parse_omm_json(std::string("{\"note\": \"x\", \"objects\": ") + kOmm + "}", "w.json");
  EXPECT_EQ(w.size(), 2u);
}

TEST(OmmParse, MissingKeyNamesFileLineField) {
  std::string text = kOmm;
  const std::size_t p = text.find("    \"MEAN_MOTION\": \"15.2\",\n");
  ASSERT_NE(p, std::string::npos);
  text.erase(p, std::string("    \"MEAN_MOTION\": \"15.2\",\n").size());
  try {
    parse_omm_json(text, "m.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "m.json");
    EXPECT_EQ(e.field(), "MEAN_MOTION");
    EXPECT_EQ(e.line(), 21u);  // the object's opening line
  }
}

TEST(OmmParse, BadValuesAndSyntax) {
  std::string text = kOmm;
  text.replace(text.find("\"97.5\""), 6, "\"9x.5\"");
  try {
    parse_omm_json(text, "b.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "INCLINATION");
    EXPECT_EQ(e.line(), 26u);  // the key's own line
  }
  text = kOmm;
  text.replace(text.find("2026-09-20T00:00:00"), 19, "2026-13-20T00:00:00");
  EXPECT_THROW(parse_omm_json(text, "b.json"), InputError);
  try {
    parse_omm_json("[\n {\"A\": 1,,}\n]", "s.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "json");
    EXPECT_EQ(e.line(), 2u);
  }
  ReadOptions opt;
  opt.skip_bad_records = true;
  ReadReport rep;
  text = kOmm;
  text.replace(text.find("\"97.5\""), 6, "\"9x.5\"");
  EXPECT_EQ(parse_omm_json(text, "b.json", opt, &rep).size(), 1u);
  EXPECT_EQ(rep.skipped, 1u);
}

TEST(ElementsFile, ChoosesFormatByContent) {
  const auto dir = satcap::test::scratch_dir("orbit_elements_file");
  satcap::core::write_file_atomically(dir / "a.json", kOmm);
  satcap::core::write_file_atomically(dir / "a.txt", kL1 + "\n" + kL2 + "\n");
  EXPECT_EQ(read_elements_file(dir / "a.json").size(), 2u);
  EXPECT_EQ(read_elements_file(dir / "a.txt").size(), 1u);
}

}  // namespace
