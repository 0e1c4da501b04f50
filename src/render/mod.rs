//! Stage 5, render: the resolved handbook → the site as an output tree in memory.
//!
//! Steps: load the theme (assets) and templates (defaults overridden by the project's own);
//! write the navigation data once for the whole site; render every page in parallel from its
//! typed view; add the 404 page and the assets. Per-page work touches only that page's data,
//! so the cost of a page does not grow with the size of the book.

mod assets;
pub mod i18n;
pub mod markdown;
mod templates;
pub mod urls;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

pub use assets::{Assets, DEFAULT_THEME};
pub use templates::DEFAULT_TEMPLATES;

use crate::config::Project;
use crate::model::*;
use crate::output::OutputTree;

#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    version: Option<&'a str>,
    language: &'static str,
    description: Option<&'a str>,
    site_url: &'a str,
}

#[derive(Debug, Serialize)]
struct PageMeta {
    root: String,
    path: String,
    kind: &'static str,
    title: String,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    Glossary,
    Role(usize),
    Procedure(usize),
    Form(usize),
    Scorecard(usize),
    PhraseList(usize),
    Quiz(usize),
    Chapter(usize),
}

pub fn render(book: &Handbook, project: &Project) -> Result<OutputTree, String> {
    let config = &project.config;
    let words = i18n::words(config.book.language);
    let tera = templates::load(&project.root.join("templates"))?;
    let mut assets = Assets::load(&project.root.join("theme"))
        .map_err(|e| format!("cannot read theme/: {e}"))?;
    assets.insert("nav-data.js", nav_data(book, &words).into_bytes());

    let site = SiteView {
        title: &config.book.title,
        version: config.book.version.as_deref(),
        language: config.book.language.tag(),
        description: config.book.description.as_deref(),
        site_url: &config.output.html.site_url,
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    base.insert("t", &words);
    base.insert("assets", &assets.paths());

    let mut jobs = vec![Job::Index];
    if !book.terms.is_empty() {
        jobs.push(Job::Glossary);
    }
    jobs.extend((0..book.roles.len()).map(Job::Role));
    jobs.extend((0..book.procedures.len()).map(Job::Procedure));
    jobs.extend((0..book.forms.len()).map(Job::Form));
    jobs.extend((0..book.scorecards.len()).map(Job::Scorecard));
    jobs.extend((0..book.phrase_lists.len()).map(Job::PhraseList));
    jobs.extend((0..book.quizzes.len()).map(Job::Quiz));
    jobs.extend((0..book.chapters.len()).map(Job::Chapter));

    let pages: Vec<Result<(String, String), String>> = jobs
        .par_iter()
        .map(|&job| render_page(book, &tera, &base, &words, job))
        .collect();
    let mut tree = OutputTree::default();
    for page in pages {
        let (path, html) = page?;
        tree.add(path, html);
    }
    let mut ctx = base.clone();
    ctx.insert(
        "page",
        &PageMeta {
            root: config.output.html.site_url.clone(),
            path: "404.html".into(),
            kind: "404",
            title: words.not_found.into(),
        },
    );
    tree.add(
        "404.html",
        tera.render("404.html", &ctx)
            .map_err(|e| templates::describe(&e))?,
    );
    for (path, bytes) in assets.iter() {
        tree.add(path, bytes.to_vec());
    }
    for (relative, disk) in &book.static_files {
        let bytes =
            std::fs::read(disk).map_err(|e| format!("cannot read {}: {e}", disk.display()))?;
        tree.add(relative.clone(), bytes);
    }
    Ok(tree)
}

fn render_page(
    book: &Handbook,
    tera: &tera::Tera,
    base: &tera::Context,
    words: &i18n::Words,
    job: Job,
) -> Result<(String, String), String> {
    let entity = match job {
        Job::Index | Job::Glossary => None,
        Job::Role(i) => Some(Entity::Role(RoleId::from_index(i))),
        Job::Procedure(i) => Some(Entity::Procedure(ProcedureId::from_index(i))),
        Job::Form(i) => Some(Entity::Form(FormId::from_index(i))),
        Job::Scorecard(i) => Some(Entity::Scorecard(ScorecardId::from_index(i))),
        Job::PhraseList(i) => Some(Entity::PhraseList(PhraseListId::from_index(i))),
        Job::Quiz(i) => Some(Entity::Quiz(QuizId::from_index(i))),
        Job::Chapter(i) => Some(Entity::Chapter(ChapterId::from_index(i))),
    };
    let path = match (job, entity) {
        (Job::Index, _) => "index.html".to_string(),
        (Job::Glossary, _) => "glossary.html".to_string(),
        (_, Some(e)) => urls::page_path(book, e),
        _ => unreachable!("every other job names an entity"),
    };
    let ctx = views::Ctx::for_path(book, &path);
    let mut context = base.clone();
    let (template, kind, title) = match job {
        Job::Index => {
            context.insert("index", &views::index(&ctx, words));
            ("index.html", "index", words.home.to_string())
        }
        Job::Glossary => {
            let view = views::glossary(&ctx, words.glossary);
            let title = view.title.clone();
            context.insert("glossary", &view);
            ("glossary.html", "glossary", title)
        }
        Job::Role(i) => {
            context.insert("role", &views::role(&ctx, &book.roles[i]));
            ("role.html", "role", book.roles[i].info.title.clone())
        }
        Job::Procedure(i) => {
            let procedure = &book.procedures[i];
            context.insert(
                "procedure",
                &views::procedure(&ctx, procedure, words.end, String::new()),
            );
            ("procedure.html", "procedure", procedure.info.title.clone())
        }
        Job::Form(i) => {
            context.insert("form", &views::form(&ctx, &book.forms[i]));
            ("form.html", "form", book.forms[i].info.title.clone())
        }
        Job::Scorecard(i) => {
            context.insert("scorecard", &views::scorecard(&ctx, &book.scorecards[i]));
            (
                "scorecard.html",
                "scorecard",
                book.scorecards[i].info.title.clone(),
            )
        }
        Job::PhraseList(i) => {
            context.insert("phrases", &views::phrases(&ctx, &book.phrase_lists[i]));
            (
                "phrases.html",
                "phrases",
                book.phrase_lists[i].info.title.clone(),
            )
        }
        Job::Quiz(i) => {
            context.insert("quiz", &views::quiz(&ctx, &book.quizzes[i]));
            ("quiz.html", "quiz", book.quizzes[i].info.title.clone())
        }
        Job::Chapter(i) => {
            context.insert("chapter", &views::chapter(&ctx, i));
            (
                "chapter.html",
                "chapter",
                book.chapters[i].info.title.clone(),
            )
        }
    };
    context.insert(
        "page",
        &PageMeta {
            root: ctx.root.clone(),
            path: path.clone(),
            kind,
            title,
        },
    );
    let html = tera.render(template, &context).map_err(|e| {
        format!(
            "template {template} failed for {path}: {}",
            templates::describe(&e)
        )
    })?;
    Ok((path, html))
}

/// The navigation tree, shipped once as a script for the whole site instead of being
/// repeated inside every page. Links are relative to the site root.
fn nav_data(book: &Handbook, words: &i18n::Words) -> String {
    let groups = views::groups(book, words, "");
    let json = serde_json::to_string(&groups).unwrap_or_else(|_| "[]".into());
    format!("window.HB_NAV={json};\n")
}
