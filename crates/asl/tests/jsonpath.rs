//! JSONPath as Step Functions evaluates it (Jayway JsonPath, narrowed to what AWS supports).
//!
//! Sources for the expectations:
//! - Jayway JsonPath's README (the bookstore examples);
//! - the Step Functions developer guide, "Using JSONPath paths" / "Reference paths"
//!   (`$.jar[?(@.a >= 5)]`, `$.abc.['def ghi']`, `$.a[0:2]`, `$[*][*]`, and what is unsupported:
//!   functions such as length(), lexical operators such as subsetof, filtering by regular
//!   expression or by referencing another value, `@` matching only objects);
//! - results recorded on AWS or Step Functions Local and published: `$['a', 'b']` and
//!   `$['a', 'b'].v` (the "JSONPath Gotchas" gist), `$.Jobs.sum()` (AWS re:Post),
//!   `$.list[?(@.keep)]` and `$.d..a` (Step Functions Local, floci issue 3260).

use asl::jsonpath::{Path, PathNotFound, Segment};
use asl::{run, ExecutionResult, RunOptions, StateMachine};
use serde_json::{json, Value};

fn select(path: &str, doc: &Value) -> Result<Value, PathNotFound> {
    Path::parse(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .select(doc)
}

fn found(path: &str, doc: &Value) -> Value {
    select(path, doc).unwrap_or_else(|e| panic!("{path}: {}", e.message))
}

fn not_found(path: &str, doc: &Value) -> String {
    match select(path, doc) {
        Ok(v) => panic!("{path} found {v}"),
        Err(e) => e.message,
    }
}

fn parse_error(path: &str) -> String {
    match Path::parse(path) {
        Ok(p) => panic!("{path} parsed as {:?}", p.segments()),
        Err(e) => e,
    }
}

fn bookstore() -> Value {
    json!({
        "store": {
            "book": [
                {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
                {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
                {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
                {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
            ],
            "bicycle": {"color": "red", "price": 19.95}
        },
        "expensive": 10
    })
}

fn book(i: usize) -> Value {
    bookstore()["store"]["book"][i].clone()
}

// ---------------------------------------------------------------------------
// Jayway's README examples
// ---------------------------------------------------------------------------

#[test]
fn jayway_readme_member_and_wildcard_examples() {
    let doc = bookstore();
    let authors = json!([
        "Nigel Rees",
        "Evelyn Waugh",
        "Herman Melville",
        "J. R. R. Tolkien"
    ]);
    assert_eq!(found("$.store.book[*].author", &doc), authors);
    assert_eq!(found("$..author", &doc), authors);
    assert_eq!(
        found("$.store.*", &doc),
        json!([doc["store"]["book"], doc["store"]["bicycle"]])
    );
    assert_eq!(
        found("$.store..price", &doc),
        json!([8.95, 12.99, 8.99, 22.99, 19.95])
    );
}

#[test]
fn jayway_readme_index_and_slice_examples() {
    let doc = bookstore();
    assert_eq!(found("$..book[2]", &doc), json!([book(2)]));
    assert_eq!(found("$..book[-2]", &doc), json!([book(2)]));
    assert_eq!(found("$..book[0,1]", &doc), json!([book(0), book(1)]));
    assert_eq!(found("$..book[:2]", &doc), json!([book(0), book(1)]));
    assert_eq!(found("$..book[1:2]", &doc), json!([book(1)]));
    assert_eq!(found("$..book[-2:]", &doc), json!([book(2), book(3)]));
    assert_eq!(found("$..book[2:]", &doc), json!([book(2), book(3)]));
}

#[test]
fn jayway_readme_filter_examples() {
    let doc = bookstore();
    assert_eq!(found("$..book[?(@.isbn)]", &doc), json!([book(2), book(3)]));
    assert_eq!(
        found("$.store.book[?(@.price < 10)]", &doc),
        json!([book(0), book(2)])
    );
    assert_eq!(
        found("$.store.book[?(@.category == 'fiction')].title", &doc),
        json!(["Sword of Honour", "Moby Dick", "The Lord of the Rings"])
    );
}

#[test]
fn jayway_readme_deep_scan_of_everything() {
    let doc = bookstore();
    let all = found("$..*", &doc);
    let all = all.as_array().unwrap();
    // store, expensive, the book array, the bicycle, 4 books, 4 + 4 + 5 + 5 book members, 2 bicycle members.
    assert_eq!(all.len(), 28);
    assert_eq!(all[0], doc["store"]);
    assert_eq!(all[1], json!(10));
    assert_eq!(all[2], doc["store"]["book"]);
    assert_eq!(all[3], doc["store"]["bicycle"]);
    assert_eq!(all[4], book(0));
    assert_eq!(all[8], json!("reference"));
    assert_eq!(all[27], json!(19.95));
}

#[test]
fn jayway_readme_examples_aws_does_not_support_are_refused() {
    let root_reference = parse_error("$..book[?(@.price <= $['expensive'])]");
    assert!(
        root_reference.contains("reference another value"),
        "{root_reference}"
    );
    let regex = parse_error("$..book[?(@.author =~ /.*REES/i)]");
    assert!(regex.contains("regular expression"), "{regex}");
}

// ---------------------------------------------------------------------------
// The Step Functions developer guide
// ---------------------------------------------------------------------------

#[test]
fn developer_guide_path_examples() {
    let doc = json!({
        "foo": 123,
        "bar": ["a", "b", "c"],
        "car": {"cdr": true},
        "jar": [{"a": 1}, {"a": 5}, {"a": 2}, {"a": 7}, {"a": 3}]
    });
    assert_eq!(found("$.foo", &doc), json!(123));
    assert_eq!(found("$.bar", &doc), json!(["a", "b", "c"]));
    assert_eq!(found("$.car.cdr", &doc), json!(true));
    assert_eq!(found("$.jar[?(@.a >= 5)]", &doc), json!([{"a": 5}, {"a": 7}]));
    assert_eq!(found("$.a[0:2]", &json!({"a": [1, 2, 3, 4]})), json!([1, 2]));
    assert_eq!(
        found("$.abc.['def ghi']", &json!({"abc": {"def ghi": 1}})),
        json!(1)
    );
    assert_eq!(found("$[*][*]", &json!([[1, 2], [3], []])), json!([1, 2, 3]));
}

#[test]
fn at_only_matches_objects() {
    // "The @ operator ... does not match scalar values. It only matches objects."
    let doc = json!({"nums": [1, 2, 3], "words": ["a", "b"], "nested": [[1], [2]], "mixed": [1, {"v": 1}]});
    assert_eq!(found("$.nums[?(@ > 1)]", &doc), json!([]));
    assert_eq!(found("$.words[?(@ == 'a')]", &doc), json!([]));
    assert_eq!(found("$.nested[?(@[0] == 1)]", &doc), json!([]));
    assert_eq!(found("$.mixed[?(@.v == 1)]", &doc), json!([{"v": 1}]));
    assert_eq!(found("$.mixed[?(@)]", &doc), json!([{"v": 1}]));
}

#[test]
fn unsupported_filter_features_are_refused_where_they_are() {
    let cases = [
        ("$.a[?(@.b =~ /x/)]", "regular expression (=~) (at position 10)"),
        ("$.a[?(@.b in ['x'])]", "lexical operators such as 'in'"),
        ("$.a[?(@.b nin ['x'])]", "lexical operators such as 'nin'"),
        (
            "$.a[?(@.b subsetof ['x'])]",
            "lexical operators such as 'subsetof'",
        ),
        ("$.a[?(@.b anyof ['x'])]", "'anyof'"),
        ("$.a[?(@.b noneof ['x'])]", "'noneof'"),
        ("$.a[?(@.b size 2)]", "'size'"),
        ("$.a[?(@.b empty true)]", "'empty'"),
        ("$.a[?(@.b contains 'x')]", "'contains'"),
        (
            "$.a[?(@.b <= $.max)]",
            "reference another value of the document ('$'); use '@' for the current item (at position 13)",
        ),
        ("$.a[?($.flag)]", "reference another value"),
        (
            "$.a[?(@.b == @.c)]",
            "compare two values of the document; compare a path with a literal (at position 10)",
        ),
        (
            "$.a[?(@.b == ['x'])]",
            "array and object literals are not supported in Step Functions filters (at position 13)",
        ),
        (
            "$.a[?(@.b == {'x': 1})]",
            "array and object literals are not supported",
        ),
    ];
    for (path, expected) in cases {
        let error = parse_error(path);
        assert!(error.contains(expected), "{path}: {error}");
    }
}

// ---------------------------------------------------------------------------
// Results published from AWS and Step Functions Local
// ---------------------------------------------------------------------------

#[test]
fn step_functions_local_filter_and_scan_results() {
    let list = json!({"list": [{"keep": true}, {"keep": false}, {"other": 1}]});
    assert_eq!(
        found("$.list[?(@.keep)]", &list),
        json!([{"keep": true}, {"keep": false}])
    );
    assert_eq!(found("$.list[?(@.keep == true)]", &list), json!([{"keep": true}]));
    let d = json!({"d": {"x": {"a": [1, 2]}}});
    assert_eq!(found("$.d..a", &d), json!([[1, 2]]));
    assert_eq!(found("$.d..a[*]", &d), json!([1, 2]));
}

#[test]
fn several_names_merge_into_one_object_at_the_end_only() {
    let doc = json!({"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 3}});
    assert_eq!(found("$['a', 'b']", &doc), json!({"a": {"v": 1}, "b": {"v": 2}}));
    assert_eq!(
        found("$['b','a','zz']", &doc),
        json!({"b": {"v": 2}, "a": {"v": 1}})
    );
    assert_eq!(
        not_found("$['a', 'b'].v", &doc),
        "Multi properties can only be used as path leafs: $['a', 'b']"
    );
    let list = json!({"list": [{"x": 1, "y": 2, "z": 3}, {"x": 4}]});
    assert_eq!(
        found("$.list[*]['x','y']", &list),
        json!([{"x": 1, "y": 2}, {"x": 4}])
    );
    assert_eq!(
        not_found("$['a','b']", &json!([1])),
        "No results for path: $['a', 'b']"
    );
}

// ---------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------

fn items() -> Value {
    json!({"items": [
        {"name": "pen", "price": 5, "tags": ["office"], "flag": true},
        {"name": "book", "price": 12.5, "flag": false},
        {"name": "lamp", "price": 30, "flag": null, "size": {"h": 40}},
        {"name": "mug", "price": "7"},
        {"name": "x y", "price": 10}
    ]})
}

fn names(path: &str) -> Value {
    let selected = found(path, &items());
    Value::Array(
        selected
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].clone())
            .collect(),
    )
}

#[test]
fn comparisons() {
    // The mug's price is the string "7": Jayway orders a string and a number by
    // their texts, and "7" sorts after "10".
    assert_eq!(names("$.items[?(@.price > 10)]"), json!(["book", "lamp", "mug"]));
    assert_eq!(
        names("$.items[?(@.price >= 10)]"),
        json!(["book", "lamp", "mug", "x y"])
    );
    assert_eq!(names("$.items[?(@.price < 10)]"), json!(["pen"]));
    assert_eq!(
        names("$.items[?(@.price <= 12.5)]"),
        json!(["pen", "book", "x y"])
    );
    assert_eq!(names("$.items[?(@.price == 10.0)]"), json!(["x y"]));
    assert_eq!(names("$.items[?(@.name == 'pen')]"), json!(["pen"]));
    assert_eq!(names("$.items[?(@.name == \"pen\")]"), json!(["pen"]));
    assert_eq!(
        names("$.items[?(@.name != 'pen')]"),
        json!(["book", "lamp", "mug", "x y"])
    );
    assert_eq!(names("$.items[?(@.name < 'c')]"), json!(["book"]));
    assert_eq!(names("$.items[?(@.flag == true)]"), json!(["pen"]));
    assert_eq!(names("$.items[?(@.flag == false)]"), json!(["book"]));
    assert_eq!(names("$.items[?(@.flag == null)]"), json!(["lamp"]));
    assert_eq!(names("$.items[?(@.size.h > 39)]"), json!(["lamp"]));
    assert_eq!(names("$.items[?(@['name'] == 'x y')]"), json!(["x y"]));
    assert_eq!(names("$.items[?(@.tags[0] == 'office')]"), json!(["pen"]));
    assert_eq!(names("$.items[?(10 < @.price)]"), json!(["book", "lamp", "mug"]));
    assert_eq!(names("$.items[?(@.price>10)]"), json!(["book", "lamp", "mug"]));
    assert_eq!(names("$.items[?(@.price == -5)]"), json!([]));
}

#[test]
fn numbers_and_strings_compare_as_jayway_does() {
    // A number reads a string as a decimal; a string compares with the number's text.
    let doc = json!({"v": [{"n": 5}, {"n": 5.0}, {"n": "5"}, {"n": "5.0"}, {"n": "five"}]});
    assert_eq!(
        found("$.v[?(@.n == '5')]", &doc),
        json!([{"n": 5}, {"n": 5.0}, {"n": "5"}])
    );
    assert_eq!(
        found("$.v[?(@.n == 5)]", &doc),
        json!([{"n": 5}, {"n": 5.0}, {"n": "5"}])
    );
    // The number's text is BigDecimal's: 5e0 prints as 5.
    assert_eq!(
        found("$.v[?(@.n == 5e0)]", &doc),
        json!([{"n": 5}, {"n": 5.0}, {"n": "5"}])
    );
    // Ordering a string against a number compares texts.
    assert_eq!(
        found("$.v[?(@.n > 4)]", &doc),
        json!([{"n": 5}, {"n": 5.0}, {"n": "5"}, {"n": "5.0"}, {"n": "five"}])
    );
    // Other kinds never order.
    assert_eq!(found("$.v[?(@.n > true)]", &doc), json!([]));
}

#[test]
fn missing_values_are_never_equal() {
    assert_eq!(names("$.items[?(@.tags == 'office')]"), json!([]));
    assert_eq!(names("$.items[?(@.missing == null)]"), json!([]));
    assert_eq!(
        names("$.items[?(@.missing != 'x')]"),
        json!(["pen", "book", "lamp", "mug", "x y"])
    );
    assert_eq!(names("$.items[?(@.missing < 1)]"), json!([]));
}

#[test]
fn existence_checks_keep_false_and_null() {
    assert_eq!(names("$.items[?(@.flag)]"), json!(["pen", "book", "lamp"]));
    assert_eq!(names("$.items[?(!@.flag)]"), json!(["mug", "x y"]));
    assert_eq!(names("$.items[?(@.size.h)]"), json!(["lamp"]));
    assert_eq!(names("$.items[?(@.tags[*])]"), json!(["pen"]));
}

#[test]
fn and_binds_tighter_than_or() {
    let doc = json!({"v": [
        {"id": 1, "a": 1},
        {"id": 2, "b": 1},
        {"id": 3, "b": 1, "c": 1},
        {"id": 4, "a": 1, "c": 1}
    ]});
    let ids = |path: &str| -> Value {
        found(path, &doc)
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect()
    };
    assert_eq!(ids("$.v[?(@.a == 1 || @.b == 1 && @.c == 1)]"), json!([1, 3, 4]));
    assert_eq!(ids("$.v[?((@.a == 1 || @.b == 1) && @.c == 1)]"), json!([3, 4]));
    assert_eq!(ids("$.v[?(@.a && @.c || @.b && @.c)]"), json!([3, 4]));
    assert_eq!(ids("$.v[?(!(@.a == 1))]"), json!([2, 3]));
    assert_eq!(ids("$.v[?(!(@.a) && !@.c)]"), json!([2]));
    assert_eq!(ids("$.v[?(!!@.a)]"), json!([1, 4]));
    assert_eq!(ids("$.v[?( ( @.a == 1 ) )]"), json!([1, 4]));
}

#[test]
fn jayway_quirks_are_kept() {
    let doc = json!({"v": [{"a": 1, "b": 1}, {"a": 2}]});
    // `!` before a compared path changes nothing.
    assert_eq!(found("$.v[?(!@.a == 1)]", &doc), json!([{"a": 1, "b": 1}]));
    // Without spaces, `&&` is read as part of a name: `@.a&&@.b` is the member "a&&@", then "b".
    assert_eq!(found("$.v[?(@.a&&@.b)]", &doc), json!([]));
    assert_eq!(found("$.v[?(@.a && @.b)]", &doc), json!([{"a": 1, "b": 1}]));
}

#[test]
fn a_filter_on_an_object_tests_the_object_itself() {
    let doc = json!({"obj": {"a": 1}, "n": 5});
    assert_eq!(found("$.obj[?(@.a == 1)]", &doc), json!([{"a": 1}]));
    assert_eq!(found("$.obj[?(@.a == 2)]", &doc), json!([]));
    assert_eq!(found("$.n[?(@.a)]", &doc), json!([]));
    assert_eq!(found("$[?(@.n == 5)].obj", &doc), json!([{"a": 1}]));
}

#[test]
fn filters_inside_filters_and_scans() {
    let doc = json!({"orders": [
        {"id": 1, "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 0}]},
        {"id": 2, "lines": [{"sku": "c", "qty": 0}]}
    ]});
    assert_eq!(
        found("$.orders[?(@.lines[?(@.qty > 1)])].id", &doc),
        json!([1, 2])
    );
    assert_eq!(found("$..[?(@.qty > 0)].sku", &doc), json!(["a"]));
    assert_eq!(found("$..lines[?(@.qty == 0)].sku", &doc), json!(["b", "c"]));
}

#[test]
fn strings_use_jayway_escapes() {
    let doc = json!({"v": [{"s": "it's"}, {"s": "say \"hi\""}, {"s": "tab\there"}, {"s": "é"}]});
    assert_eq!(found(r"$.v[?(@.s == 'it\'s')]", &doc), json!([{"s": "it's"}]));
    assert_eq!(found(r#"$.v[?(@.s == "it's")]"#, &doc), json!([{"s": "it's"}]));
    assert_eq!(
        found(r#"$.v[?(@.s == 'say "hi"')]"#, &doc),
        json!([{"s": "say \"hi\""}])
    );
    assert_eq!(
        found(r"$.v[?(@.s == 'tab\there')]", &doc),
        json!([{"s": "tab\there"}])
    );
    assert_eq!(found(r"$.v[?(@.s == '\u00e9')]", &doc), json!([{"s": "é"}]));
    assert_eq!(found("$.v[?(@.s == ')] && (')]", &doc), json!([]));
}

// ---------------------------------------------------------------------------
// Indexes, unions, slices, wildcards, deep scans
// ---------------------------------------------------------------------------

#[test]
fn unions_keep_the_order_written() {
    let doc = json!({"a": ["x", "y", "z"]});
    assert_eq!(found("$.a[0,2]", &doc), json!(["x", "z"]));
    assert_eq!(found("$.a[2,0]", &doc), json!(["z", "x"]));
    assert_eq!(found("$.a[0, 0]", &doc), json!(["x", "x"]));
    assert_eq!(found("$.a[-1,0]", &doc), json!(["z", "x"]));
    assert_eq!(found("$.a[1,7,-9]", &doc), json!(["y"]));
    assert_eq!(found("$.b[0,1]", &doc), json!([]));
}

#[test]
fn slices_follow_jayway() {
    let doc = json!({"a": [0, 1, 2, 3, 4], "o": {"k": 1}, "s": "text"});
    assert_eq!(found("$.a[1:3]", &doc), json!([1, 2]));
    assert_eq!(found("$.a[:2]", &doc), json!([0, 1]));
    assert_eq!(found("$.a[-2:]", &doc), json!([3, 4]));
    assert_eq!(found("$.a[:-2]", &doc), json!([0, 1, 2]));
    assert_eq!(found("$.a[3:99]", &doc), json!([3, 4]));
    assert_eq!(found("$.a[7:]", &doc), json!([]));
    assert_eq!(found("$.a[-99:]", &doc), json!([0, 1, 2, 3, 4]));
    // [from:to] leaves its bounds alone and resolves each index it walks through.
    assert_eq!(found("$.a[1:-1]", &doc), json!([]));
    assert_eq!(found("$.a[-3:-1]", &doc), json!([2, 3]));
    assert_eq!(found("$.a[-2:2]", &doc), json!([3, 4, 0, 1]));
    // Jayway reads no step.
    assert_eq!(found("$.a[0:4:2]", &doc), json!([0, 1, 2, 3]));
    // Slices of what is not an array find nothing.
    assert_eq!(found("$.o[0:1]", &doc), json!([]));
    assert_eq!(found("$.s[0:1]", &doc), json!([]));
    assert_eq!(found("$.missing[0:1]", &doc), json!([]));
}

#[test]
fn wildcards_read_objects_and_arrays() {
    let doc = json!({"o": {"x": 1, "y": [2]}, "n": 3});
    assert_eq!(found("$.o.*", &doc), json!([1, [2]]));
    assert_eq!(found("$.o[*]", &doc), json!([1, [2]]));
    assert_eq!(found("$.*", &doc), json!([{"x": 1, "y": [2]}, 3]));
    assert_eq!(found("$.n.*", &doc), json!([]));
    assert_eq!(found("$.o.*.*", &doc), json!([2]));
}

#[test]
fn deep_scans_visit_parents_first() {
    let doc = json!({"a": {"a": {"a": 1}}, "b": [{"a": 2}]});
    assert_eq!(found("$..a", &doc), json!([{"a": {"a": 1}}, {"a": 1}, 1, 2]));
    assert_eq!(found("$..['a']", &doc), json!([{"a": {"a": 1}}, {"a": 1}, 1, 2]));
    assert_eq!(found("$.b..a", &doc), json!([2]));
    assert_eq!(found("$..nothing", &doc), json!([]));
}

#[test]
fn deep_scans_with_indexes_keep_jayway_s_array_rule() {
    let doc = json!({"a": [{"x": 1}, {"x": 2}], "b": {"c": [{"x": 3}]}});
    assert_eq!(found("$..[0]", &doc), json!([{"x": 1}, {"x": 3}]));
    assert_eq!(found("$..[0,1]", &doc), json!([{"x": 1}, {"x": 2}, {"x": 3}]));
    assert_eq!(found("$..[1:]", &doc), json!([{"x": 2}]));
    // Before another step, Jayway hands every element of every array on: the index is not applied.
    assert_eq!(found("$..[0].x", &doc), json!([1, 2, 3]));
    assert_eq!(found("$..*.x", &doc), json!([1, 2, 3]));
}

// ---------------------------------------------------------------------------
// Definite paths and their messages
// ---------------------------------------------------------------------------

#[test]
fn definite_paths_name_one_value_or_fail_with_jayway_s_message() {
    let doc = json!({"items": [1, 2, 3], "a": {"b": null}, "n": 7});
    assert_eq!(found("$.a.b", &doc), json!(null));
    assert_eq!(found("$.items[-1]", &doc), json!(3));
    assert_eq!(
        not_found("$.items[10]", &doc),
        "No results for path: $['items'][10]"
    );
    assert_eq!(
        not_found("$.items[-4]", &doc),
        "No results for path: $['items'][-4]"
    );
    assert_eq!(
        not_found("$.items[10].x", &doc),
        "No results for path: $['items'][10]['x']"
    );
    assert_eq!(not_found("$.a.c", &doc), "No results for path: $['a']['c']");
    assert_eq!(not_found("$.a.c.d", &doc), "Missing property in path $['a']['c']");
    assert_eq!(not_found("$.x.y.z", &doc), "Missing property in path $['x']");
}

#[test]
fn indefinite_paths_never_fail_for_missing_values() {
    let doc = json!({"items": [{"v": 1}, {"w": 2}, 5]});
    assert_eq!(found("$.items[*].v", &doc), json!([1]));
    assert_eq!(found("$.items[*].v.deeper", &doc), json!([]));
    assert_eq!(found("$.nothing[*]", &doc), json!([]));
    assert_eq!(found("$.nothing.deeper[0,1]", &doc), json!([]));
    assert_eq!(found("$[*]", &json!({})), json!([]));
}

#[test]
fn path_functions_are_accepted_but_find_nothing() {
    // AWS: "Functions such as length() aren't supported"; a definition using one is
    // created, and the state fails when it runs.
    let doc = json!({"list": [1, 2], "length()": 9});
    let path = Path::parse("$.list.length()").unwrap();
    assert_eq!(path.function(), Some("length"));
    assert_eq!(path.segments().last(), Some(&Segment::Function("length".into())));
    for f in [
        "length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last", "concat", "append",
    ] {
        let text = format!("$.list.{f}()");
        assert_eq!(
            not_found(&text, &doc),
            format!("No results for path: $['list']['{f}()']")
        );
    }
    assert_eq!(
        not_found("$.nothing.sum()", &doc),
        "Missing property in path $['nothing']"
    );
    assert_eq!(found("$..list.length()", &doc), json!([]));
    assert_eq!(
        found("$.v[?(@.list.length() > 1)]", &json!({"v": [{"list": [1, 2]}]})),
        json!([])
    );
}

// ---------------------------------------------------------------------------
// Member names
// ---------------------------------------------------------------------------

#[test]
fn member_names_in_dot_and_bracket_notation() {
    let doc = json!({
        "delivery-partner": 1, "a.b": 2, "a b": 3, "it's": 4, "q\"q": 5, "": 6,
        "a:b": 7, "ünï": 8, "$x": 9, "a]": 10, "@": 11, "a": {"b": 12}
    });
    assert_eq!(found("$.delivery-partner", &doc), json!(1));
    assert_eq!(found("$['a.b']", &doc), json!(2));
    assert_eq!(found("$.a.b", &doc), json!(12));
    assert_eq!(found("$['a b']", &doc), json!(3));
    assert_eq!(found("$[\"it's\"]", &doc), json!(4));
    assert_eq!(found(r"$['it\'s']", &doc), json!(4));
    assert_eq!(found(r#"$['q"q']"#, &doc), json!(5));
    assert_eq!(found("$['']", &doc), json!(6));
    assert_eq!(found("$.a:b", &doc), json!(7));
    assert_eq!(found("$.ünï", &doc), json!(8));
    assert_eq!(found("$.$x", &doc), json!(9));
    assert_eq!(found("$.a]", &doc), json!(10));
    assert_eq!(found("$.@", &doc), json!(11));
    assert_eq!(found("$[ 'a' ][ \"b\" ]", &doc), json!(12));
    // Jayway reads a name straight after a bracket.
    assert_eq!(found("$['a']b", &doc), json!(12));
    // Trailing blanks are trimmed, as Jayway does.
    assert_eq!(found("$.a.b  ", &doc), json!(12));
}

#[test]
fn reference_paths_are_names_and_indexes_only() {
    let reference = |p: &str| Path::parse(p).unwrap().is_reference();
    assert!(reference("$.a[0]['b c']"));
    assert!(reference("$"));
    for p in [
        "$.a[*]",
        "$..a",
        "$.a[0,1]",
        "$.a[1:]",
        "$.a[?(@.b)]",
        "$['a','b']",
        "$.a.length()",
    ] {
        assert!(!reference(p), "{p}");
    }
}

// ---------------------------------------------------------------------------
// Parse errors
// ---------------------------------------------------------------------------

#[test]
fn parse_errors_say_what_and_where() {
    let cases = [
        ("a.b", "must start with '$'"),
        ("", "must start with '$'"),
        ("$$a", "expected '.' or '[' after '$', not 'a' (at position 2)"),
        ("$.", "a name is missing after '.' (a path cannot end with '.') (at position 2)"),
        ("$.a.", "a name is missing after '.'"),
        ("$..", "a name is missing after '..' (a path cannot end with '..') (at position 3)"),
        ("$...a", "'...' is not valid; use '..' for a deep scan (at position 3)"),
        ("$.a b", "cannot hold a space; use bracket notation such as ['my name'] (at position 3)"),
        ("$ .a", "expected '.' or '[' after '$', not ' ' (at position 1)"),
        ("$['a'] ['b']", "unexpected space between the steps of a path (at position 6)"),
        ("$.a[", "a '[' is not closed by ']' (at position 3)"),
        ("$['a", "a quoted name is not closed by ' (at position 2)"),
        ("$['a'", "a '[' is not closed by ']' (at position 1)"),
        ("$['a' 'b']", "expected ',' or ']' after a quoted name, not ''' (at position 6)"),
        ("$['a', \"b\"]", "expected a name quoted with ' after ',' (at position 7)"),
        ("$[]", "empty brackets '[]' (at position 1)"),
        ("$[x]", "'x' cannot start a bracket step"),
        ("$[1a]", "'[1a]' is not an index, a list of indexes or a slice ('a' is not allowed) (at position 1)"),
        ("$[1,,2]", "'' is not an array index (at position 1)"),
        ("$[--1]", "'--1' is not an array index"),
        ("$[99999999999]", "the index 99999999999 is out of range (indexes are 32-bit) (at position 1)"),
        ("$[2147483648]", "out of range"),
        ("$[1 : 2]", "a slice cannot hold spaces"),
        ("$[:]", "the slice '[:]' needs a start or an end"),
        ("$[*", "a '[' is not closed by ']'"),
        ("$[* 1]", "expected ']' after '*', not '1' (at position 4)"),
        ("$.a(", "the '(' of the function 'a' is not closed (at position 3)"),
        ("$.a.sum(1)", "the function 'sum' takes arguments, which Step Functions does not support (at position 7)"),
        ("$.a.length().b", "a path function such as length() can only end a path (at position 12)"),
        ("$..length()", "a path function cannot follow '..' (at position 3)"),
        ("$.a[?@.b]", "a filter is written [?(condition)]: '(' is missing after '?' (at position 5)"),
        ("$.a[?(@.b)", "a '[' is not closed by ']' (at position 3)"),
        ("$.a[?(@.b == 'x']", "expected '&&', '||' or ')' in the filter, not ']' (at position 16)"),
        ("$.a[?(@.b == 'x)]", "a string is not closed by ' (at position 13)"),
        ("$.a[?(@.b) && (@.c)]", "expected ']' after the filter's closing ')', not '&' (at position 11)"),
        ("$.a[?(@.b == home)]", "'home' is not a value; quote text ('home') or write a number, true, false or null (at position 13)"),
        ("$.a[?(@.name==ecs.availability-zone)]", "'ecs.availability-zone' is not a value"),
        ("$.a[?(@.b == 1.2.3)]", "'1.2.3' is not a number (at position 13)"),
        ("$.a[?(@.b == trueish)]", "'trueish' is not a value"),
        ("$.a[?(@.b ==)]", "a value is missing"),
        ("$.a[?(@.b = 1)]", "expected a comparison (==, !=, <, <=, >, >=), '&&', '||' or ')', not '=' (at position 10)"),
        ("$.a[?(@.b === 1)]", "'===' is not supported; use =="),
        ("$.a[?(@.b !== 1)]", "'!==' is not supported; use !="),
        ("$.a[?(@.b foo 1)]", "not 'foo'"),
        ("$.a[?(true)]", "a filter condition needs a path from '@', such as @.price > 10 or @.isbn (at position 6)"),
        ("$.a[?(1 == 1 && 'x')]", "a filter condition needs a path"),
        ("$.a[?(@b)]", "expected '.' or '[' after '@', not 'b' (at position 7)"),
        ("$.a[?((@.b)]", "expected '&&', '||' or ')' in the filter, not ']'"),
        ("$.a[?(!)]", "a value is missing (at position 7)"),
        ("$.a[?(@.b[)]", "')' cannot start a bracket step; write a quoted name, an index, a slice, '*' or a filter '?(…)' (at position 10)"),
        ("$.a[?(@.b == !5)]", "'!' must come before a path such as !@.name or a condition (at position 13)"),
    ];
    for (path, expected) in cases {
        let error = parse_error(path);
        assert!(error.contains(expected), "{path}: {error}");
    }
}

#[test]
fn errors_name_the_path() {
    assert_eq!(
        parse_error("$.a b"),
        "the path '$.a b' is not valid: a name in dot notation cannot hold a space; use bracket notation such as ['my name'] (at position 3)"
    );
}

// ---------------------------------------------------------------------------
// Hostile input: errors, never a crash
// ---------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let parens = format!("$.a[?({}@.b{})]", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse_error(&parens).contains("nested too deeply"));
    let bangs = format!("$.a[?({}(@.b))]", "!".repeat(100_000));
    assert!(parse_error(&bangs).contains("nested too deeply"));
    let filters = format!("${}", "[?(@".repeat(50_000));
    assert!(Path::parse(&filters).is_err());
    let mut nested = String::from("$.a");
    for _ in 0..100 {
        nested = format!("$.a[?(@.b{})]", &nested[3..]);
    }
    assert!(Path::parse(&nested).is_err());
}

#[test]
fn long_paths_parse_and_evaluate() {
    let long = format!("${}", ".a".repeat(128));
    let path = Path::parse(&long).unwrap();
    assert_eq!(path.segments().len(), 128);
    assert_eq!(
        path.select(&json!({"a": {"a": 1}})).unwrap_err().message,
        "Missing property in path $['a']['a']['a']"
    );
    let indexes = format!("${}", "[0]".repeat(128));
    assert!(Path::parse(&indexes).unwrap().select(&json!([[1]])).is_err());
    let scans = format!("${}", "..a".repeat(128));
    assert_eq!(
        Path::parse(&scans).unwrap().select(&json!({"b": 1})).unwrap(),
        json!([])
    );
    let too_long = format!("${}", ".a".repeat(100_000));
    assert!(parse_error(&too_long).contains("a path can have at most 128 steps (at position 257)"));
}

#[test]
fn a_deep_result_path_is_placed_or_refused() {
    let deep = format!("${}", ".a".repeat(128));
    let result = run_pass(json!({"ResultPath": deep}), json!({}));
    assert_eq!(result.status.as_str(), "SUCCEEDED");
    let deeper = format!("${}", ".a".repeat(200_000));
    let problems = definition_problems(json!({"ResultPath": deeper}));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].1.contains("at most 128 steps"), "{}", problems[0].1);
}

#[test]
fn explosive_scans_stop_with_an_error() {
    // A tree three wide and eight deep: each `..*` multiplies the work by the depth.
    let mut doc = json!(1);
    for _ in 0..8 {
        doc = json!([doc.clone(), doc.clone(), {"k": doc}]);
    }
    let started = std::time::Instant::now();
    let path = Path::parse("$..*..*..*..*..*..*").unwrap();
    let error = path.select(&doc).unwrap_err();
    assert!(error.message.contains("too many values"), "{}", error.message);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // A modest scan is fine.
    assert_eq!(found("$..*..k", &json!({"a": {"k": 1}})), json!([1]));
}

/// `{"a": {"a": ... 1 ..., "b": 1}, "b": 1}`, `depth` levels deep.
fn nested_a(depth: usize) -> Value {
    (0..depth).fold(json!(1), |inner, _| json!({"a": inner, "b": 1}))
}

#[test]
fn deep_scans_that_copy_too_much_stop_with_a_limit() {
    // Issue 13: 908 bytes nested 60 levels made `$..a..a..a` copy 1.8 GB; at 80 levels the
    // allocation failed, at 120 the page died. The copies are counted before they are made.
    for depth in [60, 80, 120] {
        let error = select("$..a..a..a", &nested_a(depth)).unwrap_err();
        assert!(error.limit, "{depth}: {}", error.message);
        assert!(error.message.contains("1000000 values"), "{}", error.message);
    }
    // In a state, the cause names the limit instead of AWS's "could not be found".
    let definition = json!({"StartAt": "A", "States": {"A": {
        "Type": "Pass", "Parameters": {"r.$": "$..a..a..a"}, "End": true}}});
    let machine = StateMachine::from_json_text(&definition.to_string()).unwrap();
    let result = run(&machine, nested_a(60), &RunOptions::default());
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    let cause = result.cause.unwrap();
    assert!(cause.contains("was stopped at a limit"), "{cause}");
    // A scan that copies little still works: over 5 levels, one match per choice of 3 levels.
    assert_eq!(
        select("$..a..a..a", &nested_a(5))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        10
    );
}

#[test]
fn random_paths_never_panic() {
    let alphabet: Vec<char> = "$$..[[]]()?@'\"*,:-!=<>&| 0129abé\\~/{}".chars().collect();
    let doc = json!({"a": [1, {"b": "x", "c": [true, null]}], "0": {"a": -1}, "é": [[]]});
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..30_000 {
        let len = next() % 24;
        let mut text = String::from("$");
        for _ in 0..len {
            text.push(alphabet[next() % alphabet.len()]);
        }
        if let Ok(path) = Path::parse(&text) {
            let _ = path.select(&doc);
            let _ = path.is_definite();
        }
    }
}

// ---------------------------------------------------------------------------
// End to end, through a Pass state
// ---------------------------------------------------------------------------

fn pass(fields: Value) -> StateMachine {
    let mut state = json!({"Type": "Pass", "End": true});
    for (k, v) in fields.as_object().unwrap() {
        state[k] = v.clone();
    }
    let definition = json!({"StartAt": "P", "States": {"P": state}});
    StateMachine::from_json_text(&definition.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn run_pass(fields: Value, input: Value) -> ExecutionResult {
    run(&pass(fields), input, &RunOptions::default())
}

fn definition_problems(fields: Value) -> Vec<(String, String)> {
    let mut state = json!({"Type": "Pass", "End": true});
    for (k, v) in fields.as_object().unwrap() {
        state[k] = v.clone();
    }
    let definition = json!({"StartAt": "P", "States": {"P": state}});
    match StateMachine::from_json_text(&definition.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect(),
    }
}

#[test]
fn input_path_filters_the_input() {
    let result = run_pass(json!({"InputPath": "$.items[?(@.price < 10)].name"}), items());
    assert_eq!(result.output, Some(json!(["pen"])));
    let result = run_pass(
        json!({"InputPath": "$..interests[?(@.category == 'home')]"}),
        json!({
            "data": {"interests": [
                {"category": "home", "type": "own"},
                {"category": "auto", "type": "car"},
                {"category": "home", "type": "business"}
            ]}
        }),
    );
    assert_eq!(
        result.output,
        Some(json!([{"category": "home", "type": "own"}, {"category": "home", "type": "business"}]))
    );
}

#[test]
fn parameters_select_with_filters_unions_and_merges() {
    let result = run_pass(
        json!({"Parameters": {
            "cheap.$": "$.items[?(@.price <= 10 && @.flag != false)].name",
            "firstAndLast.$": "$.items[0,-1].name",
            "pen.$": "$.items[0]['name','price']",
            "count.$": "States.ArrayLength($.items[?(@.flag)])"
        }}),
        items(),
    );
    assert_eq!(
        result.output,
        Some(json!({
            "cheap": ["pen", "x y"],
            "firstAndLast": ["pen", "x y"],
            "pen": {"name": "pen", "price": 5},
            "count": 3
        }))
    );
}

#[test]
fn a_multi_name_merge_through_input_path_as_aws_recorded() {
    let input = json!({"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 3}});
    let result = run_pass(
        json!({"InputPath": "$['a', 'b']", "ResultPath": "$.stateOutput.Step0"}),
        input.clone(),
    );
    assert_eq!(
        result.output,
        Some(
            json!({"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 3}, "stateOutput": {"Step0": {"a": {"v": 1}, "b": {"v": 2}}}})
        )
    );
    let result = run_pass(json!({"InputPath": "$['a', 'b'].v"}), input);
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some("An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$['a', 'b'].v' : Multi properties can only be used as path leafs: $['a', 'b']")
    );
}

#[test]
fn a_path_function_fails_the_state_as_on_aws() {
    let result = run_pass(
        json!({"Parameters": {"Jobs.$": "$.Jobs.sum()"}}),
        json!({"Jobs": [0, 1]}),
    );
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        result.cause.as_deref(),
        Some("An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.Jobs.sum()' specified for the field 'Jobs.$' could not be found in the input '{\"Jobs\":[0,1]}'")
    );
    let result = run_pass(json!({"InputPath": "$.list.length()"}), json!({"list": [1]}));
    assert_eq!(
        result.cause.as_deref(),
        Some("An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.list.length()' : No results for path: $['list']['length()']")
    );
}

#[test]
fn an_empty_filter_result_is_an_empty_array() {
    let result = run_pass(
        json!({"Parameters": {"none.$": "$.items[?(@.name == 'nothing')]"}}),
        items(),
    );
    assert_eq!(result.output, Some(json!({"none": []})));
}

#[test]
fn unsupported_paths_are_definition_errors() {
    let problems = definition_problems(json!({"InputPath": "$.items[?(@.name =~ /p.*/)]"}));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "INVALID_JSON_PATH");
    assert!(problems[0].1.contains("regular expression"), "{}", problems[0].1);
    assert!(problems[0].1.contains("(at position 17)"), "{}", problems[0].1);

    let problems = definition_problems(json!({"Parameters": {"x.$": "$.items[?(@.price in [1, 2])]"}}));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].1.contains("lexical operators"), "{}", problems[0].1);

    let problems = definition_problems(json!({"ResultPath": "$.items[?(@.price > 1)]"}));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "INVALID_REFERENCE_PATH");
}

#[test]
fn result_selector_style_flattening() {
    let result = run_pass(json!({"InputPath": "$[*][*]"}), json!([[1, 2], [3], [{"x": 4}]]));
    assert_eq!(result.output, Some(json!([1, 2, 3, {"x": 4}])));
}

#[test]
fn a_dollar_followed_by_a_name_reads_a_workflow_variable() {
    let path = Path::parse("$order.items[0]").unwrap();
    assert_eq!(path.root(), asl::jsonpath::Root::Variable);
    assert_eq!(path.variable(), Some("order"));
    assert_eq!(
        path.segments(),
        [
            asl::jsonpath::Segment::Field("items".into()),
            asl::jsonpath::Segment::Index(0)
        ]
    );
    assert_eq!(Path::parse("$_x").unwrap().variable(), Some("_x"));
}
