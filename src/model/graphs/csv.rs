//! What a graph shows, as CSV: one row per timestamp (UTC, RFC 3339), one column per line,
//! values in the graph's unit; an empty cell where a line has no point. Hand-written: the
//! only quoting needed is RFC 4180's, for names holding commas or quotes.

use std::collections::BTreeMap;
use std::fmt::Write;

/// One line of the graph: its legend name and its points (epoch seconds, value in the unit
/// drawn).
pub struct Column<'a> {
    pub name: &'a str,
    pub points: &'a [(i64, f64)],
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV text for `columns`, the first column headed `time_header`.
pub fn write(time_header: &str, columns: &[Column]) -> String {
    let mut rows: BTreeMap<i64, Vec<Option<f64>>> = BTreeMap::new();
    for (i, c) in columns.iter().enumerate() {
        for &(t, v) in c.points {
            rows.entry(t).or_insert_with(|| vec![None; columns.len()])[i] = Some(v);
        }
    }
    let mut out = field(time_header);
    for c in columns {
        out.push(',');
        out.push_str(&field(c.name));
    }
    out.push_str("\r\n");
    for (t, values) in rows {
        let time = jiff::Timestamp::from_second(t)
            .map(|ts| ts.to_string())
            .unwrap_or_else(|_| t.to_string());
        out.push_str(&time);
        for v in values {
            out.push(',');
            if let Some(v) = v.filter(|v| v.is_finite()) {
                let _ = write!(out, "{v}");
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_join_by_time_and_names_are_quoted() {
        let a = [(1_700_000_000, 1.5), (1_700_000_005, 2.0)];
        let b = [(1_700_000_005, f64::NAN), (1_700_000_010, 3.25)];
        let csv = write(
            "time",
            &[
                Column {
                    name: "cpu0",
                    points: &a,
                },
                Column {
                    name: "rx, \"eth0\"",
                    points: &b,
                },
            ],
        );
        assert_eq!(
            csv,
            "time,cpu0,\"rx, \"\"eth0\"\"\"\r\n\
             2023-11-14T22:13:20Z,1.5,\r\n\
             2023-11-14T22:13:25Z,2,\r\n\
             2023-11-14T22:13:30Z,,3.25\r\n"
        );
    }
}
