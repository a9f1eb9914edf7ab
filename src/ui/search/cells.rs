//! What the results table shows: its column titles and its cells, in the user's words.

use crate::i18n::I18n;
use crate::model::details::format_bytes;
use crate::model::search::results::{Column, Hit};
use crate::model::search::{Kind, Power};
use i18n_embed_fl::fl;

/// A column's title in the user's language.
pub fn column_title(i18n: &I18n, c: &Column) -> String {
    let l = &i18n.loader;
    match c {
        Column::Name => fl!(l, "search-col-name"),
        Column::Type => fl!(l, "search-col-type"),
        Column::Pool => fl!(l, "search-col-pool"),
        Column::Host => fl!(l, "search-col-host"),
        Column::Power => fl!(l, "search-col-power"),
        Column::Cpus => fl!(l, "search-col-cpus"),
        Column::Memory => fl!(l, "search-col-memory"),
        Column::Ip => fl!(l, "search-col-ip"),
        Column::Tags => fl!(l, "search-col-tags"),
        Column::Custom(n) => crate::model::names::visible(n),
    }
}

fn kind_text(i18n: &I18n, k: Kind) -> String {
    let l = &i18n.loader;
    match k {
        Kind::Pool => fl!(l, "search-kind-pool"),
        Kind::Host => fl!(l, "search-kind-host"),
        Kind::Vm => fl!(l, "search-kind-vm"),
        Kind::Template => fl!(l, "search-kind-template"),
        Kind::Snapshot => fl!(l, "search-kind-snapshot"),
        Kind::Sr => fl!(l, "search-kind-sr"),
        Kind::Network => fl!(l, "search-kind-network"),
    }
}

fn power_text(i18n: &I18n, p: Power) -> String {
    let l = &i18n.loader;
    match p {
        Power::Running => fl!(l, "power-running"),
        Power::Halted => fl!(l, "power-halted"),
        Power::Suspended => fl!(l, "power-suspended"),
        Power::Paused => fl!(l, "power-paused"),
    }
}

/// A cell as the table shows it (translated, sizes in binary units).
pub(super) fn cell_text(i18n: &I18n, h: &Hit, c: &Column) -> String {
    match c {
        Column::Type => kind_text(i18n, h.kind),
        Column::Power => h.power.map(|p| power_text(i18n, p)).unwrap_or_default(),
        Column::Memory => h
            .memory
            .map(|m| format_bytes(i64::try_from(m).unwrap_or(i64::MAX)))
            .unwrap_or_default(),
        Column::Name | Column::Pool | Column::Host | Column::Custom(_) => {
            crate::model::names::visible(&h.text(c))
        }
        c => h.text(c).into_owned(),
    }
}
