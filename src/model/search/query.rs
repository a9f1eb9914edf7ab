//! The search box's language: its syntax tree, the parser (errors say where) and the printer
//! (which the parser reads back to the same tree).
//!
//! ```text
//! query := or
//! or    := and ("OR" and)*
//! and   := unary+
//! unary := "-" atom | atom
//! atom  := "(" or ")" | term
//! term  := FIELD op value | "cf:" name ["=" value] | value
//! op    := ":" | "=" | ">" | ">=" | "<" | "<="
//! ```
//!
//! A value is a run of characters up to a space or a parenthesis, or a quoted string (`\"`
//! and `\\` escape inside it). A plain word matches the name, the description, the UUID or
//! an IP address.

/// What a term looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A plain word: name, description, UUID or IP address.
    Text,
    Name,
    Description,
    Uuid,
    Ip,
    Power,
    Tag,
    Host,
    Pool,
    Mem,
    Cpu,
    Type,
    Os,
    Folder,
    /// A XenCenter custom field, by its name.
    Custom(String),
}

/// The field names the parser knows, as typed (lower case).
pub const FIELDS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("desc", Field::Description),
    ("uuid", Field::Uuid),
    ("ip", Field::Ip),
    ("power", Field::Power),
    ("tag", Field::Tag),
    ("host", Field::Host),
    ("pool", Field::Pool),
    ("mem", Field::Mem),
    ("cpu", Field::Cpu),
    ("type", Field::Type),
    ("os", Field::Os),
    ("folder", Field::Folder),
];

impl Field {
    pub(super) fn keyword(&self) -> &'static str {
        match self {
            Field::Custom(_) => "cf",
            Field::Text => "",
            f => FIELDS.iter().find(|(_, g)| g == f).map_or("", |(k, _)| k),
        }
    }

    /// Compared as numbers (`mem>8G`, `cpu>=4`).
    pub fn numeric(&self) -> bool {
        matches!(self, Field::Mem | Field::Cpu)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `:`: contains (text), is (power, type, tag), under (folder), equals (numbers).
    Has,
    /// `=`: exactly.
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub(super) fn text(self) -> &'static str {
        match self {
            Op::Has => ":",
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

/// The power states a `power:` term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    Running,
    Halted,
    Suspended,
    Paused,
}

/// The object types a `type:` term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Pool,
    Host,
    Vm,
    Template,
    Snapshot,
    Sr,
    Network,
}

pub const KINDS: &[(&str, Kind)] = &[
    ("pool", Kind::Pool),
    ("host", Kind::Host),
    ("vm", Kind::Vm),
    ("template", Kind::Template),
    ("snapshot", Kind::Snapshot),
    ("sr", Kind::Sr),
    ("network", Kind::Network),
];

pub(super) const POWERS: &[(&str, Power)] = &[
    ("running", Power::Running),
    ("halted", Power::Halted),
    ("suspended", Power::Suspended),
    ("paused", Power::Paused),
];

/// A term's value, checked and made ready for matching when parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text as typed (printed back) and lower-cased (matched).
    Text {
        raw: String,
        lower: String,
    },
    /// A number: bytes for `mem`, a count for `cpu`; `raw` as typed (`8G`).
    Number {
        raw: String,
        n: u64,
    },
    Power(Power),
    Kind(Kind),
    /// `cf:Name` alone: the field is set.
    Any,
}

impl Value {
    pub fn text(raw: &str) -> Value {
        Value::Text {
            raw: raw.to_string(),
            lower: raw.to_lowercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub field: Field,
    pub op: Op,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every part matches (an empty list: everything matches).
    And(Vec<Expr>),
    /// At least one part matches.
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

pub use super::error::{ErrorKind, ParseError};

/// A parsed query; the empty query matches everything.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub expr: Expr,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            expr: Expr::And(Vec::new()),
        }
    }
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, ParseError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser { s: &chars, i: 0 };
        let expr = p.or()?;
        p.skip_ws();
        if p.i < p.s.len() {
            // Only a `)` stops `or` early.
            return Err(p.err(ErrorKind::UnexpectedParen));
        }
        Ok(Query {
            expr: normalize(expr),
        })
    }

    pub fn is_empty(&self) -> bool {
        matches!(&self.expr, Expr::And(v) if v.is_empty())
    }

    /// Only plain words, all of them required: what the navigator's prebuilt text can answer
    /// without the records. `None` when a term needs the record.
    pub fn plain_words(&self) -> Option<Vec<&str>> {
        fn one(e: &Expr) -> Option<&str> {
            match e {
                Expr::Term(Term {
                    field: Field::Text,
                    value: Value::Text { lower, .. },
                    ..
                }) => Some(lower.as_str()),
                _ => None,
            }
        }
        match &self.expr {
            Expr::And(v) => v.iter().map(one).collect(),
            e => one(e).map(|w| vec![w]),
        }
    }
}

/// One list level per operator: `a (b c)` is `a b c`; a list of one is its item.
pub fn normalize(e: Expr) -> Expr {
    match e {
        Expr::And(v) => {
            let mut out = Vec::with_capacity(v.len());
            for x in v.into_iter().map(normalize) {
                match x {
                    Expr::And(inner) => out.extend(inner),
                    x => out.push(x),
                }
            }
            if out.len() == 1 {
                out.pop().unwrap_or(Expr::And(Vec::new()))
            } else {
                Expr::And(out)
            }
        }
        Expr::Or(v) => {
            let mut out = Vec::with_capacity(v.len());
            for x in v.into_iter().map(normalize) {
                match x {
                    Expr::Or(inner) => out.extend(inner),
                    x => out.push(x),
                }
            }
            if out.len() == 1 {
                out.pop().unwrap_or(Expr::Or(Vec::new()))
            } else {
                Expr::Or(out)
            }
        }
        Expr::Not(x) => Expr::Not(Box::new(normalize(*x))),
        t => t,
    }
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

pub(super) fn ends_word(c: char) -> bool {
    is_space(c) || c == '(' || c == ')'
}

impl Parser<'_> {
    fn err(&self, kind: ErrorKind) -> ParseError {
        ParseError { at: self.i, kind }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.i += 1;
        }
    }

    /// At a bare `OR` (followed by a space, a parenthesis or the end).
    fn at_or(&self) -> bool {
        self.s.get(self.i..self.i + 2) == Some(&['O', 'R'][..])
            && self.s.get(self.i + 2).is_none_or(|c| ends_word(*c))
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.and()?];
        loop {
            self.skip_ws();
            if !self.at_or() {
                break;
            }
            let at = self.i;
            self.i += 2;
            let next = self.and()?;
            if matches!(&next, Expr::And(v) if v.is_empty()) {
                return Err(ParseError {
                    at,
                    kind: ErrorKind::Dangling("OR".into()),
                });
            }
            parts.push(next);
        }
        if parts.len() > 1 && matches!(&parts[0], Expr::And(v) if v.is_empty()) {
            return Err(ParseError {
                at: 0,
                kind: ErrorKind::Dangling("OR".into()),
            });
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Expr::And(Vec::new()))
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut parts = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some(')') => break,
                _ if self.at_or() => break,
                _ => parts.push(self.unary()?),
            }
        }
        Ok(Expr::And(parts))
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.peek() == Some('-') {
            let at = self.i;
            self.i += 1;
            if self.peek().is_none_or(|c| is_space(c) || c == ')') {
                return Err(ParseError {
                    at,
                    kind: ErrorKind::Dangling("-".into()),
                });
            }
            return Ok(Expr::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ParseError> {
        if self.peek() == Some('(') {
            let open = self.i;
            self.i += 1;
            let inner = self.or()?;
            self.skip_ws();
            if self.peek() != Some(')') {
                return Err(ParseError {
                    at: open,
                    kind: ErrorKind::UnclosedParen,
                });
            }
            self.i += 1;
            return Ok(inner);
        }
        self.term().map(Expr::Term)
    }

    /// A quoted string (at `"`) or a bare run up to a space, a parenthesis or one of `stop`.
    fn value(&mut self, stop: &[char]) -> Result<String, ParseError> {
        if self.peek() == Some('"') {
            let open = self.i;
            self.i += 1;
            let mut out = String::new();
            loop {
                match self.peek() {
                    None => {
                        return Err(ParseError {
                            at: open,
                            kind: ErrorKind::UnclosedQuote,
                        });
                    }
                    Some('"') => {
                        self.i += 1;
                        return Ok(out);
                    }
                    Some('\\') if matches!(self.s.get(self.i + 1), Some('"' | '\\')) => {
                        out.push(self.s[self.i + 1]);
                        self.i += 2;
                    }
                    Some(c) => {
                        out.push(c);
                        self.i += 1;
                    }
                }
            }
        }
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| !ends_word(c) && !stop.contains(&c))
        {
            self.i += 1;
        }
        Ok(self.s[start..self.i].iter().collect())
    }

    fn term(&mut self) -> Result<Term, ParseError> {
        let start = self.i;
        // A field name: letters, then an operator.
        let mut j = self.i;
        while self.s.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            j += 1;
        }
        let op_char = self.s.get(j).copied();
        if j > start && matches!(op_char, Some(':' | '=' | '>' | '<')) {
            let word: String = self.s[start..j].iter().collect();
            let lower = word.to_ascii_lowercase();
            if lower == "cf" && op_char == Some(':') {
                self.i = j + 1;
                return self.custom(&word);
            }
            let Some(field) = FIELDS
                .iter()
                .find(|(k, _)| *k == lower)
                .map(|(_, f)| f.clone())
            else {
                return Err(ParseError {
                    at: start,
                    kind: ErrorKind::UnknownField(word),
                });
            };
            self.i = j;
            let op_at = self.i;
            let op = self.op();
            let raw = self.value(&[])?;
            if raw.is_empty() && self.s.get(self.i - 1) != Some(&'"') {
                return Err(ParseError {
                    at: start,
                    kind: ErrorKind::MissingValue(word),
                });
            }
            let bad_op = || ParseError {
                at: op_at,
                kind: ErrorKind::BadOperator(word.clone(), op.text().into()),
            };
            let value = match &field {
                Field::Mem | Field::Cpu => {
                    let n = if field == Field::Mem {
                        parse_size(&raw)
                    } else {
                        raw.parse().ok()
                    };
                    let n = n.ok_or_else(|| ParseError {
                        at: op_at + op.text().len(),
                        kind: ErrorKind::BadNumber(raw.clone()),
                    })?;
                    Value::Number { raw, n }
                }
                _ if !matches!(op, Op::Has | Op::Eq) => return Err(bad_op()),
                Field::Power => {
                    let l = raw.to_lowercase();
                    let p = POWERS.iter().find(|(k, _)| *k == l).map(|(_, p)| *p);
                    Value::Power(p.ok_or_else(|| ParseError {
                        at: op_at + 1,
                        kind: ErrorKind::BadPower(raw.clone()),
                    })?)
                }
                Field::Type => {
                    let l = raw.to_lowercase();
                    let k = KINDS.iter().find(|(k, _)| *k == l).map(|(_, k)| *k);
                    Value::Kind(k.ok_or_else(|| ParseError {
                        at: op_at + 1,
                        kind: ErrorKind::BadType(raw.clone()),
                    })?)
                }
                _ => Value::text(&raw),
            };
            // `:` and `=` read the same for these; one spelling keeps printing canonical.
            let op = match (&field, op) {
                (Field::Power | Field::Type | Field::Tag, Op::Eq) => Op::Has,
                _ => op,
            };
            return Ok(Term { field, op, value });
        }
        let raw = self.value(&[])?;
        Ok(Term {
            field: Field::Text,
            op: Op::Has,
            value: Value::text(&raw),
        })
    }

    fn op(&mut self) -> Op {
        let c = self.peek();
        self.i += 1;
        let eq = self.peek() == Some('=');
        match c {
            Some('>') if eq => {
                self.i += 1;
                Op::Ge
            }
            Some('<') if eq => {
                self.i += 1;
                Op::Le
            }
            Some('>') => Op::Gt,
            Some('<') => Op::Lt,
            Some('=') => Op::Eq,
            _ => Op::Has,
        }
    }

    /// After `cf:`: a name, then `=value` (exactly), `:value` (contains) or nothing (set).
    fn custom(&mut self, word: &str) -> Result<Term, ParseError> {
        let start = self.i;
        let name = self.value(&['=', ':'])?;
        if name.is_empty() {
            return Err(ParseError {
                at: start,
                kind: ErrorKind::MissingValue(word.to_string()),
            });
        }
        let field = Field::Custom(name);
        let op = match self.peek() {
            Some('=') => Op::Eq,
            Some(':') => Op::Has,
            _ => {
                return Ok(Term {
                    field,
                    op: Op::Has,
                    value: Value::Any,
                });
            }
        };
        self.i += 1;
        let raw = self.value(&[])?;
        Ok(Term {
            field,
            op,
            value: Value::text(&raw),
        })
    }
}

/// `8G`, `512M`, `1.5T`, `2048` (bytes): binary units, as XenCenter shows memory.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let mult: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return None,
    };
    if num.is_empty() {
        return None;
    }
    if let Ok(n) = num.parse::<u64>() {
        return n.checked_mul(mult);
    }
    let f: f64 = num.parse().ok()?;
    let bytes = f * mult as f64;
    // Past u64's range (or not a finite number): no such size.
    (0.0..1.8e19).contains(&bytes).then_some(bytes as u64)
}
