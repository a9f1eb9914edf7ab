//! Command-line interface.

pub mod console;
pub mod package_files;
pub mod session;
pub mod transfer;

use clap::{Parser, Subcommand};
use demo::generator::PoolSpec;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "xenpilot",
    version = crate::VERSION,
    // Each subcommand's man page names the version too.
    propagate_version = true,
    about = "A fast desktop client for XenServer and XCP-ng pools",
    // `--help` and the man page's DESCRIPTION: what a bare `xenpilot` does, and where it keeps
    // what it keeps.
    long_about = "A fast desktop client for XenServer and XCP-ng pools.\n\n\
        Without a subcommand it opens the window: on the built-in demo pool, on --server \
        (with the password from XENPILOT_PASSWORD, or the Connect dialog asks for it), or on \
        a xapi database dump (--open). Settings and saved servers are kept in the platform's \
        config directory (~/.config/xenpilot/ on Linux); remembered passwords only in the \
        system keyring."
)]
pub struct Cli {
    /// Pool master to connect to (https://HOST by default); give it again for more pools,
    /// all with the same --user and XENPILOT_PASSWORD. Without it, the built-in demo pool is
    /// started and shown.
    #[arg(long, global = false)]
    pub server: Vec<String>,
    /// User name for --server.
    #[arg(long, default_value = "root")]
    pub user: String,
    /// Show a xapi database dump (state.db, `xe pool-dump-database` output), read-only.
    #[arg(long, conflicts_with = "server")]
    pub open: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demo pool server: a XenAPI server (JSON-RPC and XML-RPC) over an in-memory pool.
    DemoServer(DemoServerArgs),
    /// Print the navigation tree as indented text (the same tree the window shows).
    Tree(TreeArgs),
    /// Open a VM's console: type into it, save a screenshot (e.g. to capture a boot screen).
    Console(ConsoleArgs),
    /// Export a halted or suspended VM to an XVA file, checked while it downloads.
    Export(ExportArgs),
    /// Import an XVA file (plain, gzip or zstd) as a new VM.
    Import(ImportArgs),
}

/// Where a transfer subcommand connects.
#[derive(Debug, clap::Args)]
pub struct PoolArgs {
    /// Pool master (password in XENPILOT_PASSWORD). Default: the built-in demo pool.
    #[arg(long)]
    pub server: Option<String>,
    /// User name for --server.
    #[arg(long, default_value = "root")]
    pub user: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Compress {
    Gzip,
    Zstd,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The VM, by name or UUID.
    #[arg(long)]
    pub vm: String,
    /// The file to write (`.xva`); it appears only once whole and checked.
    #[arg(long)]
    pub out: PathBuf,
    /// Compress on the host: smaller file, more host CPU.
    #[arg(long, value_enum)]
    pub compress: Option<Compress>,
    /// The VM's metadata alone (`/export_metadata`): its record, disks and NICs, no disk data.
    #[arg(long, conflicts_with = "compress")]
    pub metadata_only: bool,
    #[command(flatten)]
    pub pool: PoolArgs,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The XVA file, or a disk image (raw, VHD, VMDK, qcow2) to import as a new disk.
    pub file: PathBuf,
    /// The storage repository for the disks, by name or UUID (default: the pool's default SR).
    #[arg(long)]
    pub sr: Option<String>,
    /// Start the VM once imported.
    #[arg(long)]
    pub start: bool,
    #[command(flatten)]
    pub pool: PoolArgs,
}

#[derive(Debug, clap::Args)]
pub struct ConsoleArgs {
    /// The VM, by name or UUID.
    #[arg(long)]
    pub vm: String,
    /// Pool master (password in XENPILOT_PASSWORD). Default: the built-in demo pool.
    #[arg(long)]
    pub server: Option<String>,
    /// User name for --server.
    #[arg(long, default_value = "root")]
    pub user: String,
    /// Text to type into the console first (printable ASCII; `\n` for Enter).
    #[arg(long = "type")]
    pub type_text: Option<String>,
    /// Save the console's picture here as PNG.
    #[arg(long)]
    pub screenshot: PathBuf,
    /// Seconds to let the screen settle before the screenshot (after typing).
    #[arg(long, default_value_t = 1.0)]
    pub wait: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TreeView {
    Infrastructure,
    Objects,
    Tags,
    Folders,
}

#[derive(Debug, clap::Args)]
pub struct TreeArgs {
    /// Pool master to read (password in XENPILOT_PASSWORD). Default: the built-in demo pool.
    #[arg(long)]
    pub server: Option<String>,
    /// User name for --server.
    #[arg(long, default_value = "root")]
    pub user: String,
    /// Read a xapi database dump instead of a server.
    #[arg(long, conflicts_with = "server")]
    pub open: Option<PathBuf>,
    /// Include hidden objects (View > Show hidden objects).
    #[arg(long)]
    pub show_hidden: bool,
    /// Include default templates (View > XenServer Templates).
    #[arg(long)]
    pub default_templates: bool,
    #[arg(long, value_enum, default_value = "infrastructure")]
    pub view: TreeView,
    /// Language (en-US, ja, zh-CN, de, fr). Default: the system's.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DemoServerArgs {
    /// Address to listen on. Loopback unless you name another address.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Serve this xapi database dump (state.db or `xe pool-dump-database` output).
    #[arg(long, conflicts_with = "generate")]
    pub db: Option<PathBuf>,
    /// Serve a generated pool, e.g. `vms=10000,hosts=64,networks=500` (also `alerts=N`,
    /// `tasks=N`, and `pool=N` for one of several distinct pools).
    #[arg(long)]
    pub generate: Option<PoolSpec>,
    /// root's password (a random one is generated and printed otherwise).
    #[arg(long, env = "XENPILOT_DEMO_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// A read-only user, as NAME:PASSWORD; its writes fail with RBAC_PERMISSION_DENIED.
    #[arg(long, value_parser = parse_user)]
    pub read_only_user: Option<(String, String)>,
    /// A VM operator, as NAME:PASSWORD: VM power operations and VM consoles, but no host
    /// console and no other change.
    #[arg(long, value_parser = parse_user)]
    pub vm_operator_user: Option<(String, String)>,
    /// Serve HTTPS with a new self-signed certificate (its fingerprint is printed), as a
    /// fresh XenServer host does.
    #[arg(long)]
    pub tls: bool,
    /// Answer every login with HOST_IS_SLAVE naming this master (an address, or a URL such
    /// as http://127.0.0.1:8080 to redirect on loopback).
    #[arg(long, value_name = "MASTER")]
    pub redirect_to: Option<String>,
}

fn parse_user(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((u, p)) if !u.is_empty() && !p.is_empty() => Ok((u.to_string(), p.to_string())),
        _ => Err("expected NAME:PASSWORD".into()),
    }
}

/// `s` safe to print on a terminal: every control character except newline (names, errors
/// and descriptions from a server could otherwise retitle the window or rewrite lines with
/// `ESC]0;…BEL` or `ESC[2K`), and every bidirectional control (which could reorder what
/// follows on the line, `U+202E` showing `exe.txt` as `txt.exe`), becomes a visible escape
/// such as `\x1b` or `\u{202e}`.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s
        .chars()
        .any(|c| (c.is_control() && c != '\n') || bidi_control(c))
    {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.into()
}

/// Unicode's bidirectional formatting characters (UAX #9: embeddings, overrides, isolates and
/// the implicit marks).
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn terminal_escapes_are_shown_not_sent() {
        assert_eq!(terminal_safe("web-01\n"), "web-01\n");
        assert_eq!(
            terminal_safe("a\u{1b}]0;pwned\u{7}b\u{1b}[2K\tc\u{9b}"),
            "a\\x1b]0;pwned\\x07b\\x1b[2K\\tc\\u{9b}"
        );
    }

    #[test]
    fn bidi_controls_are_shown_not_sent() {
        // "exe.txt" reversed on screen would read as a harmless name.
        assert_eq!(terminal_safe("vm\u{202e}txt.exe"), "vm\\u{202e}txt.exe");
        for c in [
            '\u{202a}', '\u{202d}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert!(
                !terminal_safe(&format!("a{c}b")).contains(c),
                "{:x}",
                c as u32
            );
        }
        assert_eq!(terminal_safe("héllo ウェブ"), "héllo ウェブ");
    }
}
