//! stm-explorer-blockifier-harness: runs Starknet entry points with blockifier (the sequencer's
//! executor, crate blockifier 0.20.0-rc.0, as starknet-devnet 0.10.1 pins it) and prints each
//! call's CallInfo tree as JSON. The truth tests (test/truth/sierra-gas.test.ts) run the same
//! calls on our engine and compare. Never used by the app.
//!
//! Usage: stm-explorer-blockifier-harness [request.json]   (no file: the request on stdin)
//! Output: {"results": [{"initial_gas", "call"} | {"error"}, ...]}, or {"fatal": "..."} with
//! exit code 2 when the request itself is wrong.

mod output;
mod request;
mod run;
mod state;

use std::io::Read;

fn read_request() -> Result<request::Request, String> {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(path) => text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?,
        None => {
            std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
        }
    }
    serde_json::from_str(&text).map_err(|e| format!("bad request: {e}"))
}

fn main() {
    let outcome = read_request().and_then(|req| run::run(&req));
    match outcome {
        Ok(results) => {
            let results: Vec<_> = results.iter().map(output::outcome_json).collect();
            println!("{}", serde_json::json!({ "results": results }));
        }
        Err(e) => {
            println!("{}", serde_json::json!({ "fatal": e }));
            std::process::exit(2);
        }
    }
}
