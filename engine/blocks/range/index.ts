export { analyzeRange, checkRange, type AnalyzeRangeOptions } from './analyze-range';
export { RangeAnalysisError, type RangeErrorCode } from './errors';
export { blockRow, canonHash, rowKey } from './row';
export { IdbRangeStore, MemoryRangeStore, RANGE_DB } from './stores';
export { blockTable, runTable, runLabels, toCsv, BLOCK_COLUMNS, RUN_COLUMNS } from './table';
export {
  lineChartSvg,
  parallelismChart,
  shapeChart,
  type LineChart,
  type LineSeries,
} from './plot';
export * from './types';
