// Original file: proto/tessera/v1/marathon.proto

export interface ListAppVersionsResponse {
  versions?: string[];
}

export interface ListAppVersionsResponse__Output {
  versions: string[];
}
