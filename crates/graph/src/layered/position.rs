//! Horizontal positions: each vertex as close to its neighbours as its layer's order allows.

/// Rounds of moving the layers towards their neighbours above, then below.
const ROUNDS: usize = 5;

/// A vertex's footprint in its layer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Footprint {
    /// Its width.
    pub width: f64,
    /// Extra room it needs on its right (a self-loop and its label).
    pub right: f64,
    /// It only carries an edge through the layer.
    pub dummy: bool,
}

/// The centre x of every vertex.
pub(super) fn centres(
    layers: &[Vec<usize>],
    footprint: &[Footprint],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    gap: f64,
    dummy_gap: f64,
) -> Vec<f64> {
    let mut x = vec![0.0; footprint.len()];
    let separation = |a: usize, b: usize| {
        let space = if footprint[a].dummy || footprint[b].dummy {
            dummy_gap
        } else {
            gap
        };
        footprint[a].width / 2.0 + footprint[a].right + space + footprint[b].width / 2.0
    };
    for layer in layers {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += separation(layer[i - 1], v);
            }
            x[v] = at;
        }
        let middle = at / 2.0;
        for &v in layer {
            x[v] -= middle;
        }
    }
    // Whether each vertex is linked straight (one successor to one predecessor) above and below.
    let straight: Vec<(bool, bool)> = (0..x.len())
        .map(|v| {
            let above = matches!(up[v].as_slice(), [n] if down[*n].len() == 1);
            let below = matches!(down[v].as_slice(), [n] if up[*n].len() == 1);
            (above, below)
        })
        .collect();
    // Down, up, ..., and last both ways at once, which balances a vertex between them.
    let passes = (0..ROUNDS)
        .flat_map(|_| [Some(true), Some(false)])
        .chain([None, None]);
    for pass in passes {
        let indices: Vec<usize> = match pass {
            Some(true) => (1..layers.len()).collect(),
            Some(false) => (0..layers.len().saturating_sub(1)).rev().collect(),
            None => (0..layers.len()).collect(),
        };
        for l in indices {
            let layer = &layers[l];
            let mut wanted = Vec::with_capacity(layer.len());
            let mut weight = Vec::with_capacity(layer.len());
            for &v in layer {
                let (to, strength) = pull(v, pass, &x, up, down, straight[v], footprint[v].dummy);
                wanted.push(to);
                weight.push(strength);
            }
            let gaps: Vec<f64> = layer
                .windows(2)
                .map(|pair| separation(pair[0], pair[1]))
                .collect();
            for (&v, placed) in layer.iter().zip(closest_in_order(&wanted, &weight, &gaps)) {
                x[v] = placed;
            }
        }
    }
    straighten(layers, &mut x, up, down, &separation);
    x
}

/// Puts each chain of straight links (one successor to one predecessor) on one vertical line,
/// where its layers leave room: the passes above leave them nearly, not exactly, straight.
fn straighten(
    layers: &[Vec<usize>],
    x: &mut [f64],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    separation: &dyn Fn(usize, usize) -> f64,
) {
    let straight_below = |v: usize| match down[v].as_slice() {
        [n] if up[*n].len() == 1 => Some(*n),
        _ => None,
    };
    let has_straight_above = |v: usize| matches!(up[v].as_slice(), [n] if down[*n].len() == 1);
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for v in 0..x.len() {
        if has_straight_above(v) || straight_below(v).is_none() {
            continue;
        }
        let mut chain = vec![v];
        while let Some(next) = chain.last().copied().and_then(straight_below) {
            chain.push(next);
        }
        chains.push(chain);
    }
    // Long chains first: they are the long edges and the spines of the machine.
    chains.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut slot = vec![(0, 0); x.len()];
    for (l, layer) in layers.iter().enumerate() {
        for (i, &v) in layer.iter().enumerate() {
            slot[v] = (l, i);
        }
    }
    for chain in &chains {
        let (mut low, mut high) = (f64::MIN, f64::MAX);
        for &v in chain {
            let (l, i) = slot[v];
            if let Some(&left) = i.checked_sub(1).and_then(|i| layers[l].get(i)) {
                low = low.max(x[left] + separation(left, v));
            }
            if let Some(&right) = layers[l].get(i + 1) {
                high = high.min(x[right] - separation(v, right));
            }
        }
        if low <= high {
            let mean = chain.iter().map(|&v| x[v]).sum::<f64>() / chain.len() as f64;
            let at = mean.clamp(low, high);
            for &v in chain {
                x[v] = at;
            }
        }
    }
}

/// Where the neighbours pull `v` in this pass, and how strongly. A link between a vertex with
/// one successor and a vertex with one predecessor pulls hardest, so that chains of states and
/// edges through layers run straight; a vertex nothing pulls stays and makes way for the others.
fn pull(
    v: usize,
    pass: Option<bool>,
    x: &[f64],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    (straight_above, straight_below): (bool, bool),
    dummy: bool,
) -> (f64, f64) {
    let (mut sum, mut count) = (0.0, 0usize);
    let mut add = |of: &[usize]| {
        for &n in of {
            sum += x[n];
            count += 1;
        }
    };
    let (above, below) = match pass {
        Some(true) => (true, false),
        Some(false) => (false, true),
        None => (true, true),
    };
    let straight = (above && straight_above) || (below && straight_below);
    if straight {
        if above && straight_above {
            add(&up[v]);
        }
        if below && straight_below {
            add(&down[v]);
        }
    } else {
        if above {
            add(&up[v]);
        }
        if below {
            add(&down[v]);
        }
    }
    match (count, straight) {
        (0, _) => (x[v], 0.25),
        (_, true) => (sum / count as f64, 20.0),
        _ => (sum / count as f64, if dummy { 3.0 } else { 1.0 }),
    }
}

/// The positions nearest `wanted` (weighted least squares) that keep the order and at least
/// `gaps[i]` between positions i and i + 1: isotonic regression by pooling adjacent violators.
pub(super) fn closest_in_order(wanted: &[f64], weight: &[f64], gaps: &[f64]) -> Vec<f64> {
    // With offsets o[i] = gaps[0] + ... + gaps[i - 1], y = x - o only has to be non-decreasing.
    let mut offset = Vec::with_capacity(wanted.len());
    let mut total = 0.0;
    for i in 0..wanted.len() {
        if i > 0 {
            total += gaps.get(i - 1).copied().unwrap_or(0.0);
        }
        offset.push(total);
    }
    // Blocks of (weighted sum, weight, count) whose means increase.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..wanted.len() {
        let w = weight.get(i).copied().unwrap_or(1.0).max(1e-9);
        let mut block = ((wanted[i] - offset[i]) * w, w, 1);
        while let Some(&(sum, w, n)) = blocks.last() {
            if sum / w >= block.0 / block.1 {
                blocks.pop();
                block = (block.0 + sum, block.1 + w, block.2 + n);
            } else {
                break;
            }
        }
        blocks.push(block);
    }
    let mut placed = Vec::with_capacity(wanted.len());
    for (sum, w, n) in blocks {
        for _ in 0..n {
            let i = placed.len();
            placed.push(sum / w + offset[i]);
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::closest_in_order;

    #[test]
    fn keeps_order_and_gaps_with_the_least_movement() {
        assert_eq!(
            closest_in_order(&[0.0, 100.0], &[1.0, 1.0], &[10.0]),
            vec![0.0, 100.0]
        );
        // Both want 0: they share the difference.
        assert_eq!(
            closest_in_order(&[0.0, 0.0], &[1.0, 1.0], &[10.0]),
            vec![-5.0, 5.0]
        );
        // A heavy one moves less.
        let placed = closest_in_order(&[0.0, 0.0], &[3.0, 1.0], &[8.0]);
        assert_eq!(placed, vec![-2.0, 6.0]);
        assert!(closest_in_order(&[], &[], &[]).is_empty());
    }
}
