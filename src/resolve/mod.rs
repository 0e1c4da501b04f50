//! Stage 3, resolve and check: the raw handbook → the resolved [`Handbook`].
//!
//! In: a [`RawHandbook`] whose references are names with spans. Out: a [`Handbook`] whose
//! references are typed ids, with back-links filled in, plus diagnostics for everything that
//! does not resolve or does not make sense (unknown names, broken graphs, unused roles…).
//! `check` stops here; `build` goes on to render only when there are no errors.

mod checks;
mod graph;
mod links;
pub mod suggest;
mod symbols;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::model::*;
use crate::parse::{Meta, RawHandbook};
use links::{Anchors, Linker};
use symbols::{KindFilter, Symbols};

pub fn resolve(raw: RawHandbook, diagnostics: &mut Diagnostics) -> Handbook {
    let chapters_order = checks::chapter_order(&raw, diagnostics);
    let mut symbols = Symbols::default();
    let mut anchors = Anchors::default();
    let mut register = |entity: Entity, meta: &Meta, diagnostics: &mut Diagnostics| {
        symbols.add(entity, meta, diagnostics);
        anchors.headings.insert(entity, meta.body.headings.clone());
        anchors.paths.entry(meta.relative.clone()).or_insert(entity);
    };
    for (i, r) in raw.roles.iter().enumerate() {
        register(Entity::Role(RoleId::from_index(i)), &r.meta, diagnostics);
    }
    for (i, p) in raw.procedures.iter().enumerate() {
        register(
            Entity::Procedure(ProcedureId::from_index(i)),
            &p.meta,
            diagnostics,
        );
    }
    for (i, f) in raw.forms.iter().enumerate() {
        register(Entity::Form(FormId::from_index(i)), &f.meta, diagnostics);
    }
    for (i, s) in raw.scorecards.iter().enumerate() {
        register(
            Entity::Scorecard(ScorecardId::from_index(i)),
            &s.meta,
            diagnostics,
        );
    }
    for (i, p) in raw.phrase_lists.iter().enumerate() {
        register(
            Entity::PhraseList(PhraseListId::from_index(i)),
            &p.meta,
            diagnostics,
        );
    }
    for (i, q) in raw.quizzes.iter().enumerate() {
        register(Entity::Quiz(QuizId::from_index(i)), &q.meta, diagnostics);
    }
    let terms = raw
        .glossary
        .as_ref()
        .map(|g| g.terms.as_slice())
        .unwrap_or(&[]);
    for (i, t) in terms.iter().enumerate() {
        register(Entity::Term(TermId::from_index(i)), &t.meta, diagnostics);
    }
    for (i, &c) in chapters_order.iter().enumerate() {
        register(
            Entity::Chapter(ChapterId::from_index(i)),
            &raw.chapters[c].meta,
            diagnostics,
        );
    }
    for b in &raw.broken {
        symbols.add_broken(KindFilter::of_kind(b.kind), &b.names, &b.id);
        anchors.broken_paths.insert(b.relative.clone());
    }
    for (i, p) in raw.procedures.iter().enumerate() {
        anchors.steps.insert(
            ProcedureId::from_index(i),
            p.steps.iter().map(|s| s.id()).collect(),
        );
        checks::duplicate_steps(p, diagnostics);
    }
    let linker = Linker {
        symbols: &symbols,
        anchors: &anchors,
    };
    let r = Resolver {
        symbols: &symbols,
        linker: &linker,
    };
    let mut book = Handbook {
        roles: raw.roles.iter().map(|x| r.role(x, diagnostics)).collect(),
        procedures: raw
            .procedures
            .iter()
            .map(|x| r.procedure(x, diagnostics))
            .collect(),
        forms: raw.forms.iter().map(|x| r.form(x, diagnostics)).collect(),
        scorecards: raw
            .scorecards
            .iter()
            .map(|x| r.scorecard(x, diagnostics))
            .collect(),
        phrase_lists: raw
            .phrase_lists
            .iter()
            .map(|x| r.phrase_list(x, diagnostics))
            .collect(),
        quizzes: raw.quizzes.iter().map(|x| r.quiz(x, diagnostics)).collect(),
        terms: terms
            .iter()
            .map(|t| Term {
                info: r.info(&t.meta, diagnostics),
            })
            .collect(),
        glossary_title: raw.glossary.as_ref().and_then(|g| g.title.clone()),
        glossary_intro: raw
            .glossary
            .as_ref()
            .map(|g| linker.markdown(&g.intro, "glossary.md", diagnostics))
            .unwrap_or_default(),
        chapters: chapters_order
            .iter()
            .map(|&c| {
                let meta = &raw.chapters[c].meta;
                Chapter {
                    info: r.info(meta, diagnostics),
                    path: meta.id.clone(),
                }
            })
            .collect(),
        index: raw
            .index
            .as_ref()
            .map(|md| linker.markdown(md, "index.md", diagnostics))
            .unwrap_or_default(),
        static_files: raw.static_files.clone(),
    };
    checks::back_links(&mut book);
    // With a procedure unreadable, which roles and forms it uses is unknown: any "unused"
    // would likely be false.
    if !raw
        .broken
        .iter()
        .any(|b| b.kind == crate::load::Kind::Procedure)
    {
        checks::unused(&raw, &book, &symbols, diagnostics);
    }
    checks::phrase_examples(&raw, diagnostics);
    book
}

struct Resolver<'a> {
    symbols: &'a Symbols,
    linker: &'a Linker<'a>,
}

impl Resolver<'_> {
    fn info(&self, meta: &Meta, diagnostics: &mut Diagnostics) -> Info {
        Info {
            id: meta.id.clone(),
            title: meta.title.value.clone(),
            aliases: meta.aliases.iter().map(|a| a.value.clone()).collect(),
            summary: meta.summary.clone(),
            source: meta.source.clone(),
            body: self
                .linker
                .markdown(&meta.body, &meta.relative, diagnostics),
            headings: meta.body.headings.clone(),
        }
    }

    fn role_ref(&self, name: &crate::parse::Name, diagnostics: &mut Diagnostics) -> Option<RoleId> {
        match self.symbols.resolve(name, KindFilter::Role, diagnostics)? {
            Entity::Role(id) => Some(id),
            _ => None,
        }
    }

    fn role(&self, raw: &crate::parse::RawRole, diagnostics: &mut Diagnostics) -> Role {
        Role {
            info: self.info(&raw.meta, diagnostics),
            supervised_by: raw
                .supervised_by
                .as_ref()
                .and_then(|n| self.role_ref(n, diagnostics)),
            reports_to: raw
                .reports_to
                .as_ref()
                .and_then(|n| self.role_ref(n, diagnostics)),
            external: raw.external,
            links: RoleLinks::default(),
        }
    }

    fn procedure(
        &self,
        raw: &crate::parse::RawProcedure,
        diagnostics: &mut Diagnostics,
    ) -> Procedure {
        let flows = graph::flows(raw, self.symbols, self.linker, diagnostics);
        let rel = raw.meta.relative.as_str();
        // The page's body holds the intro, the steps (text, details, notes, branches) and the
        // outro: its links are checked once, there. Branch targets are the exception: the
        // graph checks them, as procedures.
        let targets: Vec<Span> = raw
            .steps
            .iter()
            .flat_map(|s| s.branches.iter().map(|b| &b.target).chain(&s.jump))
            .filter_map(|t| match t {
                crate::parse::RawTarget::Procedure { name, .. } => Some(name.span),
                _ => None,
            })
            .collect();
        let mut body_diagnostics = Diagnostics::default();
        let info = self.info(&raw.meta, &mut body_diagnostics);
        for d in body_diagnostics.into_vec() {
            let on_target = d.span.is_some_and(|s| {
                targets.iter().any(|t| {
                    s.file == t.file && s.start < t.end.max(t.start + 1) && t.start < s.end
                })
            });
            if !on_target {
                diagnostics.push(d);
            }
        }
        let quiet = &mut Diagnostics::default();
        for s in &raw.steps {
            self.mentions(s, diagnostics);
        }
        let steps = raw
            .steps
            .iter()
            .zip(flows)
            .map(|(s, flow)| Step {
                id: s.id(),
                number: s.number,
                performers: s
                    .performers
                    .iter()
                    .map(|alternatives| {
                        alternatives
                            .iter()
                            .filter_map(|n| self.role_ref(n, diagnostics))
                            .collect::<Vec<_>>()
                    })
                    .filter(|p: &Vec<RoleId>| !p.is_empty())
                    .collect(),
                text: self.linker.markdown(&s.text, rel, quiet),
                details: s
                    .details
                    .as_ref()
                    .map(|d| self.linker.markdown(d, rel, quiet)),
                notes: s
                    .notes
                    .iter()
                    .map(|n| self.linker.markdown(n, rel, quiet))
                    .collect(),
                deadline: s.deadline.clone(),
                forms: s
                    .forms
                    .iter()
                    .filter_map(|n| {
                        match self.symbols.resolve(n, KindFilter::Form, diagnostics)? {
                            Entity::Form(id) => Some(id),
                            _ => None,
                        }
                    })
                    .collect(),
                systems: s
                    .systems
                    .iter()
                    .filter_map(|n| {
                        match self.symbols.resolve(n, KindFilter::Term, diagnostics)? {
                            Entity::Term(id) => Some(id),
                            _ => None,
                        }
                    })
                    .collect(),
                flow,
            })
            .collect();
        Procedure {
            info,
            owner: raw
                .owner
                .as_ref()
                .and_then(|n| self.role_ref(n, diagnostics)),
            intro: self.linker.markdown(&raw.intro, rel, quiet),
            outro: self.linker.markdown(&raw.outro, rel, quiet),
            steps,
            referenced_by: Vec::new(),
        }
    }

    /// `@name` in a step's text, after the performers: the format takes performers only from
    /// the start of the step, so such a name performs nothing. A warning, since `@` may be
    /// meant literally (“在群里 @全体成员”).
    fn mentions(&self, step: &crate::parse::RawStep, diagnostics: &mut Diagnostics) {
        let first = step
            .performers
            .first()
            .and_then(|p| p.first())
            .map(|n| n.value.as_str());
        for m in &step.mentions {
            if self.symbols.is_broken(&m.value, Some(KindFilter::Role)) {
                continue;
            }
            // The longest start of the name that is a role: `@校长审批` mentions 校长.
            let ends: Vec<usize> = m
                .value
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take(32)
                .collect();
            let role = ends.iter().rev().find_map(|&end| {
                let prefix = &m.value[..end];
                match self.symbols.find(prefix, Some(KindFilter::Role)) {
                    Some(Entity::Role(_)) => Some(prefix),
                    _ => None,
                }
            });
            let shown = role.unwrap_or(&m.value);
            let both = match first {
                Some(f) if !f.is_empty() => format!("`@{f} @{shown} …`"),
                _ => format!("`@{shown} …`"),
            };
            let d = match role {
                Some(name) => Diagnostic::new(
                    Code::StrayRoleMention,
                    format!(
                        "`@{name}` in the text of step {} does not make the role a performer",
                        step.number
                    ),
                )
                .at(m.span.sub(0, name.len()))
                .label("only the roles at the start of a step perform it")
                .help(format!(
                    "for two performers, write both at the start: {both} (`@甲/@乙` for either one); \
                     to mention the role, link it: `[[{name}]]`"
                )),
                None => {
                    let suggestions = self
                        .symbols
                        .unknown(m, Some(KindFilter::Role))
                        .suggestions;
                    let help = match suggestions.first() {
                        Some(best) => format!(
                            "did you mean `{best}`? A role performs a step only when written \
                             at the start: `@{}{best} …`",
                            first.map(|f| format!("{f} @")).unwrap_or_default()
                        ),
                        None => format!(
                            "a role performs a step only when written at the start: {both}; \
                             to write an @ as plain text, put it in backticks"
                        ),
                    };
                    Diagnostic::new(
                        Code::StrayRoleMention,
                        format!(
                            "`@{}` in the text of step {} is not a role",
                            m.value, step.number
                        ),
                    )
                    .at(m.span)
                    .label("no role has this id, title or alias")
                    .help(help)
                    .suggest(suggestions)
                }
            };
            diagnostics.push(d);
        }
    }

    fn signatures(
        &self,
        raw: &[crate::parse::RawSignature],
        diagnostics: &mut Diagnostics,
    ) -> Vec<Signature> {
        raw.iter()
            .map(|s| Signature {
                label: s.label.clone(),
                role: s.role.as_ref().and_then(|n| self.role_ref(n, diagnostics)),
                date: s.date,
            })
            .collect()
    }

    fn form(&self, raw: &crate::parse::RawForm, diagnostics: &mut Diagnostics) -> Form {
        Form {
            info: self.info(&raw.meta, diagnostics),
            number: raw.number.clone(),
            notes: raw.notes.clone(),
            fields: checks::fields(raw, diagnostics),
            signatures: self.signatures(&raw.signatures, diagnostics),
            used_by: Vec::new(),
        }
    }

    fn scorecard(
        &self,
        raw: &crate::parse::RawScorecard,
        diagnostics: &mut Diagnostics,
    ) -> Scorecard {
        Scorecard {
            info: self.info(&raw.meta, diagnostics),
            role: raw
                .role
                .as_ref()
                .and_then(|n| self.role_ref(n, diagnostics)),
            base: raw.base.unwrap_or(100),
            yuan_per_point: raw.yuan_per_point,
            period: raw.period.clone(),
            items: raw
                .items
                .iter()
                .map(|i| ScoreItem {
                    text: i.text.clone(),
                    section: i.section.clone(),
                    rules: i
                        .rules
                        .iter()
                        .map(|r| Rule {
                            deduct: r.deduct,
                            per: r.per,
                            note: r.note.clone(),
                        })
                        .collect(),
                })
                .collect(),
            bonuses: raw
                .bonuses
                .iter()
                .map(|b| Bonus {
                    text: b.text.clone(),
                    points: b.points,
                })
                .collect(),
            penalties: raw
                .penalties
                .iter()
                .map(|p| Penalty {
                    text: p.text.clone(),
                    ladder: p.ladder.clone(),
                    joint: p.joint.as_ref().map(|(role, text)| {
                        (
                            role.as_ref().and_then(|n| self.role_ref(n, diagnostics)),
                            text.clone(),
                        )
                    }),
                })
                .collect(),
            targets: raw
                .targets
                .iter()
                .map(|t| Standard {
                    metric: t.metric.clone(),
                    target: t.target.clone(),
                    note: t.note.clone(),
                })
                .collect(),
            signatures: if raw.signatures.is_empty() {
                ["考评人", "领导签名"]
                    .iter()
                    .map(|l| Signature {
                        label: l.to_string(),
                        role: None,
                        date: true,
                    })
                    .collect()
            } else {
                self.signatures(&raw.signatures, diagnostics)
            },
        }
    }

    fn phrase_list(
        &self,
        raw: &crate::parse::RawPhraseList,
        diagnostics: &mut Diagnostics,
    ) -> PhraseList {
        PhraseList {
            info: self.info(&raw.meta, diagnostics),
            kind: raw.kind,
            applies_to: raw
                .applies_to
                .iter()
                .filter_map(|n| self.role_ref(n, diagnostics))
                .collect(),
            editorial: raw.editorial,
            phrases: raw
                .phrases
                .iter()
                .map(|p| Phrase {
                    text: p.text.value.clone(),
                    why: p.why.clone(),
                    instead: p.instead.clone(),
                    note: p.note.clone(),
                })
                .collect(),
        }
    }

    fn quiz(&self, raw: &crate::parse::RawQuiz, diagnostics: &mut Diagnostics) -> Quiz {
        Quiz {
            info: self.info(&raw.meta, diagnostics),
            roles: raw
                .roles
                .iter()
                .filter_map(|n| self.role_ref(n, diagnostics))
                .collect(),
            questions: raw
                .questions
                .iter()
                .map(|q| Question {
                    q: q.q.clone(),
                    options: q.options.clone(),
                    correct: checks::answer(q, diagnostics),
                    answer: q.answer.value.clone(),
                    explain: q
                        .explain
                        .as_ref()
                        .map(|e| self.linker.markdown(e, &raw.meta.relative, diagnostics)),
                    step: q
                        .step
                        .as_ref()
                        .and_then(|n| self.linker.step_ref(n, diagnostics)),
                })
                .collect(),
        }
    }
}
