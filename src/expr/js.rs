//! JavaScript generation for `<output data-compute="…">`.
//!
//! The code is one JavaScript expression over `v` (field id → exact value) and `H` (the helpers
//! `theme/form.js` exports as `HBForm.ops`). Values are `BigInt` counts of ten-thousandths, and
//! every helper mirrors the Rust operation of the same name, so page and compiler agree to the
//! last digit. Only ASCII is emitted and never a double quote or `<`, `&`: the compiler still
//! escapes it like any attribute value, but nothing can break out of `data-compute="…"`.

use crate::expr::ast::{BinOp, Expr, ExprKind, Func};

/// The JavaScript for an expression, e.g. `paid - 800` → `H.sub(H.f(v,'paid'),H.n('8000000'))`.
pub fn to_js(expr: &Expr) -> String {
    let mut out = String::new();
    emit(expr, &mut out);
    out
}

fn emit(expr: &Expr, out: &mut String) {
    match &expr.kind {
        // Literals travel as strings of units: BigInt literals (`1n`) are not ES2017 syntax, and
        // a string keeps values beyond 2^53 exact.
        ExprKind::Num(n) => {
            out.push_str("H.n('");
            out.push_str(&n.units().to_string());
            out.push_str("')");
        }
        // Ids are `[a-z][a-z0-9_]*`, always valid property names. `H.f` throws when the field
        // has no value, so `v.constructor` and friends cannot leak in either.
        ExprKind::Field(id) => {
            out.push_str("H.f(v,'");
            out.push_str(id);
            out.push_str("')");
        }
        ExprKind::Neg(inner) => call("neg", std::slice::from_ref(inner.as_ref()), out),
        ExprKind::Binary(op, l, r) => {
            let name = match op {
                BinOp::Add => "add",
                BinOp::Sub => "sub",
                BinOp::Mul => "mul",
                BinOp::Div => "div",
            };
            out.push_str("H.");
            out.push_str(name);
            out.push('(');
            emit(l, out);
            out.push(',');
            emit(r, out);
            out.push(')');
        }
        ExprKind::Call(func, args) => {
            let name = match func {
                Func::Max => "max",
                Func::Min => "min",
                Func::Round => "round",
                Func::Abs => "abs",
            };
            call(name, args, out);
        }
    }
}

fn call(name: &str, args: &[Expr], out: &mut String) {
    out.push_str("H.");
    out.push_str(name);
    out.push('(');
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        emit(a, out);
    }
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    #[test]
    fn shape() {
        let js = to_js(&parse("max(0, paid - lessons_used * lesson_price - 800)").unwrap());
        assert_eq!(
            js,
            "H.max(H.n('0'),H.sub(H.sub(H.f(v,'paid'),H.mul(H.f(v,'lessons_used'),H.f(v,'lesson_price'))),H.n('8000000')))"
        );
        assert_eq!(
            to_js(&parse("-round(a / 3, 2)").unwrap()),
            "H.neg(H.round(H.div(H.f(v,'a'),H.n('30000')),H.n('20000')))"
        );
        assert_eq!(to_js(&parse("abs(0.0001)").unwrap()), "H.abs(H.n('1'))");
    }

    #[test]
    fn attribute_safe() {
        let js = to_js(&parse("ｍａｘ（ｐａｉｄ，１．５）× 2").unwrap());
        assert!(js.is_ascii());
        assert!(!js.contains(['"', '<', '>', '&']));
    }
}
