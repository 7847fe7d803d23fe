//! Layers by the longest path from the sources, and the edges split at every layer they cross.

/// Each vertex's layer, given edges that form no cycle (each pointing down).
///
/// A vertex lies one layer below its lowest predecessor and never above `min_layer`; `last`,
/// when given, lies alone below everything else.
pub(super) fn assign(
    vertices: usize,
    down: &[(usize, usize)],
    min_layer: &[usize],
    last: Option<usize>,
) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); vertices];
    let mut incoming = vec![0usize; vertices];
    for &(from, to) in down {
        out[from].push(to);
        incoming[to] += 1;
    }
    let mut layer = min_layer.to_vec();
    // Kahn's order: each vertex is placed once all its predecessors are.
    let mut ready: Vec<usize> = (0..vertices).rev().filter(|&v| incoming[v] == 0).collect();
    while let Some(vertex) = ready.pop() {
        for &next in &out[vertex] {
            layer[next] = layer[next].max(layer[vertex] + 1);
            incoming[next] -= 1;
            if incoming[next] == 0 {
                ready.push(next);
            }
        }
    }
    if let Some(last) = last {
        let deepest = (0..vertices).filter(|&v| v != last).map(|v| layer[v]).max();
        layer[last] = deepest.map_or(layer[last], |deepest| deepest + 1);
    }
    layer
}

/// The graph with every edge between adjacent layers: a long edge becomes a chain through
/// dummy vertices, numbered after the real ones.
pub(super) struct Proper {
    /// Each vertex's layer, dummies included.
    pub layer: Vec<usize>,
    /// Each original edge as the chain of vertices it passes, top to bottom.
    pub chains: Vec<Vec<usize>>,
    /// The vertices above each vertex (one per chain segment).
    pub up: Vec<Vec<usize>>,
    /// The vertices below each vertex.
    pub down: Vec<Vec<usize>>,
}

impl Proper {
    /// Splits `edges` (oriented downwards; `None` for edges drawn apart, such as self-loops).
    pub fn split(layer: &[usize], edges: &[Option<(usize, usize)>]) -> Proper {
        let mut layer = layer.to_vec();
        let mut chains = Vec::with_capacity(edges.len());
        for edge in edges {
            let Some((from, to)) = *edge else {
                chains.push(Vec::new());
                continue;
            };
            let mut chain = vec![from];
            for depth in layer[from] + 1..layer[to] {
                chain.push(layer.len());
                layer.push(depth);
            }
            chain.push(to);
            chains.push(chain);
        }
        let mut up = vec![Vec::new(); layer.len()];
        let mut down = vec![Vec::new(); layer.len()];
        for chain in &chains {
            for pair in chain.windows(2) {
                down[pair[0]].push(pair[1]);
                up[pair[1]].push(pair[0]);
            }
        }
        Proper {
            layer,
            chains,
            up,
            down,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{assign, Proper};

    #[test]
    fn longest_path_layers_and_dummies() {
        // 0 -> 1 -> 2, 0 -> 2, and 3 alone below everything.
        let layer = assign(4, &[(0, 1), (1, 2), (0, 2)], &[0, 1, 1, 1], Some(3));
        assert_eq!(layer, vec![0, 1, 2, 3]);
        let proper = Proper::split(&layer, &[Some((0, 1)), Some((0, 2)), None, Some((0, 3))]);
        assert_eq!(proper.chains[1], vec![0, 4, 2]);
        assert!(proper.chains[2].is_empty());
        assert_eq!(proper.chains[3], vec![0, 5, 6, 3]);
        assert_eq!(proper.layer[4..], [1, 1, 2]);
        assert_eq!(proper.up[2], vec![4]);
        assert_eq!(proper.down[0], vec![1, 4, 5]);
    }
}
