// Original file: proto/tessera/v1/marathon.proto

/**
 * One event, with Marathon's type name. `json` is the event exactly as REST
 * /v2/events sends it (Marathon's field names); the typed fields carry the
 * common part for clients that do not want to parse JSON.
 */
export interface MarathonEvent {
  eventType?: string;
  timestamp?: string;
  json?: string;
  appId?: string;
  taskId?: string;
  instanceId?: string;
  deploymentId?: string;
  taskStatus?: string;
  healthy?: boolean;
  _healthy?: 'healthy';
}

/**
 * One event, with Marathon's type name. `json` is the event exactly as REST
 * /v2/events sends it (Marathon's field names); the typed fields carry the
 * common part for clients that do not want to parse JSON.
 */
export interface MarathonEvent__Output {
  eventType: string;
  timestamp: string;
  json: string;
  appId: string;
  taskId: string;
  instanceId: string;
  deploymentId: string;
  taskStatus: string;
  healthy?: boolean;
  _healthy?: 'healthy';
}
