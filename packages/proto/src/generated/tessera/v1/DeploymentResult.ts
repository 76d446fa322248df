// Original file: proto/tessera/v1/marathon.proto

/**
 * The answer to every change: the deployment that carries it out and the new version.
 */
export interface DeploymentResult {
  deploymentId?: string;
  version?: string;
}

/**
 * The answer to every change: the deployment that carries it out and the new version.
 */
export interface DeploymentResult__Output {
  deploymentId: string;
  version: string;
}
