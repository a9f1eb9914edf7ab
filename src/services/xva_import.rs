//! An XVA's VM made to the user's choices, as XenCenter's import wizard and
//! `ImportVmAction` do: the file's header read first (its NICs, for the network page), then,
//! once xapi has made the VM, the name made unique, the home server set, the VIFs moved to
//! the networks chosen, the networks the import made and nothing uses removed, and the VM
//! started (on its home server, when one was chosen).

use super::transfer::{TransferError, file_err};
use crate::model::import_plan::{self, MadeVif};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use xenapi::Session;

/// What the user chose for the imported VM.
#[derive(Debug, Clone, Default)]
pub struct XvaChoices {
    /// Device → network reference.
    pub networks: BTreeMap<String, String>,
    /// The home server (`VM.affinity`); none: any server, even where xapi kept the file's.
    pub home: Option<String>,
    pub start: bool,
}

/// Keeps `ova.xml` and stops the reader there.
#[derive(Default)]
struct Header(Option<xva::ova::Ova>);

impl xva::Sink for Header {
    fn ova(&mut self, xml: &str) -> Result<(), xva::Error> {
        self.0 = Some(xva::ova::Ova::decode(xml)?);
        Err(xva::Error::Sink("header read".into()))
    }
    fn chunk(&mut self, _: &str, _: u64, _: &[u8]) -> Result<(), xva::Error> {
        Err(xva::Error::Sink("header read".into()))
    }
}

/// The header of the XVA at `path` (plain, gzip or zstd), reading only as far as it.
pub fn read_header(path: &Path) -> Result<xva::ova::Ova, TransferError> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(file_err(path))?;
    let mut reader = xva::Reader::new(Header::default());
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(file_err(path))?;
        if n == 0 {
            reader.finish().map_err(TransferError::Damaged)?;
            break;
        }
        if let Err(e) = reader.feed(&buf[..n]) {
            if reader.sink().is_some_and(|h| h.0.is_some()) {
                break;
            }
            return Err(TransferError::Damaged(e));
        }
    }
    reader
        .into_sink()
        .and_then(|h| h.0)
        .ok_or(TransferError::Damaged(xva::Error::PrematureEof))
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn list(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Makes `vm`, just imported, what the user chose.
pub async fn finish(session: &Session, vm: &str, c: &XvaChoices) -> Result<(), TransferError> {
    let rec = session.call("VM.get_record", &[json!(vm)]).await?;
    let template = rec["is_a_template"].as_bool() == Some(true);
    // A name the pool already has gets a number (XenCenter's DefaultVMName).
    let name = text(&rec, "name_label");
    let all = session.call("VM.get_all_records", &[]).await?;
    let names: Vec<String> = all
        .as_object()
        .map(|m| m.values().map(|v| text(v, "name_label")).collect())
        .unwrap_or_default();
    if let Some(new) = import_plan::free_name(&name, |n| names.iter().filter(|x| *x == n).count()) {
        session
            .call("VM.set_name_label", &[json!(vm), json!(new)])
            .await?;
    }
    let home = c.home.as_deref().unwrap_or("OpaqueRef:NULL");
    if !template && text(&rec, "affinity") != home {
        session
            .call("VM.set_affinity", &[json!(vm), json!(home)])
            .await?;
    }
    let mut made = Vec::new();
    for vif in list(&rec, "VIFs") {
        let r = session.call("VIF.get_record", &[json!(vif)]).await?;
        made.push(MadeVif {
            device: text(&r, "device"),
            network: text(&r, "network"),
            vif,
            record: r,
        });
    }
    let moves = import_plan::remap(vm, &made, &c.networks);
    let left: Vec<String> = made
        .iter()
        .filter(|v| moves.iter().any(|m| m.vif == v.vif))
        .map(|v| v.network.clone())
        .collect();
    for m in moves {
        session.call("VIF.destroy", &[json!(m.vif)]).await?;
        session.call("VIF.create", &[m.create]).await?;
    }
    // The networks this import made that nothing uses now (XenCenter removes them too).
    let task = rec["other_config"]["import_task"].as_str().unwrap_or("");
    for net in left {
        let Ok(n) = session.call("network.get_record", &[json!(net)]).await else {
            continue;
        };
        let ours = !task.is_empty() && n["other_config"]["import_task"].as_str() == Some(task);
        if ours && list(&n, "VIFs").is_empty() && list(&n, "PIFs").is_empty() {
            let _ = session.call("network.destroy", &[json!(net)]).await;
        }
    }
    if c.start && !template {
        match &c.home {
            Some(h) => {
                session
                    .call(
                        "VM.start_on",
                        &[json!(vm), json!(h), json!(false), json!(false)],
                    )
                    .await?
            }
            None => {
                session
                    .call("VM.start", &[json!(vm), json!(false), json!(false)])
                    .await?
            }
        };
    }
    Ok(())
}
