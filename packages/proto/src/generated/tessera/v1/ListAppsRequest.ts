// Original file: proto/tessera/v1/marathon.proto

export interface ListAppsRequest {
  /**
   * Only apps whose id contains this text.
   */
  idContains?: string;
  /**
   * Only apps under this group ("/" or empty: all).
   */
  group?: string;
  embedTasks?: boolean;
}

export interface ListAppsRequest__Output {
  /**
   * Only apps whose id contains this text.
   */
  idContains: string;
  /**
   * Only apps under this group ("/" or empty: all).
   */
  group: string;
  embedTasks: boolean;
}
