// Reading numbers out of model answers and ground truths (GSM8K, MATH and friends).
//
// A number is: an optional sign (-, + or U+2212 "−", only when not preceded by a letter,
// digit, ')' or ']', so "3-4" reads as 3 and 4), then digits with optional thousands
// separators (1,234,567: a first group of 1-3 digits, then groups of exactly 3) and an
// optional decimal part (.5 and 2. are allowed), or a simple fraction of two unsigned decimal
// numbers (3/4, 1.5/2). A following "%" is dropped ("50%" reads as 50).
// LaTeX is simplified first: \frac{a}{b}, \dfrac and \tfrac become a/b; "{,}" becomes ",";
// the spacing commands \, \! and \; are removed; "\$" and "\%" lose their backslash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evp::evaluate {

// The last number in the text.
std::optional<double> last_number(std::string_view text);
// The first number in the text.
std::optional<double> first_number(std::string_view text);
// The whole text as one number, ignoring surrounding whitespace, a leading "$" and a trailing
// "%"; nullopt when anything else is there ("42 apples").
std::optional<double> whole_number(std::string_view text);

// The content of the last \boxed{...} (braces balanced; to the end of the text when the
// closing brace is missing); nullopt when there is no "\boxed{".
std::optional<std::string_view> last_boxed_content(std::string_view text);
// The text after the last "####" up to the end of its line; nullopt without "####".
std::optional<std::string_view> gsm8k_tail(std::string_view text);

// LaTeX simplification described above.
std::string simplify_latex(std::string_view text);

// A ground-truth string as a number: the \boxed{} content's last number when there is a
// \boxed{}, else the first number after the last "####" when there is one, else the whole
// text as one number (LaTeX simplified).
std::optional<double> reference_number(std::string_view text);

}  // namespace evp::evaluate
