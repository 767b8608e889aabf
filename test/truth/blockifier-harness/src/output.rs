//! The CallInfo tree as JSON (blockifier 0.20.0-rc.0 src/execution/call_info.rs): per call
//! its entry point, gas, retdata, failure, events, messages, VM resources and inner calls.
//! Felts are printed as 0x-prefixed hex, gas amounts as decimal strings.

use blockifier::execution::call_info::CallInfo;
use blockifier::execution::contract_class::TrackedResource;
use blockifier::execution::entry_point::CallType;
use serde_json::{json, Map, Value};
use starknet_api::contract_class::EntryPointType;
use starknet_types_core::felt::Felt;

use crate::run::Outcome;

fn hex(f: &Felt) -> Value {
    Value::String(f.to_hex_string())
}

fn hexes<'a>(v: impl IntoIterator<Item = &'a Felt>) -> Value {
    Value::Array(v.into_iter().map(hex).collect())
}

fn entry_point_type(t: EntryPointType) -> &'static str {
    match t {
        EntryPointType::External => "EXTERNAL",
        EntryPointType::L1Handler => "L1_HANDLER",
        EntryPointType::Constructor => "CONSTRUCTOR",
    }
}

fn builtins(c: &CallInfo) -> Value {
    let mut m = Map::new();
    for (name, n) in &c.resources.vm_resources.builtin_instance_counter {
        m.insert(name.to_str().to_string(), json!(n));
    }
    Value::Object(m)
}

pub fn call_json(c: &CallInfo) -> Value {
    let e = &c.execution;
    let events: Vec<Value> = e
        .events
        .iter()
        .map(|ev| {
            let keys: Vec<Felt> = ev.event.keys.iter().map(|k| k.0).collect();
            json!({"order": ev.order, "keys": hexes(&keys), "data": hexes(&ev.event.data.0)})
        })
        .collect();
    let messages: Vec<Value> = e
        .l2_to_l1_messages
        .iter()
        .map(|m| {
            let to = m.message.to_address.0;
            json!({"order": m.order, "to": hex(&to), "payload": hexes(&m.message.payload.0)})
        })
        .collect();
    json!({
        "contract": hex(c.call.storage_address.0.key()),
        "class_hash": c.call.class_hash.map(|h| hex(&h.0)).unwrap_or(Value::Null),
        "selector": hex(&c.call.entry_point_selector.0),
        "entry_point_type": entry_point_type(c.call.entry_point_type),
        "call_type": if c.call.call_type == CallType::Delegate { "Delegate" } else { "Call" },
        "caller": hex(c.call.caller_address.0.key()),
        "calldata": hexes(c.call.calldata.0.iter()),
        "initial_gas": c.call.initial_gas.to_string(),
        "gas_consumed": e.gas_consumed.to_string(),
        "tracked_resource": if c.tracked_resource == TrackedResource::SierraGas { "SierraGas" } else { "CairoSteps" },
        "failed": e.failed,
        "retdata": hexes(&e.retdata.0),
        "events": events,
        "messages": messages,
        "n_steps": c.resources.vm_resources.n_steps,
        "n_memory_holes": c.resources.vm_resources.n_memory_holes,
        "builtins": builtins(c),
        "inner": c.inner_calls.iter().map(call_json).collect::<Vec<_>>(),
    })
}

pub fn outcome_json(o: &Outcome) -> Value {
    match o {
        Outcome::Done(info, initial_gas) => {
            json!({"initial_gas": initial_gas.to_string(), "call": call_json(info)})
        }
        Outcome::Error(msg) => json!({"error": msg}),
    }
}
