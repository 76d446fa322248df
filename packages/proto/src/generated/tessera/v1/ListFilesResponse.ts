// Original file: proto/tessera/v1/agent.proto

import type {
  FileInfo as _tessera_v1_FileInfo,
  FileInfo__Output as _tessera_v1_FileInfo__Output,
} from '../../tessera/v1/FileInfo.js';

export interface ListFilesResponse {
  files?: _tessera_v1_FileInfo[];
}

export interface ListFilesResponse__Output {
  files: _tessera_v1_FileInfo__Output[];
}
