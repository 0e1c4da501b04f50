//! Checks that need the whole handbook: back-links, unused roles and forms, chapter order,
//! duplicate steps and fields, quiz answers and phrase examples.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::*;
use crate::parse::{RawForm, RawHandbook, RawProcedure, RawQuestion};

/// Chapters in reading order: those listed in SUMMARY.md first, then the rest by path.
pub fn chapter_order(raw: &RawHandbook, diagnostics: &mut Diagnostics) -> Vec<usize> {
    let mut order = Vec::new();
    if let Some(summary) = &raw.summary {
        for entry in &summary.entries {
            match raw
                .chapters
                .iter()
                .position(|c| c.meta.relative == entry.value)
            {
                Some(i) if !order.contains(&i) => order.push(i),
                Some(_) => {}
                // A chapter whose front matter could not be read: already reported.
                None if raw.broken.iter().any(|b| b.relative == entry.value) => {}
                None => {
                    let known: Vec<&str> = raw
                        .chapters
                        .iter()
                        .map(|c| c.meta.relative.as_str())
                        .collect();
                    let suggestions = super::suggest::ranked(&entry.value, known, 1);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::SummaryEntry,
                            format!("SUMMARY.md lists `{}`, which is not a chapter", entry.value),
                        )
                        .at(entry.span)
                        .label("no such chapter file")
                        .suggest(suggestions),
                    );
                }
            }
        }
    }
    for i in 0..raw.chapters.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

pub fn duplicate_steps(procedure: &RawProcedure, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<String, &crate::parse::RawStep> = HashMap::new();
    for step in &procedure.steps {
        if let Some(first) = seen.insert(step.id(), step) {
            let span = step.id.as_ref().map_or(step.span, |i| i.span);
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("two steps have the id `{}`", step.id()),
                )
                .at(span)
                .label("used again here")
                .secondary(
                    first.id.as_ref().map_or(first.span, |i| i.span),
                    "first used here",
                )
                .help("give each step its own id"),
            );
        }
    }
}

/// Form fields, with their ids and computed expressions checked.
pub fn fields(raw: &RawForm, diagnostics: &mut Diagnostics) -> Vec<Field> {
    let mut seen: HashMap<&str, &crate::parse::RawField> = HashMap::new();
    for field in &raw.fields {
        let id = field.id.value.as_str();
        let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            diagnostics.push(
                Diagnostic::new(Code::InvalidId, format!("field id `{id}` is not a valid field id"))
                    .at(field.id.span)
                    .help(format!(
                        "field ids use lowercase letters, digits and `_` (so `a-b` never reads as a subtraction): `{}`",
                        id.to_ascii_lowercase().replace('-', "_")
                    )),
            );
        }
        if let Some(first) = seen.insert(id, field) {
            diagnostics.push(
                Diagnostic::new(Code::DuplicateId, format!("two fields have the id `{id}`"))
                    .at(field.id.span)
                    .secondary(first.id.span, "first used here"),
            );
        }
        if field.capital && field.ty != crate::parse::FieldType::Money {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`capital` is for money fields, and `{id}` is not one"),
                )
                .at(field.id.span)
                .help("remove `capital = true`, or make the field type = \"money\""),
            );
        }
        if field.ty == crate::parse::FieldType::Choice && field.options.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("choice field `{id}` has no options"),
                )
                .at(field.id.span)
                .help("add options = [\"…\", \"…\"]"),
            );
        }
    }
    formula_cycles(raw, diagnostics);
    let types: HashMap<&str, crate::parse::FieldType> = raw
        .fields
        .iter()
        .map(|f| (f.id.value.as_str(), f.ty))
        .collect();
    raw.fields
        .iter()
        .map(|f| Field {
            id: f.id.value.clone(),
            label: f.label.clone(),
            ty: f.ty,
            section: f.section.clone(),
            unit: f.unit.clone(),
            hint: f.hint.clone(),
            required: f.required,
            options: f.options.clone(),
            lines: f
                .lines
                .unwrap_or(if f.ty == crate::parse::FieldType::Multiline {
                    3
                } else {
                    1
                }),
            compute: f
                .compute
                .as_ref()
                .and_then(|c| crate::expr::compile(c, f.ty, &types, diagnostics)),
            capital: f.ty == crate::parse::FieldType::Money && (f.capital || f.compute.is_some()),
        })
        .collect()
}

/// Computed fields whose formulas depend on each other in a circle (`r6 = "r7 + paid"`,
/// `r7 = "r6 + 1"`, or `r8 = "r8 + 1"`) can never be computed; the page would show nothing.
/// One error per circle, at the first field's use of the next.
fn formula_cycles(raw: &RawForm, diagnostics: &mut Diagnostics) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, f) in raw.fields.iter().enumerate() {
        index.entry(f.id.value.as_str()).or_insert(i);
    }
    // i → (j, where formula i reads field j), for computed j only.
    let mut edges: Vec<Vec<(usize, crate::diag::Span)>> = vec![Vec::new(); raw.fields.len()];
    for (i, f) in raw.fields.iter().enumerate() {
        let Some(source) = &f.compute else { continue };
        let Ok(expr) = crate::expr::parse(&source.value) else {
            continue;
        };
        expr.walk(&mut |e| {
            if let crate::expr::ExprKind::Field(id) = &e.kind {
                if let Some(&j) = index.get(id.as_str()) {
                    if raw.fields[j].compute.is_some() && !edges[i].iter().any(|(t, _)| *t == j) {
                        let span = source
                            .span
                            .sub(e.span.start, e.span.end.saturating_sub(e.span.start));
                        edges[i].push((j, span));
                    }
                }
            }
        });
    }
    if edges.iter().all(Vec::is_empty) {
        return;
    }
    let n = raw.fields.len();
    let component = super::graph::components(n, &|v| edges[v].iter().map(|e| e.0).collect());
    let mut reported = vec![false; n];
    for start in 0..n {
        let c = component[start];
        if reported[c] {
            continue;
        }
        let in_cycle = edges[start].iter().any(|&(j, _)| component[j] == c);
        if !in_cycle {
            continue;
        }
        reported[c] = true;
        // A shortest way round, from the first field of the circle back to it.
        let mut parent: Vec<Option<(usize, crate::diag::Span)>> = vec![None; n];
        let mut queue = std::collections::VecDeque::from([start]);
        let mut last = None;
        'search: while let Some(u) = queue.pop_front() {
            for &(v, span) in &edges[u] {
                if component[v] != c {
                    continue;
                }
                if v == start {
                    last = Some((u, span));
                    break 'search;
                }
                if parent[v].is_none() {
                    parent[v] = Some((u, span));
                    queue.push_back(v);
                }
            }
        }
        let Some((mut u, closing)) = last else {
            continue;
        };
        // Edges of the circle, in order: start → … → u → start.
        let mut circle = vec![(u, start, closing)];
        while u != start {
            let Some((p, span)) = parent[u] else { break };
            circle.push((p, u, span));
            u = p;
        }
        circle.reverse();
        let id = |i: usize| raw.fields[i].id.value.as_str();
        let path: Vec<&str> = std::iter::once(id(start))
            .chain(circle.iter().map(|&(_, to, _)| id(to)))
            .collect();
        let message = if circle.len() == 1 {
            format!("the computed field `{}` uses itself", id(start))
        } else {
            format!(
                "the computed fields {} depend on each other in a circle",
                path.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            )
        };
        let (_, first_to, first_span) = circle[0];
        let mut d = Diagnostic::new(Code::CyclicFormula, message)
            .at(first_span)
            .label(format!("`{}` uses `{}` here", id(start), id(first_to)))
            .help(format!(
                "{} can never be computed; compute each field only from fields that are filled in or computed without it",
                path.join(" → ")
            ));
        for &(from, to, span) in &circle[1..] {
            d = d.secondary(span, format!("`{}` uses `{}` here", id(from), id(to)));
        }
        diagnostics.push(d);
    }
}

/// The option indices a quiz answer names (`"B"`, `"AC"`); empty for free-text answers.
pub fn answer(q: &RawQuestion, diagnostics: &mut Diagnostics) -> Vec<usize> {
    if q.options.is_empty() {
        return Vec::new();
    }
    let mut correct = Vec::new();
    for c in q
        .answer
        .value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
    {
        let c = crate::fold::fold_char(c).to_ascii_uppercase();
        let index = (c as u32).wrapping_sub('A' as u32) as usize;
        if c.is_ascii_uppercase() && index < q.options.len() {
            correct.push(index);
        } else {
            let last = (b'A' + q.options.len() as u8 - 1) as char;
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidAnswer,
                    format!("answer `{}` names no option", q.answer.value),
                )
                .at(q.answer.span)
                .help(format!(
                    "the question has {} options: answer with letters A–{last}",
                    q.options.len()
                )),
            );
            return Vec::new();
        }
    }
    correct
}

/// Fills the generated back-links: what each role does, which steps use each form, which
/// procedures jump to each procedure.
pub fn back_links(book: &mut Handbook) {
    let mut role_links: Vec<RoleLinks> = vec![RoleLinks::default(); book.roles.len()];
    let mut form_users: Vec<Vec<StepRef>> = vec![Vec::new(); book.forms.len()];
    let mut referenced_by: Vec<Vec<ProcedureId>> = vec![Vec::new(); book.procedures.len()];
    for (p, procedure) in book.procedures.iter().enumerate() {
        let pid = ProcedureId::from_index(p);
        if let Some(owner) = procedure.owner {
            role_links[owner.index()].owns.push(pid);
        }
        for (s, step) in procedure.steps.iter().enumerate() {
            let at = StepRef {
                procedure: pid,
                step: s,
            };
            for role in step.roles() {
                let steps = &mut role_links[role.index()].steps;
                if steps.last() != Some(&at) {
                    steps.push(at);
                }
            }
            for form in &step.forms {
                form_users[form.index()].push(at);
            }
            let gotos: Vec<Goto> = match &step.flow {
                Flow::Next(g) => vec![*g],
                Flow::Decision(branches) => branches.iter().map(|b| b.goto).collect(),
            };
            for g in gotos {
                if let Goto::Procedure {
                    procedure: target, ..
                } = g
                {
                    if !referenced_by[target.index()].contains(&pid) && target != pid {
                        referenced_by[target.index()].push(pid);
                    }
                }
            }
        }
    }
    for (f, form) in book.forms.iter().enumerate() {
        for sig in &form.signatures {
            if let Some(role) = sig.role {
                let signs = &mut role_links[role.index()].signs;
                if !signs.contains(&FormId::from_index(f)) {
                    signs.push(FormId::from_index(f));
                }
            }
        }
    }
    for (s, card) in book.scorecards.iter().enumerate() {
        if let Some(role) = card.role {
            role_links[role.index()]
                .scorecards
                .push(ScorecardId::from_index(s));
        }
    }
    for (l, list) in book.phrase_lists.iter().enumerate() {
        for role in &list.applies_to {
            role_links[role.index()]
                .phrase_lists
                .push(PhraseListId::from_index(l));
        }
    }
    for (q, quiz) in book.quizzes.iter().enumerate() {
        for role in &quiz.roles {
            role_links[role.index()].quizzes.push(QuizId::from_index(q));
        }
    }
    for (r, role) in book.roles.iter().enumerate() {
        if let Some(boss) = role.supervised_by.or(role.reports_to) {
            if boss.index() != r {
                role_links[boss.index()]
                    .supervises
                    .push(RoleId::from_index(r));
            }
        }
    }
    for (role, links) in book.roles.iter_mut().zip(role_links) {
        role.links = links;
    }
    for (form, users) in book.forms.iter_mut().zip(form_users) {
        form.used_by = users;
    }
    for (procedure, refs) in book.procedures.iter_mut().zip(referenced_by) {
        procedure.referenced_by = refs;
    }
}

/// Roles no procedure mentions and forms no procedure uses: likely forgotten.
pub fn unused(
    raw: &RawHandbook,
    book: &Handbook,
    symbols: &super::symbols::Symbols,
    diagnostics: &mut Diagnostics,
) {
    let mut mentioned = vec![false; book.roles.len()];
    for procedure in &book.procedures {
        if let Some(owner) = procedure.owner {
            mentioned[owner.index()] = true;
        }
        for step in &procedure.steps {
            for role in step.roles() {
                mentioned[role.index()] = true;
            }
        }
        let texts =
            std::iter::once(&procedure.info.body).chain(procedure.steps.iter().map(|s| &s.text));
        for md in texts {
            for link in &md.links {
                if let Entity::Role(r) = link.target.entity {
                    mentioned[r.index()] = true;
                }
            }
        }
    }
    for (i, role) in raw.roles.iter().enumerate() {
        // A second file with a role's id is reported as such; that nothing can name it
        // follows.
        if !mentioned[i] && !symbols.is_twin(Entity::Role(RoleId::from_index(i))) {
            diagnostics.push(
                Diagnostic::new(Code::UnusedRole, format!("no procedure mentions the role `{}`", role.meta.title.value))
                    .at(role.meta.title.span)
                    .help("make it perform a step (`@角色`), or allow this with `unused-role = \"allow\"` under [check]"),
            );
        }
    }
    for (i, form) in raw.forms.iter().enumerate() {
        if book.forms[i].used_by.is_empty() && !symbols.is_twin(Entity::Form(FormId::from_index(i)))
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnusedForm,
                    format!(
                        "no procedure step uses the form `{}`",
                        form.meta.title.value
                    ),
                )
                .at(form.meta.title.span)
                .help(format!(
                    "add form=\"{}\" to the step that uses it",
                    form.meta.id
                )),
            );
        }
    }
}

/// A phrase "matches" a text when the text contains it, ignoring script, width, case,
/// spaces and punctuation: 认倒霉吧! is found in 这种事只能认倒霉吧。
pub fn phrase_matches(phrase: &str, text: &str) -> bool {
    let norm = |s: &str| -> String {
        crate::fold::fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let p = norm(phrase);
    !p.is_empty() && norm(text).contains(&p)
}

pub fn phrase_examples(raw: &RawHandbook, diagnostics: &mut Diagnostics) {
    for list in &raw.phrase_lists {
        for phrase in &list.phrases {
            for example in &phrase.must_match {
                if !phrase_matches(&phrase.text.value, &example.value) {
                    diagnostics.push(
                        Diagnostic::new(Code::PhraseExample, format!("the phrase `{}` does not match this must-match example", phrase.text.value))
                            .at(example.span)
                            .secondary(phrase.text.span, "the phrase")
                            .help("a phrase matches a text that contains it (ignoring punctuation, spaces, script and width)"),
                    );
                }
            }
            for example in &phrase.must_not_match {
                if phrase_matches(&phrase.text.value, &example.value) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::PhraseExample,
                            format!(
                                "the phrase `{}` matches this must-not-match example",
                                phrase.text.value
                            ),
                        )
                        .at(example.span)
                        .secondary(phrase.text.span, "the phrase"),
                    );
                }
            }
        }
    }
}
