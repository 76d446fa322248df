// Original file: proto/tessera/v1/chronos.proto

import type {
  JobNode as _tessera_v1_JobNode,
  JobNode__Output as _tessera_v1_JobNode__Output,
} from '../../tessera/v1/JobNode.js';
import type {
  JobEdge as _tessera_v1_JobEdge,
  JobEdge__Output as _tessera_v1_JobEdge__Output,
} from '../../tessera/v1/JobEdge.js';

export interface JobGraph {
  nodes?: _tessera_v1_JobNode[];
  edges?: _tessera_v1_JobEdge[];
}

export interface JobGraph__Output {
  nodes: _tessera_v1_JobNode__Output[];
  edges: _tessera_v1_JobEdge__Output[];
}
