//! Runs one compiled Cairo 0 program on lambdaclass's cairo-vm (the VM Starknet's sequencer uses)
//! with the trace on, and prints one JSON line: steps and the in-process milliseconds from reading
//! the file to the relocated trace. `bench/vm-rust.bench.ts` runs it beside our VM.
//! Usage: stm-explorer-rust-vm-bench <program.json> [layout]
use cairo_vm::cairo_run::{cairo_run, CairoRunConfig};
use cairo_vm::hint_processor::builtin_hint_processor::builtin_hint_processor_definition::BuiltinHintProcessor;
use cairo_vm::types::layout_name::LayoutName;
use std::time::Instant;

fn layout_of(name: &str) -> LayoutName {
    match name {
        "plain" => LayoutName::plain,
        "small" => LayoutName::small,
        "starknet" => LayoutName::starknet,
        "starknet_with_keccak" => LayoutName::starknet_with_keccak,
        _ => LayoutName::all_cairo,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: {} <program.json> [layout]", args[0]);
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let bytes = std::fs::read(&args[1]).expect("cannot read the program file");
    let config = CairoRunConfig {
        entrypoint: "main",
        trace_enabled: true,
        relocate_trace: true,
        relocate_mem: false,
        layout: layout_of(args.get(2).map(String::as_str).unwrap_or("all_cairo")),
        ..Default::default()
    };
    let mut hints = BuiltinHintProcessor::new_empty();
    let runner = cairo_run(&bytes, &config, &mut hints).expect("the run failed");
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let steps = runner.vm.get_current_step();
    let trace_len = runner.relocated_trace.as_ref().map_or(0, Vec::len);
    println!("{{\"steps\":{steps},\"ms\":{ms:.3},\"trace\":{trace_len}}}");
}
