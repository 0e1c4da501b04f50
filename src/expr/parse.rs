//! Tokenizer and recursive-descent parser for `compute` expressions.
//!
//! Authors type with Chinese input methods, so every ASCII character of the syntax also works as
//! its full-width twin (`（` `）` `，` `＋` `－` `＊` `／`, full-width digits and letters, the
//! ideographic space), and `×` `÷` `−` are read as `*` `/` `-`. Spans always refer to the
//! author's original bytes, so a diagnostic underlines exactly what they typed.
//!
//! Grammar (usual precedence, left associative):
//!
//! ```text
//! expr    = term (("+" | "-") term)*
//! term    = unary (("*" | "/") unary)*
//! unary   = "-" unary | primary
//! primary = number | id | id "(" expr ("," expr)* ")" | "(" expr ")"
//! number  = digits ["." digits]          at most 4 decimals
//! id      = [a-z][a-z0-9_]*
//! ```

use crate::expr::ast::{BinOp, Expr, ExprError, ExprKind, Func, Span};
use crate::expr::decimal::{fold_width, InputError};
use crate::expr::suggest::closest;
use crate::expr::Decimal;

/// Nesting deeper than this is refused instead of risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(Decimal),
    Id(String),
    Op(BinOp),
    LParen,
    RParen,
    Comma,
    Eof,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    span: Span,
}

/// Parses an expression such as `max(0, paid - lessons_used * lesson_price - 800)`.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = tokenize(src)?;
    if tokens.len() == 1 {
        return Err(
            ExprError::new(Span::new(0, src.len()), "the expression is empty")
                .help("write a formula such as `paid - 800`"),
        );
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let expr = p.expr()?;
    let next = p.peek().clone();
    match next.tok {
        Tok::Eof => Ok(expr),
        Tok::RParen => {
            Err(ExprError::new(next.span, "unmatched `)`")
                .help("remove it, or add the `(` it closes"))
        }
        Tok::Comma => Err(ExprError::new(next.span, "unexpected `,`").help(
            "commas only separate function arguments; write numbers without thousands separators",
        )),
        _ => Err(ExprError::new(
            next.span,
            format!("expected an operator before {}", describe(&next.tok)),
        )
        .help("join values with `+`, `-`, `*` or `/`")),
    }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Num(n) => format!("the number `{n}`"),
        Tok::Id(id) => format!("`{id}`"),
        Tok::Op(op) => format!("`{}`", op.symbol()),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Eof => "the end of the expression".into(),
    }
}

/// Splits the source into tokens, folding full-width characters.
fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<(usize, char)> = src
        .char_indices()
        .map(|(i, c)| (i, fold_width(c)))
        .collect();
    let end_of = |k: usize| chars.get(k).map_or(src.len(), |&(i, _)| i);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let single = |tok| Token {
            tok,
            span: Span::new(start, end_of(k + 1)),
        };
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                k += 1;
                continue;
            }
            '+' => out.push(single(Tok::Op(BinOp::Add))),
            '-' => out.push(single(Tok::Op(BinOp::Sub))),
            '*' => out.push(single(Tok::Op(BinOp::Mul))),
            '/' => out.push(single(Tok::Op(BinOp::Div))),
            '(' => out.push(single(Tok::LParen)),
            ')' => out.push(single(Tok::RParen)),
            ',' | '、' => out.push(single(Tok::Comma)),
            '0'..='9' | '.' => {
                let mut j = k;
                while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
                    j += 1;
                }
                let text: String = chars[k..j].iter().map(|&(_, c)| c).collect();
                let span = Span::new(start, end_of(j));
                if j < chars.len() && (chars[j].1.is_ascii_alphabetic() || chars[j].1 == '_') {
                    let mut m = j;
                    while m < chars.len()
                        && (chars[m].1.is_ascii_alphanumeric() || chars[m].1 == '_')
                    {
                        m += 1;
                    }
                    let name: String = chars[j..m].iter().map(|&(_, c)| c).collect();
                    return Err(ExprError::new(
                        Span::new(start, end_of(m)),
                        "a number directly followed by a name",
                    )
                    .help(format!(
                        "write `{text} * {name}` to multiply; field ids start with a letter"
                    )));
                }
                out.push(Token {
                    tok: Tok::Num(number(&text, span)?),
                    span,
                });
                k = j;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut j = k;
                while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '_') {
                    j += 1;
                }
                let name: String = chars[k..j].iter().map(|&(_, c)| c).collect();
                let span = Span::new(start, end_of(j));
                if name.starts_with('_') {
                    return Err(ExprError::new(span, format!("`{name}` is not a valid id"))
                        .help("field ids start with a lowercase letter"));
                }
                if name.bytes().any(|b| b.is_ascii_uppercase()) {
                    let lower = name.to_ascii_lowercase();
                    return Err(
                        ExprError::new(span, format!("`{name}` has capital letters"))
                            .help(format!("field ids are lowercase: write `{lower}`")),
                    );
                }
                out.push(Token {
                    tok: Tok::Id(name),
                    span,
                });
                k = j;
                continue;
            }
            other => {
                return Err(unexpected_char(
                    other,
                    Span::new(start, end_of(k + 1)),
                    out.is_empty(),
                ))
            }
        }
        k += 1;
    }
    out.push(Token {
        tok: Tok::Eof,
        span: Span::new(src.len(), src.len()),
    });
    Ok(out)
}

fn number(text: &str, span: Span) -> Result<Decimal, ExprError> {
    text.parse::<Decimal>().map_err(|e| match e {
        InputError::TooManyDecimals { max } => {
            ExprError::new(span, format!("`{text}` has more than {max} decimal places"))
                .help("round the constant, or write it as a fraction such as `1 / 3`")
        }
        InputError::TooLarge => ExprError::new(span, format!("`{text}` is too large"))
            .help("numbers must be below 100,000,000,000,000"),
        _ => ExprError::new(span, format!("`{text}` is not a number"))
            .help("write numbers like `800` or `0.05`"),
    })
}

fn unexpected_char(c: char, span: Span, at_start: bool) -> ExprError {
    let err = ExprError::new(span, format!("unexpected character `{c}`"));
    match c {
        '=' if at_start => err.help("leave out the leading `=`: write just the formula"),
        '=' | '<' | '>' => err.help("comparisons are not supported; use `max` or `min`"),
        '%' => err.help("write a percentage as a fraction: `0.05` or `5 / 100`"),
        '^' => err.help("there is no power operator; multiply instead"),
        '¥' | '￥' | '$' | '元' => err.help("leave out the currency; amounts are in yuan"),
        '。' => err.help("use `.` as the decimal point"),
        '—' => err.help("use `-` for minus"),
        c if !c.is_ascii() => {
            err.help("refer to fields by their id (such as `paid`), not by their label")
        }
        _ => err,
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(
                ExprError::new(self.peek().span, "the expression is nested too deeply")
                    .help(format!("use at most {MAX_DEPTH} levels of parentheses")),
            );
        }
        let mut lhs = self.term()?;
        while let Tok::Op(op @ (BinOp::Add | BinOp::Sub)) = self.peek().tok {
            self.bump();
            let rhs = self.term()?;
            lhs = binary(op, lhs, rhs);
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let mut lhs = self.unary()?;
        while let Tok::Op(op @ (BinOp::Mul | BinOp::Div)) = self.peek().tok {
            self.bump();
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs);
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek().tok == Tok::Op(BinOp::Sub) {
            let minus = self.bump();
            // Recursing through `unary` for `- - - x` is bounded by the depth check in `expr`
            // only for parentheses, so count minus signs against the same budget.
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(ExprError::new(minus.span, "too many minus signs in a row"));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            let span = minus.span.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let t = self.bump();
        match t.tok {
            Tok::Num(n) => Ok(Expr {
                kind: ExprKind::Num(n),
                span: t.span,
            }),
            Tok::Id(name) => {
                if self.peek().tok == Tok::LParen {
                    self.call(name, t.span)
                } else {
                    Ok(Expr {
                        kind: ExprKind::Field(name),
                        span: t.span,
                    })
                }
            }
            Tok::LParen => {
                let inner = self.expr()?;
                self.close(t.span)?;
                Ok(inner)
            }
            Tok::Eof => Err(ExprError::new(t.span, "the expression ends too early")
                .help("expected a number, a field id or `(`")),
            other => Err(ExprError::new(
                t.span,
                format!("expected a value, found {}", describe(&other)),
            )
            .help("expected a number, a field id or `(`")),
        }
    }

    /// Expects the `)` matching the `(` at `open`.
    fn close(&mut self, open: Span) -> Result<Span, ExprError> {
        let t = self.peek().clone();
        match t.tok {
            Tok::RParen => {
                self.bump();
                Ok(t.span)
            }
            Tok::Eof => Err(ExprError::new(open, "unclosed `(`").help("add the missing `)`")),
            other => Err(ExprError::new(
                t.span,
                format!("expected `)` or an operator, found {}", describe(&other)),
            )
            .help("join values with `+`, `-`, `*` or `/`")),
        }
    }

    fn call(&mut self, name: String, name_span: Span) -> Result<Expr, ExprError> {
        let Some(func) = Func::from_name(&name) else {
            let names: Vec<&str> = Func::ALL.iter().map(|f| f.name()).collect();
            let help = match closest(&name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the functions are max, min, round and abs; to multiply write `{name} * (…)`"
                ),
            };
            return Err(ExprError::new(name_span, format!("unknown function `{name}`")).help(help));
        };
        let open = self.bump().span;
        let mut args = Vec::new();
        if self.peek().tok == Tok::RParen {
            let close = self.bump().span;
            return Ok(Expr {
                kind: ExprKind::Call(func, args),
                span: name_span.to(close),
            });
        }
        loop {
            args.push(self.expr()?);
            if self.peek().tok == Tok::Comma {
                self.bump();
                continue;
            }
            let close = self.close(open)?;
            return Ok(Expr {
                kind: ExprKind::Call(func, args),
                span: name_span.to(close),
            });
        }
    }
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(src: &str) -> String {
        parse(src).unwrap().to_string()
    }

    fn err(src: &str) -> ExprError {
        parse(src).unwrap_err()
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(canon("a + b * c"), "(a + (b * c))");
        assert_eq!(canon("a - b - c"), "((a - b) - c)");
        assert_eq!(canon("a / b / c"), "((a / b) / c)");
        assert_eq!(canon("-a * b"), "((-a) * b)");
        assert_eq!(canon("(a + b) * c"), "((a + b) * c)");
        assert_eq!(canon("- - 3"), "(-(-3))");
        assert_eq!(
            canon("max(0, paid - lessons_used * lesson_price - 800 - other_deductions)"),
            "max(0, (((paid - (lessons_used * lesson_price)) - 800) - other_deductions))"
        );
        assert_eq!(canon("round(x, 2)"), "round(x, 2)");
    }

    #[test]
    fn full_width_syntax() {
        assert_eq!(
            canon("ｍａｘ（０，ｐａｉｄ－８００）"),
            "max(0, (paid - 800))"
        );
        assert_eq!(canon("a × b ÷ 2"), "((a * b) / 2)");
        assert_eq!(canon("max(a、b)"), "max(a, b)");
        assert_eq!(canon("a\u{3000}−\u{3000}１．５"), "(a - 1.5)");
    }

    #[test]
    fn spans_are_byte_offsets_of_the_source() {
        let e = parse("（paid）＋ 800").unwrap();
        assert_eq!(e.span, Span::new(3, 17));
        let ExprKind::Binary(_, l, r) = &e.kind else {
            panic!()
        };
        assert_eq!(l.span, Span::new(3, 7));
        assert_eq!(r.span, Span::new(14, 17));
    }

    #[test]
    fn errors_with_spans() {
        let cases: &[(&str, (usize, usize), &str)] = &[
            ("", (0, 0), "the expression is empty"),
            ("   ", (0, 3), "the expression is empty"),
            ("paid -", (6, 6), "the expression ends too early"),
            ("(paid - 800", (0, 1), "unclosed `(`"),
            ("max(a, b", (3, 4), "unclosed `(`"),
            ("paid)", (4, 5), "unmatched `)`"),
            (
                "paid 800",
                (5, 8),
                "expected an operator before the number `800`",
            ),
            ("(a b)", (3, 4), "expected `)` or an operator, found `b`"),
            ("a + * b", (4, 5), "expected a value, found `*`"),
            ("2x", (0, 2), "a number directly followed by a name"),
            ("1.2.3", (0, 5), "`1.2.3` is not a number"),
            ("1.", (0, 2), "`1.` is not a number"),
            (
                "0.12345",
                (0, 7),
                "`0.12345` has more than 4 decimal places",
            ),
            ("Paid", (0, 4), "`Paid` has capital letters"),
            ("_x", (0, 2), "`_x` is not a valid id"),
            ("已缴费用 - 800", (0, 3), "unexpected character `已`"),
            ("paid * 5%", (8, 9), "unexpected character `%`"),
            ("=a+b", (0, 1), "unexpected character `=`"),
            ("sum(a, b)", (0, 3), "unknown function `sum`"),
            ("paid - 12,000", (9, 10), "unexpected `,`"),
            ("maxx(a, b)", (0, 4), "unknown function `maxx`"),
        ];
        for &(src, (start, end), message) in cases {
            let e = err(src);
            assert_eq!(
                (e.span, e.message.as_str()),
                (Span::new(start, end), message),
                "{src:?}"
            );
        }
    }

    #[test]
    fn error_help() {
        assert_eq!(
            err("2x").help.unwrap(),
            "write `2 * x` to multiply; field ids start with a letter"
        );
        assert_eq!(err("maxx(a, b)").help.unwrap(), "did you mean `max`?");
        assert_eq!(
            err("Paid").help.unwrap(),
            "field ids are lowercase: write `paid`"
        );
        assert!(err("=a+b").help.unwrap().contains("leading `=`"));
        assert!(err("已缴费用").help.unwrap().contains("not by their label"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(err(&deep).message, "the expression is nested too deeply");
        let ok = format!("{}1{}", "(".repeat(30), ")".repeat(30));
        assert!(parse(&ok).is_ok());
        assert!(parse(&"-".repeat(200)).is_err());
    }
}
