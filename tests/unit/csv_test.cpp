#include "server/http/csv.hpp"

#include <gtest/gtest.h>

using incommon::http::csv_cell;

TEST(CsvCell, PlainTextPassesUnchanged) {
  EXPECT_EQ(csv_cell("DEC-2019-0001"), "DEC-2019-0001");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("Merge the six CCGs"), "Merge the six CCGs");
}

TEST(CsvCell, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"yes\""), "\"say \"\"yes\"\"\"");
  EXPECT_EQ(csv_cell("one\r\ntwo"), "\"one\r\ntwo\"");
}

// OWASP CSV injection: a cell beginning with = + - @ tab or CR opens as text, not a formula.
TEST(CsvCell, FormulaeAreNeutralised) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+1+1"), "\"'+1+1\"");
  EXPECT_EQ(csv_cell("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_cell("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(csv_cell("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csv_cell("a=1"), "a=1");
}
