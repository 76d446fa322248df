// Original file: proto/tessera/v1/agent.proto

import type {
  Container as _tessera_v1_Container,
  Container__Output as _tessera_v1_Container__Output,
} from '../../tessera/v1/Container.js';

export interface GetContainersResponse {
  containers?: _tessera_v1_Container[];
}

export interface GetContainersResponse__Output {
  containers: _tessera_v1_Container__Output[];
}
