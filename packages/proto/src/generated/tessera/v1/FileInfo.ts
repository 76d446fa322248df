// Original file: proto/tessera/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface FileInfo {
  /**
   * Relative to the sandbox.
   */
  path?: string;
  size?: number | string | Long;
  isDir?: boolean;
  mtime?: number | string;
  mode?: number;
}

export interface FileInfo__Output {
  /**
   * Relative to the sandbox.
   */
  path: string;
  size: number;
  isDir: boolean;
  mtime: number;
  mode: number;
}
