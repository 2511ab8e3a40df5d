//! Integration tests: instance.

use gardes::instance::parse;

#[test]
fn scratch() {
    let Ok(path) = std::env::var("SCRATCH") else { return };
    let text = std::fs::read_to_string(&path).unwrap();
    match parse(&path, &text) {
        Ok(i) => println!("OK {}", i.name),
        Err(d) => println!("{}", d.render_plain()),
    }
}
