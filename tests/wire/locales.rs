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
