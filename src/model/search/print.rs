//! The search language's printer: a query written back as text the parser reads to the same
//! tree (quoting only where a bare value would read differently).

use super::query::{Expr, Field, KINDS, POWERS, Query, Term, Value, ends_word};
use std::fmt;

/// Quotes a value when reading it back bare would not give it again.
fn write_value(f: &mut fmt::Formatter<'_>, s: &str, stop: &[char]) -> fmt::Result {
    let bare = !s.is_empty()
        && !s.starts_with('-')
        && !s.starts_with('"')
        && s != "OR"
        && !s.chars().any(|c| ends_word(c) || stop.contains(&c))
        // A bare word shaped like `field:` would read as a field term.
        && !(s
            .find([':', '=', '>', '<'])
            .is_some_and(|i| i > 0 && s[..i].chars().all(|c| c.is_ascii_alphabetic())));
    if bare {
        return f.write_str(s);
    }
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Field::Custom(name) = &self.field {
            f.write_str("cf:")?;
            write_value(f, name, &['=', ':'])?;
            return match &self.value {
                Value::Any => Ok(()),
                Value::Text { raw, .. } => {
                    f.write_str(self.op.text())?;
                    write_value_after_op(f, raw)
                }
                _ => Ok(()),
            };
        }
        if self.field != Field::Text {
            f.write_str(self.field.keyword())?;
            f.write_str(self.op.text())?;
        }
        match &self.value {
            Value::Text { raw, .. } if self.field == Field::Text => write_value(f, raw, &[]),
            Value::Text { raw, .. } | Value::Number { raw, .. } => write_value_after_op(f, raw),
            Value::Power(p) => f.write_str(POWERS.iter().find(|(_, q)| q == p).map_or("", |x| x.0)),
            Value::Kind(k) => f.write_str(KINDS.iter().find(|(_, q)| q == k).map_or("", |x| x.0)),
            Value::Any => Ok(()),
        }
    }
}

/// After an operator anything bare up to a space reads back, except an opening quote or
/// a value that could be read as part of the operator.
fn write_value_after_op(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    if !s.is_empty() && !s.starts_with(['"', '=']) && !s.chars().any(ends_word) {
        return f.write_str(s);
    }
    write_value(f, s, &['='])
}

fn write_expr(f: &mut fmt::Formatter<'_>, e: &Expr, inside: bool) -> fmt::Result {
    match e {
        Expr::Term(t) => write!(f, "{t}"),
        Expr::Not(x) => {
            f.write_str("-")?;
            match &**x {
                Expr::Term(t) => write!(f, "{t}"),
                x => {
                    f.write_str("(")?;
                    write_expr(f, x, false)?;
                    f.write_str(")")
                }
            }
        }
        Expr::And(v) if v.is_empty() => {
            if inside {
                f.write_str("()")?;
            }
            Ok(())
        }
        Expr::And(v) => {
            if inside {
                f.write_str("(")?;
            }
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(" ")?;
                }
                write_expr(f, x, matches!(x, Expr::Or(_) | Expr::And(_)))?;
            }
            if inside {
                f.write_str(")")?;
            }
            Ok(())
        }
        Expr::Or(v) => {
            if inside {
                f.write_str("(")?;
            }
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(" OR ")?;
                }
                write_expr(
                    f,
                    x,
                    matches!(x, Expr::Or(_)) || matches!(x, Expr::And(w) if w.is_empty()),
                )?;
            }
            if inside {
                f.write_str(")")?;
            }
            Ok(())
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, &self.expr, false)
    }
}
