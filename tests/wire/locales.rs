//! Every locale has exactly en-US's message ids, with the same arguments, and loads.

use std::collections::{BTreeMap, BTreeSet};
use xenpilot::i18n::{self, I18n, LANGUAGES};

/// id → the set of `$arguments` its text uses.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let src = i18n::ftl_source(lang).unwrap_or_else(|| panic!("locales/{lang}/xenpilot.ftl"));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut last: Option<String> = None;
    for (n, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        // An indented line continues the message above (select expressions, variants).
        if line.starts_with(' ') {
            let id = last
                .clone()
                .unwrap_or_else(|| panic!("{lang}:{}: continuation of nothing", n + 1));
            let args = out.entry(id).or_default();
            args.extend(
                line.split("{ $")
                    .skip(1)
                    .map(|rest| rest.split(' ').next().unwrap_or_default().to_string()),
            );
            continue;
        }
        let (id, value) = line
            .split_once(" = ")
            // A message whose text starts on the next line (a select expression).
            .or_else(|| line.strip_suffix(" =").map(|id| (id, "")))
            .unwrap_or_else(|| panic!("{lang}:{}: not `id = text`: {line}", n + 1));
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{lang}:{}: bad id {id:?}",
            n + 1
        );
        let args = value
            .split("{ $")
            .skip(1)
            .map(|rest| rest.split(' ').next().unwrap_or_default().to_string())
            .collect();
        assert!(
            out.insert(id.to_string(), args).is_none(),
            "{lang}: {id} twice"
        );
        last = Some(id.to_string());
    }
    out
}

#[test]
fn every_locale_has_exactly_the_ids_and_arguments_of_en_us() {
    let reference = messages("en-US");
    assert!(reference.len() > 100);
    for (lang, _) in LANGUAGES.iter().filter(|(l, _)| *l != "en-US") {
        let m = messages(lang);
        let missing: Vec<_> = reference.keys().filter(|k| !m.contains_key(*k)).collect();
        let extra: Vec<_> = m.keys().filter(|k| !reference.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has ids en-US lacks: {extra:?}");
        for (id, args) in &reference {
            assert_eq!(&m[id], args, "{lang}: arguments of {id}");
        }
    }
}

#[test]
fn every_locale_loads_and_is_selected_by_its_tag() {
    for (lang, _) in LANGUAGES {
        let i = I18n::new(lang);
        assert_eq!(i.lang(), *lang);
        assert_ne!(i.get("menu-file"), "menu-file");
    }
    assert_eq!(I18n::new("ja-JP").lang(), "ja");
    assert_eq!(I18n::new("zh-Hans-CN").lang(), "zh-CN");
    assert_eq!(I18n::new("C").lang(), "en-US", "LANG=C falls back");
    assert_eq!(I18n::new("sv").lang(), "en-US");
    let ja = I18n::new("ja");
    assert_eq!(ja.hidden("web"), "web (非表示)");
    ja.select("fr");
    assert_eq!(ja.get("menu-view"), "Affichage");
}

/// Every Fluent id the code names exists in en-US (and so, by the test above, in every
/// locale): the string literals of `src/` that start like a family of en-US's ids
/// (`menu-…`, `tip-…`, `why-…`) must be ids. Runtime lookups (`i18n.get(id)`) would
/// otherwise show the bare id to the user.
#[test]
fn every_id_the_code_asks_for_exists() {
    let ids = messages("en-US");
    // The families, from the ids themselves ("menu" of "menu-file").
    let families: BTreeSet<&str> = ids
        .keys()
        .filter_map(|id| id.split_once('-').map(|(f, _)| f))
        .collect();
    // Literals of those families that are not ids: xe commands and settings keys (by their
    // prefix), and egui widget ids, window kinds and thread names (a new one goes here).
    let widget_ids = [
        "alert-detail",
        "alerts-rows",
        "console-cursor",
        "console-shot",
        "details-advanced",
        "details-advanced-keys",
        "details-general",
        "details-other-config",
        "details-xenstore",
        "dlg-copy",
        "dlg-snapshot",
        "events-detail",
        "events-rows",
        "group-members",
        "nav-tree",
        "open-dump",
        "perf-graph",
        "perf-graphs",
        "perf-overview",
        "tab-table",
        "tree-build",
        "wiz-disk",
        "wiz-hw",
        "wiz-name",
        "wiz-summary",
        "wiz-templates",
    ];
    let not_ids = |s: &str| {
        widget_ids.contains(&s)
            || s.starts_with("vm-")
            || s.starts_with("host-")
            || s.starts_with("sr-")
            || s.starts_with("pif-")
            || s.starts_with("net-")
            || s.starts_with("key-")
            || s.starts_with("mode-")
            || s.ends_with("-grid")
            || s.ends_with("-dialog")
            || s.ends_with("-form")
    };
    let mut missing = BTreeSet::new();
    let mut seen = 0;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for lit in text.split('"').skip(1).step_by(2) {
                let Some((family, _)) = lit.split_once('-') else {
                    continue;
                };
                let shaped = lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !lit.ends_with('-');
                if !shaped || !families.contains(family) || not_ids(lit) {
                    continue;
                }
                seen += 1;
                if !ids.contains_key(lit) {
                    missing.insert(format!("{lit} ({})", p.display()));
                }
            }
        }
    }
    assert!(seen > 300, "only {seen} ids found: the scan is broken");
    assert!(missing.is_empty(), "ids en-US lacks: {missing:#?}");
}
