//! The pre-state the calls run on: declared classes, deployed contracts, nonces and storage,
//! served to blockifier through its `StateReader` trait (blockifier 0.20.0-rc.0
//! src/state/state_api.rs). Anything not given reads as 0, as on a fresh chain.

use std::collections::HashMap;
use std::str::FromStr;

use blockifier::execution::contract_class::{
    CompiledClassV0, CompiledClassV1, RunnableCompiledClass,
};
use blockifier::state::errors::StateError;
use blockifier::state::state_api::{StateReader, StateResult};
use starknet_api::contract_class::SierraVersion;
use starknet_api::core::{ClassHash, CompiledClassHash, ContractAddress, Nonce};
use starknet_api::state::StorageKey;
use starknet_types_core::felt::Felt;

use crate::request::{felt, Request};

#[derive(Default)]
pub struct PreState {
    storage: HashMap<(ContractAddress, StorageKey), Felt>,
    nonces: HashMap<ContractAddress, Nonce>,
    class_hashes: HashMap<ContractAddress, ClassHash>,
    classes: HashMap<ClassHash, RunnableCompiledClass>,
}

pub fn address(s: &str) -> Result<ContractAddress, String> {
    ContractAddress::try_from(felt(s)?).map_err(|e| format!("bad address {s}: {e}"))
}

fn storage_key(s: &str) -> Result<StorageKey, String> {
    StorageKey::try_from(felt(s)?).map_err(|e| format!("bad storage key {s}: {e}"))
}

/// A Cairo 1 class from its CASM and Sierra version, or a Cairo 0 class (it has a "program").
fn compiled_class(
    json: &serde_json::Value,
    sierra_version: Option<&str>,
) -> Result<RunnableCompiledClass, String> {
    let text = json.to_string();
    if json.get("program").is_some() {
        let class = CompiledClassV0::try_from_json_string(&text).map_err(|e| e.to_string())?;
        return Ok(RunnableCompiledClass::V0(class));
    }
    let version = sierra_version.ok_or("a Cairo 1 class needs its sierra_version")?;
    let version = SierraVersion::from_str(version).map_err(|e| e.to_string())?;
    let class = CompiledClassV1::try_from_json_string(&text, version).map_err(|e| e.to_string())?;
    Ok(RunnableCompiledClass::V1(class))
}

impl PreState {
    pub fn from_request(req: &Request) -> Result<Self, String> {
        let mut s = PreState::default();
        for c in &req.classes {
            let class = compiled_class(&c.compiled, c.sierra_version.as_deref())
                .map_err(|e| format!("class {}: {e}", c.class_hash))?;
            s.classes.insert(ClassHash(felt(&c.class_hash)?), class);
        }
        for c in &req.contracts {
            let a = address(&c.address)?;
            s.class_hashes.insert(a, ClassHash(felt(&c.class_hash)?));
            if let Some(n) = &c.nonce {
                s.nonces.insert(a, Nonce(felt(n)?));
            }
        }
        for e in &req.storage {
            s.storage.insert((address(&e.address)?, storage_key(&e.key)?), felt(&e.value)?);
        }
        Ok(s)
    }
}

impl StateReader for PreState {
    fn get_storage_at(&self, a: ContractAddress, key: StorageKey) -> StateResult<Felt> {
        Ok(self.storage.get(&(a, key)).copied().unwrap_or_default())
    }

    fn get_nonce_at(&self, a: ContractAddress) -> StateResult<Nonce> {
        Ok(self.nonces.get(&a).copied().unwrap_or_default())
    }

    fn get_class_hash_at(&self, a: ContractAddress) -> StateResult<ClassHash> {
        Ok(self.class_hashes.get(&a).copied().unwrap_or_default())
    }

    fn get_compiled_class(&self, class_hash: ClassHash) -> StateResult<RunnableCompiledClass> {
        self.classes.get(&class_hash).cloned().ok_or(StateError::UndeclaredClassHash(class_hash))
    }

    /// Not part of what a call computes (only declares and the block's commitment use it).
    fn get_compiled_class_hash(&self, _class_hash: ClassHash) -> StateResult<CompiledClassHash> {
        Ok(CompiledClassHash::default())
    }

    fn get_compiled_class_hash_v2(
        &self,
        _class_hash: ClassHash,
        _compiled_class: &RunnableCompiledClass,
    ) -> StateResult<CompiledClassHash> {
        Ok(CompiledClassHash::default())
    }
}
