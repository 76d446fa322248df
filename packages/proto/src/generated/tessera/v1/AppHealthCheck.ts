// Original file: proto/tessera/v1/marathon.proto

export interface AppHealthCheck {
  /**
   * HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS or MESOS_TCP.
   */
  protocol?: string;
  /**
   * ["/"]
   */
  path?: string;
  /**
   * [0]
   */
  portIndex?: number;
  port?: number;
  /**
   * COMMAND only
   */
  command?: string;
  /**
   * [300]
   */
  gracePeriodSeconds?: number | string;
  /**
   * [60]
   */
  intervalSeconds?: number | string;
  /**
   * [20]
   */
  timeoutSeconds?: number | string;
  /**
   * [3]
   */
  maxConsecutiveFailures?: number;
  /**
   * [15]
   */
  delaySeconds?: number | string;
  ignoreHttp1xx?: boolean;
  _path?: 'path';
  _portIndex?: 'portIndex';
  _port?: 'port';
  _gracePeriodSeconds?: 'gracePeriodSeconds';
  _intervalSeconds?: 'intervalSeconds';
  _timeoutSeconds?: 'timeoutSeconds';
  _maxConsecutiveFailures?: 'maxConsecutiveFailures';
  _delaySeconds?: 'delaySeconds';
}

export interface AppHealthCheck__Output {
  /**
   * HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS or MESOS_TCP.
   */
  protocol: string;
  /**
   * ["/"]
   */
  path?: string;
  /**
   * [0]
   */
  portIndex?: number;
  port?: number;
  /**
   * COMMAND only
   */
  command: string;
  /**
   * [300]
   */
  gracePeriodSeconds?: number;
  /**
   * [60]
   */
  intervalSeconds?: number;
  /**
   * [20]
   */
  timeoutSeconds?: number;
  /**
   * [3]
   */
  maxConsecutiveFailures?: number;
  /**
   * [15]
   */
  delaySeconds?: number;
  ignoreHttp1xx: boolean;
  _path?: 'path';
  _portIndex?: 'portIndex';
  _port?: 'port';
  _gracePeriodSeconds?: 'gracePeriodSeconds';
  _intervalSeconds?: 'intervalSeconds';
  _timeoutSeconds?: 'timeoutSeconds';
  _maxConsecutiveFailures?: 'maxConsecutiveFailures';
  _delaySeconds?: 'delaySeconds';
}
