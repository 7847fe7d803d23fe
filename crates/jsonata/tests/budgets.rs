//! Issue 13's hostile expressions: each ends with an error that names its limit, never a panic,
//! a hang or an exhausted memory (the byte limits are enforced by the crate's counting allocator,
//! installed here as the CLI and the page's worker install it).

use jsonata::{Bindings, Environment, Expression, JsonataError};
use serde_json::json;

#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

fn fails(source: &str) -> JsonataError {
    let expression = Expression::parse(source).expect("parses");
    let mut env = Environment::new(1_733_000_000_000, 1);
    match expression.evaluate(&json!({}), &Bindings::new(), &mut env) {
        Ok(value) => panic!("{source} gave {value:?} instead of an error"),
        Err(error) => error,
    }
}

#[test]
fn wide_date_pictures_are_refused_before_the_engine_sees_them() {
    for source in [
        "$fromMillis(0, '[Y,64]')",
        "$fromMillis(0, '[Y9,999]')",
        "$now('[Y,64]')",
        "$fromMillis(0, '[D,1000000000]')",
        // Taken as a value, the function is still checked.
        "($f := $fromMillis; $f(0, '[Y,64]'))",
        "$map([0], function($v){ $fromMillis($v, '[Y' & $pad('', 19, '9') & ']') })",
    ] {
        let error = fails(source);
        assert_eq!(error.code(), "D3138", "{source}: {error:?}");
        assert!(error.message().contains("at most"), "{source}: {error:?}");
    }
}

#[test]
fn ordinary_pictures_still_format() {
    let expression = Expression::parse("$fromMillis(0, '[Y0001]-[M01]-[D01] [Y,18]')").unwrap();
    let value = expression
        .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
        .unwrap();
    assert_eq!(value, Some(json!("1970-01-01 000000000000001970")));
    let partial = Expression::parse("$map([0], $fromMillis(?, '[Y]'))").unwrap();
    let value = partial
        .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
        .unwrap();
    assert_eq!(value, Some(json!("1970")));
}

#[test]
fn a_billion_character_pad_is_refused() {
    let error = fails("$length($pad('', 1000000000, 'a'))");
    assert_eq!(error.code(), "D3138");
    assert!(error.message().contains("1000000"), "{error:?}");
}

#[test]
fn huge_sums_of_ranges_stop_at_the_work_limit() {
    // The repro: each inner range is ten times the sequence cap.
    assert_eq!(fails("$sum([1..10000].($sum([1..10000000])))").code(), "D2015");
    // Within the cap, ten thousand ranges of a million are stopped by the bytes built in all.
    let error = fails("$sum([1..10000].($sum([1..1000000])))");
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("MiB of values in all"), "{error:?}");
}

#[test]
fn a_billion_items_in_a_path_stop_at_a_limit() {
    let error = fails("$count([1..1000].[1..1000000])");
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("MiB of values"), "{error:?}");
}

#[test]
fn strings_doubled_by_recursion_stop_at_a_limit() {
    let error = fails(
        "($double := function($s, $n){ $n = 0 ? $s : $double($s & $s, $n - 1) }; $length($double('a', 40)))",
    );
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("MiB of values"), "{error:?}");
}

#[test]
fn a_million_objects_held_at_once_stop_at_the_memory_limit() {
    let error = fails("$count([1..1000000].{'a': $, 'b': [$, $, $]})");
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("at once"), "{error:?}");
}

#[test]
fn the_budget_is_per_evaluation() {
    // After an evaluation spent its budget, the next one starts afresh.
    fails("$count([1..1000].[1..1000000])");
    let expression = Expression::parse("$count([1..100000])").unwrap();
    let value = expression
        .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
        .unwrap();
    assert_eq!(value, Some(json!(100000)));
}

#[test]
fn endless_recursion_found_by_the_fuzzer_stops_at_the_call_limit() {
    // fuzz/jsonata_expression's first timeout: `$b = <undefined path>` is never true, so $gcd
    // recurses forever, every call a new `$a % $b`. A million calls took 14 s under the
    // fuzzer's sanitiser; the call limit is now a tenth of that.
    let error =
        fails("($gcd := function($a, $b){$b = iiiiX0 ? $a : $gcd($b, $a%$b) }; [$gcd(8,12), $gcd(9,12)])");
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("100000 function calls"), "{error:?}");
}

#[test]
fn arguments_that_overflow_the_engine_are_refused() {
    for (source, says) in [
        // fuzz/jsonata_expression's first crash: a saturated millisecond count shifted by a
        // time zone overflowed a 64-bit addition inside jsonata-core.
        (
            "$fromMillis(1001062810628010626693, '[Y]-[M1-[001]:[m]:[s][z]', '10500')",
            "8.64e15",
        ),
        ("$fromMillis(0, '[Y]', '99999999999999999')", "±HHMM"),
        ("$now('[Y]', '-123456')", "±HHMM"),
        // A trillion in roman numerals is a gigabyte of M's, built in one call.
        ("$formatInteger(1e12, 'I')", "1e9"),
        ("$parseInteger('zzzzzzzzzzzzzzzzzzzzzzzz', 'a')", "13 letters"),
        // The fuzzer's seventh crash: an ordinal's two-byte suffix cut inside a Cyrillic letter.
        ("$parseInteger('1st шел0', '0;o')", "ordinals"),
        // A start and length that saturate and wrap: "abc" came out where "" was due.
        ("$substring('abc', 1e19, 1e19)", "2^53"),
        // The fuzzer's fifth crash: Arabic-Indic digits in the picture, a Latin letter read.
        ("$parseInteger('١٢٣٤ sift', '###١')", "digits of another script"),
        // Random pictures into the datetime builtins (a native storm with overflow checks on):
        // a year 18 wide plus three optional digits, and 14 letters read in base 26.
        ("$fromMillis(0, '[Y#,##0,18]')", "at most 18"),
        ("$toMillis('ABCDEFGHIJKLMNOP', '[XA,9]')", "13 letters"),
    ] {
        let error = fails(source);
        assert_eq!(error.code(), "D3138", "{source}: {error:?}");
        assert!(error.message().contains(says), "{source}: {error:?}");
    }
}

#[test]
fn partial_application_and_chains_are_checked_too() {
    for source in [
        "$fromMillis(0, ?)('[Y,64]')",
        "0 ~> $fromMillis('[Y,64]')",
        "$map(['[Y,64]'], $fromMillis(0, ?))",
        "$formatInteger(?, 'I')(1e12)",
    ] {
        assert_eq!(fails(source).code(), "D3138", "{source}");
    }
}

#[test]
fn checked_builtins_keep_their_meaning() {
    let eval = |source: &str| {
        Expression::parse(source)
            .unwrap()
            .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
            .unwrap()
    };
    assert_eq!(eval("$formatInteger(1994, 'I')"), Some(json!("MCMXCIV")));
    assert_eq!(eval("1994 ~> $formatInteger('I')"), Some(json!("MCMXCIV")));
    assert_eq!(eval("$parseInteger('zz', 'a')"), Some(json!(702)));
    assert_eq!(eval("$parseInteger('21st', '0;o')"), Some(json!(21)));
    assert_eq!(eval("$parseInteger('١٢٣', '###١')"), Some(json!(123)));
    assert_eq!(eval("$formatInteger(123, '###١')"), Some(json!("١٢٣")));
    assert_eq!(eval("$fromMillis(0, '[H01]', '+0530')"), Some(json!("05")));
    assert_eq!(eval("$pad('x', 3, '-')"), Some(json!("x--")));
    assert_eq!(eval("$substring('abcdef', -3, 2)"), Some(json!("de")));
    assert_eq!(eval("$substring('abcdef', 2)"), Some(json!("cdef")));
    assert_eq!(eval("$pad('x', ?, '-')(-3)"), Some(json!("--x")));
    // An undefined argument stays undefined: the call still gives undefined.
    assert_eq!(eval("$fromMillis(nothing)"), None);
}

#[test]
fn markers_jsonata_core_would_slice_out_of_bounds_are_refused() {
    // fuzz/jsonata_expression's second crash ("byte range starts at 1 but ends at 0").
    for source in [
        "$fromMillis(1521801216617, '[FNn ,]D[, [fDD1o] _MNn,3Invalid syntax: -3] [Y1 [C]')",
        "$fromMillis(0, '[,]')",
        "$fromMillis(0, '[é]')",
        "$toMillis('x', '[ ,2]')",
    ] {
        let error = fails(source);
        assert_eq!(error.code(), "D3138", "{source}: {error:?}");
        assert!(
            error.message().contains("component letter"),
            "{source}: {error:?}"
        );
    }
}

#[test]
fn signatures_with_characters_jsonata_core_would_cut_in_half_are_refused() {
    // fuzz/jsonata_expression's third crash: jsonata-core's signature parser indexes the text
    // by characters counted, and panicked inside the two bytes of 'Ӈ'.
    for source in [
        "Age.function($x,$y)<nӇ:n>{$x+$y}(7)",
        "λ($x) <é> { $x }",
        "(function ($a)<a<sé>:n>{ 1 })([])",
    ] {
        let Err(error) = Expression::parse(source) else {
            panic!("{source} parsed");
        };
        assert_eq!(error.code(), "S0201", "{source}: {error:?}");
        assert!(error.message().contains("signature"), "{source}: {error:?}");
    }
    // Not signatures: a comparison after a bracket, and non-ASCII names elsewhere.
    for source in [
        "($x := 1; ($x) < 2 ? 'ä' : 'ö')",
        "function($x)<n:n>{ $x.größe }(1)",
        "$map([1], function($v){ $v })",
    ] {
        assert!(Expression::parse(source).is_ok(), "{source}");
    }
}

#[test]
fn ranges_with_bounds_past_whole_numbers_are_refused() {
    // fuzz/jsonata_expression's sixth crash: `end - start + 1` overflowed in jsonata-core. In a
    // release build the size wrapped instead: `[-1e19..1e19]` came out as 0, passed the size
    // check, and the range filled memory until the process aborted.
    for source in [
        "[0..888888888888888888888888888888888888888888]",
        "$count([-1e19..1e19])",
        "($n := 1e300; [$n..$n])",
    ] {
        let error = fails(source);
        assert_eq!(error.code(), "D3138", "{source}: {error:?}");
        assert!(error.message().contains("2^53"), "{source}: {error:?}");
    }
    let value = Expression::parse("[1e12..1e12+2]")
        .unwrap()
        .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
        .unwrap();
    assert_eq!(
        value,
        Some(json!([
            1_000_000_000_000_u64,
            1_000_000_000_001_u64,
            1_000_000_000_002_u64
        ]))
    );
}

#[test]
fn names_an_expression_binds_itself_are_not_taken_for_the_builtins() {
    let eval = |source: &str| {
        Expression::parse(source)
            .unwrap()
            .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
            .unwrap()
    };
    assert_eq!(eval("($pad := 5; $pad + 1)"), Some(json!(6)));
    assert_eq!(
        eval("($pad := function($a, $b, $c){ $b }; $pad(1, 2e9, 3))"),
        Some(json!(2_000_000_000_u64))
    );
    assert_eq!(
        eval("(function($substring){ $substring * 2 })(4)"),
        Some(json!(8))
    );
    let items = json!({"items": [{"a": 1}, {"a": 2}]});
    let path = |source: &str| {
        Expression::parse(source)
            .unwrap()
            .evaluate(&items, &Bindings::new(), &mut Environment::default())
            .unwrap()
    };
    assert_eq!(path("items#$pad.($pad)"), Some(json!([0, 1])));
    assert_eq!(path("items@$substring.($substring.a)"), Some(json!([1, 2])));
    // The builtin itself is still checked where nothing shadows it.
    assert_eq!(fails("($x := 1; $pad('', 1e9))").code(), "D3138");
}

#[test]
fn calls_of_functions_with_signatures_count_for_more() {
    // The fuzzer's slowest input (8 s under the sanitiser, 2 s natively): jsonata-core checks a
    // signature by building a regular expression at each call. Such calls now count 20 each.
    let error = fails("($f := function($s, $x)<an:s> { $x > 1 ? $f([eval$s], $x-0) : $s}; $f('a', 5))");
    assert_eq!(error.code(), "D1012", "{error:?}");
    assert!(error.message().contains("signature counts as 20"), "{error:?}");
    // A finite recursion with a signature still runs: 4,000 calls are 80,000 counted.
    let value = Expression::parse(
        "($c := function($n, $acc)<nn:n>{ $n = 0 ? $acc : $c($n - 1, $acc + 1) }; $c(4000, 0))",
    )
    .unwrap()
    .evaluate(&json!({}), &Bindings::new(), &mut Environment::default())
    .unwrap();
    assert_eq!(value, Some(json!(4000)));
}

#[test]
fn copies_by_the_direct_evaluator_count_toward_the_limits() {
    // Expressions the direct evaluator covers (it reads variables in place), copying a 1 MB
    // string 40 times: past the limit, the engine takes over and reports it.
    let bindings = Bindings::new().with("s", json!("x".repeat(1 << 20)));
    let many = |separator: &str| vec!["$s"; 40].join(separator);
    for source in [format!("[{}]", many(", ")), many(" & ")] {
        let expression = Expression::parse(&source).unwrap();
        let mut env = Environment::new(0, 1);
        env.limits.max_bytes_built = 8 << 20;
        env.limits.max_bytes_held = 8 << 20;
        let error = expression.evaluate_in(&bindings, &mut env).unwrap_err();
        assert_eq!(error.code(), "D1012", "{error:?}");
        // Within the limits, the same expression is decided.
        env.limits.max_bytes_built = 1 << 30;
        env.limits.max_bytes_held = 1 << 30;
        assert!(expression.evaluate_in(&bindings, &mut env).unwrap().is_some());
    }
}
