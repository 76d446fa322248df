// Original file: proto/tessera/v1/marathon.proto

export interface ReadinessCheck {
  name?: string;
  /**
   * HTTP or HTTPS
   */
  protocol?: string;
  path?: string;
  portName?: string;
  intervalSeconds?: number | string;
  timeoutSeconds?: number | string;
  httpStatusCodesForReady?: number[];
  preserveLastResponse?: boolean;
}

export interface ReadinessCheck__Output {
  name: string;
  /**
   * HTTP or HTTPS
   */
  protocol: string;
  path: string;
  portName: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  httpStatusCodesForReady: number[];
  preserveLastResponse: boolean;
}
