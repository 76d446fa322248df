// Original file: proto/tessera/v1/marathon.proto

export interface PortDefinition {
  /**
   * 0: a service port is assigned
   */
  port?: number;
  /**
   * "tcp" (default), "udp", "udp,tcp"
   */
  protocol?: string;
  name?: string;
  labels?: { [key: string]: string };
}

export interface PortDefinition__Output {
  /**
   * 0: a service port is assigned
   */
  port: number;
  /**
   * "tcp" (default), "udp", "udp,tcp"
   */
  protocol: string;
  name: string;
  labels: { [key: string]: string };
}
