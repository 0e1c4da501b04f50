//! 人民币大写: amounts in Chinese capital numerals, as printed on refund forms and receipts.
//!
//! Follows 中国人民银行《正确填写票据和结算凭证的基本规定》:
//!
//! - 壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分零整; a leading ten is written 壹拾.
//! - A run of zeros between non-zero digits is one 零 (`1005` → 壹仟零伍元整,
//!   `100010000.01` → 壹亿零壹万元零壹分). Where the rules allow either form we pick one and keep
//!   it: no 零 when only the end of a 万/亿 group is zero and the next group starts with a non-zero
//!   digit (`107000` → 壹拾万柒仟元整), and no 零 between 元 and a non-zero 角
//!   (`1680.32` → 壹仟陆佰捌拾元叁角贰分).
//! - 角 zero but 分 not: 零 after 元 (`325.04` → 叁佰贰拾伍元零肆分); below one yuan nothing is
//!   written for the yuan (`0.05` → 伍分).
//! - 整 after 元 or 角, never after 分 (`10.50` → 壹拾元伍角整).
//!
//! The amount is first rounded half away from zero to the fen. Negative amounts get a 负 prefix.

use crate::expr::Decimal;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// The amount in capital numerals, e.g. `5200` → `伍仟贰佰元整`.
pub fn capital_rmb(amount: Decimal) -> String {
    let fen_total = amount.round_dp(2).units() / 100;
    let mut out = String::new();
    if fen_total < 0 {
        out.push('负');
    }
    let abs = fen_total.unsigned_abs();
    let (yuan, jiao, fen) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
    if abs == 0 {
        return "零元整".into();
    }
    if yuan > 0 {
        out.push_str(&integer(yuan));
        out.push('元');
    }
    if jiao == 0 && fen == 0 {
        out.push('整');
        return out;
    }
    if jiao > 0 {
        out.push(DIGITS[jiao]);
        out.push('角');
    } else if yuan > 0 {
        out.push('零');
    }
    if fen > 0 {
        out.push(DIGITS[fen]);
        out.push('分');
    } else {
        out.push('整');
    }
    out
}

/// A positive whole number: 亿 groups above, then 万 groups.
fn integer(n: u128) -> String {
    const YI: u128 = 100_000_000;
    if n < YI {
        return below_yi(n as u32);
    }
    let (high, low) = (n / YI, (n % YI) as u32);
    let mut s = integer(high);
    s.push('亿');
    if low > 0 {
        // A zero at the 千万 place means a gap after 亿.
        if low < 10_000_000 {
            s.push('零');
        }
        s.push_str(&below_yi(low));
    }
    s
}

/// 1 ..= 99999999.
fn below_yi(n: u32) -> String {
    let (high, low) = (n / 10_000, n % 10_000);
    if high == 0 {
        return group(low);
    }
    let mut s = group(high);
    s.push('万');
    if low > 0 {
        if low < 1000 {
            s.push('零');
        }
        s.push_str(&group(low));
    }
    s
}

/// 1 ..= 9999: leading zeros are the caller's business, inner zero runs become one 零, trailing
/// zeros vanish.
fn group(n: u32) -> String {
    let mut s = String::new();
    let mut gap = false;
    for (place, unit) in [
        (1000, Some('仟')),
        (100, Some('佰')),
        (10, Some('拾')),
        (1, None),
    ] {
        let d = (n / place % 10) as usize;
        if d == 0 {
            gap = !s.is_empty();
            continue;
        }
        if gap {
            s.push('零');
            gap = false;
        }
        s.push(DIGITS[d]);
        s.extend(unit);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(s: &str) -> String {
        capital_rmb(s.parse().unwrap())
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(cap("0"), "零元整");
        assert_eq!(cap("5200"), "伍仟贰佰元整");
        assert_eq!(cap("0.05"), "伍分");
        assert_eq!(cap("1.20"), "壹元贰角整");
        assert_eq!(cap("100000000"), "壹亿元整");
        assert_eq!(cap("100010000.01"), "壹亿零壹万元零壹分");
        assert_eq!(cap("1005"), "壹仟零伍元整");
        assert_eq!(cap("10.50"), "壹拾元伍角整");
        assert_eq!(cap("100000001"), "壹亿零壹元整");
    }

    #[test]
    fn jiao_and_fen_only() {
        assert_eq!(cap("0.5"), "伍角整");
        assert_eq!(cap("0.55"), "伍角伍分");
        assert_eq!(cap("0.01"), "壹分");
        assert_eq!(cap("0.10"), "壹角整");
    }

    #[test]
    fn zero_rules_from_the_pboc_examples() {
        assert_eq!(cap("1409.50"), "壹仟肆佰零玖元伍角整");
        assert_eq!(cap("6007.14"), "陆仟零柒元壹角肆分");
        assert_eq!(cap("1680.32"), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(cap("107000.53"), "壹拾万柒仟元伍角叁分");
        assert_eq!(cap("16409.02"), "壹万陆仟肆佰零玖元零贰分");
        assert_eq!(cap("325.04"), "叁佰贰拾伍元零肆分");
    }

    #[test]
    fn tens_and_groups() {
        assert_eq!(cap("10"), "壹拾元整");
        assert_eq!(cap("15"), "壹拾伍元整");
        assert_eq!(cap("110"), "壹佰壹拾元整");
        assert_eq!(cap("100.01"), "壹佰元零壹分");
        assert_eq!(cap("10000"), "壹万元整");
        assert_eq!(cap("10005"), "壹万零伍元整");
        assert_eq!(cap("100500"), "壹拾万零伍佰元整");
        assert_eq!(cap("1000000"), "壹佰万元整");
        assert_eq!(cap("10001000"), "壹仟万壹仟元整");
        assert_eq!(cap("110000000"), "壹亿壹仟万元整");
        assert_eq!(cap("1000000000"), "壹拾亿元整");
        assert_eq!(cap("100100000"), "壹亿零壹拾万元整");
        assert_eq!(cap("1000000000000"), "壹万亿元整");
        assert_eq!(cap("1234500000000"), "壹万贰仟叁佰肆拾伍亿元整");
        assert_eq!(
            cap("99999999999999.99"),
            "玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
    }

    #[test]
    fn rounding_and_sign() {
        assert_eq!(cap("0.005"), "壹分");
        assert_eq!(cap("0.0049"), "零元整");
        assert_eq!(cap("9.995"), "壹拾元整");
        assert_eq!(cap("-800"), "负捌佰元整");
        assert_eq!(cap("-0.004"), "零元整");
    }
}
