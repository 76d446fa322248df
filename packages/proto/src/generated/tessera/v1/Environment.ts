// Original file: proto/tessera/v1/common.proto

export interface _tessera_v1_Environment_Variable {
  name?: string;
  value?: string;
}

export interface _tessera_v1_Environment_Variable__Output {
  name: string;
  value: string;
}

export interface Environment {
  variables?: _tessera_v1_Environment_Variable[];
}

export interface Environment__Output {
  variables: _tessera_v1_Environment_Variable__Output[];
}
