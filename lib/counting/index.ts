export { processFrames } from "./engine";
export { anchorPoint, type BBox, type Point, type Segment, sideOf } from "./geometry";
export { COUNTING_DEFAULTS, defaultCountingParams, resolveCountingParams } from "./params";
export { emptyState } from "./state";
export type {
  Anchor,
  CountingLine,
  CountingParams,
  Crossing,
  Detection,
  Direction,
  EngineState,
  Frame,
  InSide,
  ProcessResult,
} from "./types";
