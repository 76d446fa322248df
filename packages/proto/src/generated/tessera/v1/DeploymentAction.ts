// Original file: proto/tessera/v1/marathon.proto

export interface DeploymentAction {
  /**
   * StartApplication, ScaleApplication, RestartApplication or StopApplication.
   */
  action?: string;
  app?: string;
}

export interface DeploymentAction__Output {
  /**
   * StartApplication, ScaleApplication, RestartApplication or StopApplication.
   */
  action: string;
  app: string;
}
