//! Exact evaluation, the reference that `theme/form.js` must match.
//!
//! Intermediate results keep four decimals (products and quotients are rounded half away from
//! zero there). The final rounding to the fen belongs to the field: a money field shows
//! [`Decimal::to_money_string`] of the result, exactly as form.js does for
//! `<output data-type="money">`.

use crate::expr::ast::{BinOp, Expr, ExprKind, Func, Span};
use crate::expr::Decimal;
use std::fmt;

/// Why an expression has no value. The page shows an empty output in every case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// The environment has no value for this field (not filled in).
    Missing { field: String, span: Span },
    /// A divisor evaluated to zero.
    DivisionByZero { span: Span },
    /// A value left the supported range (|x| < 10^14).
    Overflow { span: Span },
    /// `round` digits that are not a whole number from 0 to 4 (the checker rejects these).
    BadDigits { span: Span },
}

impl EvalError {
    pub fn span(&self) -> Span {
        match self {
            EvalError::Missing { span, .. }
            | EvalError::DivisionByZero { span }
            | EvalError::Overflow { span }
            | EvalError::BadDigits { span } => *span,
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Missing { field, .. } => write!(f, "`{field}` has no value"),
            EvalError::DivisionByZero { .. } => write!(f, "division by zero"),
            EvalError::Overflow { .. } => write!(f, "the result is too large"),
            EvalError::BadDigits { .. } => write!(f, "invalid digits for `round`"),
        }
    }
}

impl std::error::Error for EvalError {}

/// Evaluates `expr`, reading fields from `env` (`None`: not filled in). A checkbox is 1 or 0.
pub fn eval(expr: &Expr, env: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, EvalError> {
    let overflow = || EvalError::Overflow { span: expr.span };
    match &expr.kind {
        ExprKind::Num(n) => Ok(*n),
        ExprKind::Field(id) => env(id).ok_or_else(|| EvalError::Missing {
            field: id.clone(),
            span: expr.span,
        }),
        ExprKind::Neg(inner) => Ok(-eval(inner, env)?),
        ExprKind::Binary(op, l, r) => {
            let a = eval(l, env)?;
            let b = eval(r, env)?;
            match op {
                BinOp::Add => a.checked_add(b).map_err(|_| overflow()),
                BinOp::Sub => a.checked_sub(b).map_err(|_| overflow()),
                BinOp::Mul => a.checked_mul(b).map_err(|_| overflow()),
                BinOp::Div => a
                    .checked_div(b)
                    .ok_or(EvalError::DivisionByZero { span: r.span })?
                    .map_err(|_| overflow()),
            }
        }
        ExprKind::Call(func, args) => {
            let values = args
                .iter()
                .map(|a| eval(a, env))
                .collect::<Result<Vec<_>, _>>()?;
            let first = *values.first().ok_or_else(overflow)?;
            match func {
                Func::Max => Ok(values.into_iter().fold(first, Decimal::max)),
                Func::Min => Ok(values.into_iter().fold(first, Decimal::min)),
                Func::Abs => Ok(first.abs()),
                Func::Round => {
                    let digits = match values.get(1) {
                        None => 0,
                        Some(d) => (0..=4)
                            .find(|&n| Decimal::from_int(n) == Some(*d))
                            .ok_or(EvalError::BadDigits { span: args[1].span })?,
                    };
                    Ok(first.round_dp(digits as u32))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    fn run(src: &str, vars: &[(&str, &str)]) -> Result<String, EvalError> {
        let env = |id: &str| {
            vars.iter()
                .find(|(k, _)| *k == id)
                .map(|(_, v)| v.parse::<Decimal>().unwrap())
        };
        eval(&parse(src).unwrap(), &env).map(|d| d.to_string())
    }

    const REFUND: &str = "max(0, paid - lessons_used * lesson_price - 800 - other_deductions)";

    #[test]
    fn refund_formula() {
        let vars = [
            ("paid", "12000"),
            ("lessons_used", "10"),
            ("lesson_price", "200"),
            ("other_deductions", "0"),
        ];
        assert_eq!(run(REFUND, &vars), Ok("9200".into()));
        let used_up = [
            ("paid", "1000"),
            ("lessons_used", "10"),
            ("lesson_price", "200"),
            ("other_deductions", "0"),
        ];
        assert_eq!(run(REFUND, &used_up), Ok("0".into()));
    }

    #[test]
    fn rounding_in_products_and_quotients() {
        assert_eq!(
            run("a * b", &[("a", "0.0005"), ("b", "0.5")]),
            Ok("0.0003".into())
        );
        assert_eq!(run("a / 3", &[("a", "100")]), Ok("33.3333".into()));
        assert_eq!(run("a / 3 * 3", &[("a", "100")]), Ok("99.9999".into()));
        assert_eq!(run("round(a / 3, 2)", &[("a", "100")]), Ok("33.33".into()));
        assert_eq!(run("round(2.5)", &[]), Ok("3".into()));
        assert_eq!(run("round(-2.5)", &[]), Ok("-3".into()));
        assert_eq!(run("round(1.005, 2)", &[]), Ok("1.01".into()));
        assert_eq!(run("round(a, 1)", &[("a", "-0.05")]), Ok("-0.1".into()));
    }

    #[test]
    fn money_display_rounds_half_up_to_the_fen() {
        let v = eval(&parse("a / 8").unwrap(), &|_| "1".parse().ok()).unwrap();
        assert_eq!(v.to_string(), "0.125");
        assert_eq!(v.to_money_string(), "0.13");
    }

    #[test]
    fn runtime_errors() {
        assert_eq!(
            run("a / b", &[("a", "1"), ("b", "0")]),
            Err(EvalError::DivisionByZero {
                span: Span::new(4, 5)
            })
        );
        assert_eq!(
            run("a + nope", &[("a", "1")]),
            Err(EvalError::Missing {
                field: "nope".into(),
                span: Span::new(4, 8)
            })
        );
        assert!(matches!(
            run("a * a", &[("a", "99999999999")]),
            Err(EvalError::Overflow { .. })
        ));
        assert!(matches!(
            run("round(a, b)", &[("a", "1"), ("b", "7")]),
            Err(EvalError::BadDigits { .. })
        ));
    }

    #[test]
    fn min_max_abs() {
        assert_eq!(run("max(1, 3, 2)", &[]), Ok("3".into()));
        assert_eq!(run("min(1, -3, 2)", &[]), Ok("-3".into()));
        assert_eq!(run("abs(0 - 4.5)", &[]), Ok("4.5".into()));
    }
}
