//! The S-expressions and whitespace escaping of xapi's database XML (`db_xml.ml`,
//! `xml_spaces.ml`): sets are `('a' 'b')`, maps `(('k' 'v') ...)`; inside quoted strings `\` and
//! the quote are backslash-escaped; then space, tab, LF, CR and `%` become `%.`, `%t`, `%n`,
//! `%r`, `%%` (and the legacy `%_` is two spaces).

/// A parsed S-expression: a string atom or a list.
#[derive(Debug, Clone, PartialEq)]
pub enum SExpr {
    Atom(String),
    List(Vec<SExpr>),
}

/// Undoes the whitespace protection.
pub fn unprotect(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('.') => out.push(' '),
            Some('_') => out.push_str("  "),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('%') => out.push('%'),
            // Not an escape xapi writes: keep it as it is.
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// Applies the whitespace protection.
pub fn protect(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%."),
            '\t' => out.push_str("%t"),
            '\n' => out.push_str("%n"),
            '\r' => out.push_str("%r"),
            '%' => out.push_str("%%"),
            c => out.push(c),
        }
    }
    out
}

/// What is wrong with an S-expression, and at which character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SexprError(pub String);

impl From<String> for SexprError {
    fn from(s: String) -> Self {
        SexprError(s)
    }
}

impl From<&str> for SexprError {
    fn from(s: &str) -> Self {
        SexprError(s.to_string())
    }
}

/// The deepest list nesting [`parse`] accepts. xapi writes two levels (a map is a list of
/// pairs); a dump from elsewhere may be hostile, and the reader recurses once a level.
pub const MAX_DEPTH: usize = 64;

/// Parses one S-expression; `Err` says what is wrong and at which character.
pub fn parse(s: &str) -> Result<SExpr, SexprError> {
    let chars: Vec<char> = s.chars().collect();
    let mut pos = 0;
    let v = parse_at(&chars, &mut pos, 1)?;
    skip_ws(&chars, &mut pos);
    if pos != chars.len() {
        return Err(format!("unexpected text at character {pos}").into());
    }
    Ok(v)
}

fn skip_ws(c: &[char], pos: &mut usize) {
    while *pos < c.len() && c[*pos].is_whitespace() {
        *pos += 1;
    }
}

/// `depth`: lists open around this one, this one included.
fn parse_at(c: &[char], pos: &mut usize, depth: usize) -> Result<SExpr, SexprError> {
    skip_ws(c, pos);
    match c.get(*pos) {
        None => Err("unexpected end of S-expression".into()),
        Some('(') if depth > MAX_DEPTH => {
            Err(format!("lists nested deeper than {MAX_DEPTH} levels at character {pos}").into())
        }
        Some('(') => {
            *pos += 1;
            let mut items = Vec::new();
            loop {
                skip_ws(c, pos);
                match c.get(*pos) {
                    None => return Err("unclosed '(' in S-expression".into()),
                    Some(')') => {
                        *pos += 1;
                        return Ok(SExpr::List(items));
                    }
                    Some(_) => items.push(parse_at(c, pos, depth + 1)?),
                }
            }
        }
        Some(&q @ ('\'' | '"')) => {
            *pos += 1;
            let mut s = String::new();
            loop {
                match c.get(*pos) {
                    None => return Err("unclosed string in S-expression".into()),
                    Some('\\') => {
                        *pos += 1;
                        match c.get(*pos) {
                            Some(&e) => s.push(e),
                            None => return Err("dangling backslash in S-expression".into()),
                        }
                        *pos += 1;
                    }
                    Some(&ch) if ch == q => {
                        *pos += 1;
                        return Ok(SExpr::Atom(s));
                    }
                    Some(&ch) => {
                        s.push(ch);
                        *pos += 1;
                    }
                }
            }
        }
        Some(ch) => Err(format!("unexpected {ch:?} at character {pos}").into()),
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('\'');
    for ch in s.chars() {
        if ch == '\'' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('\'');
}

/// Writes a set as xapi does.
pub fn write_set<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("(");
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        quote(&mut out, s);
    }
    out.push(')');
    out
}

/// Writes a map as xapi does.
pub fn write_map<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("(");
    for (i, (k, v)) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('(');
        quote(&mut out, k);
        out.push(' ');
        quote(&mut out, v);
        out.push(')');
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sets_and_maps_with_either_quote() {
        assert_eq!(
            parse("('a' \"b c\")").unwrap(),
            SExpr::List(vec![SExpr::Atom("a".into()), SExpr::Atom("b c".into())])
        );
        let m = parse("(('k' 'it\\'s') ('x\\\\y' ''))").unwrap();
        assert_eq!(
            m,
            SExpr::List(vec![
                SExpr::List(vec![SExpr::Atom("k".into()), SExpr::Atom("it's".into())]),
                SExpr::List(vec![SExpr::Atom("x\\y".into()), SExpr::Atom("".into())]),
            ])
        );
    }

    #[test]
    fn nesting_at_the_limit_parses_and_past_it_is_an_error() {
        let nested = |n: usize| format!("{}'x'{}", "(".repeat(n), ")".repeat(n));
        let mut e = parse(&nested(MAX_DEPTH)).unwrap();
        let mut depth = 0;
        while let SExpr::List(mut items) = e {
            depth += 1;
            e = items.pop().unwrap();
        }
        assert_eq!(depth, MAX_DEPTH);
        let err = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(err.0.contains("nested deeper than 64"), "{err}");
        // What killed the loader: 40,000 levels, never closed.
        assert!(parse(&"(".repeat(40_000)).is_err());
    }

    #[test]
    fn rejects_truncated_expressions() {
        assert!(parse("(('k' 'v')").is_err());
        assert!(parse("('abc").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn whitespace_protection_round_trips_and_decodes_legacy_forms() {
        let s = "a b\tc\nd\re%f";
        assert_eq!(protect(s), "a%.b%tc%nd%re%%f");
        assert_eq!(unprotect(&protect(s)), s);
        assert_eq!(unprotect("Intel%_Xeon"), "Intel  Xeon");
    }

    #[test]
    fn written_maps_parse_back() {
        let w = write_map([("it's", "a\\b"), ("k", "")]);
        let SExpr::List(items) = parse(&w).unwrap() else {
            panic!()
        };
        assert_eq!(items.len(), 2);
    }
}
