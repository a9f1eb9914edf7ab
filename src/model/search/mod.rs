//! Search across every connected pool: the query language ([`query`]), matching against
//! the cached records ([`eval`]), the results table and its exports ([`results`]), and
//! saved searches in XenCenter's `gui_config` form ([`saved`]).
//!
//! The same language drives the navigator's search box and the Search results window.

mod error;
pub mod eval;
#[cfg(test)]
mod order_tests;
mod print;
pub mod query;
pub mod results;
pub mod saved;
mod saved_xml;
#[cfg(test)]
mod tests;

pub use eval::{Obj, PoolCtx};
pub use query::{ErrorKind, Expr, Field, Kind, Op, ParseError, Power, Query, Term, Value};
