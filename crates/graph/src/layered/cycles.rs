//! Which edges close a loop: the ones a depth-first walk finds going back to a state on its path.

/// For each edge, whether it goes back (a self-loop counts), and the order the walk found the
/// vertices in. The walk starts from `roots` in order, then from every vertex not yet found.
pub(super) fn back_edges(
    vertices: usize,
    edges: &[(usize, usize)],
    roots: &[usize],
) -> (Vec<bool>, Vec<usize>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); vertices];
    for (i, &(from, _)) in edges.iter().enumerate() {
        out[from].push(i);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; vertices];
    let mut back = vec![false; edges.len()];
    let mut found = Vec::with_capacity(vertices);
    // An explicit stack: a long chain of states must not overflow the call stack.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots.iter().copied().chain(0..vertices) {
        if seen[root] != Seen::No {
            continue;
        }
        seen[root] = Seen::OnPath;
        found.push(root);
        stack.push((root, 0));
        while let Some((vertex, next)) = stack.last_mut() {
            let vertex = *vertex;
            let Some(&edge) = out[vertex].get(*next) else {
                seen[vertex] = Seen::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            let target = edges[edge].1;
            match seen[target] {
                Seen::OnPath => back[edge] = true,
                Seen::Done => {}
                Seen::No => {
                    seen[target] = Seen::OnPath;
                    found.push(target);
                    stack.push((target, 0));
                }
            }
        }
    }
    (back, found)
}

#[cfg(test)]
mod tests {
    use super::back_edges;

    #[test]
    fn a_loop_has_one_back_edge_and_a_self_loop_is_one() {
        // 0 -> 1 -> 2 -> 1, 2 -> 2
        let (back, found) = back_edges(3, &[(0, 1), (1, 2), (2, 1), (2, 2)], &[0]);
        assert_eq!(back, vec![false, false, true, true]);
        assert_eq!(found, vec![0, 1, 2]);
        // Vertices no root reaches are walked too.
        let (back, found) = back_edges(3, &[(1, 2), (2, 1)], &[0]);
        assert_eq!(back, vec![false, true]);
        assert_eq!(found, vec![0, 1, 2]);
    }
}
