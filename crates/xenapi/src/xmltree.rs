//! A minimal element tree over quick-xml, enough for XML-RPC envelopes.
//!
//! XML-RPC messages are small and nested, so building a tree first keeps the value decoder a
//! plain recursive function; the (much larger) database dumps are streamed instead.
//!
//! Input comes from hosts and clients we do not control, so the tree is never deeper than
//! [`MAX_DEPTH`]: the recursive decoder, and dropping the tree, then need a bounded stack.

use super::codec::DecodeError;
use quick_xml::Reader;
use quick_xml::events::Event;

/// An XML element: its name and its content in document order (attributes are dropped:
/// XML-RPC has none).
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The tag name, prefix included (`methodResponse`, `value`).
    pub name: String,
    /// Child elements and text, in document order.
    pub children: Vec<Node>,
}

/// A piece of an element's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Text, with entities and character references resolved and CDATA unwrapped; adjacent
    /// pieces are merged.
    Text(String),
}

impl Element {
    /// Child elements, skipping text (whitespace between tags).
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All text directly inside this element, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                s.push_str(t);
            }
        }
        s
    }
}

/// Line and column (1-based) of a byte offset, for error messages.
pub fn line_col(input: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(input.len());
    let before = &input.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, col)
}

/// The character of one of XML's five predefined entities (`lt`, `gt`, `amp`, `apos`,
/// `quot`), given without `&` and `;`.
pub fn resolve_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// The deepest element nesting [`parse`] accepts. An XML-RPC value costs three elements a
/// level (`<value><array><data>`, `<value><struct><member>`), so this allows 160 levels of
/// values inside the envelope: more than serde_json's 128 for JSON-RPC, and far more than
/// xapi's deepest reply (an `event.from` batch is about 20 elements deep).
pub const MAX_DEPTH: usize = 500;

/// Parses a whole document and returns its root element. Nesting deeper than [`MAX_DEPTH`]
/// is an error, found before the deep part is built.
pub fn parse(input: &str) -> Result<Element, DecodeError> {
    let mut reader = Reader::from_str(input);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let err_at = |reader: &Reader<&[u8]>, message: String| {
        let (line, column) = line_col(input, reader.buffer_position() as usize);
        DecodeError::Xml {
            line,
            column,
            message,
        }
    };
    let too_deep = |reader: &Reader<&[u8]>, open: usize| {
        if open >= MAX_DEPTH {
            let (line, column) = line_col(input, reader.buffer_position() as usize);
            Err(DecodeError::TooDeep {
                line,
                column,
                max: MAX_DEPTH,
            })
        } else {
            Ok(())
        }
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| err_at(&reader, e.to_string()))?;
        match ev {
            Event::Start(s) => {
                too_deep(&reader, stack.len())?;
                let name = s.name().as_ref().to_string();
                stack.push(Element {
                    name,
                    children: Vec::new(),
                });
            }
            Event::Empty(s) => {
                too_deep(&reader, stack.len())?;
                let el = Element {
                    name: s.name().as_ref().to_string(),
                    children: Vec::new(),
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(err_at(&reader, "second root element".into())),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| err_at(&reader, "unbalanced end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(err_at(&reader, "second root element".into())),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => {
                let s = t.into_inner().into_owned();
                push_text(&mut stack, &s)
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => resolve_entity(&r)
                        .ok_or_else(|| err_at(&reader, format!("unknown entity &{};", &*r)))?,
                    Err(e) => return Err(err_at(&reader, e.to_string())),
                };
                push_text(&mut stack, ch.encode_utf8(&mut [0; 4]))
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(DecodeError::Truncated(
            stack.last().map(|e| e.name.clone()).unwrap_or_default(),
        ));
    }
    root.ok_or(DecodeError::Empty)
}

fn push_text(stack: &mut [Element], s: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(prev)) = parent.children.last_mut() {
            prev.push_str(s);
        } else {
            parent.children.push(Node::Text(s.to_string()));
        }
    }
    // Text outside the root element is whitespace in well-formed documents: ignore it.
}

/// Escapes text for element content and attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // CR would be normalised away by any XML parser: keep it as a character reference.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth))
    }

    #[test]
    fn nesting_at_the_limit_parses_and_past_it_is_an_error() {
        let mut el = parse(&nested(MAX_DEPTH)).unwrap();
        let mut depth = 1;
        while let Some(Node::Element(child)) = el.children.pop() {
            el = child;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        let e = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(matches!(e, DecodeError::TooDeep { max: 500, .. }), "{e:?}");
        assert!(e.to_string().contains("nested deeper than 500"), "{e}");
        // An empty element one level too deep counts too.
        let doc = format!(
            "{}<b/>{}",
            "<a>".repeat(MAX_DEPTH),
            "</a>".repeat(MAX_DEPTH)
        );
        assert!(parse(&doc).is_err());
    }

    #[test]
    fn a_hostile_depth_is_an_error_not_a_stack_overflow() {
        // Unclosed too: the parser stops at the limit, long before the end.
        let e = parse(&"<value><array><data>".repeat(100_000)).unwrap_err();
        assert!(matches!(e, DecodeError::TooDeep { line: 1, .. }), "{e:?}");
        assert!(e.to_string().starts_with("line 1, column "), "{e}");
    }
}
