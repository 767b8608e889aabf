//! The JSON request the harness reads: classes, contracts, storage, block and tx info, the
//! Starknet version whose versioned constants apply, and the calls to run in order.
//! Felts are strings: "0x…" hex or decimal.

use serde::Deserialize;
use starknet_types_core::felt::Felt;

#[derive(Deserialize)]
pub struct Request {
    /// "0.13.4" … "0.14.4": picks blockifier's versioned constants (resources/*.json).
    pub starknet_version: String,
    #[serde(default)]
    pub classes: Vec<ClassSpec>,
    #[serde(default)]
    pub contracts: Vec<ContractSpec>,
    #[serde(default)]
    pub storage: Vec<StorageSpec>,
    #[serde(default)]
    pub block: BlockSpec,
    #[serde(default)]
    pub tx: TxSpec,
    /// Run in order on one state; each call sees the writes of the ones before it.
    pub calls: Vec<CallSpec>,
}

#[derive(Deserialize)]
pub struct ClassSpec {
    pub class_hash: String,
    /// A CasmContractClass (Cairo 1) or a compiled deprecated class (Cairo 0, has "program").
    pub compiled: serde_json::Value,
    /// Sierra version of a Cairo 1 class ("1.7.0"): decides Sierra gas vs Cairo steps.
    #[serde(default)]
    pub sierra_version: Option<String>,
}

#[derive(Deserialize)]
pub struct ContractSpec {
    pub address: String,
    pub class_hash: String,
    #[serde(default)]
    pub nonce: Option<String>,
}

#[derive(Deserialize)]
pub struct StorageSpec {
    pub address: String,
    pub key: String,
    pub value: String,
}

#[derive(Deserialize)]
#[serde(default)]
pub struct BlockSpec {
    pub number: u64,
    pub timestamp: u64,
    pub sequencer_address: String,
    pub chain_id: String,
    pub strk_fee_token: String,
    pub eth_fee_token: String,
}

impl Default for BlockSpec {
    fn default() -> Self {
        BlockSpec {
            number: 100,
            timestamp: 1_700_000_000,
            sequencer_address: "0x5e0".into(),
            chain_id: "SN_SEPOLIA".into(),
            strk_fee_token: "0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d".into(),
            eth_fee_token: "0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7".into(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Bounds {
    pub max_amount: u64,
    pub max_price_per_unit: u128,
}

/// A v3 transaction's info (what get_execution_info reports and what sets the tx's gas).
#[derive(Deserialize)]
#[serde(default)]
pub struct TxSpec {
    pub hash: String,
    pub sender_address: String,
    pub nonce: String,
    pub signature: Vec<String>,
    pub tip: u64,
    pub l1_gas: Bounds,
    pub l2_gas: Bounds,
    pub l1_data_gas: Bounds,
    pub paymaster_data: Vec<String>,
    pub account_deployment_data: Vec<String>,
    pub nonce_data_availability_mode: u8,
    pub fee_data_availability_mode: u8,
    pub only_query: bool,
}

impl Default for TxSpec {
    fn default() -> Self {
        TxSpec {
            hash: "0x0".into(),
            sender_address: "0x0".into(),
            nonce: "0x0".into(),
            signature: vec![],
            tip: 0,
            l1_gas: Bounds::default(),
            l2_gas: Bounds { max_amount: 10_000_000_000, max_price_per_unit: 0 },
            l1_data_gas: Bounds::default(),
            paymaster_data: vec![],
            account_deployment_data: vec![],
            nonce_data_availability_mode: 0,
            fee_data_availability_mode: 0,
            only_query: false,
        }
    }
}

#[derive(Deserialize)]
pub struct CallSpec {
    pub contract: String,
    pub selector: String,
    #[serde(default)]
    pub calldata: Vec<String>,
    #[serde(default = "zero")]
    pub caller: String,
    /// "EXTERNAL" (default), "L1_HANDLER" or "CONSTRUCTOR".
    #[serde(default = "external")]
    pub entry_point_type: String,
    /// A number, or "tx_default": the tx's initial Sierra gas capped by the mode's limit.
    #[serde(default = "tx_default")]
    pub initial_gas: String,
    /// "execute" (default) or "validate".
    #[serde(default = "execute")]
    pub mode: String,
}

fn zero() -> String {
    "0x0".into()
}
fn external() -> String {
    "EXTERNAL".into()
}
fn tx_default() -> String {
    "tx_default".into()
}
fn execute() -> String {
    "execute".into()
}

pub fn felt(s: &str) -> Result<Felt, String> {
    let r = if let Some(h) = s.strip_prefix("0x") {
        Felt::from_hex(&format!("0x{h}")).map_err(|e| e.to_string())
    } else {
        Felt::from_dec_str(s).map_err(|e| e.to_string())
    };
    r.map_err(|e| format!("bad felt {s:?}: {e}"))
}

pub fn felts(v: &[String]) -> Result<Vec<Felt>, String> {
    v.iter().map(|s| felt(s)).collect()
}
