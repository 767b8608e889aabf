//! Contexts and the calls themselves. Each call runs as blockifier runs a transaction's entry
//! point: `CallEntryPoint::execute` (blockifier 0.20.0-rc.0 src/execution/entry_point.rs) in an
//! `EntryPointExecutionContext` of the call's mode, with a `SierraGasRevertTracker` started at
//! the call's gas, on one `CachedState` over the request's pre-state (later calls see earlier
//! calls' writes). The tx's default gas is `TransactionContext::initial_sierra_gas` capped by
//! the mode's `sierra_gas_limit` (src/context.rs; src/transaction/account_transaction.rs).

use std::sync::Arc;

use blockifier::blockifier_versioned_constants::VersionedConstants;
use blockifier::bouncer::BouncerConfig;
use blockifier::context::{BlockContext, ChainInfo, FeeTokenAddresses, TransactionContext};
use blockifier::execution::call_info::CallInfo;
use blockifier::execution::common_hints::ExecutionMode;
use blockifier::execution::entry_point::{
    CallEntryPoint, CallType, EntryPointExecutionContext, SierraGasRevertTracker,
};
use blockifier::state::cached_state::{CachedState, TransactionalState};
use blockifier::transaction::objects::{
    CommonAccountFields, CurrentTransactionInfo, TransactionInfo,
};
use starknet_api::block::{BlockInfo, BlockNumber, BlockTimestamp, GasPrice, GasPrices, StarknetVersion};
use starknet_api::contract_class::EntryPointType;
use starknet_api::core::{ChainId, EntryPointSelector, Nonce};
use starknet_api::data_availability::DataAvailabilityMode;
use starknet_api::execution_resources::GasAmount;
use starknet_api::transaction::fields::{
    AccountDeploymentData, AllResourceBounds, Calldata, PaymasterData, ProofFacts, ResourceBounds,
    Tip, TransactionSignature, ValidResourceBounds,
};
use starknet_api::transaction::{TransactionHash, TransactionVersion};
use starknet_api::versioned_constants_logic::VersionedConstantsTrait;

use crate::request::{felt, felts, BlockSpec, Bounds, CallSpec, Request, TxSpec};
use crate::state::{address, PreState};

fn block_context(version: StarknetVersion, b: &BlockSpec) -> Result<BlockContext, String> {
    let constants = VersionedConstants::get(&version)
        .map_err(|e| format!("no versioned constants for {version}: {e}"))?;
    let block_info = BlockInfo {
        block_number: BlockNumber(b.number),
        block_timestamp: BlockTimestamp(b.timestamp),
        starknet_version: version,
        sequencer_address: address(&b.sequencer_address)?,
        gas_prices: GasPrices::default(),
        use_kzg_da: true,
    };
    let chain_info = ChainInfo {
        chain_id: ChainId::from(b.chain_id.clone()),
        fee_token_addresses: FeeTokenAddresses {
            strk_fee_token_address: address(&b.strk_fee_token)?,
            eth_fee_token_address: address(&b.eth_fee_token)?,
        },
        is_l3: false,
    };
    Ok(BlockContext::new(block_info, chain_info, constants.clone(), BouncerConfig::max()))
}

fn bounds(b: &Bounds) -> ResourceBounds {
    ResourceBounds { max_amount: GasAmount(b.max_amount), max_price_per_unit: GasPrice(b.max_price_per_unit) }
}

fn da_mode(m: u8) -> DataAvailabilityMode {
    if m == 0 { DataAvailabilityMode::L1 } else { DataAvailabilityMode::L2 }
}

fn tx_info(t: &TxSpec) -> Result<TransactionInfo, String> {
    let common_fields = CommonAccountFields {
        transaction_hash: TransactionHash(felt(&t.hash)?),
        version: TransactionVersion::THREE,
        signature: TransactionSignature(Arc::new(felts(&t.signature)?)),
        nonce: Nonce(felt(&t.nonce)?),
        sender_address: address(&t.sender_address)?,
        only_query: t.only_query,
    };
    Ok(TransactionInfo::Current(CurrentTransactionInfo {
        common_fields,
        resource_bounds: ValidResourceBounds::AllResources(AllResourceBounds {
            l1_gas: bounds(&t.l1_gas),
            l2_gas: bounds(&t.l2_gas),
            l1_data_gas: bounds(&t.l1_data_gas),
        }),
        tip: Tip(t.tip),
        nonce_data_availability_mode: da_mode(t.nonce_data_availability_mode),
        fee_data_availability_mode: da_mode(t.fee_data_availability_mode),
        paymaster_data: PaymasterData(felts(&t.paymaster_data)?),
        account_deployment_data: AccountDeploymentData(felts(&t.account_deployment_data)?),
        proof_facts: ProofFacts::default(),
    }))
}

fn entry_point_type(s: &str) -> Result<EntryPointType, String> {
    match s {
        "EXTERNAL" => Ok(EntryPointType::External),
        "L1_HANDLER" => Ok(EntryPointType::L1Handler),
        "CONSTRUCTOR" => Ok(EntryPointType::Constructor),
        _ => Err(format!("unknown entry point type {s}")),
    }
}

fn mode(s: &str) -> Result<ExecutionMode, String> {
    match s {
        "execute" => Ok(ExecutionMode::Execute),
        "validate" => Ok(ExecutionMode::Validate),
        _ => Err(format!("unknown mode {s}")),
    }
}

/// The outcome of one call: its CallInfo, or the error that `execute` returned (an
/// unrecoverable failure: nothing of the call is kept).
pub enum Outcome {
    Done(Box<CallInfo>, u64),
    Error(String),
}

fn run_call(
    state: &mut CachedState<PreState>,
    tx_context: &Arc<TransactionContext>,
    c: &CallSpec,
) -> Result<Outcome, String> {
    let mode = mode(&c.mode)?;
    let initial_gas = if c.initial_gas == "tx_default" {
        tx_context.initial_sierra_gas().min(tx_context.sierra_gas_limit(&mode)).0
    } else {
        c.initial_gas.parse::<u64>().map_err(|e| format!("initial_gas {}: {e}", c.initial_gas))?
    };
    let mut context = EntryPointExecutionContext::new(
        tx_context.clone(),
        mode,
        false,
        SierraGasRevertTracker::new(GasAmount(initial_gas)),
    );
    let call = CallEntryPoint {
        class_hash: None,
        code_address: None,
        entry_point_type: entry_point_type(&c.entry_point_type)?,
        entry_point_selector: EntryPointSelector(felt(&c.selector)?),
        calldata: Calldata(Arc::new(felts(&c.calldata)?)),
        storage_address: address(&c.contract)?,
        caller_address: address(&c.caller)?,
        call_type: CallType::Call,
        initial_gas,
    };
    let mut remaining = initial_gas;
    // As a transaction's execute phase: its writes are kept only when the call succeeds.
    let mut layer = TransactionalState::create_transactional(state);
    let outcome = match call.execute(&mut layer, &mut context, &mut remaining) {
        Ok(info) => Outcome::Done(Box::new(info), initial_gas),
        Err(e) => Outcome::Error(e.to_string()),
    };
    match &outcome {
        Outcome::Done(info, _) if !info.execution.failed => layer.commit(),
        _ => layer.abort(),
    }
    Ok(outcome)
}

pub fn run(req: &Request) -> Result<Vec<Outcome>, String> {
    let version = StarknetVersion::try_from(req.starknet_version.as_str())
        .map_err(|e| format!("starknet_version {}: {e}", req.starknet_version))?;
    let block = block_context(version, &req.block)?;
    let tx_context = Arc::new(TransactionContext { block_context: Arc::new(block), tx_info: tx_info(&req.tx)? });
    let mut state = CachedState::new(PreState::from_request(req)?);
    req.calls.iter().map(|c| run_call(&mut state, &tx_context, c)).collect()
}
