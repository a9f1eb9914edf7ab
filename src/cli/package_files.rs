//! `xenpilot package-files OUT_DIR`: the man pages and shell completions, generated from the
//! parser's own clap definitions, so they never drift from it. The binary writes them, not
//! build.rs, which could reach these definitions only by compiling the demo server a second
//! time; packaging/linux/build.sh runs the binary it packages. It is not a clap subcommand:
//! clap_complete writes even hidden subcommands into the completions.

use super::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::{Path, PathBuf};

/// The folder of `xenpilot package-files OUT_DIR`, when those are the whole command line.
pub fn requested() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    let (command, dir) = (args.next()?, args.next()?);
    (command == "package-files" && args.next().is_none()).then(|| dir.into())
}

/// Writes `OUT_DIR/man/xenpilot.1` (and one page per subcommand, `xenpilot-tree.1`…) and
/// `OUT_DIR/completions/` (`xenpilot.bash`, `_xenpilot` for zsh, `xenpilot.fish`,
/// `_xenpilot.ps1` for PowerShell).
pub fn write(out_dir: &Path) -> Result<(), String> {
    let err = |what: &str, e: std::io::Error| format!("cannot write the {what}: {e}");
    let man = out_dir.join("man");
    let completions = out_dir.join("completions");
    for dir in [&man, &completions] {
        std::fs::create_dir_all(dir).map_err(|e| err(&dir.display().to_string(), e))?;
    }
    clap_mangen::generate_to(Cli::command(), &man).map_err(|e| err("man pages", e))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        clap_complete::generate_to(shell, &mut Cli::command(), "xenpilot", &completions)
            .map_err(|e| err(&format!("{shell} completions"), e))?;
    }
    Ok(())
}
