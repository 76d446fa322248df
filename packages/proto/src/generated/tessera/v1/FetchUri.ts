// Original file: proto/tessera/v1/marathon.proto

export interface FetchUri {
  uri?: string;
  executable?: boolean;
  /**
   * [true for archives]
   */
  extract?: boolean;
  cache?: boolean;
  destPath?: string;
  _extract?: 'extract';
}

export interface FetchUri__Output {
  uri: string;
  executable: boolean;
  /**
   * [true for archives]
   */
  extract?: boolean;
  cache: boolean;
  destPath: string;
  _extract?: 'extract';
}
