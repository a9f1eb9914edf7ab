//! `xenpilot console`: the app's console code from a script. Logs in (or starts the built-in
//! demo pool), opens the VM's console as the Console tab does, types `--type` (paced, as
//! "Paste text as keystrokes"), waits for the screen to settle and saves it as PNG.

use crate::cli::ConsoleArgs;
use crate::services::console::{self, Target};
use rfb::Rect;
use rfb::client::lock;
use rfb::typing::{self, Typing};
use std::sync::Arc;
use std::time::Duration;
use xenapi::Session;

/// Runs the subcommand on `rt`.
pub fn run(args: ConsoleArgs, rt: &tokio::runtime::Runtime) -> Result<(), String> {
    rt.block_on(async {
        let opened = super::session::open(args.server.as_deref(), &args.user).await?;
        let result = capture(&opened.session, &args).await;
        opened.close().await;
        result
    })
}

async fn capture(session: &Session, args: &ConsoleArgs) -> Result<(), String> {
    let vm = console::find_vm(session, &args.vm).await?;
    let target = Target {
        vm,
        name: args.vm.clone(),
        host_console: false,
        pool_hosts: console::pool_hosts(session).await,
    };
    let opened = console::open(session, &target, &Default::default(), Arc::new(|| {}))
        .await
        .map_err(|e| format!("{}: {e}", args.vm))?;
    let mut client = opened.client;
    // The first full update.
    for _ in 0..100 {
        if lock(&client.screen).updates > 0 {
            break;
        }
        if let Some(e) = client.closed() {
            return Err(format!("{}: the console closed: {e}", args.vm));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Some(text) = &args.type_text {
        let text = text.replace("\\n", "\n");
        let chars = typing::typeable(&text);
        typing::type_text(client.input_sender(), chars, Arc::new(Typing::default())).await;
    }
    tokio::time::sleep(Duration::from_secs_f64(args.wait.clamp(0.0, 600.0))).await;
    if let Some(e) = client.closed() {
        return Err(format!("{}: the console closed: {e}", args.vm));
    }
    let (w, h, rgba) = {
        let s = lock(&client.screen);
        let all = Rect {
            x: 0,
            y: 0,
            w: s.width,
            h: s.height,
        };
        (s.width, s.height, s.region(all))
    };
    console::write_png(&args.screenshot, u32::from(w), u32::from(h), &rgba)
        .map_err(|e| format!("cannot write {}: {e}", args.screenshot.display()))?;
    println!("{} ({w}×{h})", args.screenshot.display());
    Ok(())
}
