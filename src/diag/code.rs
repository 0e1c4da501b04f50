//! The stable diagnostic codes. Their kebab-case names appear in output, in JSON, and as keys of
//! `[check]` in book.toml, so renaming one is a breaking change.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $what:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// One line saying what the code means (for `handbook check --explain` and docs).
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $what),* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    Io = "io-error", Error, "a source file or folder could not be read";
    InvalidUtf8 = "invalid-utf8", Error, "a source file is not valid UTF-8 (often: saved as GBK)";
    FileTooLarge = "file-too-large", Error, "a source file is larger than [build] max-file-size";
    EmptyFile = "empty-file", Error, "a structured source file is empty";
    MissingFrontMatter = "missing-front-matter", Error, "a structured file does not start with +++ front matter";
    UnclosedFrontMatter = "unclosed-front-matter", Error, "an opening +++ has no closing +++";
    TomlSyntax = "toml-syntax", Error, "the front matter is not valid TOML";
    UnknownKey = "unknown-key", Error, "a front-matter key the format does not know";
    InvalidValue = "invalid-value", Error, "a front-matter value has the wrong type or is not allowed";
    MissingKey = "missing-key", Error, "a required front-matter key is missing";
    InvalidId = "invalid-id", Error, "an id (file name, step id, field id) uses characters ids may not use";
    DuplicateId = "duplicate-id", Error, "two entities, steps or fields share an id";
    DuplicateName = "duplicate-name", Error, "a title or alias is claimed by two entities";
    UnknownRole = "unknown-role", Error, "a reference to a role that does not exist";
    UnknownProcedure = "unknown-procedure", Error, "a reference to a procedure that does not exist";
    UnknownStep = "unknown-step", Error, "a reference to a step that does not exist";
    UnknownForm = "unknown-form", Error, "a reference to a form that does not exist";
    UnknownScorecard = "unknown-scorecard", Error, "a reference to a scorecard that does not exist";
    UnknownPhraseList = "unknown-phrase-list", Error, "a reference to a phrase list that does not exist";
    UnknownTerm = "unknown-term", Error, "a reference to a glossary term that does not exist";
    UnknownReference = "unknown-reference", Error, "a [[link]] whose name matches nothing";
    AmbiguousReference = "ambiguous-reference", Error, "a [[link]] by an id that pages of several kinds share";
    WrongKind = "wrong-kind", Error, "a reference names an entity of the wrong kind";
    BrokenLink = "broken-link", Error, "a relative Markdown link to a file that does not exist";
    UnknownAnchor = "unknown-anchor", Error, "a link to a #heading that the target page does not have";
    NoSteps = "no-steps", Error, "a procedure without a step list";
    DetachedList = "detached-list", Error, "a list right after the steps, usually nested items indented too little";
    StepWithoutRole = "step-without-role", Error, "a step that does not say who performs it";
    InvalidStepAttribute = "invalid-step-attribute", Error, "a {…} attribute on a step that is unknown or malformed";
    UnreachableStep = "unreachable-step", Error, "a step no path from the first step reaches";
    SingleBranch = "single-branch-decision", Error, "a decision with fewer than two branches";
    NoPathToEnd = "no-path-to-end", Error, "a step from which the procedure can never end";
    UnmarkedCycle = "unmarked-cycle", Error, "a branch back to an earlier step not marked as a loop";
    StrayRoleMention = "stray-role-mention", Warning, "an @role inside a step's text, where it does not make the role a performer";
    UnusedRole = "unused-role", Warning, "a role no procedure step mentions";
    UnusedForm = "unused-form", Warning, "a form no procedure step uses";
    InvalidExpression = "invalid-expression", Error, "a computed form field whose expression is wrong";
    CyclicFormula = "cyclic-formula", Error, "computed form fields whose formulas depend on each other in a circle";
    InvalidAnswer = "invalid-answer", Error, "a quiz answer that names no option";
    PhraseExample = "phrase-example", Error, "a must-match / must-not-match example the phrase matcher disagrees with";
    TooDeep = "nesting-too-deep", Error, "Markdown nested deeper than the compiler accepts";
    SummaryEntry = "summary-entry", Error, "a SUMMARY.md entry that names no chapter";
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The level a `[check]` entry sets for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Deny,
}
