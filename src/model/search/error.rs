//! Why the search language's parser refused a query, and the Fluent id that says it.

/// Why a query cannot be read, and where (a character offset into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    UnclosedQuote,
    UnclosedParen,
    UnexpectedParen,
    /// A `word:` that is no field; the word.
    UnknownField(String),
    /// A field with nothing after its operator; the field as typed.
    MissingValue(String),
    /// An operator the field does not take (`tag>3`); the field and the operator.
    BadOperator(String, String),
    /// Not a number (or size, for `mem`); the value.
    BadNumber(String),
    BadPower(String),
    BadType(String),
    /// `-` or `OR` with nothing to apply to.
    Dangling(String),
}

impl ParseError {
    /// The Fluent id that puts it into words, and its arguments.
    pub fn message_id(&self) -> (&'static str, Vec<(&'static str, String)>) {
        let at = ("at", (self.at + 1).to_string());
        match &self.kind {
            ErrorKind::UnclosedQuote => ("search-error-quote", vec![at]),
            ErrorKind::UnclosedParen => ("search-error-paren-open", vec![at]),
            ErrorKind::UnexpectedParen => ("search-error-paren-close", vec![at]),
            ErrorKind::UnknownField(w) => ("search-error-field", vec![at, ("word", w.clone())]),
            ErrorKind::MissingValue(f) => ("search-error-value", vec![at, ("field", f.clone())]),
            ErrorKind::BadOperator(f, o) => (
                "search-error-operator",
                vec![at, ("field", f.clone()), ("op", o.clone())],
            ),
            ErrorKind::BadNumber(v) => ("search-error-number", vec![at, ("value", v.clone())]),
            ErrorKind::BadPower(v) => ("search-error-power", vec![at, ("value", v.clone())]),
            ErrorKind::BadType(v) => ("search-error-type", vec![at, ("value", v.clone())]),
            ErrorKind::Dangling(w) => ("search-error-dangling", vec![at, ("word", w.clone())]),
        }
    }
}
