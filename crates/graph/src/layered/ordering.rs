//! The order of the vertices within each layer: few crossings, by barycenter sweeps.

use super::layers::Proper;

/// Sweeps down and up this many times, keeping the best order seen.
const SWEEPS: usize = 8;

/// Each layer's vertices, left to right.
pub(super) fn order(proper: &Proper, found: &[usize]) -> Vec<Vec<usize>> {
    let mut layers = initial(proper, found);
    let mut position = positions(&layers, proper.layer.len());
    let mut best = layers.clone();
    let mut fewest = crossings(&layers, proper, &position);
    for sweep in 0..SWEEPS {
        if fewest == 0 {
            break;
        }
        let downwards = sweep % 2 == 0;
        let count = layers.len();
        let indices: Vec<usize> = if downwards {
            (1..count).collect()
        } else {
            (0..count.saturating_sub(1)).rev().collect()
        };
        for l in indices {
            let fixed = if downwards { &proper.up } else { &proper.down };
            let mut keyed: Vec<(f64, usize, usize)> = layers[l]
                .iter()
                .map(|&v| {
                    let neighbours = &fixed[v];
                    let here = position[v] as f64;
                    let centre = if neighbours.is_empty() {
                        here
                    } else {
                        neighbours.iter().map(|&n| position[n] as f64).sum::<f64>() / neighbours.len() as f64
                    };
                    (centre, position[v], v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[l] = keyed.into_iter().map(|(_, _, v)| v).collect();
            for (i, &v) in layers[l].iter().enumerate() {
                position[v] = i;
            }
        }
        let count = crossings(&layers, proper, &position);
        if count < fewest {
            fewest = count;
            best = layers.clone();
        }
    }
    best
}

/// A first order: the vertices as a depth-first walk from the walk's first vertices meets them,
/// so that a state sits near the one it follows.
fn initial(proper: &Proper, found: &[usize]) -> Vec<Vec<usize>> {
    let vertices = proper.layer.len();
    let depth = proper.layer.iter().max().map_or(0, |d| d + 1);
    let mut layers = vec![Vec::new(); depth];
    let mut placed = vec![false; vertices];
    let mut stack = Vec::new();
    for root in found.iter().copied().chain(0..vertices) {
        if placed[root] {
            continue;
        }
        stack.push(root);
        while let Some(v) = stack.pop() {
            if placed[v] {
                continue;
            }
            placed[v] = true;
            layers[proper.layer[v]].push(v);
            // Reversed, so that the first successor is walked first.
            stack.extend(proper.down[v].iter().rev().filter(|&&n| !placed[n]));
        }
    }
    layers
}

/// Each vertex's index in its layer.
fn positions(layers: &[Vec<usize>], vertices: usize) -> Vec<usize> {
    let mut position = vec![0; vertices];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    position
}

/// How many pairs of edges cross between adjacent layers.
fn crossings(layers: &[Vec<usize>], proper: &Proper, position: &[usize]) -> usize {
    let mut total = 0;
    let mut tree: Vec<usize> = Vec::new();
    let mut lowers: Vec<usize> = Vec::new();
    for pair in layers.windows(2) {
        // Edges in the order of their upper ends (the layer's order, then the lower end); each
        // earlier edge whose lower end lies further right crosses this one. A Fenwick tree
        // counts those.
        tree.clear();
        tree.resize(pair[1].len() + 1, 0);
        let mut seen = 0;
        for &u in &pair[0] {
            lowers.clear();
            lowers.extend(proper.down[u].iter().map(|&v| position[v]));
            lowers.sort_unstable();
            for &lower in &lowers {
                let mut at_most = 0;
                let mut i = lower + 1;
                while i > 0 {
                    at_most += tree.get(i).copied().unwrap_or(0);
                    i &= i - 1;
                }
                total += seen - at_most;
                let mut i = lower + 1;
                while i < tree.len() {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
                seen += 1;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::{order, Proper};

    #[test]
    fn sweeps_undo_a_crossing() {
        // 0 -> 3, 1 -> 2 with 0, 1 on top and 2, 3 below: the walk puts 3 first, under 0.
        let proper = Proper::split(&[0, 0, 1, 1], &[Some((0, 3)), Some((1, 2))]);
        let layers = order(&proper, &[1, 0, 2, 3]);
        let top = &layers[0];
        let bottom = &layers[1];
        let under = |v: usize| bottom.iter().position(|&b| b == v);
        let above = |v: usize| top.iter().position(|&t| t == v);
        assert_eq!(above(0) < above(1), under(3) < under(2), "{layers:?}");
    }
}
