//! Shared plumbing for the tree-sitter extractors: parsing with a reused
//! parser, iterative traversal (no recursion, so deep nesting cannot overflow
//! the stack), node text and spans.

use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;
use std::thread::LocalKey;
use std::time::{Duration, Instant};

use tree_sitter::{Language as TsLanguage, Node, ParseOptions, ParseState, Parser, Tree, TreeCursor};

use super::ExtractError;
use crate::facts::{LineIndex, Span};

/// How long one file may take to parse before it is given up: tree-sitter's
/// error recovery can take minutes on pathological input (huge generated
/// tables, deeply broken code), and one such file must not stall a scan.
pub const DEFAULT_PARSE_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// The parse time budget on this thread (see [`with_parse_timeout`]).
    static PARSE_TIMEOUT: Cell<Duration> = const { Cell::new(DEFAULT_PARSE_TIMEOUT) };
}

/// Runs `f` with `timeout` as the parse time budget of every file parsed on
/// this thread inside it (the scan passes its setting down this way rather
/// than through every extractor's signature).
pub fn with_parse_timeout<T>(timeout: Duration, f: impl FnOnce() -> T) -> T {
    /// Restores the previous budget, also when `f` panics.
    struct Restore(Duration);
    impl Drop for Restore {
        fn drop(&mut self) {
            PARSE_TIMEOUT.with(|t| t.set(self.0));
        }
    }
    let _restore = Restore(PARSE_TIMEOUT.with(|t| t.replace(timeout)));
    f()
}

/// The error of a file whose parse ran out of time.
pub fn timeout_error(timeout: Duration) -> ExtractError {
    ExtractError(format!(
        "parsing took longer than {} s and was cancelled; the file was not analysed \
         (exclude generated or minified files like this one with --exclude)",
        timeout.as_secs_f64()
    ))
}

/// Parses `source` with the thread's parser for `language`, creating it on
/// first use, within the thread's parse time budget. Callers keep one
/// `thread_local!` `RefCell<Option<Parser>>` per grammar.
pub fn parse(
    parser: &'static LocalKey<RefCell<Option<Parser>>>,
    language: &TsLanguage,
    source: &str,
) -> Result<Tree, ExtractError> {
    parser.with(|cell| {
        let mut slot =
            cell.try_borrow_mut().map_err(|_| ExtractError("parser re-entered on the same thread".into()))?;
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(language).map_err(|e| ExtractError(format!("grammar could not be loaded: {e}")))?;
            *slot = Some(p);
        }
        let p = slot.as_mut().ok_or_else(|| ExtractError("parser unavailable".into()))?;
        // A cancelled parse leaves state behind for resuming it; start afresh.
        p.reset();
        let timeout = PARSE_TIMEOUT.with(Cell::get);
        let start = Instant::now();
        let mut timed_out = false;
        // Tree-sitter calls this every hundred or so parse operations.
        let mut progress = |_: &ParseState| {
            if start.elapsed() >= timeout {
                timed_out = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let bytes = source.as_bytes();
        let mut input = |i: usize, _| bytes.get(i..).unwrap_or_default();
        let tree = p.parse_with_options(&mut input, None, Some(ParseOptions::new().progress_callback(&mut progress)));
        match tree {
            Some(tree) => {
                let root = tree.root_node();
                let kinds = with_grammar(&root, |g| g.kinds);
                LAST_TREE_KINDS.with(|last| last.set((tree_address(root), kinds)));
                Ok(tree)
            }
            None if timed_out => {
                p.reset();
                Err(timeout_error(timeout))
            }
            None => Err(ExtractError("the parser gave up on this file".into())),
        }
    })
}

/// Visits every node of the tree in document order, ERROR subtrees included,
/// without recursion. Return `false` from `visit` to skip a node's children.
pub fn walk<'t>(tree: &'t Tree, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = tree.walk();
    loop {
        let descend = visit(cursor.node());
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Like [`walk`], but `visit` also gets the node's ancestors (root first,
/// parent last), and only named nodes are visited: anonymous ones are the
/// grammar's tokens (punctuation, keywords), which no extractor looks at,
/// and skipping them saves a good part of the per-node work.
/// `Node::parent()` searches down from the root, so checking upward from
/// every node through it is quadratic on deep trees such as long call
/// chains; the ancestors here cost nothing.
pub fn walk_with_ancestors<'t>(tree: &'t Tree, mut visit: impl FnMut(Node<'t>, &[Node<'t>]) -> bool) {
    let mut cursor = tree.walk();
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    loop {
        let node = cursor.node();
        if (!node.is_named() || visit(node, &ancestors)) && cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// A node with the field it fills in its parent.
#[derive(Debug, Clone, Copy)]
pub struct Slot<'t> {
    pub node: Node<'t>,
    pub field: Option<&'t str>,
}

/// Like [`walk_with_ancestors`], with the field each node fills: the node
/// and its ancestors come as [`Slot`]s (root first, parent last), so an
/// extractor needs neither `Node::parent` nor a search of the parent's
/// children for the field name (quadratic on wide nodes).
pub fn walk_with_slots<'t>(tree: &'t Tree, mut visit: impl FnMut(Slot<'t>, &[Slot<'t>]) -> bool) {
    let mut cursor = tree.walk();
    let mut ancestors: Vec<Slot<'t>> = Vec::new();
    let fields = FieldNames::of(tree);
    loop {
        let node = cursor.node();
        let named = node.is_named();
        // The field is looked up only when someone can ask for it: anonymous
        // leaves are neither visited nor anyone's ancestor.
        if named || node.child_count() > 0 {
            let here = Slot { node, field: fields.current(&cursor) };
            if (!named || visit(here, &ancestors)) && cursor.goto_first_child() {
                ancestors.push(here);
                continue;
            }
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// A grammar's field names by id, looked up once per tree:
/// `TreeCursor::field_name` measures and validates the C string on every
/// call, for every node of the tree.
#[derive(Clone, Copy)]
pub struct FieldNames(&'static [Option<&'static str>]);

impl FieldNames {
    pub fn of(tree: &Tree) -> Self {
        with_grammar(&tree.root_node(), |g| g.field_names)
    }

    /// The field of the cursor's current node in its parent.
    pub fn current(&self, cursor: &TreeCursor<'_>) -> Option<&'static str> {
        cursor.field_id().and_then(|id| self.0.get(usize::from(id.get())).copied().flatten())
    }
}

/// A grammar's node kind names by id, field names by id and field ids by
/// name, built once per thread and grammar (the names are leaked, a few KB
/// per grammar): `Node::kind` measures and validates a C string on every
/// call, and `Node::child_by_field_name` compares the name with every field
/// name of the grammar, for calls made on nearly every node.
struct Grammar {
    language: TsLanguage,
    kinds: &'static [&'static str],
    field_names: FieldNames,
    /// By the name's address and length (the callers pass literals).
    field_ids: FxHashMap<(usize, usize), Option<std::num::NonZeroU16>>,
}

thread_local! {
    static GRAMMARS: RefCell<Vec<Grammar>> = const { RefCell::new(Vec::new()) };
}

fn with_grammar<T>(node: &Node<'_>, f: impl FnOnce(&mut Grammar) -> T) -> T {
    let language = node.language();
    GRAMMARS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let i = match cache.iter().position(|g| g.language == *language) {
            Some(i) => i,
            None => {
                let kinds: Vec<&'static str> = (0..language.node_kind_count())
                    .map(|id| {
                        let name = language.node_kind_for_id(id as u16).unwrap_or("");
                        &*Box::leak(name.to_string().into_boxed_str())
                    })
                    .collect();
                let kinds = Box::leak(kinds.into_boxed_slice());
                let field_names: Vec<Option<&'static str>> = (0..=language.field_count())
                    .map(|id| {
                        language.field_name_for_id(id as u16).map(|n| &*Box::leak(n.to_string().into_boxed_str()))
                    })
                    .collect();
                let field_names = FieldNames(Box::leak(field_names.into_boxed_slice()));
                cache.push(Grammar {
                    language: (*language).clone(),
                    kinds,
                    field_names,
                    field_ids: FxHashMap::default(),
                });
                cache.len() - 1
            }
        };
        f(&mut cache[i])
    })
}

/// Faster equivalents of `Node::kind` and `Node::child_by_field_name`.
pub trait NodeExt<'t> {
    fn kind_name(&self) -> &'t str;
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

thread_local! {
    /// The tree [`parse`] made last on this thread and its grammar's kind
    /// names: nearly every `kind_name` call is for a node of that tree, and
    /// comparing the node's tree pointer is far cheaper than looking its
    /// grammar up. Every tree is made by `parse`, which sets this, so a
    /// freed tree's address reused by a new tree is never mistaken for it.
    static LAST_TREE_KINDS: Cell<(usize, &'static [&'static str])> = const { Cell::new((0, &[])) };
}

fn tree_address(node: Node<'_>) -> usize {
    node.into_raw().tree as usize
}

impl<'t> NodeExt<'t> for Node<'t> {
    fn kind_name(&self) -> &'t str {
        let id = usize::from(self.kind_id());
        let (tree, kinds) = LAST_TREE_KINDS.with(Cell::get);
        let kinds = if tree == tree_address(*self) { kinds } else { with_grammar(self, |g| g.kinds) };
        // A tree made other than by `parse` would break the cache's premise.
        debug_assert!(std::ptr::eq(kinds, with_grammar(self, |g| g.kinds)), "kind table of another grammar");
        // ERROR (65535) and other ids past the table take the slow path.
        kinds.get(id).copied().unwrap_or_else(|| self.kind())
    }

    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = with_grammar(self, |g| {
            let language = &g.language;
            *g.field_ids.entry((name.as_ptr() as usize, name.len())).or_insert_with(|| language.field_id_for_name(name))
        });
        self.child_by_field_id(id?.get())
    }
}

/// The node `k` levels above the visited one in `ancestors` (1: its parent).
pub fn up<'t>(ancestors: &[Slot<'t>], k: usize) -> Option<Node<'t>> {
    ancestors.len().checked_sub(k).and_then(|i| ancestors.get(i)).map(|s| s.node)
}

/// How a node takes part in a string concatenation.
pub enum Operand<'t> {
    /// A string literal.
    Literal,
    /// Made of these operands (`a + b`, `(a)`): literal when all of them are.
    Of(Vec<Node<'t>>),
    /// Anything else.
    Other,
}

/// Remembers which nodes are string literals or `+`/parenthesised trees of
/// them. Extractors ask this of every `+` node and of its sibling operand;
/// remembering the answers makes a chain of n links cost n, not n².
#[derive(Default)]
pub struct LiteralTrees {
    known: FxHashMap<usize, bool>,
}

impl LiteralTrees {
    /// Whether `root` is a literal tree, `operand` saying what each node is.
    /// Iterative (post-order with an explicit stack).
    pub fn is_literal<'t>(&mut self, root: Node<'t>, operand: impl Fn(Node<'t>) -> Operand<'t>) -> bool {
        let mut stack = vec![(root, false)];
        while let Some((node, parts_known)) = stack.pop() {
            if self.known.contains_key(&node.id()) {
                continue;
            }
            let literal = match operand(node) {
                Operand::Literal => true,
                Operand::Other => false,
                Operand::Of(parts) if parts_known => parts.iter().all(|p| self.known.get(&p.id()) == Some(&true)),
                Operand::Of(parts) => {
                    stack.push((node, true));
                    stack.extend(parts.into_iter().filter(|p| !self.known.contains_key(&p.id())).map(|p| (p, false)));
                    continue;
                }
            };
            self.known.insert(node.id(), literal);
        }
        self.known.get(&root.id()).copied().unwrap_or(false)
    }

    /// Whether the `+` node `node` (below `ancestors`, parent last) is an
    /// operand, through parentheses, of a `+` whose other operand is a
    /// literal tree too: then the enclosing concatenation is the one to
    /// report. `plus` gives the operands of a `+` node.
    pub fn extends_concatenation<'t>(
        &mut self,
        node: Node<'t>,
        ancestors: &[Node<'t>],
        plus: impl Fn(Node<'t>) -> Option<(Node<'t>, Node<'t>)>,
        operand: impl Fn(Node<'t>) -> Operand<'t>,
    ) -> bool {
        let mut child = node;
        for &parent in ancestors.iter().rev() {
            if parent.kind() == "parenthesized_expression" {
                child = parent;
                continue;
            }
            let other = match plus(parent) {
                Some((left, right)) if left.id() == child.id() => right,
                Some((left, _)) => left,
                None => return false,
            };
            return self.is_literal(other, operand);
        }
        false
    }
}

/// The source text of a node ("" when the range is not on a char boundary).
pub fn text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

pub fn span(node: Node<'_>, lines: &LineIndex<'_>) -> Span {
    lines.span(node.start_byte(), node.end_byte())
}

/// Strips one layer of matching quotes (`'`, `"`, `` ` ``) from a literal.
pub fn unquote(literal: &str) -> &str {
    let bytes = literal.as_bytes();
    if bytes.len() >= 2 {
        let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
        if first == last && matches!(first, b'"' | b'\'' | b'`') {
            return &literal[1..literal.len() - 1];
        }
    }
    literal
}

/// `SESSION_PROTOCOL_STRINGS`: upper case with at least one underscore, the
/// shape of an imported C macro or enum constant.
pub fn is_constant_name(name: &str) -> bool {
    name.contains('_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && name.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    }

    #[test]
    fn ancestors_match_parents() {
        let source = "class A { void f() { a.b.c(x, (y)); } }";
        let tree = parse(&PARSER, &tree_sitter_java::LANGUAGE.into(), source).expect("parses");
        let mut visited = 0;
        walk_with_ancestors(&tree, |node, ancestors| {
            assert!(node.is_named(), "{} is a token", node.kind());
            assert_eq!(ancestors.last().map(|p| p.id()), node.parent().map(|p| p.id()), "{}", node.kind());
            assert_eq!(ancestors.first().map(|r| r.id()).unwrap_or(node.id()), tree.root_node().id());
            visited += 1;
            true
        });
        let mut named = 0;
        walk(&tree, |node| {
            named += usize::from(node.is_named());
            true
        });
        assert_eq!(visited, named);
    }

    thread_local! {
        static PYTHON_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    }

    #[test]
    fn kind_names_of_an_older_tree_come_from_its_own_grammar() {
        let java = parse(&PARSER, &tree_sitter_java::LANGUAGE.into(), "class A {}").expect("parses");
        // The newest tree is now a Python one: the Java tree's kinds must
        // not be read from the Python table the cache holds.
        let python = parse(&PYTHON_PARSER, &tree_sitter_python::LANGUAGE.into(), "x = 1\n").expect("parses");
        assert_eq!(java.root_node().kind_name(), "program");
        assert_eq!(python.root_node().kind_name(), "module");
        let class = java.root_node().named_child(0).expect("a class");
        assert_eq!(class.kind_name(), "class_declaration");
        assert!(std::ptr::eq(FieldNames::of(&java).0, FieldNames::of(&java).0), "built once per grammar");
    }

    #[test]
    fn a_parse_over_its_time_budget_is_cancelled_with_an_error() {
        // A zero budget is spent by the first progress check, however fast
        // the machine: the test does not depend on timing.
        let source = "class A { void f() { a.b.c(x, (y)); } }\n".repeat(200);
        let java = tree_sitter_java::LANGUAGE.into();
        let err = with_parse_timeout(Duration::ZERO, || parse(&PARSER, &java, &source)).expect_err("cancelled");
        assert!(err.0.starts_with("parsing took longer than 0 s and was cancelled"), "{}", err.0);
        // The budget is restored and the parser is usable again.
        assert_eq!(PARSE_TIMEOUT.with(Cell::get), DEFAULT_PARSE_TIMEOUT);
        let tree = parse(&PARSER, &java, &source).expect("parses within the default budget");
        assert!(!tree.root_node().has_error());
    }
}
