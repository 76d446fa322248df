// Original file: proto/tessera/v1/marathon.proto

export interface CancelDeploymentRequest {
  deploymentId?: string;
  force?: boolean;
}

export interface CancelDeploymentRequest__Output {
  deploymentId: string;
  force: boolean;
}
