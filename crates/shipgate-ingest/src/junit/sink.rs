//! Where the parser sends the test cases it reads.

use super::case::{Attempt, CaseState};
use super::fold::Fold;

/// Receives every `testcase` element of a document, in document order.
pub(crate) trait CaseSink {
    /// One test case: its identity (in `case`) and what it says about the test.
    fn case(&mut self, case: &CaseState, attempt: Attempt);
}

/// Records test cases straight into a [`Fold`], on the parser's thread.
#[derive(Debug)]
pub(crate) struct Direct<'a> {
    fold: &'a mut Fold,
    /// The id being recorded, reused from one case to the next.
    id: &'a mut String,
}

impl<'a> Direct<'a> {
    /// A sink recording into `fold`; `id` is scratch space for test ids.
    pub(crate) fn new(fold: &'a mut Fold, id: &'a mut String) -> Self {
        Direct { fold, id }
    }
}

impl CaseSink for Direct<'_> {
    fn case(&mut self, case: &CaseState, attempt: Attempt) {
        case.write_id(self.id);
        self.fold.record(self.id, attempt);
    }
}
