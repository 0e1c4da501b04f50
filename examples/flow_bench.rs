//! Size and speed of the swimlane flowcharts: every procedure of the bundled handbook and
//! seeded 40-step flows over 1–8 lanes. Prints the figures and checks the budgets
//! (≤ 5 ms and ≤ 30 KB of SVG per procedure of up to 40 steps), and how each prints
//! (orientation, scale, smallest text, pages):
//!
//! ```text
//! cargo run --release --example flow_bench
//! cargo run --release --example flow_bench -- --dump refund   # one procedure's layout
//! cargo run --release --example flow_bench -- --corpus bench/work/handbook-5000
//! ```
//!
//! `--corpus DIR` lays out every flow of another handbook (e.g. the generated benchmark
//! corpus of `bench/run.sh`) and prints the total time; `--digest FILE` also writes one
//! line per flow with a hash of its layout and print plan, to check that a speed-up
//! leaves every chosen layout as it was (`diff` two digests).
//!
//! An example rather than a test, so it stays out of `cargo test` time.

#[path = "../tests/flowchart_support/mod.rs"]
mod flowchart_support;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use handbook::render::flowchart::svg::{print_fit, print_plan};
use handbook::render::flowchart::{layout, render_svg, Flow};

const MAX_MS: f64 = 5.0;
const MAX_BYTES: usize = 30 * 1024;

/// Median time of one layout + SVG render of `flow`, in ms.
fn time_ms(flow: &Flow) -> f64 {
    let rounds = 15;
    let mut t: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            black_box(render_svg(black_box(flow)));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[rounds / 2]
}

fn steps(flow: &Flow) -> usize {
    flow.nodes.iter().filter(|n| n.number.is_some()).count()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(i) = args.iter().position(|a| a == "--corpus") {
        let dir = Path::new(args.get(i + 1).expect("--corpus DIR"));
        let digest = args
            .iter()
            .position(|a| a == "--digest")
            .and_then(|j| args.get(j + 1));
        corpus(dir, digest.map(Path::new));
        return;
    }
    let checked = handbook::pipeline::check(root, false)
        .unwrap_or_else(|_| panic!("cannot load the bundled handbook"));
    let book = checked.book.expect("the bundled handbook has errors");
    let bundled = handbook::render::flow::all_flows(&book, "../");

    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let want = format!(
            "procedures/{}.html",
            args.get(i + 1).map_or("refund", String::as_str)
        );
        let (_, flow) = bundled
            .iter()
            .find(|(p, _)| *p == want)
            .expect("no such procedure");
        let lay = layout(flow);
        println!("{:.0}×{:.0} px, {} ranks", lay.width, lay.height, lay.ranks);
        for (n, b) in flow.nodes.iter().zip(&lay.nodes) {
            println!(
                "node {:<16} rank {:>2} lane {} {:?} {:?}",
                n.id, b.rank, b.lane, b.rect, b.lines
            );
        }
        for e in &lay.edges {
            let pts: Vec<String> = e
                .points
                .iter()
                .map(|p| format!("({:.0},{:.0})", p.x, p.y))
                .collect();
            println!(
                "edge {}→{} {} label {:?}",
                flow.nodes[e.from].id,
                flow.nodes[e.to].id,
                pts.join(" "),
                e.label.as_ref().map(|l| (l.rect, &l.lines))
            );
        }
        return;
    }

    let mut failed = false;
    println!(
        "{:<42} {:>5} {:>5} {:>5} {:>9} {:>8} {:>11}  print",
        "flow", "steps", "lanes", "ranks", "SVG bytes", "ms", "size px"
    );
    let mut report = |name: &str, flow: &Flow| {
        let svg = render_svg(flow);
        let ms = time_ms(flow);
        let lay = layout(flow);
        let over = svg.len() > MAX_BYTES || ms > MAX_MS;
        failed |= over && steps(flow) <= 40;
        let plan = print_plan(&lay);
        let fit = plan.fit;
        let strips = if plan.groups.len() > 1 {
            format!(" ({} lane strips)", plan.groups.len())
        } else {
            String::new()
        };
        println!(
            "{:<42} {:>5} {:>5} {:>5} {:>9} {:>8.3} {:>5.0}×{:<5.0}  {:?} ×{:.3} ({:.1} pt), {} page{}{strips}{}",
            name,
            steps(flow),
            flow.lanes.len(),
            lay.ranks,
            svg.len(),
            ms,
            lay.width,
            lay.height,
            fit.orientation,
            fit.scale,
            fit.scale * 14.0 * 0.75,
            fit.pages,
            if fit.pages == 1 { "" } else { "s" },
            if over { "  OVER BUDGET" } else { "" }
        );
        (svg.len(), ms)
    };
    let mut worst = (0usize, 0.0f64);
    for (page, flow) in &bundled {
        let (b, ms) = report(page, flow);
        worst = (worst.0.max(b), worst.1.max(ms));
    }
    let mut worst40 = (0usize, 0.0f64);
    for lanes in 1..=8 {
        for seed in 0..5u64 {
            let flow = flowchart_support::sized_flow(seed, 40, lanes);
            let (b, ms) = report(
                &format!("generated: 40 steps, {lanes} lanes, seed {seed}"),
                &flow,
            );
            worst40 = (worst40.0.max(b), worst40.1.max(ms));
        }
    }
    println!();
    println!(
        "bundled handbook ({} procedures): largest SVG {} bytes, slowest {:.3} ms",
        bundled.len(),
        worst.0,
        worst.1
    );
    println!(
        "generated 40-step flows: largest SVG {} bytes, slowest {:.3} ms",
        worst40.0, worst40.1
    );
    println!(
        "budget: ≤ {MAX_BYTES} bytes and ≤ {MAX_MS} ms per procedure of up to 40 steps{}",
        if cfg!(debug_assertions) {
            " (debug build: times are not meaningful, use --release)"
        } else {
            ""
        }
    );
    if failed {
        eprintln!("OVER BUDGET");
        std::process::exit(1);
    }
}

/// Lays out every flow of the handbook in `dir`: total time (best of 5 rounds) and,
/// with `digest`, a hash per flow of its layout and print plan.
fn corpus(dir: &Path, digest: Option<&Path>) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let checked = handbook::pipeline::check(dir, false)
        .unwrap_or_else(|_| panic!("cannot load {}", dir.display()));
    let book = checked.book.expect("the handbook has errors");
    let flows = handbook::render::flow::all_flows(&book, "../");
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for (_, flow) in &flows {
            black_box(layout(black_box(flow)));
        }
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{}: {} flows laid out in {:.1} ms (best of 5, one thread)",
        dir.display(),
        flows.len(),
        best
    );
    if let Some(path) = digest {
        let mut out = String::new();
        for (page, flow) in &flows {
            let lay = layout(flow);
            let mut h = DefaultHasher::new();
            format!("{lay:?}").hash(&mut h);
            let fit = print_fit(&lay);
            out.push_str(&format!(
                "{page} {:016x} {:?} {:.3} {}\n",
                h.finish(),
                fit.orientation,
                fit.scale,
                fit.pages
            ));
        }
        std::fs::write(path, out).expect("cannot write the digest");
        println!("digest written to {}", path.display());
    }
}
