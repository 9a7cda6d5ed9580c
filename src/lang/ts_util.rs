//! Shared plumbing for the tree-sitter extractors: parsing with a reused
//! parser, iterative traversal (no recursion, so deep nesting cannot overflow
//! the stack), node text and spans.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

use tree_sitter::{Language as TsLanguage, Node, Parser, Tree};

use super::ExtractError;
use crate::facts::{LineIndex, Span};

/// Parses `source` with the thread's parser for `language`, creating it on
/// first use. Callers keep one `thread_local!` `RefCell<Option<Parser>>` per
/// grammar.
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
        p.reset();
        p.parse(source, None).ok_or_else(|| ExtractError("the parser gave up on this file".into()))
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
/// parent last). `Node::parent()` searches down from the root, so checking
/// upward from every node through it is quadratic on deep trees such as
/// long call chains; the ancestors here cost nothing.
pub fn walk_with_ancestors<'t>(tree: &'t Tree, mut visit: impl FnMut(Node<'t>, &[Node<'t>]) -> bool) {
    let mut cursor = tree.walk();
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    loop {
        let node = cursor.node();
        if visit(node, &ancestors) && cursor.goto_first_child() {
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
    loop {
        let here = Slot { node: cursor.node(), field: cursor.field_name() };
        if visit(here, &ancestors) && cursor.goto_first_child() {
            ancestors.push(here);
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
    known: HashMap<usize, bool>,
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
            assert_eq!(ancestors.last().map(|p| p.id()), node.parent().map(|p| p.id()), "{}", node.kind());
            assert_eq!(ancestors.first().map(|r| r.id()).unwrap_or(node.id()), tree.root_node().id());
            visited += 1;
            true
        });
        let mut all = 0;
        walk(&tree, |_| {
            all += 1;
            true
        });
        assert_eq!(visited, all);
    }
}
