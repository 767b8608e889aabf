/**
 * Real transactions of the kinds the shared fixture blocks do not contain (DECLARE v0/v1/v3,
 * DEPLOY_ACCOUNT v3, the 0.7 and pre-0.7 L1 handler hashes), with their chain hashes: the test
 * data of pathfinder `crates/common/src/transaction.rs` (eqlabs/pathfinder at
 * 03f8a58c40c69e60ad29ac6e97d7782aeccad4b4, `mod tests`, `verify_hash` cases), written here in
 * the feeder shape. Fields pathfinder's cases leave at their default are 0 / empty / L1.
 * Goerli testnet and Goerli integration both had the chain id SN_GOERLI.
 */
export interface Vector {
  name: string;
  chainId: string;
  tx: Record<string, unknown>;
}

const v3Defaults = {
  version: '0x3',
  nonce_data_availability_mode: 0,
  fee_data_availability_mode: 0,
  tip: '0x0',
  paymaster_data: [],
};

export const VECTORS: Vector[] = [
  {
    name: 'declare_v0',
    chainId: 'SN_GOERLI',
    tx: {
      type: 'DECLARE',
      version: '0x0',
      transaction_hash: '0x6d346ba207eb124355960c19c737698ad37a3c920a588b741e0130ff5bd4d6d',
      class_hash: '0x71e6ef53e53e6f5ca792fc4a5799a33e6f4118e4fd1d948dca3a371506f0cc7',
      sender_address: '0x1',
      max_fee: '0x0',
      nonce: '0x0',
    },
  },
  {
    name: 'declare_v1',
    chainId: 'SN_SEPOLIA',
    tx: {
      type: 'DECLARE',
      version: '0x1',
      transaction_hash: '0xb2d88f64d9655a7d47a5519d66b969168d02d0d33f6476f0d2539c51686329',
      class_hash: '0x3131fa018d520a037686ce3efddeab8f28895662f019ca3ca18a626650f7d1e',
      max_fee: '0x625e5879c08f4',
      nonce: '0x7',
      sender_address: '0x68922eb87daed71fc3099031e178b6534fc39a570022342e8c166024da893f5',
    },
  },
  {
    name: 'declare_v3',
    chainId: 'SN_GOERLI',
    tx: {
      ...v3Defaults,
      type: 'DECLARE',
      transaction_hash: '0x41d1f5206ef58a443e7d3d1ca073171ec25fa75313394318fc83a074a6631c3',
      nonce: '0x1',
      resource_bounds: {
        L1_GAS: { max_amount: '0x186a0', max_price_per_unit: '0x2540be400' },
        L2_GAS: { max_amount: '0x0', max_price_per_unit: '0x0' },
      },
      sender_address: '0x2fab82e4aef1d8664874e1f194951856d48463c3e6bf9a8c68e234a629a6f50',
      class_hash: '0x5ae9d09292a50ed48c5930904c880dab56e85b825022a7d689cfc9e65e01ee7',
      compiled_class_hash: '0x1add56d64bebf8140f3b8a38bdf102b7874437f0c861ab4ca7526ec33b4d0f8',
      account_deployment_data: [],
    },
  },
  {
    name: 'deploy_account_v3',
    chainId: 'SN_GOERLI',
    tx: {
      ...v3Defaults,
      type: 'DEPLOY_ACCOUNT',
      transaction_hash: '0x29fd7881f14380842414cdfdd8d6c0b1f2174f8916edcfeb1ede1eb26ac3ef0',
      nonce: '0x0',
      contract_address: '0x2fab82e4aef1d8664874e1f194951856d48463c3e6bf9a8c68e234a629a6f50',
      resource_bounds: {
        L1_GAS: { max_amount: '0x186a0', max_price_per_unit: '0x5af3107a4000' },
        L2_GAS: { max_amount: '0x0', max_price_per_unit: '0x0' },
      },
      constructor_calldata: ['0x5cd65f3d7daea6c63939d659b8473ea0c5cd81576035a4d34e52fb06840196c'],
      class_hash: '0x2338634f11772ea342365abd5be9d9dc8a6f44f159ad782fdebd3db5d969738',
      contract_address_salt: '0x0',
    },
  },
  {
    name: 'l1_handler_v07',
    chainId: 'SN_MAIN',
    tx: {
      type: 'L1_HANDLER',
      version: '0x0',
      transaction_hash: '0x61b518bb1f97c49244b8a7a1a984798b4c2876d42920eca2b6ba8dfb1bddc54',
      contract_address: '0xda8054260ec00606197a4103eb2ef08d6c8af0b6a808b610152d1ce498f8c3',
      entry_point_selector: '0xe3f5e9e1456ffa52a3fbc7e8c296631d4cc2120c0be1e2829301c0d8fa026b',
      nonce: '0x0',
      calldata: [
        '0x142273bcbfca76512b2a05aed21f134c4495208',
        '0xa0c316cb0bb0c9632315ddc8f49c7921f2c80daa',
        '0x2',
        '0x453b0310bcdfa50d3c2e7f757e284ac6cd4171933a4e67d1bdcfdbc7f3cbc93',
      ],
    },
  },
  {
    name: 'l1_handler_legacy',
    chainId: 'SN_GOERLI',
    tx: {
      type: 'L1_HANDLER',
      version: '0x0',
      transaction_hash: '0xfb118dc1d4a4141b7718da4b7fa98980b11caf5aa5d6e1e35e9b050aae788b',
      contract_address: '0x55a46448decca3b138edf0104b7a47d41365b8293bdfd59b03b806c102b12b7',
      entry_point_selector: '0xc73f681176fc7b3f9693986fd7b14581e8d540519e27400e88b8713932be01',
      nonce: '0x0',
      calldata: ['0x2db8c2615db39a5ed8750b87ac8f217485be11ec', '0xbc614e', '0x258'],
    },
  },
];
