//! `session-impact lsp`: the same engine behind the Language Server Protocol.
//!
//! Diagnostics are published on open, on change (debounced) and on save, for
//! the changed document only; hover shows the rule and the replacement plan;
//! code actions insert a suppression comment or open the rule's docs; the
//! `session-impact.scanWorkspace` command scans the whole workspace.
//!
//! lsp-server (rust-analyzer's synchronous crate) does the JSON-RPC framing;
//! this module is a single-threaded loop over its messages.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as LspNotification, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, ExecuteCommand, HoverRequest, Request as LspRequest, ShowDocument};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CodeDescription,
    Command, Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandOptions, ExecuteCommandParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent, MarkupKind, NumberOrString,
    Position, PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, ShowDocumentParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit,
    Uri, WorkspaceEdit,
};

use crate::config::Config;
use crate::lang::{self, FileKind};
use crate::report::Finding;
use crate::rules::{RuleSet, Severity, Target};
use crate::scan::{self, ScanOptions};

/// How long after the last keystroke a changed document is re-analysed.
const DEBOUNCE: Duration = Duration::from_millis(200);
pub const SCAN_WORKSPACE: &str = "session-impact.scanWorkspace";
pub const OPEN_DOCS: &str = "session-impact.openDocs";

/// What the server needs from the command line and configuration.
#[derive(Debug, Clone, Default)]
pub struct LspOptions {
    pub extra_rules: Vec<PathBuf>,
    pub no_default_rules: bool,
    pub targets: Vec<Target>,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LspError {
    #[error("language server protocol error: {0}")]
    Protocol(String),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] crate::rules::RuleError),
}

struct Document {
    path: PathBuf,
    text: String,
    kind: Option<FileKind>,
    findings: Vec<Finding>,
}

struct Server {
    connection: Connection,
    root: Option<PathBuf>,
    rules: RuleSet,
    targets: Vec<Target>,
    documents: HashMap<String, Document>,
    /// Documents changed but not yet re-analysed, with their deadline.
    pending: HashMap<String, Instant>,
    next_request: i32,
}

/// File URI → path (percent-decoded).
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// Path → file URI.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// 1-based character column on `line_text` → 0-based UTF-16 offset.
fn utf16_col(line_text: &str, column: usize) -> u32 {
    line_text.chars().take(column.saturating_sub(1)).map(|c| c.len_utf16() as u32).sum()
}

/// The text of 0-based line `line`.
fn line_of(text: &str, line: usize) -> &str {
    text.split('\n').nth(line).map(|l| l.trim_end_matches('\r')).unwrap_or("")
}

fn finding_range(text: &str, f: &Finding) -> Range {
    let start_line = f.line.saturating_sub(1);
    let end_line = f.end_line.saturating_sub(1);
    Range {
        start: Position { line: start_line as u32, character: utf16_col(line_of(text, start_line), f.column) },
        end: Position { line: end_line as u32, character: utf16_col(line_of(text, end_line), f.end_column) },
    }
}

fn contains(range: &Range, pos: &Position) -> bool {
    let after_start = (pos.line, pos.character) >= (range.start.line, range.start.character);
    let before_end = (pos.line, pos.character) <= (range.end.line, range.end.character);
    after_start && before_end
}

fn overlaps(a: &Range, b: &Range) -> bool {
    (a.start.line, a.start.character) <= (b.end.line, b.end.character)
        && (b.start.line, b.start.character) <= (a.end.line, a.end.character)
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Hover text: the rule, its message and the replacement plan (Markdown).
pub fn hover_markdown(rules: &RuleSet, finding: &Finding, targets: &[Target]) -> String {
    let mut md = String::new();
    let title = rules.get(&finding.rule_id).map(|r| r.title.as_str()).unwrap_or(&finding.rule_id);
    md.push_str(&format!(
        "**{}** `{}`\n\n{} · {} · effort {}\n\n{}\n",
        title,
        finding.rule_id,
        finding.severity,
        finding.category,
        finding.effort.as_str(),
        finding.message
    ));
    let shown: Vec<_> =
        finding.replacements.iter().filter(|r| targets.is_empty() || targets.contains(&r.target)).collect();
    if !shown.is_empty() {
        md.push_str("\n**Migrate to**\n");
        for r in shown {
            md.push_str(&format!("\n- *{}*: {}", r.target.as_str(), r.api));
            if !r.note.is_empty() {
                md.push_str(&format!(" — {}", r.note));
            }
            if !r.docs.is_empty() {
                md.push_str(&format!(" ([docs]({}))", r.docs));
            }
        }
        md.push('\n');
    }
    md
}

impl Server {
    fn diagnostic(&self, doc: &Document, f: &Finding) -> Diagnostic {
        let docs = self.rules.get(&f.rule_id).and_then(|r| r.docs.clone());
        Diagnostic {
            range: finding_range(&doc.text, f),
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule_id.clone())),
            code_description: docs.and_then(|d| Uri::from_str(&d).ok()).map(|href| CodeDescription { href }),
            source: Some("session-impact".into()),
            message: f.message.to_string(),
            related_information: None,
            tags: None,
            data: None,
        }
    }

    fn rel_path(&self, path: &Path) -> String {
        match &self.root {
            Some(root) if path.starts_with(root) => scan::display_path(root, path),
            _ => path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        }
    }

    fn analyse(&mut self, uri: &str) {
        let Some(doc) = self.documents.get(uri) else { return };
        let findings = match doc.kind {
            Some(kind) => {
                let rel = self.rel_path(&doc.path);
                let rules = &self.rules;
                let text = &doc.text;
                match catch_unwind(AssertUnwindSafe(|| scan::analyse(rules, kind, &rel, text))) {
                    Ok(Ok(f)) => f,
                    Ok(Err(e)) => {
                        self.log(&format!("{rel}: could not be analysed: {e}"));
                        Vec::new()
                    }
                    Err(_) => {
                        self.log(&format!("{rel}: internal error while analysing"));
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        if let Some(doc) = self.documents.get_mut(uri) {
            doc.findings = findings;
        }
        self.publish(uri);
    }

    fn publish(&self, uri: &str) {
        let Ok(parsed) = Uri::from_str(uri) else { return };
        let diagnostics = match self.documents.get(uri) {
            Some(doc) => doc.findings.iter().map(|f| self.diagnostic(doc, f)).collect(),
            None => Vec::new(),
        };
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams { uri: parsed, diagnostics, version: None });
    }

    fn notify<N: LspNotification>(&self, params: N::Params) {
        let n = Notification::new(N::METHOD.to_string(), params);
        let _ = self.connection.sender.send(Message::Notification(n));
    }

    fn log(&self, message: &str) {
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: message.to_string(),
        });
    }

    fn open(&mut self, uri: &Uri, text: String) {
        let Some(path) = uri_to_path(uri) else { return };
        let kind = lang::classify(&path);
        self.documents.insert(uri.as_str().to_string(), Document { path, text, kind, findings: Vec::new() });
        self.analyse(uri.as_str());
    }

    fn handle_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    self.open(&p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    // Full sync: the last change holds the whole text.
                    if let (Some(doc), Some(change)) =
                        (self.documents.get_mut(&key), p.content_changes.into_iter().last())
                    {
                        doc.text = change.text;
                        self.pending.insert(key, Instant::now() + DEBOUNCE);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    if let (Some(doc), Some(text)) = (self.documents.get_mut(&key), p.text) {
                        doc.text = text;
                    }
                    self.pending.remove(&key);
                    self.analyse(&key);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.documents.remove(&key);
                    self.pending.remove(&key);
                    self.publish(&key);
                }
            }
            _ => {}
        }
    }

    fn findings_at<'a>(&'a self, uri: &str, pos: &Position) -> Vec<&'a Finding> {
        let Some(doc) = self.documents.get(uri) else { return Vec::new() };
        doc.findings.iter().filter(|f| contains(&finding_range(&doc.text, f), pos)).collect()
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let uri = p.text_document_position_params.text_document.uri;
        let pos = p.text_document_position_params.position;
        let doc = self.documents.get(uri.as_str())?;
        let found = self.findings_at(uri.as_str(), &pos);
        let first = found.first()?;
        let value =
            found.iter().map(|f| hover_markdown(&self.rules, f, &self.targets)).collect::<Vec<_>>().join("\n---\n");
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
            range: Some(finding_range(&doc.text, first)),
        })
    }

    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = p.text_document.uri;
        let Some(doc) = self.documents.get(uri.as_str()) else { return Vec::new() };
        let mut actions = Vec::new();
        for f in doc.findings.iter().filter(|f| overlaps(&finding_range(&doc.text, f), &p.range)) {
            let diagnostic = self.diagnostic(doc, f);
            if let Some(leader) = doc.kind.and_then(|k| k.line_comment()) {
                let line_text = line_of(&doc.text, f.line - 1);
                let indent: String = line_text.chars().take_while(|c| c.is_whitespace()).collect();
                let insert = format!("{indent}{leader} session-impact: ignore[{}]\n", f.rule_id);
                let at = Position { line: (f.line - 1) as u32, character: 0 };
                let edit = TextEdit { range: Range { start: at, end: at }, new_text: insert };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress {} on this line", f.rule_id),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    ..Default::default()
                }));
            }
            if let Some(docs) = self.rules.get(&f.rule_id).and_then(|r| r.docs.clone()) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Open the documentation for {}", f.rule_id),
                    kind: Some(CodeActionKind::EMPTY),
                    diagnostics: Some(vec![diagnostic]),
                    command: Some(Command {
                        title: "Open documentation".into(),
                        command: OPEN_DOCS.into(),
                        arguments: Some(vec![serde_json::Value::String(docs)]),
                    }),
                    ..Default::default()
                }));
            }
        }
        actions
    }

    /// Scans the whole workspace and publishes diagnostics for every file
    /// with findings. Returns the number of findings.
    fn scan_workspace(&mut self) -> Result<usize, String> {
        let root = self.root.clone().ok_or("the client gave no workspace root")?;
        let options = ScanOptions { paths: vec![root.clone()], ..ScanOptions::default() };
        let report = scan::scan(&options, &self.rules).map_err(|e| e.to_string())?;
        let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
        for f in report.findings {
            by_file.entry(f.path.clone()).or_default().push(f);
        }
        let mut total = 0;
        let mut files: Vec<_> = by_file.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, findings) in files {
            let path = root.join(&rel);
            let Some(uri) = path_to_uri(&path) else { continue };
            total += findings.len();
            let key = uri.as_str().to_string();
            if !self.documents.contains_key(&key) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let kind = lang::classify(&path);
                self.documents.insert(key.clone(), Document { path, text, kind, findings });
                self.publish(&key);
                // Not open in the editor: keep nothing beyond publishing.
                self.documents.remove(&key);
            } else {
                self.analyse(&key);
            }
        }
        Ok(total)
    }

    fn execute_command(&mut self, p: ExecuteCommandParams) -> Result<serde_json::Value, String> {
        match p.command.as_str() {
            SCAN_WORKSPACE => self.scan_workspace().map(|n| serde_json::json!({ "findings": n })),
            OPEN_DOCS => {
                let url = p.arguments.first().and_then(|v| v.as_str()).ok_or("missing documentation URL")?;
                let uri = Uri::from_str(url).map_err(|e| e.to_string())?;
                self.next_request += 1;
                let req = Request::new(
                    RequestId::from(format!("show-{}", self.next_request)),
                    ShowDocument::METHOD.to_string(),
                    ShowDocumentParams { uri, external: Some(true), take_focus: Some(true), selection: None },
                );
                let _ = self.connection.sender.send(Message::Request(req));
                Ok(serde_json::Value::Null)
            }
            other => Err(format!("unknown command {other}")),
        }
    }

    fn respond<T: serde::Serialize>(&self, id: RequestId, result: Result<T, String>) {
        let response = match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, ErrorCode::RequestFailed as i32, e),
        };
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn handle_request(&mut self, req: Request) {
        let id = req.id.clone();
        match req.method.as_str() {
            HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(req.params) {
                Ok(p) => {
                    let hover = self.hover(p);
                    self.respond(id, Ok(hover));
                }
                Err(e) => self.invalid(id, e),
            },
            CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(req.params) {
                Ok(p) => {
                    let actions = self.code_actions(p);
                    self.respond(id, Ok(actions));
                }
                Err(e) => self.invalid(id, e),
            },
            ExecuteCommand::METHOD => match serde_json::from_value::<ExecuteCommandParams>(req.params) {
                Ok(p) => {
                    let result = self.execute_command(p);
                    self.respond(id, result);
                }
                Err(e) => self.invalid(id, e),
            },
            _ => {
                let r =
                    Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("unhandled method {}", req.method));
                let _ = self.connection.sender.send(Message::Response(r));
            }
        }
    }

    fn invalid(&self, id: RequestId, e: serde_json::Error) {
        let r = Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string());
        let _ = self.connection.sender.send(Message::Response(r));
    }

    fn flush_due(&mut self) {
        let now = Instant::now();
        let mut due: Vec<String> = self.pending.iter().filter(|(_, t)| **t <= now).map(|(u, _)| u.clone()).collect();
        due.sort();
        for uri in due {
            self.pending.remove(&uri);
            self.analyse(&uri);
        }
    }

    fn main_loop(&mut self) -> Result<(), LspError> {
        loop {
            let next_deadline = self.pending.values().min().copied();
            let message = match next_deadline {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match message {
                None => self.flush_due(),
                Some(Message::Request(req)) => {
                    if self.connection.handle_shutdown(&req).map_err(|e| LspError::Protocol(e.to_string()))? {
                        return Ok(());
                    }
                    self.handle_request(req);
                }
                Some(Message::Notification(n)) => self.handle_notification(n),
                Some(Message::Response(_)) => {}
            }
        }
    }
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri_to_path(&folder.uri);
    }
    #[allow(deprecated)] // root_uri is still what many clients send
    params.root_uri.as_ref().and_then(uri_to_path)
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(true) })),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![SCAN_WORKSPACE.into(), OPEN_DOCS.into()],
            work_done_progress_options: Default::default(),
        }),
        ..Default::default()
    }
}

/// Serves LSP over stdin/stdout until the client says `exit`.
pub fn run_stdio(options: LspOptions) -> Result<(), LspError> {
    let (connection, io_threads) = Connection::stdio();
    let caps = serde_json::to_value(capabilities()).map_err(|e| LspError::Protocol(e.to_string()))?;
    let init = connection.initialize(caps).map_err(|e| LspError::Protocol(e.to_string()))?;
    let params: InitializeParams = serde_json::from_value(init).map_err(|e| LspError::Protocol(e.to_string()))?;
    let root = workspace_root(&params);
    // The workspace's `.session-impact.toml` applies as it does to `scan`; a
    // broken one is shown to the user and the defaults are used instead.
    let (config, config_problem) = match root.as_deref().and_then(Config::discover) {
        Some(path) => match Config::load(&path) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(format!("session-impact: {e} ({}); using defaults", path.display()))),
        },
        None => (Config::default(), None),
    };
    let mut dirs = config.rules.clone();
    dirs.extend(options.extra_rules.iter().cloned());
    let mut rules = RuleSet::load(!options.no_default_rules, &dirs)?;
    crate::suppress::add_builtin_rules(&mut rules);
    let config_problem = match config.apply(&mut rules) {
        Ok(()) => config_problem,
        Err(e) => Some(format!("session-impact: {e}; rule settings from the config file are ignored")),
    };
    let targets = if options.targets.is_empty() { config.targets.clone() } else { options.targets };
    let mut server = Server {
        connection,
        root,
        rules,
        targets,
        documents: HashMap::new(),
        pending: HashMap::new(),
        next_request: 0,
    };
    if let Some(problem) = config_problem {
        server.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: problem,
        });
    }
    server.main_loop()?;
    drop(server);
    io_threads.join().map_err(|e| LspError::Protocol(e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        // "🚀" is one character but two UTF-16 code units.
        let line = "const a = '🚀'; import x from 'y'";
        let col_of_import = line.chars().position(|c| c == 'i').map(|p| p + 1).unwrap_or(0);
        assert_eq!(utf16_col(line, col_of_import), (col_of_import as u32 - 1) + 1);
    }

    #[test]
    fn uris_round_trip_paths_with_spaces() {
        let path = if cfg!(windows) { PathBuf::from(r"C:\a b\c.ts") } else { PathBuf::from("/tmp/a b/c.ts") };
        let uri = path_to_uri(&path).expect("valid uri");
        assert!(uri.as_str().contains("a%20b"));
        assert_eq!(uri_to_path(&uri), Some(path));
    }
}
