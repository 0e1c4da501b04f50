//! Type checking: every field exists and is numeric, and units make sense.
//!
//! Units are tracked so the classic mistakes of a hand-made refund formula are caught when the
//! handbook is built, not at the counter: adding a lesson count to yuan (`paid - lessons_used`),
//! multiplying two amounts of money, dividing by yuan. Literals are unitless, and so is a count
//! scaled by a literal (the literal may be a price), so `paid - 800`, `lessons_used * 150` and
//! `paid - docs_returned * 50` are fine while `paid - lessons_used` is not. Literal
//! subexpressions are folded, which finds `x / 0` and `x / (2 - 2)` and checks the digits of
//! `round`.

use crate::expr::ast::{BinOp, Expr, ExprError, ExprKind, FieldType, Func, Span, ValueType};
use crate::expr::suggest::neighbours;
use crate::expr::Decimal;

/// The type of a subexpression while checking.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ty {
    Money,
    Number,
    /// A number scaled by a literal (`lessons_used * 150`, `docs_returned * 50`): the literal may
    /// be a price, so it fits either unit.
    Flex,
    /// Only literals: fits either unit. Holds the folded value unless folding failed.
    Const(Option<Decimal>),
    /// Already reported; suppresses follow-on errors.
    Error,
}

/// Checks an expression against the form's fields and returns what it computes.
///
/// `fields` maps a field id to its declared type (`None`: no such field). Errors are returned
/// all at once, ordered by position. A checkbox reads as 1 (ticked) or 0.
pub fn check(
    expr: &Expr,
    fields: &dyn Fn(&str) -> Option<FieldType>,
) -> Result<ValueType, Vec<ExprError>> {
    let (ty, errors) = infer(expr, fields);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match ty {
        Ty::Money => ValueType::Money,
        _ => ValueType::Number,
    })
}

/// Like [`check`], and also that the result fits the computed field's own type: a money field
/// needs money or a constant (`compute = "800"`), a number field must not get money.
pub fn check_field(
    expr: &Expr,
    fields: &dyn Fn(&str) -> Option<FieldType>,
    target: FieldType,
) -> Result<ValueType, Vec<ExprError>> {
    let (ty, mut errors) = infer(expr, fields);
    let mismatch = match (target, ty) {
        (_, Ty::Error) => None,
        (FieldType::Money, Ty::Number) => Some(
            ExprError::new(expr.span, "the formula gives a plain number, not an amount of money")
                .help("multiply the count by a price (such as `lessons_used * lesson_price`), or make the field a number"),
        ),
        (FieldType::Number, Ty::Money) => Some(
            ExprError::new(expr.span, "the formula gives an amount of money, not a plain number")
                .help("make the field's type `money`"),
        ),
        (FieldType::Money | FieldType::Number, _) => None,
        _ => Some(
            ExprError::new(expr.span, "only money and number fields can be computed")
                .help("change the field's type to `money` or `number`, or remove `compute`"),
        ),
    };
    errors.extend(mismatch);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    if errors.is_empty() {
        Ok(if ty == Ty::Money {
            ValueType::Money
        } else {
            ValueType::Number
        })
    } else {
        Err(errors)
    }
}

fn infer(expr: &Expr, fields: &dyn Fn(&str) -> Option<FieldType>) -> (Ty, Vec<ExprError>) {
    let mut checker = Checker {
        fields,
        errors: Vec::new(),
        silenced: Vec::new(),
    };
    checker.split_ids(expr);
    let ty = checker.expr(expr);
    let mut errors = checker.errors;
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    (ty, errors)
}

struct Checker<'a> {
    fields: &'a dyn Fn(&str) -> Option<FieldType>,
    errors: Vec<ExprError>,
    /// Field references already covered by a better diagnostic.
    silenced: Vec<Span>,
}

impl Checker<'_> {
    fn error(&mut self, e: ExprError) -> Ty {
        self.errors.push(e);
        Ty::Error
    }

    fn expr(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Num(n) => Ty::Const(Some(*n)),
            ExprKind::Field(id) => self.field(id, e.span),
            ExprKind::Neg(inner) => match self.expr(inner) {
                Ty::Const(v) => Ty::Const(v.map(|v| -v)),
                t => t,
            },
            ExprKind::Binary(op, l, r) => {
                let lt = self.expr(l);
                let rt = self.expr(r);
                self.binary(*op, e.span, lt, rt, r.span)
            }
            ExprKind::Call(func, args) => {
                let tys: Vec<Ty> = args.iter().map(|a| self.expr(a)).collect();
                self.call(*func, e.span, args, &tys)
            }
        }
    }

    fn field(&mut self, id: &str, span: Span) -> Ty {
        if self.silenced.contains(&span) {
            return Ty::Error;
        }
        match (self.fields)(id) {
            Some(FieldType::Money) => Ty::Money,
            Some(FieldType::Number | FieldType::Checkbox) => Ty::Number,
            Some(kind) => {
                let what = match kind {
                    FieldType::Text => "a text field",
                    FieldType::Date => "a date field",
                    FieldType::Choice => "a choice field",
                    _ => "a multi-line text field",
                };
                self.error(
                    ExprError::new(span, format!("`{id}` is {what}, not a number"))
                        .help("only money, number and checkbox fields can be used in a formula"),
                )
            }
            None => {
                let err = ExprError::new(span, format!("unknown field `{id}`"));
                let err = if let Some(f) = Func::from_name(id) {
                    err.help(format!("`{0}` is a function: write `{0}(a, b)`", f.name()))
                } else if let Some(best) = neighbours(id)
                    .into_iter()
                    .find(|n| (self.fields)(n).is_some())
                {
                    err.help(format!("did you mean `{best}`?"))
                } else {
                    err.help("use the `id` of a field of this form")
                };
                self.error(err)
            }
        }
    }

    /// `lessons-used` parses as `lessons - used` (and `lessons-used * price` even as
    /// `lessons - used * price`). When two adjacent ids joined by `_` name a field and neither
    /// half does, report that once instead of two unknown fields.
    fn split_ids(&mut self, expr: &Expr) {
        let mut leaves: Vec<(&str, Span)> = Vec::new();
        expr.walk(&mut |e| {
            if let ExprKind::Field(id) = &e.kind {
                leaves.push((id, e.span));
            }
        });
        leaves.sort_by_key(|&(_, span)| span.start);
        let fields = self.fields;
        for pair in leaves.windows(2) {
            let [(a, a_span), (b, b_span)] = pair else {
                continue;
            };
            let joined = format!("{a}_{b}");
            if b_span.start != a_span.end + 1
                || fields(a).is_some()
                || fields(b).is_some()
                || fields(&joined).is_none()
            {
                continue;
            }
            self.silenced.extend([*a_span, *b_span]);
            self.errors.push(
                ExprError::new(
                    a_span.to(*b_span),
                    format!("`{a}-{b}` reads as `{a}` minus `{b}`"),
                )
                .help(format!("field ids use `_`: write `{joined}`")),
            );
        }
    }

    fn binary(&mut self, op: BinOp, span: Span, l: Ty, r: Ty, r_span: Span) -> Ty {
        use Ty::*;
        if op == BinOp::Div && r == Const(Some(Decimal::ZERO)) {
            return self.error(ExprError::new(r_span, "division by zero"));
        }
        if l == Error || r == Error {
            return Error;
        }
        if let (Const(a), Const(b)) = (l, r) {
            return Const(fold(op, a, b));
        }
        match op {
            BinOp::Add | BinOp::Sub => match (l, r) {
                (Money, Number) | (Number, Money) => {
                    let verb = if op == BinOp::Add {
                        "adds"
                    } else {
                        "subtracts"
                    };
                    self.error(
                        ExprError::new(span, format!("this {verb} a plain number and an amount of money"))
                            .help("multiply the count by a price first (such as `lessons_used * lesson_price`), or make the field a money field"),
                    );
                    Money
                }
                (Money, _) | (_, Money) => Money,
                (Number, _) | (_, Number) => Number,
                _ => Flex,
            },
            BinOp::Mul => match (l, r) {
                (Money, Money) => {
                    self.error(
                        ExprError::new(span, "this multiplies two amounts of money").help(
                            "one side should be a count or a rate (a number field or a constant)",
                        ),
                    );
                    Money
                }
                (Money, _) | (_, Money) => Money,
                (Number, Number) => Number,
                _ => Flex,
            },
            BinOp::Div => match (l, r) {
                (Money, Money) => Number,
                (Money, _) => Money,
                (_, Money) => {
                    self.error(
                        ExprError::new(span, "this divides by an amount of money")
                            .help("divide money by a count, or money by money to get a ratio"),
                    );
                    Number
                }
                (Number, Number) => Number,
                _ => Flex,
            },
        }
    }

    fn call(&mut self, func: Func, span: Span, args: &[Expr], tys: &[Ty]) -> Ty {
        let arity_ok = match func {
            Func::Max | Func::Min => args.len() >= 2,
            Func::Abs => args.len() == 1,
            Func::Round => matches!(args.len(), 1 | 2),
        };
        if !arity_ok {
            let wants = match func {
                Func::Max | Func::Min => "at least 2 arguments",
                Func::Abs => "1 argument",
                Func::Round => "1 or 2 arguments (`round(x)` or `round(x, digits)`)",
            };
            return self.error(ExprError::new(
                span,
                format!("`{}` takes {wants}, found {}", func.name(), args.len()),
            ));
        }
        if tys.contains(&Ty::Error) {
            return Ty::Error;
        }
        match func {
            Func::Abs => match tys[0] {
                Ty::Const(v) => Ty::Const(v.map(Decimal::abs)),
                t => t,
            },
            Func::Round => {
                let digits = match tys.get(1) {
                    None => Some(0),
                    Some(Ty::Const(Some(d))) => round_digits(*d),
                    Some(_) => None,
                };
                let Some(digits) = digits else {
                    return self.error(
                        ExprError::new(args[1].span, "the digits of `round` must be a whole number from 0 to 4")
                            .help("`round(x)` rounds to whole yuan, `round(x, 1)` to jiao, `round(x, 2)` to fen"),
                    );
                };
                match tys[0] {
                    Ty::Const(v) => Ty::Const(v.map(|v| v.round_dp(digits))),
                    t => t,
                }
            }
            Func::Max | Func::Min => {
                let has_money = tys.contains(&Ty::Money);
                let has_number = tys.contains(&Ty::Number);
                if has_money && has_number {
                    self.error(
                        ExprError::new(span, format!("`{}` compares money with plain numbers", func.name()))
                            .help("give every argument the same unit: all amounts of money, or all counts"),
                    );
                    return Ty::Money;
                }
                if has_money {
                    Ty::Money
                } else if has_number {
                    Ty::Number
                } else if tys.contains(&Ty::Flex) {
                    Ty::Flex
                } else {
                    let values: Option<Vec<Decimal>> = tys
                        .iter()
                        .map(|t| if let Ty::Const(v) = t { *v } else { None })
                        .collect();
                    let folded = values.and_then(|v| {
                        if func == Func::Max {
                            v.into_iter().max()
                        } else {
                            v.into_iter().min()
                        }
                    });
                    Ty::Const(folded)
                }
            }
        }
    }
}

fn round_digits(d: Decimal) -> Option<u32> {
    (0..=4).find(|&n| Decimal::from_int(i64::from(n)) == Some(d))
}

fn fold(op: BinOp, a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    let (a, b) = (a?, b?);
    match op {
        BinOp::Add => a.checked_add(b).ok(),
        BinOp::Sub => a.checked_sub(b).ok(),
        BinOp::Mul => a.checked_mul(b).ok(),
        BinOp::Div => a.checked_div(b)?.ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    fn fields(id: &str) -> Option<FieldType> {
        Some(match id {
            "paid" | "lesson_price" | "other_deductions" | "fee" => FieldType::Money,
            "lessons_used" | "count" => FieldType::Number,
            "docs_returned" => FieldType::Checkbox,
            "student_name" => FieldType::Text,
            "signed_on" => FieldType::Date,
            "reason" => FieldType::Multiline,
            "grade" => FieldType::Choice,
            _ => return None,
        })
    }

    fn ty(src: &str) -> ValueType {
        check(&parse(src).unwrap(), &fields).unwrap()
    }

    fn errs(src: &str) -> Vec<(usize, usize, String, Option<String>)> {
        check(&parse(src).unwrap(), &fields)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.span.start, e.span.end, e.message, e.help))
            .collect()
    }

    fn first(src: &str) -> (usize, usize, String) {
        let e = errs(src).remove(0);
        (e.0, e.1, e.2)
    }

    #[test]
    fn result_types() {
        assert_eq!(
            ty("max(0, paid - lessons_used * lesson_price - 800 - other_deductions)"),
            ValueType::Money
        );
        assert_eq!(ty("800"), ValueType::Number);
        assert_eq!(ty("lessons_used * 2 + count"), ValueType::Number);
        assert_eq!(ty("paid / lesson_price"), ValueType::Number);
        assert_eq!(ty("paid / 3"), ValueType::Money);
        assert_eq!(ty("round(paid * 0.05, 2)"), ValueType::Money);
        assert_eq!(ty("docs_returned * 50 + paid"), ValueType::Money);
        assert_eq!(ty("lessons_used * 150"), ValueType::Number);
        assert_eq!(ty("paid - lessons_used * 150"), ValueType::Money);
        assert_eq!(ty("abs(-paid)"), ValueType::Money);
        assert_eq!(ty("min(1, 2, 3)"), ValueType::Number);
    }

    #[test]
    fn unknown_fields_suggest() {
        assert_eq!(
            errs("paid - lesson_used * lesson_price"),
            vec![(
                7,
                18,
                "unknown field `lesson_used`".into(),
                Some("did you mean `lessons_used`?".into())
            )]
        );
        assert_eq!(errs("piad")[0].3.as_deref(), Some("did you mean `paid`?"));
        assert_eq!(
            errs("zzz")[0].3.as_deref(),
            Some("use the `id` of a field of this form")
        );
        assert_eq!(
            errs("max + 1")[0].3.as_deref(),
            Some("`max` is a function: write `max(a, b)`")
        );
    }

    #[test]
    fn hyphenated_ids() {
        let e = errs("paid - lessons-used * lesson_price");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].0, e[0].1), (7, 19));
        assert_eq!(e[0].2, "`lessons-used` reads as `lessons` minus `used`");
        assert_eq!(
            e[0].3.as_deref(),
            Some("field ids use `_`: write `lessons_used`")
        );
    }

    #[test]
    fn non_numeric_fields() {
        assert_eq!(
            first("paid + student_name"),
            (7, 19, "`student_name` is a text field, not a number".into())
        );
        assert_eq!(
            first("signed_on - 1").2,
            "`signed_on` is a date field, not a number"
        );
        assert_eq!(
            first("reason").2,
            "`reason` is a multi-line text field, not a number"
        );
        assert_eq!(
            first("grade * 2").2,
            "`grade` is a choice field, not a number"
        );
    }

    #[test]
    fn unit_errors() {
        assert_eq!(
            first("paid * lesson_price"),
            (0, 19, "this multiplies two amounts of money".into())
        );
        assert_eq!(
            first("paid - lessons_used"),
            (
                0,
                19,
                "this subtracts a plain number and an amount of money".into()
            )
        );
        assert_eq!(first("100 / paid").2, "this divides by an amount of money");
        assert_eq!(
            first("max(paid, lessons_used)").2,
            "`max` compares money with plain numbers"
        );
    }

    #[test]
    fn division_by_literal_zero() {
        assert_eq!(first("paid / 0"), (7, 8, "division by zero".into()));
        assert_eq!(first("paid / (2 - 2)"), (8, 13, "division by zero".into()));
        assert_eq!(first("paid / -0.0"), (7, 11, "division by zero".into()));
        // A field that may be zero is a runtime matter (an empty output), not a build error.
        assert_eq!(ty("paid / lessons_used"), ValueType::Money);
    }

    #[test]
    fn arity() {
        assert_eq!(
            first("max(paid)"),
            (0, 9, "`max` takes at least 2 arguments, found 1".into())
        );
        assert_eq!(
            first("min()").2,
            "`min` takes at least 2 arguments, found 0"
        );
        assert_eq!(first("abs(1, 2)").2, "`abs` takes 1 argument, found 2");
        assert!(first("round(paid, 2, 3)")
            .2
            .starts_with("`round` takes 1 or 2 arguments"));
        assert_eq!(
            first("round(paid, count)"),
            (
                12,
                17,
                "the digits of `round` must be a whole number from 0 to 4".into()
            )
        );
        assert_eq!(first("round(paid, 5)").0, 12);
        assert_eq!(first("round(paid, 1.5)").0, 12);
        assert_eq!(ty("round(paid, 4 - 2)"), ValueType::Money);
    }

    #[test]
    fn several_errors_in_order() {
        let e = errs("foo + bar * paid / 0");
        let messages: Vec<&str> = e.iter().map(|e| e.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field `foo`",
                "unknown field `bar`",
                "division by zero"
            ]
        );
    }

    #[test]
    fn field_targets() {
        let chk = |src: &str, t| check_field(&parse(src).unwrap(), &fields, t);
        assert_eq!(chk("800", FieldType::Money), Ok(ValueType::Number));
        assert_eq!(
            chk("lessons_used * 150", FieldType::Money),
            Ok(ValueType::Number)
        );
        assert_eq!(
            chk("lessons_used * 150", FieldType::Number),
            Ok(ValueType::Number)
        );
        assert_eq!(chk("paid - 800", FieldType::Money), Ok(ValueType::Money));
        assert_eq!(
            chk("paid / lesson_price", FieldType::Number),
            Ok(ValueType::Number)
        );
        let e = chk("lessons_used + 1", FieldType::Money).unwrap_err();
        assert_eq!(
            e[0].message,
            "the formula gives a plain number, not an amount of money"
        );
        let e = chk("paid", FieldType::Number).unwrap_err();
        assert_eq!(
            e[0].message,
            "the formula gives an amount of money, not a plain number"
        );
        let e = chk("paid", FieldType::Text).unwrap_err();
        assert_eq!(e[0].message, "only money and number fields can be computed");
        // No mismatch report on top of an unknown field.
        assert_eq!(chk("nope", FieldType::Money).unwrap_err().len(), 1);
    }
}
