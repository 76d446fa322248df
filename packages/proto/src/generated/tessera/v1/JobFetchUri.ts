// Original file: proto/tessera/v1/chronos.proto

export interface JobFetchUri {
  uri?: string;
  executable?: boolean;
  extract?: boolean;
  cache?: boolean;
}

export interface JobFetchUri__Output {
  uri: string;
  executable: boolean;
  extract: boolean;
  cache: boolean;
}
