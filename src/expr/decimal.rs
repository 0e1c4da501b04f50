//! Exact fixed-point decimals for form arithmetic.
//!
//! A [`Decimal`] is an `i128` count of ten-thousandths (scale 4). Money is exact to the fen, and
//! the two extra digits let a unit price such as 183.3333 or a ratio survive one step of a
//! calculation before the final result is rounded to 0.01.
//!
//! Every operation rounds **half away from zero** ("四舍五入" as people do it on paper, and the
//! same as Java's `HALF_UP`), and `theme/form.js` implements the identical rules with `BigInt`, so
//! a page and the compiler never disagree by a fen.
//!
//! Magnitudes are limited to less than 10^14 (a hundred trillion yuan). The bound keeps a product of
//! two values inside `i128` before rescaling, and JavaScript applies the same bound so an overflow
//! is an error on both sides instead of a silent difference.

use std::fmt;
use std::str::FromStr;

/// Digits after the decimal point that a [`Decimal`] keeps.
pub const SCALE: u32 = 4;
const ONE: i128 = 10_i128.pow(SCALE);
/// Exclusive bound on `|units|`: values stay below 10^14.
const MAX_UNITS: i128 = 10_i128.pow(18);

/// An exact decimal with four fractional digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(i128);

/// A result left the supported range (|value| < 10^14).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// Why a number typed by a person (or written as a literal) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Nothing but blanks.
    Empty,
    /// A character that is not part of a number (the first one found).
    BadChar(char),
    /// More than one decimal point, a misplaced sign or grouping comma, or no digits.
    Malformed,
    /// More fractional digits than allowed.
    TooManyDecimals { max: u32 },
    /// Outside ±10^14.
    TooLarge,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "empty"),
            InputError::BadChar(c) => write!(f, "`{c}` is not part of a number"),
            InputError::Malformed => write!(f, "not a number"),
            InputError::TooManyDecimals { max } => {
                write!(f, "at most {max} digits after the decimal point")
            }
            InputError::TooLarge => write!(f, "too large (the limit is 10^14)"),
        }
    }
}

impl std::error::Error for InputError {}

/// Divides rounding half away from zero. `d` must not be zero.
pub(crate) fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    // |r| * 2 >= |d| means the dropped part is at least one half.
    if r.unsigned_abs() * 2 >= d.unsigned_abs() {
        if (n < 0) != (d < 0) {
            q - 1
        } else {
            q + 1
        }
    } else {
        q
    }
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal(0);

    /// The value `units / 10^4`, or `None` outside the supported range.
    pub fn from_units(units: i128) -> Option<Decimal> {
        (units.abs() < MAX_UNITS).then_some(Decimal(units))
    }

    /// The raw count of ten-thousandths.
    pub fn units(self) -> i128 {
        self.0
    }

    /// A whole number, or `None` outside the supported range.
    pub fn from_int(n: i64) -> Option<Decimal> {
        Decimal::from_units(i128::from(n) * ONE)
    }

    /// An amount of fen (1/100 yuan), or `None` outside the supported range.
    pub fn from_fen(fen: i64) -> Option<Decimal> {
        Decimal::from_units(i128::from(fen) * 100)
    }

    fn checked(units: i128) -> Result<Decimal, Overflow> {
        Decimal::from_units(units).ok_or(Overflow)
    }

    /// `self + rhs`.
    pub fn checked_add(self, rhs: Decimal) -> Result<Decimal, Overflow> {
        Decimal::checked(self.0 + rhs.0)
    }

    /// `self - rhs`.
    pub fn checked_sub(self, rhs: Decimal) -> Result<Decimal, Overflow> {
        Decimal::checked(self.0 - rhs.0)
    }

    /// `self * rhs`, rounded half away from zero to four decimals.
    pub fn checked_mul(self, rhs: Decimal) -> Result<Decimal, Overflow> {
        // Both factors are below 10^18, so the product (< 10^36) fits in i128.
        Decimal::checked(div_round(self.0 * rhs.0, ONE))
    }

    /// `self / rhs` rounded half away from zero to four decimals; `None` when `rhs` is zero.
    pub fn checked_div(self, rhs: Decimal) -> Option<Result<Decimal, Overflow>> {
        (rhs.0 != 0).then(|| Decimal::checked(div_round(self.0 * ONE, rhs.0)))
    }

    /// `|self|`.
    pub fn abs(self) -> Decimal {
        Decimal(self.0.abs())
    }

    /// True for values below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Rounded half away from zero to `digits` decimals (`digits` above 4 changes nothing).
    pub fn round_dp(self, digits: u32) -> Decimal {
        if digits >= SCALE {
            return self;
        }
        let step = 10_i128.pow(SCALE - digits);
        // Rounding up may reach the bound only from values within half a step of it; the
        // magnitude stays far below i128 and the range check is kept for symmetry with JS.
        Decimal(div_round(self.0, step) * step)
    }

    /// Rounded to the fen and written with exactly two decimals, no grouping: `9200.00`.
    pub fn to_money_string(self) -> String {
        self.round_dp(2).fixed(2)
    }

    /// Written with exactly `digits` decimals (1..=4), truncating: callers round first.
    fn fixed(self, digits: u32) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let int = abs / ONE as u128;
        let frac = abs % ONE as u128 / 10_u128.pow(SCALE - digits);
        format!("{sign}{int}.{frac:0width$}", width = digits as usize)
    }

    /// Parses what a person typed into a money or number box.
    ///
    /// Chinese input methods produce full-width characters, so `１２，０００．５` is 12000.5; a
    /// leading `¥`/`￥`, a trailing `元`, blanks and thousands separators are accepted. Commas must
    /// separate groups of three digits, because `12,5` is more likely a decimal comma than 125.
    pub fn parse_input(text: &str, max_decimals: u32) -> Result<Decimal, InputError> {
        let folded: String = text.chars().map(fold_width).collect();
        let mut s = folded.trim();
        if s.is_empty() {
            return Err(InputError::Empty);
        }
        let negative = if let Some(rest) = s.strip_prefix('-') {
            s = rest.trim_start();
            true
        } else {
            false
        };
        s = s.strip_prefix(['¥', '￥']).unwrap_or(s).trim_start();
        s = s.strip_suffix('元').unwrap_or(s).trim_end();
        if let Some(c) = s
            .chars()
            .find(|c| !c.is_ascii_digit() && !matches!(c, '.' | ','))
        {
            return Err(if c == '-' {
                InputError::Malformed
            } else {
                InputError::BadChar(c)
            });
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if frac.contains(['.', ',']) || (int.is_empty() && frac.is_empty()) {
            return Err(InputError::Malformed);
        }
        if int.contains(',') {
            let mut groups = int.split(',');
            let first = groups.next().unwrap_or("");
            let first_ok = (1..=3).contains(&first.len());
            if !first_ok || groups.any(|g| g.len() != 3) {
                return Err(InputError::Malformed);
            }
        }
        let digits: String = int.chars().filter(|c| *c != ',').collect();
        let value = digits_to_units(&digits, frac, max_decimals)?;
        Ok(if negative { -value } else { value })
    }
}

/// Builds a value from ASCII integer and fraction digit strings (either may be empty).
pub(crate) fn digits_to_units(
    int: &str,
    frac: &str,
    max_decimals: u32,
) -> Result<Decimal, InputError> {
    if frac.len() > max_decimals.min(SCALE) as usize {
        return Err(InputError::TooManyDecimals {
            max: max_decimals.min(SCALE),
        });
    }
    let int = int.trim_start_matches('0');
    // 15 integer digits already reach 10^14; stop before i128 could overflow.
    if int.len() > 15 {
        return Err(InputError::TooLarge);
    }
    let mut units: i128 = 0;
    for b in int.bytes() {
        units = units * 10 + i128::from(b - b'0');
    }
    units *= ONE;
    let mut place = ONE / 10;
    for b in frac.bytes() {
        units += i128::from(b - b'0') * place;
        place /= 10;
    }
    Decimal::from_units(units).ok_or(InputError::TooLarge)
}

/// Maps a full-width ASCII twin (U+FF01..U+FF5E), the ideographic space and common look-alikes to
/// ASCII; every other character is returned unchanged.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // U+2212 MINUS SIGN and U+2013 EN DASH are what word processors put in "−800".
        '\u{2212}' | '\u{2013}' => '-',
        '\u{00D7}' => '*',
        '\u{00F7}' => '/',
        _ => c,
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;

    /// Always in range: the range is symmetric.
    fn neg(self) -> Decimal {
        Decimal(-self.0)
    }
}

impl FromStr for Decimal {
    type Err = InputError;

    /// Parses a plain ASCII literal such as `800`, `-1.5` or `0.0001` (no grouping, no currency).
    fn from_str(s: &str) -> Result<Decimal, InputError> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let well_formed = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && (frac.is_empty() != body.contains('.'));
        if !well_formed {
            return Err(InputError::Malformed);
        }
        let value = digits_to_units(int, frac, SCALE)?;
        Ok(if negative { -value } else { value })
    }
}

impl fmt::Display for Decimal {
    /// The shortest exact form: `9200`, `12.5`, `-0.0001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = self.fixed(SCALE);
        let trimmed = full.trim_end_matches('0').trim_end_matches('.');
        f.write_str(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn literals_round_trip() {
        for s in [
            "0",
            "800",
            "-1.5",
            "0.0001",
            "12000.25",
            "99999999999999.9999",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("1.50").to_string(), "1.5");
        assert_eq!(d("007").to_string(), "7");
    }

    #[test]
    fn literal_errors() {
        for s in ["", ".5", "1.", "1.2.3", "1e5", "+1", "--1", " 1"] {
            assert_eq!(s.parse::<Decimal>(), Err(InputError::Malformed), "{s:?}");
        }
        assert_eq!(
            "1.00001".parse::<Decimal>(),
            Err(InputError::TooManyDecimals { max: 4 })
        );
        assert_eq!(
            "100000000000000".parse::<Decimal>(),
            Err(InputError::TooLarge)
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(d("2.345").round_dp(2), d("2.35"));
        assert_eq!(d("-2.345").round_dp(2), d("-2.35"));
        assert_eq!(d("2.3449").round_dp(2), d("2.34"));
        assert_eq!(d("0.5").round_dp(0), d("1"));
        assert_eq!(d("-0.5").round_dp(0), d("-1"));
        assert_eq!(d("1.2345").round_dp(9), d("1.2345"));
    }

    #[test]
    fn arithmetic() {
        assert_eq!(d("0.1").checked_add(d("0.2")), Ok(d("0.3")));
        assert_eq!(d("183.33").checked_mul(d("3")), Ok(d("549.99")));
        // 0.0001 * 0.5 = 0.00005 → rounds away from zero at the fourth digit.
        assert_eq!(d("0.0001").checked_mul(d("0.5")), Ok(d("0.0001")));
        assert_eq!(d("-0.0001").checked_mul(d("0.5")), Ok(d("-0.0001")));
        assert_eq!(d("10").checked_div(d("3")), Some(Ok(d("3.3333"))));
        assert_eq!(d("20").checked_div(d("3")), Some(Ok(d("6.6667"))));
        assert_eq!(d("-20").checked_div(d("3")), Some(Ok(d("-6.6667"))));
        assert_eq!(d("1").checked_div(Decimal::ZERO), None);
        assert_eq!(d("99999999999999").checked_mul(d("10")), Err(Overflow));
        assert_eq!(d("99999999999999").checked_add(d("1")), Err(Overflow));
    }

    #[test]
    fn user_input_accepts_full_width_and_grouping() {
        let p = |s: &str| Decimal::parse_input(s, 2);
        assert_eq!(p("１２,０００"), Ok(d("12000")));
        assert_eq!(p("１２，０００．５"), Ok(d("12000.5")));
        assert_eq!(p("¥1,200"), Ok(d("1200")));
        assert_eq!(p("￥ 1,200.00 元"), Ok(d("1200")));
        assert_eq!(p("－８００"), Ok(d("-800")));
        assert_eq!(p("  42\u{3000}"), Ok(d("42")));
        assert_eq!(p(".5"), Ok(d("0.5")));
        assert_eq!(p("5."), Ok(d("5")));
    }

    #[test]
    fn user_input_errors() {
        let p = |s: &str| Decimal::parse_input(s, 2);
        assert_eq!(p(" "), Err(InputError::Empty));
        assert_eq!(p("12a"), Err(InputError::BadChar('a')));
        assert_eq!(p("一百"), Err(InputError::BadChar('一')));
        assert_eq!(p("12,5"), Err(InputError::Malformed));
        assert_eq!(p("1,2345"), Err(InputError::Malformed));
        assert_eq!(p("1.2.3"), Err(InputError::Malformed));
        assert_eq!(p("1-2"), Err(InputError::Malformed));
        assert_eq!(p("."), Err(InputError::Malformed));
        assert_eq!(p("1.234"), Err(InputError::TooManyDecimals { max: 2 }));
        assert_eq!(Decimal::parse_input("1.234", 4), Ok(d("1.234")));
    }

    #[test]
    fn money_string() {
        assert_eq!(d("9200").to_money_string(), "9200.00");
        assert_eq!(d("0.005").to_money_string(), "0.01");
        assert_eq!(d("-0.005").to_money_string(), "-0.01");
        assert_eq!(d("-0.004").to_money_string(), "0.00");
    }
}
