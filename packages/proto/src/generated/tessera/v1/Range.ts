// Original file: proto/tessera/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One closed interval of integers, both ends included ("[31000-32000]").
 */
export interface Range {
  begin?: number | string | Long;
  end?: number | string | Long;
}

/**
 * One closed interval of integers, both ends included ("[31000-32000]").
 */
export interface Range__Output {
  begin: number;
  end: number;
}
