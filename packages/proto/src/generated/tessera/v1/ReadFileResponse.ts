// Original file: proto/tessera/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadFileResponse {
  data?: Buffer | Uint8Array | string;
  offset?: number | string | Long;
  /**
   * The file's size now.
   */
  size?: number | string | Long;
}

export interface ReadFileResponse__Output {
  data: Buffer;
  offset: number;
  /**
   * The file's size now.
   */
  size: number;
}
