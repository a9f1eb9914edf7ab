//! Search across every connected pool: the Search window (results, columns, export, saved
//! searches) and the words for the query language's errors.
//!
//! A window rather than a tab: the details pane shows one object, while results span every
//! pool; a window stays open beside the tree, so a row clicked selects its object there and
//! the results stay on screen to pick the next.

mod cells;
mod export;
mod runner;
mod saved_list;
mod window;

pub use window::{Request, SearchWindow};

use crate::i18n::I18n;
use crate::model::search::ParseError;

/// A query's parse error in the user's language, saying where.
pub fn error_text(i18n: &I18n, e: &ParseError) -> String {
    let (id, args) = e.message_id();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n.get_args(id, &args)
}
