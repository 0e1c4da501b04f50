//! tests/golden.tsv, checked twice: by `handbook::expr`, and by theme/form.js running under node
//! on the JavaScript that `to_js` generates. Both must reproduce every row exactly, which is what
//! keeps the printed form and the compiler from disagreeing by a fen.
//!
//! The node half needs `node` (v16+) on PATH. Without it the node tests print a notice and pass,
//! unless `CI` is set (to anything but `false`/`0`/empty): on CI a missing node is a failure, so
//! the check can never silently stop running there.

use handbook::expr::{
    capital_rmb, check, eval, format_value, parse, to_js, Decimal, EvalError, FieldType, ValueType,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Row {
    line: usize,
    expr: String,
    inputs: Vec<(String, String)>,
    ty: String,
    value: String,
    capital: String,
}

struct Golden {
    fields: HashMap<String, FieldType>,
    rows: Vec<Row>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn field_type(name: &str) -> FieldType {
    match name {
        "money" => FieldType::Money,
        "number" => FieldType::Number,
        "checkbox" => FieldType::Checkbox,
        other => panic!("golden.tsv: unsupported field type {other}"),
    }
}

fn load() -> Golden {
    let text = std::fs::read_to_string(root().join("tests/golden.tsv")).unwrap();
    let mut fields = HashMap::new();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(decl) = line.strip_prefix("#fields ") {
            for pair in decl.split_whitespace() {
                let (id, ty) = pair.split_once('=').unwrap();
                fields.insert(id.to_string(), field_type(ty));
            }
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "golden.tsv:{}: expected 5 columns", i + 1);
        let inputs = cols[1]
            .split(';')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        rows.push(Row {
            line: i + 1,
            expr: cols[0].into(),
            inputs,
            ty: cols[2].into(),
            value: cols[3].into(),
            capital: cols[4].into(),
        });
    }
    Golden { fields, rows }
}

/// What the Rust side produces for a row: (value, capital) in the table's notation.
fn rust_result(golden: &Golden, row: &Row) -> (String, String, String) {
    let expr = parse(&row.expr).unwrap_or_else(|e| panic!("golden.tsv:{}: {e}", row.line));
    let lookup = |id: &str| golden.fields.get(id).copied();
    let ty = check(&expr, &lookup).unwrap_or_else(|e| panic!("golden.tsv:{}: {e:?}", row.line));
    let ty_name = match ty {
        ValueType::Money => "money",
        ValueType::Number => "number",
    };
    let mut env = HashMap::new();
    for (id, typed) in &row.inputs {
        let decimals = match golden.fields[id] {
            FieldType::Money => 2,
            FieldType::Checkbox => 0,
            _ => 4,
        };
        match Decimal::parse_input(typed, decimals) {
            Ok(v) => {
                env.insert(id.as_str(), v);
            }
            Err(_) => return (ty_name.into(), "#input".into(), "-".into()),
        }
    }
    let (value, capital) = match eval(&expr, &|id| env.get(id).copied()) {
        Ok(v) => (
            format_value(v, ty),
            match ty {
                ValueType::Money => capital_rmb(v),
                ValueType::Number => "-".into(),
            },
        ),
        Err(EvalError::Missing { .. }) => ("#missing".into(), "-".into()),
        Err(EvalError::DivisionByZero { .. }) => ("#div0".into(), "-".into()),
        Err(EvalError::Overflow { .. }) => ("#overflow".into(), "-".into()),
        Err(e) => panic!("golden.tsv:{}: {e}", row.line),
    };
    (ty_name.into(), value, capital)
}

#[test]
fn golden_table_has_enough_rows() {
    assert!(load().rows.len() >= 40);
}

#[test]
fn rust_matches_golden_table() {
    let golden = load();
    let mut failures = Vec::new();
    for row in &golden.rows {
        let got = rust_result(&golden, row);
        let want = (row.ty.clone(), row.value.clone(), row.capital.clone());
        if got != want {
            failures.push(format!(
                "golden.tsv:{} `{}`: got {got:?}, want {want:?}",
                row.line, row.expr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Runs tests/node_harness.js on (generated JS, inputs, field types) and compares what form.js
/// computes with the table.
#[test]
fn form_js_matches_golden_table() {
    let golden = load();
    let mut job = String::new();
    for (id, ty) in &golden.fields {
        let name = match ty {
            FieldType::Money => "money",
            FieldType::Checkbox => "checkbox",
            _ => "number",
        };
        job.push_str(&format!("#field\t{id}\t{name}\n"));
    }
    for row in &golden.rows {
        let js = to_js(&parse(&row.expr).unwrap());
        let inputs: Vec<String> = row.inputs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        job.push_str(&format!("{js}\t{}\t{}\n", inputs.join(";"), row.ty));
    }
    let dir = std::env::temp_dir().join(format!("handbook-expr-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let job_path = dir.join("job.tsv");
    std::fs::write(&job_path, job).unwrap();

    let out = run_node(&root().join("tests/node_harness.js"), &job_path);
    let _ = std::fs::remove_dir_all(&dir);
    let Some(out) = out else { return };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), golden.rows.len(), "node printed:\n{out}");
    let mut failures = Vec::new();
    for (row, line) in golden.rows.iter().zip(lines) {
        let want = format!("{}\t{}", row.value, row.capital);
        if line != want {
            failures.push(format!(
                "golden.tsv:{} `{}`: form.js gave {line:?}, want {want:?}",
                row.line, row.expr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Whether a missing `node` must fail the test rather than skip it.
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false" | "FALSE" | "False"))
}

/// Runs the harness; `None` (after a printed notice) when node is missing outside CI.
fn run_node(script: &Path, job: &Path) -> Option<String> {
    let output = match Command::new("node")
        .arg(script)
        .arg(root().join("theme/form.js"))
        .arg(job)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !on_ci() => {
            eprintln!(
                "NOTICE: skipping the theme/form.js half of the golden test: `node` is not on \
                 PATH. Install node (v16+) to run it; with CI=true this is a failure."
            );
            return None;
        }
        Err(e) => panic!(
            "this test needs `node` (v16+) on PATH to run theme/form.js (CI is set, so it \
             cannot be skipped): {e}"
        ),
    };
    assert!(
        output.status.success(),
        "node failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// Deterministic pseudo-random expressions and values (no dependency needed for a few hundred
/// cases): form.js must agree with Rust on every one, including errors, rounding ties, negative
/// values and 大写 of arbitrary amounts.
#[test]
fn form_js_matches_rust_on_random_expressions() {
    let mut rng = Lcg(0x5eed_f0e3);
    let mut job =
        String::from("#field\ta\tmoney\n#field\tb\tmoney\n#field\tc\tmoney\n#field\td\tmoney\n");
    let mut want = Vec::new();
    for _ in 0..600 {
        let src = random_expr(&mut rng, 4);
        let expr = parse(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let values: Vec<(&str, Decimal)> = ["a", "b", "c", "d"]
            .into_iter()
            .map(|id| (id, random_value(&mut rng, 2)))
            .collect();
        let env = |id: &str| values.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
        want.push(match eval(&expr, &env) {
            Ok(v) => format!("{}\t{}", format_value(v, ValueType::Money), capital_rmb(v)),
            Err(EvalError::Missing { .. }) => "#missing\t-".into(),
            Err(EvalError::DivisionByZero { .. }) => "#div0\t-".into(),
            Err(EvalError::Overflow { .. }) => "#overflow\t-".into(),
            Err(e) => panic!("{src}: {e}"),
        });
        let inputs: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
        job.push_str(&format!("{}\t{}\tmoney\n", to_js(&expr), inputs.join(";")));
    }
    let dir = std::env::temp_dir().join(format!("handbook-expr-random-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let job_path = dir.join("job.tsv");
    std::fs::write(&job_path, job).unwrap();
    let out = run_node(&root().join("tests/node_harness.js"), &job_path);
    let _ = std::fs::remove_dir_all(&dir);
    let Some(out) = out else { return };
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got.len(), want.len());
    let kinds: std::collections::BTreeSet<&str> = want
        .iter()
        .map(|w| &w[..w.find('\t').unwrap().min(3)])
        .collect();
    // The generator must exercise errors as well as values.
    assert!(kinds.contains("#di") && kinds.len() > 5, "{kinds:?}");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "random case {i}");
    }
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A value with up to `decimals` decimals, often small, sometimes zero, sometimes huge.
fn random_value(rng: &mut Lcg, decimals: u32) -> Decimal {
    let magnitude = [1, 10, 1_000, 100_000, 10_000_000, 1_000_000_000_000][rng.below(6) as usize];
    let mut fen = (rng.below(magnitude) as i64) * 10_i64.pow(4 - decimals);
    if rng.below(8) == 0 {
        fen = 0;
    }
    if rng.below(4) == 0 {
        fen = -fen;
    }
    Decimal::from_units(i128::from(fen)).unwrap()
}

fn random_expr(rng: &mut Lcg, depth: u32) -> String {
    if depth == 0 || rng.below(4) == 0 {
        return match rng.below(3) {
            0 => random_value(rng, 4).abs().to_string(),
            _ => ["a", "b", "c", "d"][rng.below(4) as usize].to_string(),
        };
    }
    let choice = rng.below(10);
    let mut sub = || random_expr(rng, depth - 1);
    match choice {
        0 => format!("({} + {})", sub(), sub()),
        1 => format!("({} - {})", sub(), sub()),
        2 | 3 => format!("({} * {})", sub(), sub()),
        4 | 5 => format!("({} / {})", sub(), sub()),
        6 => format!("-{}", sub()),
        7 => format!("max({}, {}, {})", sub(), sub(), sub()),
        8 => format!("min({}, {})", sub(), sub()),
        _ => {
            format!("round({}, {})", sub(), depth % 5)
        }
    }
}
