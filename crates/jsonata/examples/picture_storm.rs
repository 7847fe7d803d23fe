//! Random date-time and integer pictures into `$fromMillis`, `$toMillis`, `$formatInteger` and
//! `$parseInteger`, with every panic collected by its location and the first expression that
//! caused it. Faster than the fuzzer at finding jsonata-core's picture bugs, as it builds markers
//! from their grammar. Build without `--release` (overflow checks on):
//! `cargo run -p jsonata --example picture_storm -- [COUNT] [SEED]`; it prints nothing when no
//! evaluation panicked.
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100000);
    let seen: Arc<Mutex<BTreeMap<String, String>>> = Default::default();
    let current: Arc<Mutex<String>> = Default::default();
    {
        let seen = seen.clone();
        let current = current.clone();
        std::panic::set_hook(Box::new(move |info| {
            let loc = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let mut s = seen.lock().unwrap();
            s.entry(format!("{loc} {msg}"))
                .or_insert_with(|| current.lock().unwrap().clone());
        }));
    }
    let alphabet: Vec<char> = "[[[]]]YMDdFWwXxHhmsfPZzCE0123456789,,-*#naNtcoIiwW;é: ١٢٠"
        .chars()
        .collect();
    let mut x: u64 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(88172645463325252);
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..n {
        let pic: String = if rnd() % 3 == 0 {
            let len = (rnd() % 14) as usize + 1;
            (0..len)
                .map(|_| alphabet[(rnd() as usize) % alphabet.len()])
                .collect()
        } else {
            let comps = [
                "Y", "M", "D", "d", "F", "W", "w", "X", "x", "H", "h", "m", "s", "f", "P", "Z", "z", "C",
                "E", "",
            ];
            let pres = [
                "", "1", "01", "001", "#", "n", "N", "Nn", "w", "W", "Ww", "I", "i", "a", "A", "t", "o", "c",
                "#01", "9", "0001", "#,##0", "1o", "Nt", "x",
            ];
            let widths = [
                "", ",2", ",2-3", ",*-2", ",9", ",0", ",-", ",1-1", ",*", ",0-0", ",18", ",3-*",
            ];
            let items = (rnd() % 4) as usize + 1;
            (0..items)
                .map(|_| {
                    if rnd() % 4 == 0 {
                        " -:".to_string()
                    } else {
                        format!(
                            "[{}{}{}]",
                            comps[(rnd() as usize) % comps.len()],
                            pres[(rnd() as usize) % pres.len()],
                            widths[(rnd() as usize) % widths.len()]
                        )
                    }
                })
                .collect()
        };
        let millis = [0i64, 1359720000000, -62135596800000, 253402300799999][(rnd() % 4) as usize];
        let tz = ["", "'+0530'", "'-1000'", "'0'"][(rnd() % 4) as usize];
        let pic_q = pic.replace('\'', "");
        let sources = [
            format!(
                "$fromMillis({millis}, '{pic_q}'{}{tz})",
                if tz.is_empty() { "" } else { ", " }
            ),
            format!("$toMillis($fromMillis({millis}, '{pic_q}'), '{pic_q}')"),
            format!("$formatInteger({}, '{pic_q}')", (rnd() % 100000) as i64 - 50000),
            format!("$parseInteger('{}', '{pic_q}')", (rnd() % 100000)),
            format!(
                "$parseInteger('{}', '{pic_q}')",
                (0..(rnd() % 8))
                    .map(|_| alphabet[(rnd() as usize) % alphabet.len()])
                    .collect::<String>()
                    .replace('\'', "")
            ),
            format!("$formatInteger({}, '{pic_q}')", (rnd() as i64) >> (rnd() % 64)),
            format!("$toMillis('{pic_q}', '{pic_q}')"),
        ];
        for src in sources {
            *current.lock().unwrap() = src.clone();
            let _ = std::panic::catch_unwind(|| {
                if let Ok(e) = jsonata::Expression::parse(&src) {
                    let _ = e.evaluate(
                        &serde_json::json!({}),
                        &jsonata::Bindings::new(),
                        &mut jsonata::Environment::new(1_700_000_000_000, 1),
                    );
                }
            });
        }
    }
    for (k, v) in seen.lock().unwrap().iter() {
        println!("{k}\n    {v}");
    }
}
