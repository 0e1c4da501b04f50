//! Computed form fields: the expression language of `compute = "…"`.
//!
//! A form field may carry `compute = "max(0, paid - lessons_used * lesson_price - 800)"`. This
//! crate parses such expressions ([`parse`]), checks them against the form's fields
//! ([`check`], [`check_field`]), evaluates them exactly ([`eval`]), turns them into JavaScript for
//! the fillable page ([`to_js`], run by `theme/form.js`), and writes amounts in Chinese capital
//! numerals ([`capital_rmb`]).
//!
//! Money must never be off by a fen between the printed form and what the compiler or a person
//! computes, so arithmetic is exact fixed point ([`Decimal`], four decimals, half away from zero)
//! and `theme/form.js` reimplements the same operations with `BigInt`. `tests/golden.tsv` pins
//! both to the same table.

pub mod ast;
mod capital;
mod check;
mod decimal;
mod eval;
mod js;
mod parse;
mod print;
mod suggest;

pub use ast::{BinOp, Expr, ExprError, ExprKind, FieldType, Func, Span, ValueType};
pub use capital::capital_rmb;
pub use check::{check, check_field};
pub use decimal::{Decimal, InputError, Overflow, SCALE};
pub use eval::{eval, EvalError};
pub use js::to_js;
pub use parse::parse;
pub use print::print_footer_style;

/// How a computed value is written in an `<output>` and in the golden table: money with exactly
/// two decimals after rounding to the fen (`9200.00`), a number in its shortest exact form
/// (`3.5`). form.js's `format` does the same (plus thousands separators on screen).
pub fn format_value(value: Decimal, ty: ValueType) -> String {
    match ty {
        ValueType::Money => value.to_money_string(),
        ValueType::Number => value.to_string(),
    }
}

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Compute;
use crate::parse::Located;

fn field_type(ty: crate::parse::FieldType) -> FieldType {
    use crate::parse::FieldType as T;
    match ty {
        T::Money => FieldType::Money,
        T::Number => FieldType::Number,
        T::Text => FieldType::Text,
        T::Date => FieldType::Date,
        T::Choice => FieldType::Choice,
        T::Checkbox => FieldType::Checkbox,
        T::Multiline => FieldType::Multiline,
    }
}

/// Checks a field's `compute` expression against the form's fields and compiles it for the
/// page. Errors are located inside the expression string in the source file.
pub fn compile(
    source: &Located<String>,
    target: crate::parse::FieldType,
    types: &HashMap<&str, crate::parse::FieldType>,
    diagnostics: &mut Diagnostics,
) -> Option<Compute> {
    let report = |e: ExprError, diagnostics: &mut Diagnostics| {
        let mut d = Diagnostic::new(Code::InvalidExpression, e.message).at(source
            .span
            .sub(e.span.start, e.span.end.saturating_sub(e.span.start)));
        if let Some(help) = e.help {
            d = d.help(help);
        }
        diagnostics.push(d);
    };
    let expr = match parse(&source.value) {
        Ok(expr) => expr,
        Err(e) => {
            report(e, diagnostics);
            return None;
        }
    };
    let lookup = |id: &str| types.get(id).copied().map(field_type);
    if let Err(errors) = check_field(&expr, &lookup, field_type(target)) {
        for e in errors {
            report(e, diagnostics);
        }
        return None;
    }
    Some(Compute {
        source: source.value.clone(),
        js: to_js(&expr),
        deps: expr.fields().into_iter().map(str::to_string).collect(),
    })
}
