//! Typed indices: a `RoleId` can only index roles, so a procedure can never be mistaken for one.

macro_rules! ids {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }

            pub(crate) fn from_index(index: usize) -> Self {
                $name(index as u32)
            }
        }
    )*};
}

ids!(
    RoleId,
    ProcedureId,
    FormId,
    ScorecardId,
    PhraseListId,
    QuizId,
    TermId,
    ChapterId
);
