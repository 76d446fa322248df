// Original file: proto/tessera/v1/common.proto

export interface OfferID {
  value?: string;
}

export interface OfferID__Output {
  value: string;
}
