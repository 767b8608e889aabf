export {
  buildDependencyGraph,
  listSchedule,
  speedupBound,
  type AccessRead,
  type DependencyGraph,
  type EdgeKind,
  type GraphEdge,
  type GraphOptions,
  type Hotspot,
  type ListScheduleOptions,
  type Schedule,
  type TxAccess,
} from './graph';
