//! The layout of real definitions: the lessons' workflows, loops, nested graphs, catchers, and
//! definitions that are incomplete or invalid.

mod common;

use common::{all_edges, assert_well_formed, edges, is_catch, label, repo_json, state};
use graph::{layout, EdgeKind, NodeKind, END_ID, START_ID};
use serde_json::{json, Value};
use std::path::PathBuf;

#[test]
fn the_backup_workflow_reads_top_down_with_labelled_choices() {
    let layout = layout(&repo_json("lessons/06-backup-workflow/solution.asl.json"));
    assert_well_formed(&layout);

    let order = [
        "Start Backup",
        "Backup Successful?",
        "Yes",
        "Wait 3 sec",
        "Backup Success!",
    ];
    for pair in order.windows(2) {
        let (above, below) = (state(&layout, pair[0]), state(&layout, pair[1]));
        assert!(
            above.y + above.height < below.y,
            "{} is drawn above {}",
            pair[0],
            pair[1]
        );
    }
    let start = layout.find(START_ID).expect("a Start node");
    let end = layout.find(END_ID).expect("an End node");
    assert_eq!((start.kind, end.kind), (NodeKind::Start, NodeKind::End));
    assert!(
        end.y > state(&layout, "Backup Success!").y,
        "End is at the bottom"
    );
    assert_eq!(edges(&layout, START_ID, "Start Backup").len(), 1);
    assert_eq!(state(&layout, "Backup Successful?").state_type, "Choice");

    let to_yes = edges(&layout, "Backup Successful?", "Yes");
    assert_eq!(to_yes.len(), 1);
    assert_eq!(label(to_yes[0]), "$.IsBackupSuccessful == true");
    assert!(matches!(to_yes[0].kind, EdgeKind::ChoiceRule { index: 0, .. }));
    let to_no = edges(&layout, "Backup Successful?", "No");
    let labels: Vec<&str> = to_no.iter().map(|e| label(e)).collect();
    assert_eq!(labels, ["$.IsBackupSuccessful == false", "Default"]);
    assert_eq!(to_no[1].kind, EdgeKind::Default);

    // Yes and No side by side under the Choice; both ends of the machine lead to End.
    let (yes, no) = (state(&layout, "Yes"), state(&layout, "No"));
    assert_eq!(yes.y, no.y);
    assert_eq!(edges(&layout, "No", END_ID).len(), 1);
    assert_eq!(edges(&layout, "Backup Success!", END_ID).len(), 1);
    assert!(edges(&layout, "Yes", END_ID).is_empty());
    // The straight run from Yes to Backup Success! is drawn as one vertical line.
    let centre = |name: &str| state(&layout, name).x + state(&layout, name).width / 2.0;
    assert_eq!(centre("Yes"), centre("Wait 3 sec"));
    assert_eq!(centre("Wait 3 sec"), centre("Backup Success!"));
    assert!(all_edges(&layout).iter().all(|e| !e.is_back_edge));
}

#[test]
fn the_jsonata_backup_workflow_labels_its_condition_and_its_catcher() {
    let layout = layout(&repo_json("examples/backup-workflow-jsonata/definition.asl.json"));
    assert_well_formed(&layout);
    let rule = edges(&layout, "Backup Successful?", "Wait 3 sec");
    assert_eq!(label(rule[0]), "$states.input.IsBackupSuccessful");
    let caught = edges(&layout, "Start Backup", "Backup Successful?");
    assert_eq!(caught.len(), 2, "Next and Catch both lead to the Choice");
    assert!(caught.iter().any(|e| is_catch(e)) && caught.iter().any(|e| e.kind == EdgeKind::Next));
}

const POLLING: &str = r#"{
  "StartAt": "Submit Job",
  "States": {
    "Submit Job": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:submit", "Next": "Wait X Seconds"},
    "Wait X Seconds": {"Type": "Wait", "Seconds": 5, "Next": "Get Job Status"},
    "Get Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:status", "Next": "Job Complete?"},
    "Job Complete?": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Job Failed"},
        {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Get Final Job Status"}
      ],
      "Default": "Wait X Seconds"
    },
    "Job Failed": {"Type": "Fail", "Error": "JobFailed"},
    "Get Final Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:final", "End": true}
  }
}"#;

#[test]
fn a_loop_is_one_back_edge_drawn_upwards() {
    let layout = graph::layout_text(POLLING).expect("JSON");
    assert_well_formed(&layout);
    let back: Vec<_> = all_edges(&layout)
        .into_iter()
        .filter(|e| e.is_back_edge)
        .collect();
    assert_eq!(back.len(), 1, "{back:?}");
    let edge = back[0];
    assert_eq!(
        (edge.from.as_str(), edge.to.as_str()),
        ("Job Complete?", "Wait X Seconds")
    );
    assert_eq!(edge.kind, EdgeKind::Default);
    assert_eq!(label(edge), "Default");
    let (first, last) = (edge.points[0], edge.points[edge.points.len() - 1]);
    let (from, to) = (state(&layout, "Job Complete?"), state(&layout, "Wait X Seconds"));
    assert_eq!(first.y, from.y, "it leaves the Choice from the top");
    assert_eq!(last.y, to.y + to.height, "and enters the Wait from below");
    // Every other edge goes down.
    for e in all_edges(&layout).into_iter().filter(|e| !e.is_back_edge) {
        let (a, b) = (e.points[0], e.points[e.points.len() - 1]);
        assert!(a.y < b.y, "{} -> {} goes down", e.from, e.to);
    }
    // The loop's states keep the order of the loop.
    assert!(to.y < state(&layout, "Get Job Status").y && state(&layout, "Get Job Status").y < from.y);
}

#[test]
fn a_state_that_goes_to_itself_has_a_loop_on_its_side() {
    let layout = layout(&json!({"StartAt": "Poll", "States": {
        "Poll": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": false, "Next": "Poll"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}
    }}));
    assert_well_formed(&layout);
    let loops = edges(&layout, "Poll", "Poll");
    assert_eq!(loops.len(), 1);
    assert!(loops[0].is_back_edge);
    let poll = state(&layout, "Poll");
    assert!(
        loops[0].points.iter().all(|p| p.x >= poll.x + poll.width),
        "drawn right of the box"
    );
    assert_eq!(label(loops[0]), "$.done == false");
}

#[test]
fn parallel_branches_are_drawn_inside_their_state() {
    let layout = layout(&repo_json("lessons/11-parallel/solution.asl.json"));
    assert_well_formed(&layout);
    let parallel = state(&layout, "Back Up Everything");
    let branches = parallel.children.as_ref().expect("branches");
    assert_eq!(branches.len(), 2);
    let snapshot = layout
        .find("Back Up Everything/0/Snapshot Database")
        .expect("nested id");
    let copy = layout.find("Back Up Everything/1/Copy Files").expect("nested id");
    assert!(parallel.rect().contains(&snapshot.rect()) && parallel.rect().contains(&copy.rect()));
    assert!(snapshot.x + snapshot.width < copy.x, "branches side by side");
    assert!(
        snapshot.y > parallel.y + graph::metrics::HEADER_HEIGHT - 1.0,
        "below the header"
    );
    // No Start or End inside a branch; the Parallel's catcher leads out of its box.
    assert!(branches
        .iter()
        .all(|b| b.nodes.iter().all(|n| n.kind == NodeKind::State)));
    let caught = edges(&layout, "Back Up Everything", "Backup Failed");
    assert_eq!(caught.len(), 1);
    assert_eq!(
        caught[0].kind,
        EdgeKind::Catch {
            index: 0,
            errors: vec!["States.ALL".into()]
        }
    );
    assert_eq!(label(caught[0]), "States.ALL");
}

#[test]
fn a_map_draws_its_item_processor_inside() {
    let layout = layout(&repo_json("lessons/12-map-invoices/solution.asl.json"));
    assert_well_formed(&layout);
    let map = state(&layout, "Invoice per line");
    let processor = &map.children.as_ref().expect("an item processor")[0];
    assert!(map.rect().contains(&processor.bounds));
    let edge = edges(
        &layout,
        "Invoice per line/0/Generate PDF",
        "Invoice per line/0/Store PDF",
    );
    assert_eq!(edge.len(), 1, "the processor's own edge, with nested ids");
    assert!(map.width > processor.bounds.width && map.height > processor.bounds.height);

    // Iterator, the older name, and Parallels inside Maps inside Parallels.
    let nested = layout_of_nested();
    assert_well_formed(&nested);
    let outer = state(&nested, "Outer");
    let inner = state(&nested, "Inner");
    let deepest = state(&nested, "Deepest");
    assert_eq!(deepest.id, "Outer/1/Each/0/Inner/0/Deepest");
    assert!(outer.rect().contains(&inner.rect()) && inner.rect().contains(&deepest.rect()));
}

fn layout_of_nested() -> graph::Layout {
    layout(
        &json!({"StartAt": "Outer", "States": {"Outer": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "Iterator": {"StartAt": "Inner", "States": {
                "Inner": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "Deepest", "States": {"Deepest": {"Type": "Pass", "Next": "After"}, "After": {"Type": "Succeed"}}}
                ]}
            }}}}}
        ]}}}),
    )
}

#[test]
fn the_saga_draws_its_catchers_apart_from_its_transitions() {
    let layout = layout(&repo_json("lessons/14-saga/solution.asl.json"));
    assert_well_formed(&layout);
    let caught = edges(&layout, "Process payment", "Cancel order");
    assert_eq!(caught.len(), 1);
    assert!(is_catch(caught[0]) && label(caught[0]) == "States.ALL");
    let catches = all_edges(&layout).into_iter().filter(|e| is_catch(e)).count();
    assert_eq!(catches, 3);
    assert_eq!(
        edges(&layout, "Order failed", END_ID).len(),
        1,
        "a Fail state ends the machine"
    );
}

#[test]
fn incomplete_definitions_lay_out_what_they_can() {
    // A transition to a state that does not exist ends at a box for the missing name.
    let layout = layout(&json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "Nowhere"},
        "B": {"Type": "Choice", "Choices": [{"Next": "A"}, "junk", {"Variable": 3}], "Default": 7},
        "C": "not a state",
        "D": {"Type": "Parallel", "Branches": "nope", "Next": "A"},
        "E": {"Type": "Map", "ItemProcessor": {"States": []}, "Catch": [{"ErrorEquals": "x", "Next": "A"}]}
    }}));
    assert_well_formed(&layout);
    let missing = layout.find("Nowhere").expect("a box for the missing target");
    assert_eq!(missing.kind, NodeKind::Missing);
    assert_eq!(edges(&layout, "A", "Nowhere").len(), 1);
    assert_eq!(label(edges(&layout, "B", "A")[0]), "?");
    assert_eq!(state(&layout, "C").state_type, "");
    assert_eq!(state(&layout, "D").children.as_ref().map(Vec::len), Some(0));
    assert_eq!(label(edges(&layout, "E", "A")[0]), "Catch");

    // StartAt naming no state; no States at all; not even an object.
    let layout2 = layout_text(r#"{"StartAt": "Ghost", "States": {"Real": {"Type": "Succeed"}}}"#);
    assert_eq!(layout2.find("Ghost").map(|n| n.kind), Some(NodeKind::Missing));
    assert_eq!(edges(&layout2, START_ID, "Ghost").len(), 1);
    for text in [
        r#"{"StartAt": "A"}"#,
        "{}",
        "[1, 2]",
        "null",
        r#"{"States": {"Only": {"Type": "Pass"}}}"#,
    ] {
        let laid = layout_text(text);
        assert_well_formed(&laid);
        assert!(
            laid.find(START_ID).is_some() && laid.find(END_ID).is_some(),
            "{text}"
        );
    }
    assert!(graph::layout_text("{ not json").is_err());
}

fn layout_text(text: &str) -> graph::Layout {
    graph::layout_text(text).expect("JSON")
}

#[test]
fn every_lesson_and_example_lays_out_cleanly_and_deterministically() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["lessons", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("a folder").flatten() {
            let path = entry.path();
            for name in ["solution.asl.json", "starter.asl.json", "definition.asl.json"] {
                if path.join(name).is_file() {
                    files.push(path.join(name));
                }
            }
            if let Ok(mistakes) = std::fs::read_dir(path.join("mistakes")) {
                files.extend(mistakes.flatten().map(|m| m.path()));
            }
        }
    }
    files.sort();
    assert!(files.len() > 40, "found {} definitions", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let first = layout(&value);
        assert_well_formed(&first);
        assert_eq!(
            first,
            layout(&value),
            "{} lays out the same twice",
            file.display()
        );
    }
}

/// A machine of `n` states: runs of Tasks, a Choice every ten states that skips ahead, loops
/// back or fails, and a Parallel every 25.
pub fn big_machine(n: usize) -> Value {
    let name = |i: usize| format!("State {i}");
    let mut states = serde_json::Map::new();
    for i in 0..n {
        let next = if i + 1 < n {
            json!({"Next": name(i + 1)})
        } else {
            json!({"End": true})
        };
        let mut state = if i % 10 == 9 && i + 5 < n {
            json!({"Type": "Choice", "Choices": [
                {"Variable": "$.skip", "BooleanEquals": true, "Next": name(i + 5)},
                {"Variable": "$.again", "NumericLessThan": 3, "Next": name(i - 6)},
                {"Variable": "$.bad", "IsPresent": true, "Next": "Failed"}
            ], "Default": name(i + 1)})
        } else if i % 25 == 12 {
            let mut s = json!({"Type": "Parallel", "Branches": [
                {"StartAt": "L", "States": {"L": {"Type": "Pass", "End": true}}},
                {"StartAt": "R", "States": {"R": {"Type": "Pass", "Next": "R2"}, "R2": {"Type": "Pass", "End": true}}}
            ]});
            merge(&mut s, &next);
            s
        } else {
            let mut s = json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Failed"}]});
            if i % 3 != 0 {
                s.as_object_mut().map(|o| o.remove("Catch"));
            }
            merge(&mut s, &next);
            s
        };
        if i % 25 == 12 {
            // Branch state names must differ between Parallels.
            state = rename_branches(state, i);
        }
        states.insert(name(i), state);
    }
    states.insert("Failed".into(), json!({"Type": "Fail"}));
    json!({"StartAt": name(0), "States": states})
}

fn merge(into: &mut Value, from: &Value) {
    if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) {
        into.extend(from.clone());
    }
}

fn rename_branches(state: Value, i: usize) -> Value {
    let text = serde_json::to_string(&state).unwrap_or_default();
    let text = text
        .replace("\"L\"", &format!("\"L{i}\""))
        .replace("\"R\"", &format!("\"R{i}\""))
        .replace("\"R2\"", &format!("\"R2_{i}\""));
    serde_json::from_str(&text).unwrap_or(state)
}

#[test]
fn a_machine_of_300_states_lays_out_cleanly() {
    let machine = big_machine(300);
    let layout = layout(&machine);
    assert_well_formed(&layout);
    assert_eq!(
        all_edges(&layout).iter().filter(|e| e.is_back_edge).count(),
        29,
        "one loop per Choice"
    );
    assert_eq!(layout, graph::layout(&machine));
}

/// `cargo test -p graph --release -- --ignored --nocapture` prints how long a 300-state machine takes.
#[test]
#[ignore = "a timing printout, not a check"]
fn time_a_300_state_layout() {
    let machine = big_machine(300);
    let runs = 20;
    let started = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(layout(std::hint::black_box(&machine)));
    }
    let each = started.elapsed() / runs;
    println!("300 states: {each:?} a layout ({runs} runs)");
}

#[test]
fn a_box_holds_its_whole_name_up_to_the_widest_box() {
    use graph::metrics::{BOX_MAX_WIDTH, BOX_PADDING_X, NAME_FONT};
    use graph::text::{ellipsize, Font};
    let plain = layout(&json!({"StartAt": "Get Job Status", "States": {
        "Get Job Status": {"Type": "Pass", "Next": "Refund payment"},
        "Refund payment": {"Type": "Pass", "Next": "x"},
        "x": {"Type": "Pass", "End": true}
    }}));
    for name in ["Get Job Status", "Refund payment", "x"] {
        let node = state(&plain, name);
        let room = node.width - 2.0 * BOX_PADDING_X;
        assert_eq!(
            ellipsize(name, room, NAME_FONT, Font::SansBold),
            name,
            "{name} fits its box"
        );
    }
    let long = "A state whose name goes on and on well past what any box should hold";
    let wide = layout(&json!({"StartAt": long, "States": {long: {"Type": "Pass", "End": true}}}));
    let node = state(&wide, long);
    assert_eq!(node.width, BOX_MAX_WIDTH);
    assert!(ellipsize(long, node.width - 2.0 * BOX_PADDING_X, NAME_FONT, Font::SansBold).ends_with('…'));
}

/// A small deterministic generator (an LCG), so that the random machines are the same each run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A machine of random transitions: any state may go anywhere, to itself, or to no state.
fn random_machine(dice: &mut Dice, depth: usize) -> Value {
    let states = 1 + dice.below(if depth == 0 { 14 } else { 4 });
    let name = |i: usize| format!("S{depth}_{i}");
    let target = |dice: &mut Dice| match dice.below(12) {
        0 => "Nowhere".to_string(),
        _ => name(dice.below(states)),
    };
    let mut map = serde_json::Map::new();
    for i in 0..states {
        let state = match dice.below(6) {
            0 => json!({"Type": "Choice",
                "Choices": (0..1 + dice.below(3)).map(|_| json!({"Variable": "$.x", "NumericEquals": 1, "Next": target(dice)})).collect::<Vec<_>>(),
                "Default": target(dice)}),
            1 if depth < 2 => {
                json!({"Type": "Parallel", "Next": target(dice), "Branches": (0..1 + dice.below(2))
                .map(|_| random_machine(dice, depth + 1)).collect::<Vec<_>>()})
            }
            2 if depth < 2 => {
                json!({"Type": "Map", "End": true, "ItemProcessor": random_machine(dice, depth + 1)})
            }
            3 => {
                json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Next": target(dice),
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": target(dice)}]})
            }
            4 => json!({"Type": "Succeed"}),
            _ => json!({"Type": "Pass", "Next": target(dice)}),
        };
        map.insert(name(i), state);
    }
    json!({"StartAt": name(dice.below(states)), "States": map})
}

#[test]
fn random_machines_lay_out_cleanly() {
    let mut dice = Dice(7);
    for _ in 0..300 {
        let machine = random_machine(&mut dice, 0);
        let laid = layout(&machine);
        assert_well_formed(&laid);
        assert_eq!(laid, layout(&machine), "the same layout twice");
    }
}
