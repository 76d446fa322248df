// Original file: proto/tessera/v1/common.proto

import type {
  Environment as _tessera_v1_Environment,
  Environment__Output as _tessera_v1_Environment__Output,
} from '../../tessera/v1/Environment.js';

export interface _tessera_v1_CommandInfo_URI {
  /**
   * http, https or file URI fetched into the sandbox before the command starts.
   */
  value?: string;
  executable?: boolean;
  extract?: boolean;
  cache?: boolean;
  /**
   * File name inside the sandbox; default: the URI's last path segment.
   */
  outputFile?: string;
}

export interface _tessera_v1_CommandInfo_URI__Output {
  /**
   * http, https or file URI fetched into the sandbox before the command starts.
   */
  value: string;
  executable: boolean;
  extract: boolean;
  cache: boolean;
  /**
   * File name inside the sandbox; default: the URI's last path segment.
   */
  outputFile: string;
}

export interface CommandInfo {
  /**
   * When shell is true (the default when `arguments` is empty), `value` is run as
   * `/bin/sh -c value`. When false, `value` is the program and `arguments` its
   * argv (arguments[0] is argv[0], as Mesos does).
   */
  shell?: boolean;
  value?: string;
  arguments?: string[];
  environment?: _tessera_v1_Environment | null;
  uris?: _tessera_v1_CommandInfo_URI[];
  /**
   * The user to run as; default: FrameworkInfo.user.
   */
  user?: string;
}

export interface CommandInfo__Output {
  /**
   * When shell is true (the default when `arguments` is empty), `value` is run as
   * `/bin/sh -c value`. When false, `value` is the program and `arguments` its
   * argv (arguments[0] is argv[0], as Mesos does).
   */
  shell: boolean;
  value: string;
  arguments: string[];
  environment: _tessera_v1_Environment__Output | null;
  uris: _tessera_v1_CommandInfo_URI__Output[];
  /**
   * The user to run as; default: FrameworkInfo.user.
   */
  user: string;
}
