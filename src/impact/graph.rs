//! The module graph of the scanned tree and the breadth-first search that
//! turns direct findings into a blast radius.

use std::collections::VecDeque;

use rustc_hash::FxHashMap as HashMap;

use super::imports::ident_hash;
use super::resolve::{Family, Resolver, Target};
use super::ModuleNode;
use crate::facts::ImportKind;
use crate::lang::Language;

/// Files and the local imports between them.
#[derive(Debug, Default)]
pub struct Graph {
    /// Each node's imports that lead into the project or are unresolved,
    /// as (index into `ModuleNode::imports`, target), before same-package
    /// filtering; the others are external (most imports: not stored).
    pub targets: Vec<Vec<(usize, Target)>>,
    /// importer → imported files, sorted, without self-edges.
    pub deps: Vec<Vec<usize>>,
}

static EXTERNAL: Target = Target::External;

/// Edge visits allowed for computing `reaches` (a few seconds of work).
const REACHES_BUDGET: usize = 100_000_000;

impl Graph {
    /// Where import `k` of node `i` leads.
    pub fn target(&self, i: usize, k: usize) -> &Target {
        self.targets.get(i).and_then(|t| t.iter().find(|(j, _)| *j == k)).map_or(&EXTERNAL, |(_, t)| t)
    }

    pub fn build(nodes: &[ModuleNode], resolver: &Resolver<'_>) -> Graph {
        let export_hashes: Vec<Vec<u64>> =
            nodes.iter().map(|n| n.exports.iter().map(|e| ident_hash(e)).collect()).collect();
        let uses =
            |from: usize, to: usize| export_hashes[to].iter().any(|h| nodes[from].mentions.binary_search(h).is_ok());

        // Declarations visible without an import: (package or module, name) → files.
        let mut implicit: HashMap<(Family, usize, u64), Vec<usize>> = HashMap::default();
        let mut package_ids: HashMap<&str, usize> = HashMap::default();
        let mut scope = vec![None; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            let key = match Family::of(n.language) {
                Family::Jvm => {
                    let next = package_ids.len();
                    Some((Family::Jvm, *package_ids.entry(n.package.as_deref().unwrap_or("")).or_insert(next)))
                }
                Family::Swift => resolver.swift_module(i).map(|m| (Family::Swift, m)),
                _ => None,
            };
            scope[i] = key;
            if let Some((family, id)) = key {
                for &h in &export_hashes[i] {
                    implicit.entry((family, id, h)).or_default().push(i);
                }
            }
        }

        let mut graph = Graph { targets: Vec::with_capacity(nodes.len()), deps: vec![Vec::new(); nodes.len()] };
        for (i, n) in nodes.iter().enumerate() {
            let mut deps = Vec::new();
            let mut targets = Vec::new();
            for (k, import) in n.imports.iter().enumerate() {
                let target = resolver.resolve(i, import);
                if let Target::Files(files) = &target {
                    // A Kotlin/Java wildcard or a Swift module import
                    // depends on the files whose declarations it uses.
                    let by_use = import.kind == ImportKind::Wildcard
                        && matches!(n.language, Language::Kotlin | Language::Java | Language::Swift);
                    deps.extend(files.iter().copied().filter(|&f| !by_use || uses(i, f)));
                }
                if target != Target::External {
                    targets.push((k, target));
                }
            }
            if let Some((family, id)) = scope[i] {
                for h in &n.mentions {
                    if let Some(files) = implicit.get(&(family, id, *h)) {
                        deps.extend(files.iter().copied());
                    }
                }
            }
            deps.sort_unstable();
            deps.dedup();
            deps.retain(|&d| d != i);
            graph.deps[i] = deps;
            graph.targets.push(targets);
        }
        graph
    }

    /// Every node that reaches a direct node through imports, with its
    /// distance, the lexicographically smallest shortest chain to a direct
    /// node (`via`, starting at the node itself) and every direct node it
    /// reaches. Direct nodes themselves are not listed.
    pub fn impact(&self, paths: &[&str], direct: &[bool]) -> Vec<Reach> {
        let n = self.deps.len();
        let mut rdeps: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (from, deps) in self.deps.iter().enumerate() {
            for &to in deps {
                rdeps[to].push(from);
            }
        }
        // Layered BFS from every direct node at once.
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut next_hop: Vec<usize> = (0..n).collect();
        let mut layer: Vec<usize> = (0..n).filter(|&i| direct[i]).collect();
        for &d in &layer {
            depth[d] = Some(0);
        }
        let mut k = 0;
        while !layer.is_empty() {
            let mut next_layer: Vec<usize> = Vec::new();
            for &d in &layer {
                for &p in &rdeps[d] {
                    if depth[p].is_none() {
                        depth[p] = Some(k + 1);
                        next_layer.push(p);
                    }
                }
            }
            // Each new node's chain continues through its layer-k dependency
            // with the smallest path: paths are unique, so that is also the
            // lexicographically smallest shortest chain, whatever the order
            // files were found in (and across shards).
            for &p in &next_layer {
                let best = self.deps[p].iter().copied().filter(|&d| depth[d] == Some(k)).min_by_key(|&d| paths[d]);
                if let Some(b) = best {
                    next_hop[p] = b;
                }
            }
            next_layer.sort_unstable();
            layer = next_layer;
            k += 1;
        }

        // Which direct nodes each node reaches: one reverse search per direct
        // node, over its dependents only. On graphs so dense that this would
        // take minutes (and the lists would dwarf the report), each node
        // lists only the end of its chain.
        let mut reaches: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut seen = vec![usize::MAX; n];
        let mut queue = VecDeque::new();
        let mut work = 0usize;
        let mut complete = true;
        'search: for d in (0..n).filter(|&i| direct[i]) {
            seen[d] = d;
            queue.clear();
            queue.push_back(d);
            while let Some(x) = queue.pop_front() {
                for &p in &rdeps[x] {
                    work += 1;
                    if work > REACHES_BUDGET {
                        complete = false;
                        break 'search;
                    }
                    if seen[p] != d {
                        seen[p] = d;
                        if !direct[p] {
                            reaches[p].push(d);
                        }
                        queue.push_back(p);
                    }
                }
            }
        }
        if !complete {
            reaches.iter_mut().for_each(Vec::clear);
        }

        let mut out = Vec::new();
        for i in 0..n {
            let Some(d) = depth[i] else { continue };
            if d == 0 {
                continue;
            }
            let mut via = vec![i];
            let mut x = i;
            while depth[x] != Some(0) {
                x = next_hop[x];
                via.push(x);
            }
            let reached = if complete { std::mem::take(&mut reaches[i]) } else { vec![x] };
            out.push(Reach { node: i, depth: d, via, reaches: reached });
        }
        out
    }
}

/// One indirectly impacted node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub node: usize,
    pub depth: usize,
    pub via: Vec<usize>,
    pub reaches: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(deps: Vec<Vec<usize>>) -> Graph {
        Graph { targets: Vec::new(), deps }
    }

    #[test]
    fn depth_via_and_reaches_through_a_cycle() {
        // 0 direct; 1 → 0; 2 → 1; 3 → 2 and 3 → 4; 4 → 3 (cycle 3 ⇄ 4); 5 isolated.
        let g = graph(vec![vec![], vec![0], vec![1], vec![2, 4], vec![3], vec![]]);
        let paths = ["d.ts", "c.ts", "b.ts", "a.ts", "e.ts", "x.ts"];
        let direct = [true, false, false, false, false, false];
        let got: Vec<(usize, usize, Vec<usize>)> =
            g.impact(&paths, &direct).into_iter().map(|r| (r.node, r.depth, r.via)).collect();
        assert_eq!(
            got,
            vec![(1, 1, vec![1, 0]), (2, 2, vec![2, 1, 0]), (3, 3, vec![3, 2, 1, 0]), (4, 4, vec![4, 3, 2, 1, 0])]
        );
    }

    #[test]
    fn the_smallest_chain_wins_among_equal_lengths() {
        // 0 and 1 direct; 2 imports both; 3 imports 2.
        let g = graph(vec![vec![], vec![], vec![1, 0], vec![2]]);
        let paths = ["z/direct.ts", "a/direct.ts", "mid.ts", "top.ts"];
        let direct = [true, true, false, false];
        let r = g.impact(&paths, &direct);
        assert_eq!(r[0].via, vec![2, 1]);
        assert_eq!(r[1].via, vec![3, 2, 1]);
        assert_eq!(r[1].reaches, vec![0, 1]);
    }
}
