//! Drives `session-impact lsp` as an editor would: spawn the binary, frame
//! JSON-RPC messages over stdio, and check diagnostics (with UTF-16
//! positions on a line with emoji), hover, code actions, change, close,
//! shutdown and exit.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_session-impact"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, incoming: rx, next_id: 0 }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self.incoming.recv_timeout(Duration::from_secs(20)).expect("the server answers in time");
            if pred(&msg) {
                return msg;
            }
        }
    }

    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }
}

#[test]
fn editor_session_end_to_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::create_dir_all(root.join("src")).expect("mkdir");
    let root_uri = url::Url::from_directory_path(&root).expect("uri").to_string();
    let file = root.join("src/bot.ts");
    let uri = url::Url::from_file_path(&file).expect("uri").to_string();

    // The workspace config applies in the editor as it does to `scan`.
    std::fs::write(root.join(".session-impact.toml"), "[severity]\n\"sdk/session-js-import\" = \"warning\"\n")
        .expect("config");

    let mut client = Client::start(&root);
    let init = client.request("initialize", json!({"processId": null, "rootUri": root_uri, "capabilities": {}}));
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    assert!(init["result"]["capabilities"]["codeActionProvider"].as_bool().unwrap_or(false));
    client.notify("initialized", json!({}));

    // On line 1 (0-based) the import follows 18 characters, two of them
    // emoji: it begins at UTF-16 offset 20 (character offset 18, byte 22).
    let text = "// launch 🚀\nconst tag = '🚀🚀'; import { Session as S } from '@session.js/client';\n\nexport const bot = new S();\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}}),
    );
    let diags = client.diagnostics_for(&uri);
    let import = diags.iter().find(|d| d["code"] == "sdk/session-js-import").expect("import diagnostic");
    assert_eq!(import["source"], "session-impact");
    assert_eq!(import["severity"], 2, "the config's severity override is applied");
    assert_eq!(import["range"]["start"], json!({"line": 1, "character": 20}));
    assert!(import["codeDescription"]["href"].as_str().is_some_and(|h| h.starts_with("https://")));
    assert!(diags.iter().any(|d| d["code"] == "sdk/session-js-client" && d["range"]["start"]["line"] == 3));

    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 30}}));
    let md = hover["result"]["contents"]["value"].as_str().expect("markdown hover");
    assert!(md.contains("sdk/session-js-import"), "{md}");
    assert!(md.contains("matrix"), "hover shows the replacement plan: {md}");

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": import["range"], "context": {"diagnostics": [import]}}),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let suppress = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Suppress sdk/session-js-import")))
        .expect("a suppression quick fix");
    let edit = &suppress["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "// session-impact: ignore[sdk/session-js-import]\n");
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 0}));
    assert!(actions.iter().any(|a| a["command"]["command"] == "session-impact.openDocs"));

    // Editing the import away clears the diagnostics (after the debounce).
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "export const x = 1;\n"}]}),
    );
    assert!(client.diagnostics_for(&uri).is_empty());

    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    assert!(client.diagnostics_for(&uri).is_empty());

    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none());
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success());
}
