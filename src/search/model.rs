//! Input contract: what the site compiler hands to [`crate::search::build_index`].

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Path relative to the site root, e.g. `procedures/refund.html`.
    pub url: String,
    pub title: String,
    pub kind: DocKind,
    /// Role ids, used for the role facet.
    pub roles: Vec<String>,
    /// Aliases and role names; matched and boosted above headings and body.
    pub keywords: Vec<String>,
    pub sections: Vec<Section>,
    /// Text also shown on the page in other line breaks (a flowchart's box labels repeat
    /// its steps): recorded per page only, without offsets or bigrams, so that text copied
    /// from it finds the page (the number `1.` of a box, the char before a wrap or a `…`)
    /// without indexing the steps twice. Not shown in results.
    pub extra: String,
}

/// A heading-delimited part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Fragment id without `#`, or empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    /// Plain text of the rendered content.
    pub text: String,
}

/// Page type, shown as a label and used for the kind facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Procedure,
    Role,
    Form,
    Scorecard,
    Phrases,
    Quiz,
    Glossary,
    Chapter,
    Home,
}

impl DocKind {
    /// Every kind, in facet display order; the index is the kind's code in the files.
    pub const ALL: [DocKind; 9] = [
        DocKind::Procedure,
        DocKind::Role,
        DocKind::Form,
        DocKind::Scorecard,
        DocKind::Phrases,
        DocKind::Quiz,
        DocKind::Glossary,
        DocKind::Chapter,
        DocKind::Home,
    ];

    /// Small integer written into the index files.
    pub fn code(self) -> u8 {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0) as u8
    }

    pub fn from_code(code: u8) -> Option<DocKind> {
        Self::ALL.get(code as usize).copied()
    }

    /// Chinese label shown next to results and on facet buttons.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Procedure => "流程",
            DocKind::Role => "角色",
            DocKind::Form => "表单",
            DocKind::Scorecard => "考核表",
            DocKind::Phrases => "话术",
            DocKind::Quiz => "测验",
            DocKind::Glossary => "术语",
            DocKind::Chapter => "章节",
            DocKind::Home => "首页",
        }
    }
}
