// Model text on its way to terminals and JSON: UTF-8 validation and printable escaping.
#include "ir/text.h"

#include <gtest/gtest.h>

namespace microaot {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
    for (const char *ok : {"", "conv1/weights:0", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                           "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"})
        EXPECT_EQ(ir::invalid_utf8_at(ok), std::nullopt) << ok;
}

TEST(Utf8, NamesTheFirstBadByte) {
    EXPECT_EQ(ir::invalid_utf8_at("y\xff\xfe"), 1u);
    EXPECT_EQ(ir::invalid_utf8_at("ab\xc3"), 2u);           // truncated sequence
    EXPECT_EQ(ir::invalid_utf8_at("\xc0\xaf"), 0u);         // overlong '/'
    EXPECT_EQ(ir::invalid_utf8_at("\xe0\x80\xaf"), 0u);     // overlong, 3 bytes
    EXPECT_EQ(ir::invalid_utf8_at("x\xed\xa0\x80"), 1u);    // UTF-16 surrogate
    EXPECT_EQ(ir::invalid_utf8_at("\xf4\x90\x80\x80"), 0u); // above U+10FFFF
    EXPECT_EQ(ir::invalid_utf8_at("ok\x80"), 2u);           // lone continuation byte
}

TEST(Printable, EscapesControlsAndBadBytesKeepsUtf8) {
    EXPECT_EQ(ir::printable("plain name:0"), "plain name:0");
    EXPECT_EQ(ir::printable("a\nb"), "a\\x0ab");
    EXPECT_EQ(ir::printable("\x1b[2J\x07\x7f\r\t"), "\\x1b[2J\\x07\\x7f\\x0d\\x09");
    EXPECT_EQ(ir::printable("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(ir::printable("\xc2\x9b"
                            "31m"),
              "\\xc2\\x9b31m"); // C1 CSI
    EXPECT_EQ(ir::printable("y\xff"), "y\\xff");
    std::string once = ir::printable("x\x1b\xff\n");
    EXPECT_EQ(ir::printable(once), once); // idempotent
}

} // namespace
} // namespace microaot
