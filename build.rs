//! Embeds the git commit the app is built from (`XENPILOT_COMMIT`, shown by `--version` and
//! Help > About), and on Windows the icon in the .exe. A build from a tarball without `.git`, or without git, says "unknown";
//! packagers who know the commit may set `XENPILOT_COMMIT` themselves.

use std::process::Command;

fn main() {
    // Without this line cargo would rerun the script whenever any file of the package changes.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=XENPILOT_COMMIT");
    let commit = std::env::var("XENPILOT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=XENPILOT_COMMIT={commit}");
    windows_icon();
}

/// Embeds assets/icons/xenpilot.ico in xenpilot.exe, with the version from Cargo.toml. A
/// missing resource compiler costs the icon, not the build.
#[cfg(windows)]
fn windows_icon() {
    println!("cargo:rerun-if-changed=assets/icons/xenpilot.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("assets/icons/xenpilot.ico");
        if let Err(e) = res.compile() {
            println!("cargo:warning=xenpilot.exe gets no icon: {e}");
        }
    }
}

#[cfg(not(windows))]
fn windows_icon() {}

/// The short hash of HEAD, and the files whose change means a new commit (so a commit reruns
/// this script, and nothing else does).
fn git_commit() -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        out.status.success().then(|| text.trim().to_string())
    };
    // Only our own repository: a tarball unpacked inside another one has no commit of ours.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let here = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if std::fs::canonicalize(top).ok()? != std::fs::canonicalize(here).ok()? {
        return None;
    }
    let hash = git(&["rev-parse", "--short=12", "HEAD"])?;
    // HEAD names a branch whose file (or packed-refs) moves at each commit; a worktree's HEAD
    // is in its own git dir, the branches in the common one: git says where each is.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        // A path that does not exist would make cargo rerun the script at every build.
        let path = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]);
        if let Some(path) = path.filter(|p| std::path::Path::new(p).exists()) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(hash)
}
