// Original file: proto/tessera/v1/chronos.proto

import type { Long } from '@grpc/proto-loader';

export interface Percentiles {
  count?: number | string | Long;
  median?: number | string;
  p75?: number | string;
  p95?: number | string;
  p98?: number | string;
  p99?: number | string;
  max?: number | string;
}

export interface Percentiles__Output {
  count: number;
  median: number;
  p75: number;
  p95: number;
  p98: number;
  p99: number;
  max: number;
}
