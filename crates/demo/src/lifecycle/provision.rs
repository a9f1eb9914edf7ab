//! `other_config["disks"]`, the provisioning spec `VM.provision` reads: a template's
//! `<provision><disk …/></provision>` list, as xapi writes it.

/// A `<disk>` of a template's `other_config["disks"]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProvisionDisk {
    /// The device number (`userdevice`).
    pub device: String,
    /// Size in bytes.
    pub size: i64,
    /// The SR's uuid; empty for the pool's default SR.
    pub sr: String,
    /// Whether the VM boots from it.
    pub bootable: bool,
    /// The VDI type (`system` unless said).
    pub kind: String,
}

/// `other_config["disks"]` that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("other_config:disks: {0}")]
pub struct DisksXmlError(pub String);

/// Reads `<provision><disk device="0" size="…" sr="uuid" bootable="true" type="system"/>…`.
pub fn parse_disks(xml: &str) -> Result<Vec<ProvisionDisk>, DisksXmlError> {
    use quick_xml::events::Event;
    let bad = |why: String| DisksXmlError(why);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "disk" => {
                let mut d = ProvisionDisk {
                    kind: "system".into(),
                    ..ProvisionDisk::default()
                };
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(e.to_string()))?;
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(e.to_string()))?
                        .to_string();
                    match a.key.as_ref() {
                        "device" => d.device = v,
                        "size" => d.size = v.parse().map_err(|_| bad(format!("size {v}")))?,
                        "sr" => d.sr = v,
                        "bootable" => d.bootable = v == "true",
                        "type" => d.kind = v,
                        _ => {}
                    }
                }
                out.push(d);
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provision_disks_parse_as_xapi_writes_them() {
        let xml = r#"<provision><disk device="0" size="8589934592" sr="" bootable="true" type="system"/><disk device="1" size="1024" sr="abc" bootable="false" type="system"/></provision>"#;
        let d = parse_disks(xml).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].device.as_str(), d[0].size, d[0].bootable),
            ("0", 8589934592, true)
        );
        assert_eq!(d[1].sr, "abc");
        assert!(parse_disks(r#"<provision><disk size="x"/></provision>"#).is_err());
    }
}
