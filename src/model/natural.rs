//! Natural sort order ("vm2" before "vm10"), case-insensitive, as XenCenter sorts names.

use std::cmp::Ordering;

/// Compares two names, runs of digits by value.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na: String = std::iter::from_fn(|| a.next_if(char::is_ascii_digit)).collect();
                let nb: String = std::iter::from_fn(|| b.next_if(char::is_ascii_digit)).collect();
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                a.next();
                b.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn numbers_sort_by_value_and_letters_ignore_case() {
        assert_eq!(compare("vm2", "vm10"), Less);
        assert_eq!(compare("VM10", "vm9"), Greater);
        assert_eq!(compare("a", "B"), Less);
        assert_eq!(compare("x007", "x7"), Equal);
        let mut v = vec!["host-10", "host-2", "Host-1"];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(v, ["Host-1", "host-2", "host-10"]);
    }
}
